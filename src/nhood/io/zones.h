// Assigning areas to zones drawn as polygons: user-defined neighbourhoods, a
// funder's programme areas, a primary care network's footprint.
//
// Each area goes, whole, to the zone that shares most of its area (GEOS
// intersection through OGR), never split: the rule that survives zones drawn
// by hand or boundaries generalised differently from the areas', where a
// single inner point of a thin area can fall across the line. An area that
// overlaps no zone joins the nearest zone within its own bounding-box
// diagonal (a riverside area cut off by a generalised zone edge), and gets -1
// when none is that close. Zones are reprojected to the areas' CRS first;
// equal shares (overlapping zones) go to the first zone in file order.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"

namespace nhood::io {

// The zone index (into `zones`) of every area, or -1 for an area in no zone.
// Errors: kInvalidArgument when the zones cannot be reprojected.
Result<std::vector<int32_t>> AssignToZones(const geo::PolygonLayer& areas, const geo::PolygonLayer& zones);

}  // namespace nhood::io
