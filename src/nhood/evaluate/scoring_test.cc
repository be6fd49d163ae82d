#include "nhood/evaluate/scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nhood::evaluate {
namespace {

TEST(Swemwbs, RaschTableEndsAndMiddle) {
  // DOMAIN.md §0: 7 -> 7.00, 8 -> 9.51, 21 -> 19.25, 34 -> 32.55, 35 -> 35.00.
  EXPECT_DOUBLE_EQ(*SwemwbsMetric(7), 7.00);
  EXPECT_DOUBLE_EQ(*SwemwbsMetric(8), 9.51);
  EXPECT_DOUBLE_EQ(*SwemwbsMetric(21), 19.25);
  EXPECT_DOUBLE_EQ(*SwemwbsMetric(34), 32.55);
  EXPECT_DOUBLE_EQ(*SwemwbsMetric(35), 35.00);
  EXPECT_FALSE(SwemwbsMetric(6));
  EXPECT_FALSE(SwemwbsMetric(36));
  EXPECT_FALSE(SwemwbsMetric(20.5));
}

TEST(Swemwbs, ScoresItemsNeverTheRawSum) {
  const std::vector<double> items = {3, 3, 3, 3, 3, 3, 3};  // raw 21
  EXPECT_DOUBLE_EQ(*SwemwbsScore(items), 19.25);
  EXPECT_TRUE(std::isnan(*SwemwbsScore(std::vector<double>{3, 3, NAN, 3, 3, 3, 3})));
  EXPECT_FALSE(SwemwbsScore(std::vector<double>{3, 3, 3, 3, 3, 3}));     // six items
  EXPECT_FALSE(SwemwbsScore(std::vector<double>{3, 3, 3, 3, 3, 3, 6}));  // not 1-5
}

TEST(Wemwbs, SumOfFourteen) {
  std::vector<double> items(14, 4);
  EXPECT_DOUBLE_EQ(*WemwbsScore(items), 56);
  items.pop_back();
  EXPECT_FALSE(WemwbsScore(items));
}

TEST(Ons4, Bands) {
  EXPECT_EQ(*Ons4Band(Ons4Measure::kLifeSatisfaction, 4), "low");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kLifeSatisfaction, 5), "medium");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kHappiness, 8), "high");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kWorthwhile, 9), "very high");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kAnxiety, 1), "very low");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kAnxiety, 3), "low");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kAnxiety, 5), "medium");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kAnxiety, 6), "high");
  EXPECT_EQ(*Ons4Band(Ons4Measure::kAnxiety, NAN), "");
  EXPECT_FALSE(Ons4Band(Ons4Measure::kAnxiety, 11));
}

TEST(CronbachAlpha, MatchesRFormula) {
  // R: m <- cbind(c(1,2,3,4,5,3,4), c(2,2,4,4,5,3,3), c(1,3,3,5,4,2,4));
  //    3/2 * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))  = 0.90697674418604646
  const std::vector<std::vector<double>> items = {
      {1, 2, 3, 4, 5, 3, 4, NAN}, {2, 2, 4, 4, 5, 3, 3, 1}, {1, 3, 3, 5, 4, 2, 4, 2}};
  Result<Alpha> a = CronbachAlpha(items);
  ASSERT_TRUE(a);
  EXPECT_NEAR(a->alpha, 0.90697674418604646, 1e-14);
  EXPECT_EQ(a->respondents, 7u);  // the eighth lacks an item
}

TEST(ReverseCode, FlipsWithinTheScale) {
  EXPECT_EQ(ReverseCode(1, 1, 5), 5);
  EXPECT_EQ(ReverseCode(4, 1, 5), 2);
  EXPECT_TRUE(std::isnan(ReverseCode(NAN, 1, 5)));
}

}  // namespace
}  // namespace nhood::evaluate
