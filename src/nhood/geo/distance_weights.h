// Distance-based weights from points (polygon centroids in EPSG:27700 metres):
// k nearest neighbours, distance band and inverse distance, found with a
// k-d tree (nanoflann). Ties in KNN are broken by the lower index, so the
// result is deterministic. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"

namespace nhood::geo {

// The k nearest other points of each point (not symmetric in general, as
// spdep knn2nb). kInvalidArgument unless 1 <= k < n.
Result<SpatialWeights> KNearestWeights(const std::vector<std::string>& ids, const std::vector<Point>& points, int k);

// Every other point within `distance` (inclusive), binary weights.
Result<SpatialWeights> DistanceBandWeights(const std::vector<std::string>& ids, const std::vector<Point>& points,
                                           double distance);

// As the distance band, weights 1 / d^power.
Result<SpatialWeights> InverseDistanceWeights(const std::vector<std::string>& ids,
                                              const std::vector<Point>& points, double distance,
                                              double power = 1.0);

// Links each island of `w` to its nearest other point (both directions), as
// spopt's policy="single" does; returns the new weights and the islands fixed.
SpatialWeights LinkIslandsToNearest(const SpatialWeights& w, const std::vector<Point>& points,
                                    std::vector<size_t>* linked = nullptr);

}  // namespace nhood::geo
