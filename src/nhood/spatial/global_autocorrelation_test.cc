#include "nhood/spatial/global_autocorrelation.h"

#include <gtest/gtest.h>

#include "nhood/base/rng.h"

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"

namespace nhood::spatial {
namespace {

TEST(GlobalMoran, CheckerboardIsNegativeAndSmoothIsPositive) {
  geo::SpatialWeights w = geo::ContiguityWeights(geo::testing::Grid(6, 6), {.queen = false})->RowStandardised();
  std::vector<double> checker, gradient;
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 6; ++c) {
      checker.push_back((r + c) % 2);
      gradient.push_back(r + c);
    }
  }
  MoranTest a = *GlobalMoran(checker, w);
  EXPECT_NEAR(a.i, -1.0, 1e-12);  // perfect negative autocorrelation on rook
  EXPECT_NEAR(a.expected, -1.0 / 35, 1e-15);
  EXPECT_GT(GlobalMoran(gradient, w)->z_randomisation, 5);
  EXPECT_LT(GlobalGeary(gradient, w)->c, 1);
}

TEST(GlobalMoran, RejectsBadInput) {
  geo::SpatialWeights w = *geo::ContiguityWeights(geo::testing::Grid(3, 3));
  EXPECT_FALSE(GlobalMoran(std::vector<double>(9, 1.0), w).has_value());  // constant
  EXPECT_FALSE(GlobalMoran(std::vector<double>(4, 1.0), w).has_value());  // wrong length
  std::vector<double> x(9, 1.0);
  x[3] = NAN;
  EXPECT_EQ(GlobalMoran(x, w).error().message, "values: area 'r1c0' has no finite value");
}

// The permutation test computes the weights' sums once (issue 8 item 9); its
// rank and p must stay bit for bit those of MoranI on each shuffled vector,
// with permutation r shuffled from StreamRng(seed, r) as the header says.
TEST(GlobalMoranPermutation, SameAsMoranIOnEachShuffleBitForBit) {
  geo::SpatialWeights w = geo::ContiguityWeights(geo::testing::Grid(9, 7))->RowStandardised();
  std::vector<double> x;
  Rng values(7);
  for (size_t i = 0; i < w.size(); ++i) x.push_back(values.Uniform() + 0.1 * static_cast<double>(i % 9));
  const int permutations = 199;
  const uint64_t seed = 42;
  const MoranPermutationTest t = *GlobalMoranPermutation(x, w, permutations, seed, 2);
  const double observed = MoranI(x, w);
  double above = 0, below = 0, equal = 0;
  for (int r = 0; r < permutations; ++r) {
    std::vector<double> shuffled = x;
    StreamRng rng(seed, static_cast<uint64_t>(r));
    for (size_t k = shuffled.size(); k > 1; --k) std::swap(shuffled[k - 1], shuffled[rng.Bounded(k)]);
    const double v = MoranI(shuffled, w);
    above += v >= observed;
    below += v < observed;
    equal += v == observed;
  }
  EXPECT_EQ(t.i, observed);
  EXPECT_EQ(t.p, (above + 1) / (permutations + 1.0));
  EXPECT_EQ(t.rank, below + 1 + equal / 2);
  EXPECT_GT(above, 0);  // the comparison is not vacuous: some draws beat I
  EXPECT_LT(t.p, 0.5);  // and the gradient makes I large
  // Any thread count gives the same answer.
  const MoranPermutationTest one = *GlobalMoranPermutation(x, w, permutations, seed, 1);
  EXPECT_EQ(one.p, t.p);
  EXPECT_EQ(one.rank, t.rank);
}

}  // namespace
}  // namespace nhood::spatial
