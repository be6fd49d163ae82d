#include "nhood/geo/distance_weights.h"

#include <nanoflann.hpp>

#include <algorithm>
#include <cmath>

namespace nhood::geo {
namespace {

struct Cloud {
  const std::vector<Point>& pts;
  size_t kdtree_get_point_count() const { return pts.size(); }
  double kdtree_get_pt(size_t i, size_t dim) const { return dim == 0 ? pts[i].x : pts[i].y; }
  template <class BBox>
  bool kdtree_get_bbox(BBox&) const {
    return false;
  }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 2, size_t>;

Status CheckPoints(const std::vector<std::string>& ids, const std::vector<Point>& points) {
  if (ids.size() != points.size()) return InvalidArgument("distance weights: ids and points differ in number");
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
      return InvalidArgument("distance weights: area '" + ids[i] + "' has no finite centroid");
    }
  }
  return Status::Ok();
}

// (index, squared distance) pairs within radius, self excluded, by distance then index.
std::vector<std::pair<size_t, double>> WithinRadius(const Tree& tree, const Point& p, double radius, size_t self) {
  std::vector<std::pair<size_t, double>> found;
  const double q[2] = {p.x, p.y};
  tree.radiusSearch(q, radius * radius * (1 + 1e-12), found, nanoflann::SearchParams());
  std::vector<std::pair<size_t, double>> out;
  for (const auto& r : found) {
    if (r.first != self && r.second <= radius * radius) out.emplace_back(r.first, r.second);
  }
  return out;
}

Result<SpatialWeights> Band(const std::vector<std::string>& ids, const std::vector<Point>& points, double distance,
                            double power, bool inverse) {
  NHOOD_RETURN_IF_ERROR(CheckPoints(ids, points));
  if (!(distance > 0)) return InvalidArgument("distance weights: the distance must be positive");
  Cloud cloud{points};
  Tree tree(2, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  std::vector<std::vector<int32_t>> nb(points.size());
  std::vector<std::vector<double>> wt(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    for (auto [j, d2] : WithinRadius(tree, points[i], distance, i)) {
      nb[i].push_back(static_cast<int32_t>(j));
      const double d = std::sqrt(d2);
      wt[i].push_back(inverse ? (d > 0 ? 1.0 / std::pow(d, power) : 0.0) : 1.0);
    }
  }
  NHOOD_ASSIGN_OR_RETURN(SpatialWeights w, SpatialWeights::FromNeighbours(ids, nb, inverse ? wt : std::vector<std::vector<double>>{}));
  return w;
}

}  // namespace

Result<SpatialWeights> KNearestWeights(const std::vector<std::string>& ids, const std::vector<Point>& points, int k) {
  NHOOD_RETURN_IF_ERROR(CheckPoints(ids, points));
  if (k < 1 || static_cast<size_t>(k) >= points.size()) {
    return InvalidArgument("knn: k must be between 1 and the number of areas minus one");
  }
  Cloud cloud{points};
  Tree tree(2, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  std::vector<std::vector<int32_t>> nb(points.size());
  // Ask for a few extra to break distance ties by index deterministically.
  const size_t ask = std::min(points.size(), static_cast<size_t>(k) + 8);
  std::vector<size_t> idx(ask);
  std::vector<double> d2(ask);
  for (size_t i = 0; i < points.size(); ++i) {
    const double q[2] = {points[i].x, points[i].y};
    const size_t got = tree.knnSearch(q, ask, idx.data(), d2.data());
    std::vector<std::pair<double, size_t>> c;
    for (size_t r = 0; r < got; ++r) {
      if (idx[r] != i) c.emplace_back(d2[r], idx[r]);
    }
    std::sort(c.begin(), c.end());
    for (int r = 0; r < k && r < static_cast<int>(c.size()); ++r) nb[i].push_back(static_cast<int32_t>(c[r].second));
  }
  return SpatialWeights::FromNeighbours(ids, nb);
}

Result<SpatialWeights> DistanceBandWeights(const std::vector<std::string>& ids, const std::vector<Point>& points,
                                           double distance) {
  return Band(ids, points, distance, 1.0, false);
}

Result<SpatialWeights> InverseDistanceWeights(const std::vector<std::string>& ids,
                                              const std::vector<Point>& points, double distance, double power) {
  return Band(ids, points, distance, power, true);
}

SpatialWeights LinkIslandsToNearest(const SpatialWeights& w, const std::vector<Point>& points,
                                    std::vector<size_t>* linked) {
  const std::vector<size_t> islands = w.Islands();
  if (linked) *linked = islands;
  if (islands.empty() || w.size() < 2) return w;
  std::vector<std::vector<int32_t>> nb(w.size());
  std::vector<std::vector<double>> wt(w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    for (size_t k = 0; k < w.cardinality(i); ++k) {
      nb[i].push_back(w.neighbours(i)[k]);
      wt[i].push_back(w.weights(i)[k]);
    }
  }
  Cloud cloud{points};
  Tree tree(2, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  for (size_t i : islands) {
    size_t idx[2];
    double d2[2];
    const double q[2] = {points[i].x, points[i].y};
    const size_t got = tree.knnSearch(q, 2, idx, d2);
    const size_t j = (got > 0 && idx[0] != i) ? idx[0] : idx[1];
    nb[i].push_back(static_cast<int32_t>(j));
    wt[i].push_back(1.0);
    nb[j].push_back(static_cast<int32_t>(i));
    wt[j].push_back(1.0);
  }
  Result<SpatialWeights> out = SpatialWeights::FromNeighbours(w.ids(), nb, wt);
  SpatialWeights result = std::move(out).value();
  return w.style() == WeightsStyle::kRow ? result.RowStandardised() : result;
}

}  // namespace nhood::geo
