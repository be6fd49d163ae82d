// Building spatial weights from a command-line spec, shared by
// `nhood weights` and `nhood hotspots`:
//   queen | rook            contiguity (spdep::poly2nb sets)
//   knn:K                   K nearest centroids
//   distance:METRES         every centroid within METRES (binary)
//   idw:METRES              inverse distance within METRES
//   FILE.gal | FILE.gwt | FILE.csv (from,to[,weight])
// Distances use centroids in EPSG:27700 metres (reprojected with PROJ when
// the layer is in another CRS; used as is when it has none).
#pragma once

#include <string>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"

namespace nhood::cli {

struct WeightsReport {
  std::vector<size_t> islands;       // areas with no neighbours (after linking)
  std::vector<size_t> linked;        // islands linked to their nearest area
  int components = 0;
  bool symmetric = true;
  std::string description;           // e.g. "queen contiguity (poly2nb)"
};

Result<geo::SpatialWeights> BuildWeights(const geo::PolygonLayer& layer, const std::string& spec,
                                         bool link_islands, WeightsReport* report);

// One paragraph for stderr: links, mean neighbours, islands (ids), components.
std::string DescribeWeights(const geo::SpatialWeights& w, const WeightsReport& report);

}  // namespace nhood::cli
