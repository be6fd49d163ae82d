#include "nhood/stats/poisson.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/stats/confidence.h"
#include "nhood/stats/rate.h"

namespace nhood::stats {
namespace {

TEST(Byar, LowerBoundIsMissingWhenNegative) {
  // x = 1 at 99.8%: 1 * (1 - 1/9 - 3.0902/3)^3 < 0, NA in the reference.
  EXPECT_TRUE(std::isnan(ByarLower(1, *TwoSidedZ(0.998))));
  EXPECT_GT(ByarLower(100, *TwoSidedZ(0.95)), 0);
}

// R: qchisq(0.975, 2) / 2 = 3.688879454113936; qchisq(0.025, 2) / 2.
TEST(ExactPoisson, MatchesChiSquaredLimits) {
  EXPECT_EQ(ExactPoissonLower(0, 0.95), 0);
  EXPECT_NEAR(ExactPoissonUpper(0, 0.95), 3.688879454113936, 1e-13);
  EXPECT_NEAR(ExactPoissonLower(1, 0.95), 0.05063561596857975 / 2, 1e-15);
}

// PHEindicatormethods 2.1.0 phe_rate(x = 1, n = 2, multiplier = 1e5):
// 50000 [1265.8903992144949, 278582.16954694496], method Exact (case rate_1e5).
TEST(CrudeRate, SwitchesMethodAtTen) {
  Estimate e = CrudeRate(1, 2, {.confidence = {0.95}, .multiplier = 100000});
  EXPECT_EQ(e.method, "Exact");
  EXPECT_NEAR(e.intervals[0].lower, 1265.8903992144949, 1e-8);
  EXPECT_NEAR(e.intervals[0].upper, 278582.16954694496, 1e-7);
  EXPECT_EQ(CrudeRate(10, 200, {}).method, "Byars");
  EXPECT_EQ(CrudeRate(5, 0, {}).status, "denominator not positive");
}

}  // namespace
}  // namespace nhood::stats
