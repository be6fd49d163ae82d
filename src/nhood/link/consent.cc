#include "nhood/link/consent.h"

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 3> kConsentKindNames = {"store", "share_with_gp", "evaluation"};
}  // namespace

std::string_view ConsentKindName(ConsentKind k) { return internal::EnumName(k, kConsentKindNames); }
Result<ConsentKind> ParseConsentKind(std::string_view t) {
  return internal::ParseEnum<ConsentKind>(t, kConsentKindNames, "kind");
}

bool HasConsent(std::span<const Consent> records, ConsentKind kind) {
  const Consent* latest = nullptr;
  for (const Consent& c : records) {
    if (c.kind != kind) continue;
    if (!latest || std::chrono::sys_days(c.date) > std::chrono::sys_days(latest->date) ||
        (c.date == latest->date && c.id > latest->id)) {
      latest = &c;
    }
  }
  return latest && latest->given;
}

Status ValidateConsent(const Consent& c, Date today) {
  if (!c.date.ok()) return InvalidField("date", "date is not a calendar date");
  if (std::chrono::sys_days(c.date) > std::chrono::sys_days(today)) {
    return InvalidField("date", "consent date " + FormatDate(c.date) + " is in the future");
  }
  if (c.resident_id <= 0) return InvalidField("resident_id", "resident_id is required");
  return Status::Ok();
}

}  // namespace nhood::link
