#include "nhood/link/store.h"

#include <chrono>

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 3> kReasonNames = {"created", "assigned", "shared"};
}  // namespace

std::string_view CaseloadReasonName(CaseloadReason r) { return internal::EnumName(r, kReasonNames); }
Result<CaseloadReason> ParseCaseloadReason(std::string_view t) {
  return internal::ParseEnum<CaseloadReason>(t, kReasonNames, "reason");
}

Status ValidatePeriod(const ActivityQuery& q) {
  if (std::chrono::sys_days(q.from) < std::chrono::sys_days(q.to)) return Status::Ok();
  return InvalidField("to", "to must be after from");
}

}  // namespace nhood::link
