// A ledger of community-led spend: how much of an Integrated Care System's
// budget goes to community-led work, against the goal of 1% (Local Trust's
// ask of ICSs), and spend per head by neighbourhood class (e.g. the atlas's
// risk tier in neighbourhoods.csv).
//
// Pure functions over copyable values; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::evaluate {

// Local Trust's goal: 1% of an ICS budget spent on community-led work.
inline constexpr double kCommunityLedGoalShare = 0.01;

struct SpendItem {
  double amount = 0;  // £, >= 0
  bool community_led = false;
  std::string neighbourhood;  // "" = not placed in one neighbourhood (e.g. ICS-wide)
};

struct SpendGoal {
  double ics_budget = 0;  // £ for the same period as the spend, > 0
  double share = kCommunityLedGoalShare;
};

struct SpendSummary {
  size_t items = 0, community_led_items = 0;
  double total_spend = 0, community_led_spend = 0;
  double ics_budget = 0, goal_share = 0;
  double goal_amount = 0;          // ics_budget x goal_share
  double community_led_share = 0;  // community_led_spend / ics_budget
  double gap_to_goal = 0;          // max(0, goal_amount - community_led_spend)
  bool goal_met = false;           // community_led_spend >= goal_amount
};

// kInvalidArgument for a budget <= 0, a goal share outside (0, 1], or an
// item with a negative or non-finite amount ("spend item N: ...", 1-based).
Result<SpendSummary> SummariseSpend(std::span<const SpendItem> items, const SpendGoal& goal);

struct NeighbourhoodClass {
  std::string id;
  std::string cls;  // e.g. the risk tier "1"
  double population = 0;
};

struct ClassSpend {
  std::string cls;  // "not in a neighbourhood" for items without one
  size_t neighbourhoods = 0;
  double population = 0;  // NaN for "not in a neighbourhood"
  double community_led_spend = 0, total_spend = 0;
  double community_led_per_head = 0, total_per_head = 0;  // NaN without population
};

// One row per class (numeric classes in numeric order, then text in
// lexicographic order), every class of `neighbourhoods` even with no spend,
// then "not in a neighbourhood" when some item has none. kNotFound "spend
// item N: neighbourhood 'X' is not in the neighbourhoods table"; kInvalidArgument
// for a duplicate neighbourhood id or a population that is negative or
// missing, and as SummariseSpend for amounts.
Result<std::vector<ClassSpend>> SpendByClass(std::span<const SpendItem> items,
                                             std::span<const NeighbourhoodClass> neighbourhoods);

}  // namespace nhood::evaluate
