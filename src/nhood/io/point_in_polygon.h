// PointInPolygonIndex: which polygon of a layer holds a point, through GEOS
// (prepared geometries) behind a GEOS STRtree of the polygons' envelopes.
//
// Points are in the layer's own coordinates (x = longitude, y = latitude for
// a WGS 84 layer such as the ONS LSOA 2021 GeoJSON). A point on the shared
// edge of two polygons, or in the overlap of two (generalised boundaries
// overlap slightly), goes to the one earliest in the layer, so the answer
// does not depend on the tree's order. Not thread-safe (one GEOS context per
// index): build and query from one thread, or guard it.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"

namespace nhood::io {

class PointInPolygonIndex {
 public:
  // kInvalidArgument naming the feature when a polygon cannot be built (a
  // ring with fewer than 4 points).
  static Result<std::unique_ptr<PointInPolygonIndex>> Build(const geo::PolygonLayer& layer);
  ~PointInPolygonIndex();
  PointInPolygonIndex(const PointInPolygonIndex&) = delete;
  PointInPolygonIndex& operator=(const PointInPolygonIndex&) = delete;

  // The index (into the layer) of the polygon holding (x, y), or nullopt.
  std::optional<size_t> Find(double x, double y) const;
  size_t size() const;

 private:
  struct Impl;
  explicit PointInPolygonIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nhood::io
