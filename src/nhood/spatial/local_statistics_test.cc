#include "nhood/spatial/local_statistics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"
#include "nhood/spatial/global_autocorrelation.h"

namespace nhood::spatial {
namespace {

TEST(LocalMoran, HotCornerIsHighHigh) {
  geo::SpatialWeights w = geo::ContiguityWeights(geo::testing::Grid(5, 5))->RowStandardised();
  std::vector<double> x(25, 1.0);
  for (int i : {0, 1, 5, 6}) x[i] = 10;
  LocalMoran lm = *ComputeLocalMoran(x, w);
  EXPECT_EQ(lm.quadrant[0], "High-High");
  EXPECT_GT(lm.i[0], 0);
  EXPECT_EQ(lm.quadrant[24], "Low-Low");
  // The sum of local I over areas equals n x global I for row-standardised W
  // (S0 = n, no islands): Anselin 1995, LISA property 2.
  const MoranTest global = *GlobalMoran(x, w);
  double sum = 0;
  for (double v : lm.i) sum += v;
  EXPECT_GT(global.i, 0.1);  // the identity is not 0 = 0
  EXPECT_NEAR(sum, 25 * global.i, 1e-12 * 25 * std::fabs(global.i));
  auto gstar = *ComputeLocalGStar(x, geo::ContiguityWeights(geo::testing::Grid(5, 5))->WithSelf().RowStandardised());
  EXPECT_GT(gstar[0], 2);
}

TEST(LocalMoran, IslandIsFlaggedNeverSignificant) {
  auto w = *geo::SpatialWeights::FromNeighbours({"a", "b", "c", "d"}, {{1}, {0, 2}, {1}, {}});
  LocalMoran lm = *ComputeLocalMoran(std::vector<double>{1, 2, 3, 9}, w);
  EXPECT_TRUE(lm.island[3]);
  EXPECT_EQ(lm.i[3], 0);
  EXPECT_TRUE(std::isnan(lm.p[3]));
  EXPECT_TRUE(std::isnan((*ComputeLocalG(std::vector<double>{1, 2, 3, 9}, w))[3]));
}

}  // namespace
}  // namespace nhood::spatial
