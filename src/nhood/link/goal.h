// Needs and "what matters to me" goals, recorded in a referral.
//
// A need is a category (loneliness, debt, housing…) with a description; a
// goal is the resident's own words for what matters to them, with a status
// that the link worker reviews. Copyable values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

struct Need {
  int64_t id = 0;  // assigned by the store
  int64_t referral_id = 0;
  int64_t resident_id = 0;
  std::string category;  // free vocabulary, lower_snake: "loneliness", "money_debt"
  std::optional<std::string> description;
  Date identified_on{};
  int64_t recorded_by = 0;
};

enum class GoalStatus { kOpen, kAchieved, kPartlyAchieved, kDropped };
std::string_view GoalStatusName(GoalStatus s);  // "open", "achieved", "partly_achieved", "dropped"
Result<GoalStatus> ParseGoalStatus(std::string_view text);

struct Goal {
  int64_t id = 0;  // assigned by the store
  int64_t referral_id = 0;
  int64_t resident_id = 0;
  std::string what_matters;  // the resident's words
  GoalStatus status = GoalStatus::kOpen;
  Date set_on{};
  std::optional<Date> reviewed_on;
  int64_t recorded_by = 0;
};

// Non-empty category / what_matters; dates not after `today`.
Status ValidateNeed(const Need& n, Date today);
Status ValidateGoal(const Goal& g, Date today);

}  // namespace nhood::link
