#include "nhood/spatial/permutation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "nhood/base/rng.h"
#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"

namespace nhood::spatial {
namespace {

struct Lattice {
  geo::SpatialWeights w, w_star;
  std::vector<double> x;
};

// A rows x cols queen lattice with i.i.d. values: no spatial structure.
Lattice Random(int rows, int cols, uint64_t seed) {
  geo::SpatialWeights nb = *geo::ContiguityWeights(geo::testing::Grid(rows, cols));
  Lattice l{nb.RowStandardised(), nb.WithSelf().RowStandardised(), {}};
  Rng rng(seed);
  for (int i = 0; i < rows * cols; ++i) l.x.push_back(rng.Uniform());
  return l;
}

TEST(Permutation, ByteIdenticalForAnyThreadCount) {
  Lattice l = Random(30, 30, 7);
  for (DrawMode mode : {DrawMode::kPerArea, DrawMode::kSharedTable}) {
    auto one = *PermuteLocal(l.x, l.w, l.w_star, {.permutations = 199, .seed = 42, .threads = 1, .mode = mode});
    auto two = *PermuteLocal(l.x, l.w, l.w_star, {.permutations = 199, .seed = 42, .threads = 2, .mode = mode});
    auto four = *PermuteLocal(l.x, l.w, l.w_star, {.permutations = 199, .seed = 42, .threads = 4, .mode = mode});
    EXPECT_EQ(one.moran_p, two.moran_p);
    EXPECT_EQ(one.moran_p, four.moran_p);
    EXPECT_EQ(one.gistar_p, two.gistar_p);
    EXPECT_EQ(one.moran_mean, four.moran_mean);
  }
}

// Under no spatial structure 2 x the folded pseudo p is uniform on (0, 1]:
// Kolmogorov-Smirnov distance below the 1% critical value 1.63 / sqrt(n),
// plus the step 2 / (R + 1) of the discrete p-values. Fixed seed, so the
// test is deterministic.
TEST(Permutation, PseudoPValuesAreUniformUnderTheNull) {
  Lattice l = Random(40, 50, 3);
  const int reps = 199;
  for (DrawMode mode : {DrawMode::kPerArea, DrawMode::kSharedTable}) {
    auto res = *PermuteLocal(l.x, l.w, l.w_star, {.permutations = reps, .seed = 11, .mode = mode});
    for (const auto* p : {&res.moran_p, &res.gistar_p, &res.geary_p}) {
      std::vector<double> u;
      for (double v : *p) u.push_back(std::min(1.0, 2 * v));
      std::sort(u.begin(), u.end());
      double d = 0;
      const double n = static_cast<double>(u.size());
      for (size_t i = 0; i < u.size(); ++i) d = std::max({d, std::fabs((i + 1) / n - u[i]), std::fabs(u[i] - i / n)});
      EXPECT_LT(d, 1.63 / std::sqrt(n) + 2.0 / (reps + 1));
    }
  }
}

TEST(Permutation, StrongClusterIsSignificantAndIslandsAreNaN) {
  geo::SpatialWeights nb = *geo::ContiguityWeights(geo::testing::Grid(10, 10));
  std::vector<double> x(100);
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) x[r * 10 + c] = (r < 3 && c < 3) ? 100 + r + c : (r * 7 + c * 3) % 11;
  }
  auto res = *PermuteLocal(x, nb.RowStandardised(), nb.WithSelf().RowStandardised(), {.permutations = 999, .seed = 1});
  EXPECT_LE(res.moran_p[11], 0.01);
  EXPECT_LE(res.gistar_p[11], 0.01);
  auto w = *geo::SpatialWeights::FromNeighbours({"a", "b", "c", "d", "e"}, {{1}, {0, 2}, {1, 3}, {2}, {}});
  auto island = *PermuteLocal(std::vector<double>{1, 5, 2, 8, 3}, w, w.WithSelf(), {.permutations = 99});
  EXPECT_TRUE(std::isnan(island.moran_p[4]));
  EXPECT_FALSE(std::isnan(island.moran_p[0]));
}

TEST(Permutation, RejectsBadOptions) {
  Lattice l = Random(5, 5, 1);
  EXPECT_FALSE(PermuteLocal(l.x, l.w, l.w_star, {.permutations = 0}).has_value());
  EXPECT_FALSE(PermuteLocal(l.x, l.w, l.w_star, {.permutations = 100000}).has_value());
  EXPECT_FALSE(PermuteLocal(l.x, l.w, l.w, {}).has_value());  // w_star without self
}

}  // namespace
}  // namespace nhood::spatial
