// Global spatial autocorrelation: Moran's I and Geary's C with their
// normality and randomisation moments, as R spdep 1.2-7 moran.test and
// geary.test compute them (Cliff & Ord 1981, Spatial Processes, ch. 1-2).
//
// Areas with no neighbours are excluded from n (spdep adjust.n = TRUE):
// n' = n - #islands; E[I] = -1/(n' - 1). Tests are one-sided "greater" for I
// (positive autocorrelation) and for C on (1 - C), as spdep's defaults.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>

#include "nhood/base/result.h"
#include "nhood/geo/weights.h"

namespace nhood::spatial {

struct MoranTest {
  double i = 0, expected = 0;
  double var_normality = 0, z_normality = 0, p_normality = 0;
  double var_randomisation = 0, z_randomisation = 0, p_randomisation = 0;
  double n_used = 0;  // n minus islands
};

struct GearyTest {
  double c = 0, expected = 1;
  double var_randomisation = 0, z_randomisation = 0, p_randomisation = 0;
  double var_normality = 0, z_normality = 0, p_normality = 0;
};

// kInvalidArgument for lengths that differ, non-finite values, fewer than 4
// areas, or constant x.
Result<MoranTest> GlobalMoran(std::span<const double> x, const geo::SpatialWeights& w);
Result<GearyTest> GlobalGeary(std::span<const double> x, const geo::SpatialWeights& w);

// Moran's I alone (for permutation tests).
double MoranI(std::span<const double> x, const geo::SpatialWeights& w);

// Permutation inference for global I, as spdep moran.mc: the values are
// shuffled over the areas `permutations` times (permutation r from
// StreamRng(seed, r), so any thread count gives the same result); rank is
// the observed I's rank among the R + 1 values and p = (number of permuted
// I >= observed + 1) / (R + 1), the one-sided "greater" test.
struct MoranPermutationTest {
  double i = 0;
  double rank = 0;
  double p = 0;
  int permutations = 0;
  uint64_t seed = 0;
};
Result<MoranPermutationTest> GlobalMoranPermutation(std::span<const double> x, const geo::SpatialWeights& w,
                                                    int permutations, uint64_t seed, int threads = 0);

// Checks x against w: same length, every value finite.
Status CheckValues(std::span<const double> x, const geo::SpatialWeights& w);

}  // namespace nhood::spatial
