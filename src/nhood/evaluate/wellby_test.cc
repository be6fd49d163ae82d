#include "nhood/evaluate/wellby.h"

#include <gtest/gtest.h>

namespace nhood::evaluate {
namespace {

// HM Treasury Wellbeing Guidance for Appraisal (2021), worked example:
// 0.2 points of life satisfaction for one person for one year = 0.2 WELLBY
// = £2,600 (2019 prices), range £2,000-£3,200.
TEST(ValueWellbys, GreenBookWorkedExample) {
  const auto v = ValueWellbys(1, 0.2, 1);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_DOUBLE_EQ(v->central, 2600);
  EXPECT_DOUBLE_EQ(v->low, 2000);
  EXPECT_DOUBLE_EQ(v->high, 3200);
  EXPECT_DOUBLE_EQ(v->wellbys, 0.2);
  EXPECT_EQ(v->annuity_factor, 1.0);
}

// 100 people, +0.5 points, 3 years at 1.5%, year 0 undiscounted:
// 50 x (1 + 1/1.015 + 1/1.015^2) = 50 x 2.955883423523988 = 147.7941711761994 WELLBYs;
// x £13,000 = £1,921,324.2252905923; x £10,000 and £16,000 for the range.
TEST(ValueWellbys, ThreeYearsDiscountedByHand) {
  const auto v = ValueWellbys(100, 0.5, 3);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_DOUBLE_EQ(v->wellbys, 150);
  EXPECT_NEAR(v->discounted_wellbys, 147.7941711761994, 1e-10);
  EXPECT_NEAR(v->central, 1921324.2252905923, 1e-6);
  EXPECT_NEAR(v->low, 1477941.711761994, 1e-6);
  EXPECT_NEAR(v->high, 2364706.7388191903, 1e-6);
}

TEST(ValueWellbys, DiscountRateIsConfigurable) {
  const auto v = ValueWellbys(1, 1, 2, {.discount_rate = 0.035});
  ASSERT_TRUE(v.ok());
  EXPECT_NEAR(v->central, 13000 * (1 + 1 / 1.035), 1e-9);
  const auto undiscounted = ValueWellbys(1, 1, 2, {.discount_rate = 0});
  EXPECT_DOUBLE_EQ(undiscounted->central, 26000);
}

// 2023 prices: x 96.2507/81.1085 = 1.186690667439294 -> £3,085.3957353421647.
TEST(ValueWellbys, UpratedWithShippedDeflators) {
  const auto v = ValueWellbys(1, 0.2, 1, {.price_year = 2023});
  ASSERT_TRUE(v.ok());
  EXPECT_NEAR(v->central, 3085.3957353421647, 1e-9);
  EXPECT_NEAR(v->value_central, 13000 * 1.186690667439294, 1e-9);
}

TEST(ValueWellbys, NegativeChangeKeepsLowBelowHigh) {
  const auto v = ValueWellbys(1, -0.2, 1);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(v->central, -2600);
  EXPECT_DOUBLE_EQ(v->low, -3200);
  EXPECT_DOUBLE_EQ(v->high, -2000);
}

TEST(ValueWellbys, BadInputIsAClearError) {
  const auto neg = ValueWellbys(-5, 0.2, 1);
  ASSERT_FALSE(neg.ok());
  EXPECT_NE(neg.error().message.find("people -5 must be a positive number"), std::string::npos);
  const auto zero_years = ValueWellbys(1, 0.2, 0);
  ASSERT_FALSE(zero_years.ok());
  EXPECT_NE(zero_years.error().message.find("years 0 must be"), std::string::npos);
  const auto year = ValueWellbys(1, 0.2, 1, {.price_year = 2035});
  ASSERT_FALSE(year.ok());
  EXPECT_NE(year.error().message.find("unknown price year 2035"), std::string::npos);
  EXPECT_FALSE(ValueWellbys(1, 11, 1).ok());
  EXPECT_FALSE(ValueWellbys(1, 0.2, 1, {.discount_rate = -0.1}).ok());
}

// DOMAIN.md §0: SWEMWBS 0.26, ONS4 total 0.25, WEMWBS 0.13 life-satisfaction
// points per point of the measure.
TEST(ToLifeSatisfaction, PublishedExchangeRates) {
  EXPECT_DOUBLE_EQ(*ToLifeSatisfaction("swemwbs", 2), 0.52);
  EXPECT_DOUBLE_EQ(*ToLifeSatisfaction("ons4_total", 4), 1.0);
  EXPECT_DOUBLE_EQ(*ToLifeSatisfaction("wemwbs", 3), 0.39);
  EXPECT_DOUBLE_EQ(*ToLifeSatisfaction("life_satisfaction", 0.3), 0.3);
}

TEST(ToLifeSatisfaction, UnknownMeasureIsRefused) {
  for (const char* m : {"anxiety", "worthwhile", "ghq12", "SWEMWBS_raw", ""}) {
    const auto r = ToLifeSatisfaction(m, 1);
    ASSERT_FALSE(r.ok()) << m;
    EXPECT_NE(r.error().message.find("unknown wellbeing measure"), std::string::npos);
    EXPECT_NE(r.error().message.find("life_satisfaction, ons4_total, swemwbs, wemwbs"), std::string::npos);
  }
}

}  // namespace
}  // namespace nhood::evaluate
