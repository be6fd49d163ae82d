#include "nhood/stats/proportion.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/stats/confidence.h"

namespace nhood::stats {
namespace {

// PHEindicatormethods 2.1.0 phe_proportion(x = 0, n = 2, multiplier = 100):
// upper95 65.761977249334677, upper99.8 82.683286576216375 (case proportion_x100).
TEST(Wilson, ZeroEventsGivesZeroLowerBound) {
  Estimate e = Proportion(0, 2, {.confidence = {0.95, 0.998}, .multiplier = 100});
  ASSERT_TRUE(e.computed());
  EXPECT_EQ(e.intervals[0].lower, 0);
  EXPECT_NEAR(e.intervals[0].upper, 65.761977249334677, 1e-12);
  EXPECT_NEAR(e.intervals[1].upper, 82.683286576216375, 1e-12);
  EXPECT_EQ(e.method, "Wilson");
}

TEST(Wilson, ConfidenceOneGivesWholeRange) {
  Estimate e = Proportion(3, 10, {.confidence = {1.0}});
  EXPECT_EQ(e.intervals[0].lower, 0);
  EXPECT_EQ(e.intervals[0].upper, 1);
}

TEST(Wilson, BatchAgreesWithScalar) {
  const double x[] = {0, 5, 10}, n[] = {10, 10, 10};
  double lo[3], hi[3];
  const double z = *TwoSidedZ(0.95);
  WilsonIntervals(x, n, z, lo, hi);
  for (int i = 0; i < 3; ++i) {
    Interval ci = WilsonInterval(x[i], n[i], z);
    EXPECT_NEAR(lo[i], ci.lower, 1e-15);
    EXPECT_NEAR(hi[i], ci.upper, 1e-15);
  }
}

TEST(Proportion, InvalidRowsCarryTheirReason) {
  EXPECT_EQ(Proportion(5, 4, {}).status, "numerator above denominator");
  EXPECT_EQ(Proportion(-1, 4, {}).status, "negative numerator");
  EXPECT_EQ(Proportion(1, 0, {}).status, "denominator not positive");
  EXPECT_TRUE(std::isnan(Proportion(NAN, 4, {}).value));
}

TEST(Confidence, SuffixesAndParsing) {
  EXPECT_EQ(ConfidenceSuffix(0.95), "95_0");
  EXPECT_EQ(ConfidenceSuffix(0.998), "99_8");
  EXPECT_EQ(*ParseConfidenceList("95,99.8"), (std::vector<double>{0.95, 0.998}));
  EXPECT_FALSE(ParseConfidenceList("0.5").has_value());
}

}  // namespace
}  // namespace nhood::stats
