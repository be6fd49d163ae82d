#include "nhood/link/outcome.h"

#include <gtest/gtest.h>

#include "nhood/link/swemwbs.h"

namespace nhood::link {
namespace {

using namespace std::chrono;
constexpr Date kToday = 2026y / December / 1d;

Outcome Swemwbs(std::vector<int> items) {
  return {.referral_id = 1, .resident_id = 1, .measure = Measure::kSwemwbs, .date = 2026y / June / 1d,
          .items = std::move(items)};
}

TEST(ValidateOutcome, SwemwbsItemOfSixNamesTheItem) {
  Status s = ValidateOutcome(Swemwbs({3, 3, 3, 6, 3, 3, 3}), kToday);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "items[3]");
  EXPECT_EQ(ValidateOutcome(Swemwbs({3, 3, 3, 0, 3, 3, 3}), kToday).field(), "items[3]");
  EXPECT_EQ(ValidateOutcome(Swemwbs({3, 3, 3}), kToday).field(), "items");
  EXPECT_TRUE(ValidateOutcome(Swemwbs({1, 2, 3, 4, 5, 1, 2}), kToday).ok());
}

TEST(ValidateOutcome, Ons4AndMycawRanges) {
  Outcome o{.measure = Measure::kOns4, .date = 2026y / June / 1d, .items = {0, 10, 5, 11}};
  EXPECT_EQ(ValidateOutcome(o, kToday).field(), "items[3]");
  o.items = {0, 10, 5, 7};
  EXPECT_TRUE(ValidateOutcome(o, kToday).ok());
  Outcome m{.measure = Measure::kMycaw, .date = 2026y / June / 1d, .items = {5, 4, 3}, .concerns = {"debt"}};
  EXPECT_EQ(ValidateOutcome(m, kToday).field(), "concerns");
  m.concerns = {"debt", "sleep"};
  EXPECT_TRUE(ValidateOutcome(m, kToday).ok());
  m.items = {7, 3};
  m.concerns = {"debt"};
  EXPECT_EQ(ValidateOutcome(m, kToday).field(), "items[0]");
  m.items = {5, 3};
  m.date = 2027y / January / 1d;
  EXPECT_EQ(ValidateOutcome(m, kToday).field(), "date");
}

TEST(ScoreSwemwbs, UsesTheRaschTable) {
  // Spot values from the published table (DOMAIN.md §0): 7→7.00, 8→9.51,
  // 21→19.25, 28→25.03, 35→35.00.
  EXPECT_DOUBLE_EQ(ScoreSwemwbs(std::vector<int>{1, 1, 1, 1, 1, 1, 1})->metric, 7.00);
  EXPECT_DOUBLE_EQ(ScoreSwemwbs(std::vector<int>{2, 1, 1, 1, 1, 1, 1})->metric, 9.51);
  Result<SwemwbsScore> s = ScoreSwemwbs(std::vector<int>{3, 3, 3, 3, 3, 3, 3});
  EXPECT_EQ(s->raw, 21);
  EXPECT_DOUBLE_EQ(s->metric, 19.25);
  EXPECT_DOUBLE_EQ(ScoreSwemwbs(std::vector<int>{4, 4, 4, 4, 4, 4, 4})->metric, 25.03);
  EXPECT_DOUBLE_EQ(ScoreSwemwbs(std::vector<int>{5, 5, 5, 5, 5, 5, 5})->metric, 35.00);
  EXPECT_FALSE(ScoreSwemwbs(std::vector<int>{5, 5, 5, 5, 5, 5, 6}));
}

TEST(SwemwbsTable, IsStrictlyIncreasingFromSevenToThirtyFive) {
  EXPECT_EQ(kSwemwbsMetric.size(), 29u);
  for (size_t i = 1; i < kSwemwbsMetric.size(); ++i) EXPECT_LT(kSwemwbsMetric[i - 1], kSwemwbsMetric[i]);
  EXPECT_DOUBLE_EQ(kSwemwbsMetric.front(), 7.0);
  EXPECT_DOUBLE_EQ(kSwemwbsMetric.back(), 35.0);
}

TEST(Ons4Band, OnsThresholds) {
  EXPECT_EQ(Ons4Band(Ons4Item::kLifeSatisfaction, 4), "low");
  EXPECT_EQ(Ons4Band(Ons4Item::kLifeSatisfaction, 5), "medium");
  EXPECT_EQ(Ons4Band(Ons4Item::kHappiness, 8), "high");
  EXPECT_EQ(Ons4Band(Ons4Item::kWorthwhile, 9), "very_high");
  EXPECT_EQ(Ons4Band(Ons4Item::kAnxiety, 1), "very_low");
  EXPECT_EQ(Ons4Band(Ons4Item::kAnxiety, 3), "low");
  EXPECT_EQ(Ons4Band(Ons4Item::kAnxiety, 5), "medium");
  EXPECT_EQ(Ons4Band(Ons4Item::kAnxiety, 6), "high");
}

TEST(MycawProfileScore, MeanOfItems) {
  EXPECT_DOUBLE_EQ(MycawProfileScore(std::vector<int>{5, 4, 3}), 4.0);
  EXPECT_DOUBLE_EQ(MycawProfileScore(std::vector<int>{5, 2}), 3.5);
}

}  // namespace
}  // namespace nhood::link
