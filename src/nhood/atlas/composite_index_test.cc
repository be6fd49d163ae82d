#include "nhood/atlas/composite_index.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::atlas {
namespace {

TEST(CompositeIndex, ExponentialTransformRange) {
  const double s[] = {1, 2, 3, 4};
  auto x = ExponentialTransform(s);
  EXPECT_NEAR(x[3], 100, 1e-9);  // the most deprived: R = 1 gives 100
  EXPECT_LT(x[0], x[1]);
  EXPECT_NEAR(x[0], -23 * std::log(1 - 0.25 * (1 - std::exp(-100.0 / 23))), 1e-12);
}

TEST(CompositeIndex, RanksAndDeciles) {
  std::vector<double> s(20);
  for (int i = 0; i < 20; ++i) s[i] = i;
  Ranking r = RankDescending(s);
  EXPECT_EQ(r.rank[19], 1);
  EXPECT_EQ(r.decile[19], 1);
  EXPECT_EQ(r.decile[18], 1);
  EXPECT_EQ(r.decile[17], 2);
  EXPECT_EQ(r.decile[0], 10);
}

TEST(CompositeIndex, StandardisationAndPca) {
  const double x[] = {1, 2, 2, 4};
  auto rn = RankNormalScores(x);
  EXPECT_DOUBLE_EQ(rn[1], rn[2]);  // ties share the average rank
  EXPECT_LT(rn[0], 0);
  auto z = ZScores(x);
  EXPECT_NEAR(z[0] + z[1] + z[2] + z[3], 0, 1e-12);
  std::vector<std::vector<double>> cols = {{1, 2, 3, 4, 5}, {2, 4, 6, 8, 11}, {5, 3, 4, 1, 2}};
  auto w = *PrincipalComponentWeights(cols);
  EXPECT_NEAR(w[0] + w[1] + w[2], 1, 1e-12);
  EXPECT_FALSE(PrincipalComponentWeights({{1, 2, 3}}).has_value());
  EXPECT_FALSE(ParseStandardise("log").has_value());
}

}  // namespace
}  // namespace nhood::atlas
