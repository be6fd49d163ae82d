// SpatialWeights: a spatial weights matrix in compressed sparse row form.
//
// Row i lists area i's neighbours (column indices, ascending) and their
// weights. Built once, then transformed (row-standardised, binary, self
// included for Gi*) as value copies. Ids name the areas in row order.
// Copyable value type; immutable after construction, so safe to share
// between threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::geo {

enum class WeightsStyle {
  kBinary,   // 1 for each neighbour (spdep style "B")
  kRow,      // row-standardised: each row sums to 1 (style "W")
  kGeneral,  // as given (inverse distance, GWT)
};

class SpatialWeights {
 public:
  SpatialWeights() = default;

  // From neighbour lists (indices into ids). Weights default to 1 (binary).
  // Duplicates and self-links are removed; neighbours are sorted. Returns
  // kInvalidArgument for an index out of range or weights of the wrong shape.
  static Result<SpatialWeights> FromNeighbours(std::vector<std::string> ids,
                                               const std::vector<std::vector<int32_t>>& neighbours,
                                               const std::vector<std::vector<double>>& weights = {});

  size_t size() const { return ids_.size(); }
  const std::vector<std::string>& ids() const { return ids_; }
  WeightsStyle style() const { return style_; }
  size_t num_links() const { return indices_.size(); }

  std::span<const int32_t> neighbours(size_t i) const {
    return {indices_.data() + indptr_[i], indices_.data() + indptr_[i + 1]};
  }
  std::span<const double> weights(size_t i) const {
    return {values_.data() + indptr_[i], values_.data() + indptr_[i + 1]};
  }
  size_t cardinality(size_t i) const { return indptr_[i + 1] - indptr_[i]; }
  const std::vector<int64_t>& indptr() const { return indptr_; }
  const std::vector<int32_t>& indices() const { return indices_; }
  const std::vector<double>& values() const { return values_; }

  // Each row divided by its sum; islands stay empty.
  SpatialWeights RowStandardised() const;
  // Every weight set to 1.
  SpatialWeights Binary() const;
  // Self added to each row with weight 1 (binary) before any
  // standardisation; used by Gi* (spdep include.self).
  SpatialWeights WithSelf() const;

  // Areas with no neighbours, in order.
  std::vector<size_t> Islands() const;
  // True iff j in N(i) <=> i in N(j) (weights not compared).
  bool IsSymmetric() const;
  // Connected components: a label per area (0..count-1) and the count.
  struct Components {
    std::vector<int32_t> label;
    int32_t count = 0;
  };
  Components ConnectedComponents() const;

  // The directed links (i, j) of each row, for writing edge lists.
  std::vector<std::pair<size_t, size_t>> Links() const;

 private:
  std::vector<std::string> ids_;
  std::vector<int64_t> indptr_{0};
  std::vector<int32_t> indices_;
  std::vector<double> values_;
  WeightsStyle style_ = WeightsStyle::kBinary;
};

// Sums used by Moran's I and Geary's C: S0 = sum w_ij, S1 = 1/2 sum (w_ij +
// w_ji)^2, S2 = sum_i (w_i. + w_.i)^2 (Cliff & Ord 1981).
struct WeightsSums {
  double s0 = 0, s1 = 0, s2 = 0;
};
WeightsSums Sums(const SpatialWeights& w);

}  // namespace nhood::geo
