#include "nhood/evaluate/spend_ledger.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::evaluate {
namespace {

// £3m community-led of £4m spent against a £500m budget: the 1% goal is £5m,
// community-led spend is 0.6% of the budget, £2m short.
TEST(SummariseSpend, AgainstTheOnePercentGoal) {
  const SpendItem items[] = {{1'000'000, true, ""}, {2'000'000, true, ""}, {1'000'000, false, ""}};
  const auto s = SummariseSpend(items, {.ics_budget = 500'000'000});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->items, 3u);
  EXPECT_EQ(s->community_led_items, 2u);
  EXPECT_DOUBLE_EQ(s->total_spend, 4'000'000);
  EXPECT_DOUBLE_EQ(s->community_led_spend, 3'000'000);
  EXPECT_DOUBLE_EQ(s->goal_amount, 5'000'000);
  EXPECT_DOUBLE_EQ(s->community_led_share, 0.006);
  EXPECT_DOUBLE_EQ(s->gap_to_goal, 2'000'000);
  EXPECT_FALSE(s->goal_met);
  const auto met = SummariseSpend(items, {.ics_budget = 300'000'000});
  EXPECT_TRUE(met->goal_met);
  EXPECT_EQ(met->gap_to_goal, 0);
}

TEST(SummariseSpend, RejectsBadInput) {
  const SpendItem bad[] = {{100, true, ""}, {-5, true, ""}};
  const auto r = SummariseSpend(bad, {.ics_budget = 1000});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("spend item 2: amount -5"), std::string::npos) << r.error().message;
  EXPECT_FALSE(SummariseSpend({}, {.ics_budget = 0}).ok());
  EXPECT_FALSE(SummariseSpend({}, {.ics_budget = 10, .share = 1.5}).ok());
}

// Tier 1: A (10,000 people) and B (5,000) with £30,000 community-led and
// £15,000 other -> £2 and £3 per head; tier 2: C (20,000) with no spend;
// £1,000 ICS-wide is not placed.
TEST(SpendByClass, PerHeadByClass) {
  const NeighbourhoodClass nb[] = {{"A", "1", 10000}, {"B", "1", 5000}, {"C", "2", 20000}, {"D", "10", 1}};
  const SpendItem items[] = {{20000, true, "A"}, {10000, true, "B"}, {15000, false, "B"}, {1000, true, ""}};
  const auto r = SpendByClass(items, nb);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].cls, "1");
  EXPECT_EQ((*r)[0].neighbourhoods, 2u);
  EXPECT_DOUBLE_EQ((*r)[0].population, 15000);
  EXPECT_DOUBLE_EQ((*r)[0].community_led_per_head, 2);
  EXPECT_DOUBLE_EQ((*r)[0].total_per_head, 3);
  EXPECT_EQ((*r)[1].cls, "2");
  EXPECT_DOUBLE_EQ((*r)[1].community_led_per_head, 0);
  EXPECT_EQ((*r)[2].cls, "10");  // numeric order, not "1" < "10" < "2"
  EXPECT_EQ((*r)[3].cls, "not in a neighbourhood");
  EXPECT_DOUBLE_EQ((*r)[3].community_led_spend, 1000);
  EXPECT_TRUE(std::isnan((*r)[3].community_led_per_head));
}

TEST(SpendByClass, UnknownNeighbourhoodIsNamed) {
  const NeighbourhoodClass nb[] = {{"A", "1", 10000}};
  const SpendItem items[] = {{1, true, "A"}, {1, true, "Z"}};
  const auto r = SpendByClass(items, nb);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, StatusCode::kNotFound);
  EXPECT_NE(r.error().message.find("spend item 2: neighbourhood 'Z'"), std::string::npos) << r.error().message;
  const NeighbourhoodClass dup[] = {{"A", "1", 1}, {"A", "2", 1}};
  EXPECT_FALSE(SpendByClass(items, dup).ok());
}

}  // namespace
}  // namespace nhood::evaluate
