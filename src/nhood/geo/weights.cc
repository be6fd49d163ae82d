#include "nhood/geo/weights.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace nhood::geo {

Result<SpatialWeights> SpatialWeights::FromNeighbours(std::vector<std::string> ids,
                                                      const std::vector<std::vector<int32_t>>& neighbours,
                                                      const std::vector<std::vector<double>>& weights) {
  const size_t n = ids.size();
  if (neighbours.size() != n) return InvalidArgument("weights: neighbour lists do not match the number of areas");
  if (!weights.empty() && weights.size() != n) return InvalidArgument("weights: weight lists do not match the areas");
  SpatialWeights w;
  w.ids_ = std::move(ids);
  w.indptr_.assign(1, 0);
  w.style_ = weights.empty() ? WeightsStyle::kBinary : WeightsStyle::kGeneral;
  std::vector<std::pair<int32_t, double>> row;
  for (size_t i = 0; i < n; ++i) {
    row.clear();
    if (!weights.empty() && weights[i].size() != neighbours[i].size()) {
      return InvalidArgument("weights: area '" + w.ids_[i] + "' has " + std::to_string(neighbours[i].size()) +
                             " neighbours but " + std::to_string(weights[i].size()) + " weights");
    }
    for (size_t k = 0; k < neighbours[i].size(); ++k) {
      const int32_t j = neighbours[i][k];
      if (j < 0 || static_cast<size_t>(j) >= n) {
        return InvalidArgument("weights: area '" + w.ids_[i] + "' names neighbour index " + std::to_string(j) +
                               " outside 0.." + std::to_string(n - 1));
      }
      if (static_cast<size_t>(j) == i) continue;
      row.emplace_back(j, weights.empty() ? 1.0 : weights[i][k]);
    }
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end(), [](auto& a, auto& b) { return a.first == b.first; }), row.end());
    for (auto [j, v] : row) {
      w.indices_.push_back(j);
      w.values_.push_back(v);
    }
    w.indptr_.push_back(static_cast<int64_t>(w.indices_.size()));
  }
  return w;
}

SpatialWeights SpatialWeights::RowStandardised() const {
  SpatialWeights w = *this;
  for (size_t i = 0; i < size(); ++i) {
    double sum = 0;
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) sum += values_[k];
    if (sum == 0) continue;
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) w.values_[k] = values_[k] / sum;
  }
  w.style_ = WeightsStyle::kRow;
  return w;
}

SpatialWeights SpatialWeights::Binary() const {
  SpatialWeights w = *this;
  std::fill(w.values_.begin(), w.values_.end(), 1.0);
  w.style_ = WeightsStyle::kBinary;
  return w;
}

SpatialWeights SpatialWeights::WithSelf() const {
  SpatialWeights w;
  w.ids_ = ids_;
  w.style_ = style_;
  w.indptr_.assign(1, 0);
  for (size_t i = 0; i < size(); ++i) {
    bool placed = false;
    for (int64_t k = indptr_[i]; k < indptr_[i + 1]; ++k) {
      if (!placed && indices_[k] > static_cast<int32_t>(i)) {
        w.indices_.push_back(static_cast<int32_t>(i));
        w.values_.push_back(1.0);
        placed = true;
      }
      w.indices_.push_back(indices_[k]);
      w.values_.push_back(values_[k]);
    }
    if (!placed) {
      w.indices_.push_back(static_cast<int32_t>(i));
      w.values_.push_back(1.0);
    }
    w.indptr_.push_back(static_cast<int64_t>(w.indices_.size()));
  }
  return w;
}

std::vector<size_t> SpatialWeights::Islands() const {
  std::vector<size_t> out;
  for (size_t i = 0; i < size(); ++i) {
    if (cardinality(i) == 0) out.push_back(i);
  }
  return out;
}

bool SpatialWeights::IsSymmetric() const {
  for (size_t i = 0; i < size(); ++i) {
    for (int32_t j : neighbours(i)) {
      auto nj = neighbours(static_cast<size_t>(j));
      if (!std::binary_search(nj.begin(), nj.end(), static_cast<int32_t>(i))) return false;
    }
  }
  return true;
}

SpatialWeights::Components SpatialWeights::ConnectedComponents() const {
  Components c;
  c.label.assign(size(), -1);
  std::vector<int32_t> stack;
  for (size_t s = 0; s < size(); ++s) {
    if (c.label[s] >= 0) continue;
    stack.assign(1, static_cast<int32_t>(s));
    c.label[s] = c.count;
    while (!stack.empty()) {
      const int32_t i = stack.back();
      stack.pop_back();
      // Treat links as undirected, as spdep n.comp.nb does for symmetric lists.
      for (int32_t j : neighbours(static_cast<size_t>(i))) {
        if (c.label[j] < 0) {
          c.label[j] = c.count;
          stack.push_back(j);
        }
      }
    }
    ++c.count;
  }
  return c;
}

std::vector<std::pair<size_t, size_t>> SpatialWeights::Links() const {
  std::vector<std::pair<size_t, size_t>> out;
  out.reserve(indices_.size());
  for (size_t i = 0; i < size(); ++i) {
    for (int32_t j : neighbours(i)) out.emplace_back(i, static_cast<size_t>(j));
  }
  return out;
}

WeightsSums Sums(const SpatialWeights& w) {
  WeightsSums s;
  const size_t n = w.size();
  std::vector<double> row(n, 0), col(n, 0);
  for (size_t i = 0; i < n; ++i) {
    auto nb = w.neighbours(i);
    auto wt = w.weights(i);
    for (size_t k = 0; k < nb.size(); ++k) {
      const size_t j = static_cast<size_t>(nb[k]);
      s.s0 += wt[k];
      row[i] += wt[k];
      col[j] += wt[k];
      // w_ji: look it up in row j.
      auto nj = w.neighbours(j);
      auto it = std::lower_bound(nj.begin(), nj.end(), static_cast<int32_t>(i));
      const double wji = (it != nj.end() && *it == static_cast<int32_t>(i)) ? w.weights(j)[it - nj.begin()] : 0.0;
      // S1 = 1/2 sum over ordered (i, j) of (w_ij + w_ji)^2. A link stored
      // in both directions is visited twice here; one stored in a single
      // direction is visited once but counts for both orders.
      const double sum = wt[k] + wji;
      s.s1 += wji != 0 ? sum * sum : 2 * sum * sum;
    }
  }
  s.s1 /= 2;
  for (size_t i = 0; i < n; ++i) s.s2 += (row[i] + col[i]) * (row[i] + col[i]);
  return s;
}

}  // namespace nhood::geo
