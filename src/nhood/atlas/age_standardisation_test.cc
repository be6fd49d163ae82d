#include "nhood/atlas/age_standardisation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::atlas {
namespace {

AgeBands TwoAreas() {
  AgeBands a;
  a.bands = {"0-39", "40-64", "65+"};
  a.ids = {"A", "B"};
  a.population = {1000, 500, 100,  //
                  200, 300, 400};
  return a;
}

TEST(ExpectedEvents, SumsPopulationTimesReferenceRate) {
  // Rates may come in any band order.
  ReferenceRates r{{"65+", "0-39", "40-64"}, {0.2, 0.01, 0.05}};
  Result<std::vector<double>> e = ExpectedEvents(TwoAreas(), r);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_DOUBLE_EQ((*e)[0], 1000 * 0.01 + 500 * 0.05 + 100 * 0.2);  // 55
  EXPECT_DOUBLE_EQ((*e)[1], 200 * 0.01 + 300 * 0.05 + 400 * 0.2);   // 97
}

TEST(ExpectedEvents, MissingBandAndMissingPopulation) {
  Result<std::vector<double>> e = ExpectedEvents(TwoAreas(), {{"0-39", "40-64"}, {0.01, 0.05}});
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("no reference rate for age band '65+'"), std::string::npos);
  AgeBands a = TwoAreas();
  a.population[4] = NAN;
  e = ExpectedEvents(a, {{"0-39", "40-64", "65+"}, {0.01, 0.05, 0.2}});
  ASSERT_TRUE(e);
  EXPECT_TRUE(std::isnan((*e)[1]));
  EXPECT_FALSE(std::isnan((*e)[0]));
}

// The neighbourhood ratios are PHEindicatormethods 2.1.0's
// calculate_ISRatio on ../shared/reference/cases/isr_*.csv (groups I001 and
// I004), with O and E split across areas of the same group.
TEST(StandardisedRatios, MatchPheIsrCase) {
  const double o[] = {3000, 2987, 0, 4, NAN};
  const double e[] = {6000, 684.9673048302566, 6203.6312518674313, NAN, 10};
  const int32_t g[] = {0, 0, 1, 1, 1};
  stats::IsrOptions opt;
  opt.ref_value = 100;
  opt.confidence = {0.95, 0.998};
  std::vector<stats::IsrEstimate> r = StandardisedRatios(o, e, g, 2, opt);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_NEAR(r[0].ratio.value, 89.559151555970402, 1e-9);
  EXPECT_NEAR(r[0].ratio.intervals[0].lower, 87.304773466761262, 1e-9);
  EXPECT_NEAR(r[0].ratio.intervals[0].upper, 91.857014309746532, 1e-9);
  EXPECT_NEAR(r[0].ratio.intervals[1].lower, 86.024887943361009, 1e-9);
  EXPECT_NEAR(r[0].ratio.intervals[1].upper, 93.193932525365781, 1e-9);
  EXPECT_EQ(r[0].ratio.method, "Byars");
  // Areas missing either count are left out of both O and E.
  EXPECT_EQ(r[1].observed, 0);
  EXPECT_NEAR(r[1].expected, 6203.6312518674313, 1e-9);
  EXPECT_EQ(r[1].ratio.value, 0);
  EXPECT_NEAR(r[1].ratio.intervals[0].upper, 0.059463228943588485, 1e-12);
  EXPECT_NEAR(r[1].ratio.intervals[1].upper, 0.11135019150119131, 1e-12);
  EXPECT_EQ(r[1].ratio.method, "Exact");
}

TEST(StandardisedRatios, ObservedEqualToExpectedIsTheReference) {
  const double o[] = {55, 97}, e[] = {55, 97};
  const int32_t g[] = {0, 0};
  stats::IsrOptions opt;
  opt.ref_value = 100;
  std::vector<stats::IsrEstimate> r = StandardisedRatios(o, e, g, 1, opt);
  EXPECT_DOUBLE_EQ(r[0].ratio.value, 100);
  EXPECT_LT(r[0].ratio.intervals[0].lower, 100);
  EXPECT_GT(r[0].ratio.intervals[0].upper, 100);
  // A group without areas has no expected count: undefined, with a reason.
  r = StandardisedRatios(o, e, g, 2, opt);
  EXPECT_TRUE(std::isnan(r[1].ratio.value));
}

TEST(ExpectedEventsByStratum, EachAreaAtItsOwnStratumRates) {
  // Decile 1 twice decile 2's rates; bands in another order than the areas'.
  StratifiedRates r{{"65+", "0-39", "40-64"}, {2, 1}, {0.2, 0.01, 0.05,  //
                                                      0.4, 0.02, 0.10}};
  const int stratum[] = {1, 2};
  Result<std::vector<double>> e = ExpectedEventsByStratum(TwoAreas(), stratum, r);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_DOUBLE_EQ((*e)[0], 1000 * 0.02 + 500 * 0.10 + 100 * 0.4);  // 110
  EXPECT_DOUBLE_EQ((*e)[1], 200 * 0.01 + 300 * 0.05 + 400 * 0.2);   // 97
  const int unknown[] = {1, 0};  // no rates for stratum 0: undefined, not 0
  e = ExpectedEventsByStratum(TwoAreas(), unknown, r);
  ASSERT_TRUE(e);
  EXPECT_TRUE(std::isnan((*e)[1]));
  const int one[] = {1};
  EXPECT_FALSE(ExpectedEventsByStratum(TwoAreas(), one, r));
  r.bands = {"0-39", "40-64", "80+"};
  e = ExpectedEventsByStratum(TwoAreas(), stratum, r);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("no reference rate for age band '65+'"), std::string::npos);
}

}  // namespace
}  // namespace nhood::atlas
