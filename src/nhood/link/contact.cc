#include "nhood/link/contact.h"

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 6> kKindNames = {"in_person", "home_visit", "phone",
                                                        "video",     "message",    "group"};
}  // namespace

std::string_view ContactKindName(ContactKind k) { return internal::EnumName(k, kKindNames); }
Result<ContactKind> ParseContactKind(std::string_view t) {
  return internal::ParseEnum<ContactKind>(t, kKindNames, "mode");
}

Status ValidateContact(const Contact& c, Date today) {
  if (c.minutes < 0) {
    return InvalidField("minutes", "minutes " + std::to_string(c.minutes) + " is negative");
  }
  if (c.minutes > 24 * 60) {
    return InvalidField("minutes", "minutes " + std::to_string(c.minutes) + " is more than a day");
  }
  if (!c.date.ok()) return InvalidField("date", "date is not a calendar date");
  if (std::chrono::sys_days(c.date) > std::chrono::sys_days(today)) {
    return InvalidField("date", "contact date " + FormatDate(c.date) + " is in the future");
  }
  if (!c.worker_id && !c.volunteer_id) {
    return InvalidField("worker_id", "a contact needs a worker or a volunteer");
  }
  if (c.referral_id <= 0) return InvalidField("referral_id", "referral_id is required");
  return Status::Ok();
}

}  // namespace nhood::link
