// The boundary geometry the neighbourhood builder needs to keep its regions
// compact: each area's area and perimeter and, for each contiguity link, the
// length of boundary the two areas share. With these the perimeter of any
// union of areas is sum(perimeters) - 2 * sum(shared lengths inside it), so
// the builder can track every region's Polsby-Popper 4 pi A / P^2 exactly as
// areas move, without dissolving polygons.
//
// Shared lengths come from the polygons' segments: a segment (pair of
// consecutive ring vertices) listed by two areas, in either direction, is
// boundary they share. Boundaries built from one topology (ONS generalised
// LSOAs, a grid) list the same vertices on both sides, so this is exact for
// them; where two areas' vertices do not coincide the shared length is
// undercounted (reported in `unmatched_share`, never guessed).
// Pure function; thread-safe.
#pragma once

#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"

namespace nhood::region {

struct SharedBoundaries {
  std::vector<double> area;       // per area, squared units of the layer
  std::vector<double> perimeter;  // per area, units of the layer
  std::vector<double> shared;     // per CSR link of the weights (aligned with w.indices())
  // Share of interior links of `w` (both areas in the layer) with no shared
  // segment found: queen links touching at a point have none, by nature.
  double links_without_segment = 0;
};

// `layer`: the areas in the weights' row order, projected (metres).
// kInvalidArgument when the sizes differ.
Result<SharedBoundaries> ComputeSharedBoundaries(const geo::PolygonLayer& layer, const geo::SpatialWeights& w);

}  // namespace nhood::region
