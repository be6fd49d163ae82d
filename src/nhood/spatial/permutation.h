// Conditional permutation inference for local statistics: one set of draws
// serves local Moran, Getis-Ord Gi* and local Geary together.
//
// For area i with k_i neighbours, each permutation draws k_i distinct other
// areas (without replacement, i excluded: conditional randomisation,
// Anselin 1995) and puts their values in the neighbours' places, holding x_i
// (and for Gi*, its self weight) fixed, as GeoDa and PySAL esda do. With M
// the number of permuted statistics >= the observed one and R permutations,
// the folded pseudo p-value is (min(M, R - M) + 1) / (R + 1) (GeoDa and esda's
// default "directed" test).
//
// Draw modes:
// - kPerArea (default): area i draws from its own stream StreamRng(seed, i),
//   so results are identical for any thread count and independent between
//   areas. This is the mode whose p-values are exchangeable across areas.
// - kSharedTable: one table of R x k_max draws (row r from
//   StreamRng(seed, r)) is shared by every area, with draws >= i shifted by
//   one to skip i (GeoDa's "lookup" and esda's crand tables). Faster and
//   cache-friendly, but the areas' p-values are correlated through the shared
//   draws, so the count of significant areas varies more from seed to seed.
// Islands get NaN p-values. Thread-safe: inputs are read-only.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/weights.h"

namespace nhood::spatial {

enum class DrawMode { kPerArea, kSharedTable };

struct PermutationOptions {
  int permutations = 999;
  uint64_t seed = 1;
  int threads = 0;  // 0 = all hardware threads
  DrawMode mode = DrawMode::kPerArea;
  // Called with the number of areas finished, from the calling thread.
  std::function<void(size_t)> progress;
};

struct LocalPermutation {
  std::vector<double> moran_p;      // folded pseudo p of local Moran
  std::vector<double> moran_mean;   // mean of the permuted I_i
  std::vector<double> moran_var;    // variance (R - 1 divisor) of the permuted I_i
  std::vector<double> gistar_p;     // folded pseudo p of Gi*
  std::vector<double> geary_p;      // folded pseudo p of local Geary
};

// `w`: the weights for local Moran and Geary (any style, no self);
// `w_star`: the same neighbours with self included, for Gi* (see
// SpatialWeights::WithSelf). kInvalidArgument for bad values, weights that
// do not match, R outside 1..99,999, or an area with more neighbours than
// there are other areas.
Result<LocalPermutation> PermuteLocal(std::span<const double> x, const geo::SpatialWeights& w,
                                      const geo::SpatialWeights& w_star, const PermutationOptions& options);

// The folded pseudo p-value for M of R permutations at or above the observed.
inline double FoldedPseudoP(int64_t m, int64_t r) {
  const int64_t folded = m < r - m ? m : r - m;
  return static_cast<double>(folded + 1) / static_cast<double>(r + 1);
}

}  // namespace nhood::spatial
