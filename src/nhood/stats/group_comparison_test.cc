#include "nhood/stats/group_comparison.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::stats {
namespace {

// Katz interval by hand: RR = (30/100)/(20/100) = 1.5,
// se = sqrt(1/30 - 1/100 + 1/20 - 1/100) = 0.2517, 95%: exp(ln 1.5 -/+ 1.96 se).
TEST(RateRatio, KatzInterval) {
  RatioEstimate r = RateRatio(30, 100, 20, 100);
  EXPECT_DOUBLE_EQ(r.ratio, 1.5);
  const double se = std::sqrt(1.0 / 30 - 0.01 + 1.0 / 20 - 0.01);
  EXPECT_NEAR(r.lower, 1.5 * std::exp(-1.959963984540054 * se), 1e-12);
  EXPECT_NEAR(r.upper, 1.5 * std::exp(1.959963984540054 * se), 1e-12);
  EXPECT_EQ(r.significance, "Similar");
  EXPECT_EQ(RateRatio(300, 1000, 200, 1000).significance, "Higher");
  EXPECT_TRUE(std::isnan(RateRatio(0, 100, 20, 100).ratio));
}

TEST(MeanRatio, WeightedMeansAndInterval) {
  const double v1[] = {2, 2.2, 1.8, 2.1}, w1[] = {1, 1, 1, 1};
  const double v2[] = {1, 1.1, 0.9, 1.0}, w2[] = {1, 2, 1, 1};
  RatioEstimate r = MeanRatio(v1, w1, v2, w2);
  EXPECT_NEAR(r.value_group, 2.025, 1e-12);
  EXPECT_NEAR(r.value_reference, 5.1 / 5, 1e-12);
  EXPECT_EQ(r.significance, "Higher");
  // A score centred on 0 is compared by difference.
  const double v3[] = {-1, 0.5, -0.2, 0.1};
  RatioEstimate d = MeanRatio(v3, w1, v2, w2);
  EXPECT_EQ(d.measure, "difference");
  EXPECT_NEAR(d.ratio, -0.15 - 1.02, 1e-12);
}

}  // namespace
}  // namespace nhood::stats
