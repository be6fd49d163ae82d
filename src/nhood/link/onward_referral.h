// Onward referrals: the link worker refers a resident on to a directory
// service. Status moves sent → accepted | declined, accepted → attended,
// and any non-final status may carry a free-text outcome. Copyable value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

enum class OnwardStatus { kSent, kAccepted, kDeclined, kAttended };
std::string_view OnwardStatusName(OnwardStatus s);  // "sent", "accepted", "declined", "attended"
Result<OnwardStatus> ParseOnwardStatus(std::string_view text);
// sent → accepted, sent → declined, accepted → attended, accepted → declined.
bool OnwardTransitionAllowed(OnwardStatus from, OnwardStatus to);

struct OnwardReferral {
  int64_t id = 0;  // assigned by the store
  int64_t referral_id = 0;
  int64_t resident_id = 0;
  std::string service_id;  // directory Service id (UUID)
  OnwardStatus status = OnwardStatus::kSent;
  Date sent_on{};
  std::optional<Date> status_on;  // when the current status was reached
  std::optional<std::string> outcome;
  int64_t created_by = 0;
  Time updated_at{};
};

// A UUID service id (field "service_id"), sent_on not after `today`.
Status ValidateOnwardReferral(const OnwardReferral& o, Date today);

}  // namespace nhood::link
