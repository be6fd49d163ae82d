#include "nhood/link/goal.h"

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 4> kGoalStatusNames = {"open", "achieved", "partly_achieved", "dropped"};

Status NotAfter(Date d, Date today, const char* field) {
  if (!d.ok()) return InvalidField(field, std::string(field) + " is not a calendar date");
  if (std::chrono::sys_days(d) > std::chrono::sys_days(today)) {
    return InvalidField(field, std::string(field) + " " + FormatDate(d) + " is in the future");
  }
  return Status::Ok();
}
}  // namespace

std::string_view GoalStatusName(GoalStatus s) { return internal::EnumName(s, kGoalStatusNames); }
Result<GoalStatus> ParseGoalStatus(std::string_view t) {
  return internal::ParseEnum<GoalStatus>(t, kGoalStatusNames, "status");
}

Status ValidateNeed(const Need& n, Date today) {
  if (n.category.empty()) return InvalidField("category", "category is required");
  return NotAfter(n.identified_on, today, "identified_on");
}

Status ValidateGoal(const Goal& g, Date today) {
  if (g.what_matters.empty()) return InvalidField("what_matters", "what_matters is required");
  NHOOD_RETURN_IF_ERROR(NotAfter(g.set_on, today, "set_on"));
  if (g.reviewed_on) {
    NHOOD_RETURN_IF_ERROR(NotAfter(*g.reviewed_on, today, "reviewed_on"));
    if (std::chrono::sys_days(*g.reviewed_on) < std::chrono::sys_days(g.set_on)) {
      return InvalidField("reviewed_on", "reviewed_on is before set_on");
    }
  }
  return Status::Ok();
}

}  // namespace nhood::link
