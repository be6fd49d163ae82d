#include "nhood/link/onward_referral.h"

#include "nhood/link/internal/enum_names.h"
#include "nhood/link/uuid.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 4> kOnwardNames = {"sent", "accepted", "declined", "attended"};
}  // namespace

std::string_view OnwardStatusName(OnwardStatus s) { return internal::EnumName(s, kOnwardNames); }
Result<OnwardStatus> ParseOnwardStatus(std::string_view t) {
  return internal::ParseEnum<OnwardStatus>(t, kOnwardNames, "status");
}

bool OnwardTransitionAllowed(OnwardStatus from, OnwardStatus to) {
  using S = OnwardStatus;
  return (from == S::kSent && (to == S::kAccepted || to == S::kDeclined)) ||
         (from == S::kAccepted && (to == S::kAttended || to == S::kDeclined));
}

Status ValidateOnwardReferral(const OnwardReferral& o, Date today) {
  if (!IsUuid(o.service_id)) return InvalidField("service_id", "service_id: '" + o.service_id + "' is not a UUID");
  if (!o.sent_on.ok()) return InvalidField("sent_on", "sent_on is not a calendar date");
  if (std::chrono::sys_days(o.sent_on) > std::chrono::sys_days(today)) {
    return InvalidField("sent_on", "sent_on " + FormatDate(o.sent_on) + " is in the future");
  }
  if (o.referral_id <= 0) return InvalidField("referral_id", "referral_id is required");
  return Status::Ok();
}

}  // namespace nhood::link
