#include "nhood/spatial/global_autocorrelation.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace nhood::spatial
