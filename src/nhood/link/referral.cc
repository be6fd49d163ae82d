#include "nhood/link/referral.h"

#include <algorithm>

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 4> kSourceNames = {"gp", "self", "agency", "other"};
constexpr std::array<std::string_view, 7> kStatusNames = {"received",  "contacted", "assessed",      "supported",
                                                          "closed",    "declined",  "did_not_engage"};
}  // namespace

std::string_view ReferralSourceName(ReferralSource s) { return internal::EnumName(s, kSourceNames); }
Result<ReferralSource> ParseReferralSource(std::string_view t) {
  return internal::ParseEnum<ReferralSource>(t, kSourceNames, "source");
}
std::string_view ReferralStatusName(ReferralStatus s) { return internal::EnumName(s, kStatusNames); }
Result<ReferralStatus> ParseReferralStatus(std::string_view t) {
  return internal::ParseEnum<ReferralStatus>(t, kStatusNames, "status");
}

bool IsFinal(ReferralStatus s) {
  return s == ReferralStatus::kClosed || s == ReferralStatus::kDeclined || s == ReferralStatus::kDidNotEngage;
}

bool TransitionAllowed(ReferralStatus from, ReferralStatus to) {
  using S = ReferralStatus;
  switch (from) {
    case S::kReceived: return to == S::kContacted || to == S::kDeclined;
    case S::kContacted: return to == S::kAssessed || to == S::kDeclined || to == S::kDidNotEngage;
    case S::kAssessed: return to == S::kSupported || to == S::kDeclined || to == S::kDidNotEngage;
    case S::kSupported: return to == S::kClosed || to == S::kDidNotEngage;
    case S::kClosed:
    case S::kDeclined:
    case S::kDidNotEngage: return false;
  }
  return false;
}

Result<Transition> MakeTransition(const Referral& r, ReferralStatus to, Time at, int64_t by,
                                  std::optional<std::string> note) {
  if (!TransitionAllowed(r.status, to)) {
    return Error{StatusCode::kFailedPrecondition,
                 "referral " + std::to_string(r.id) + ": cannot move from " + std::string(ReferralStatusName(r.status)) +
                     " to " + std::string(ReferralStatusName(to)),
                 "status"};
  }
  if (at < r.received_at) {
    return InvalidField("at", "referral " + std::to_string(r.id) + ": a transition at " + FormatTime(at) +
                                  " is before the referral was received (" + FormatTime(r.received_at) + ")");
  }
  Transition t;
  t.referral_id = r.id;
  t.from = r.status;
  t.to = to;
  t.at = at;
  t.by = by;
  t.note = std::move(note);
  return t;
}

bool IsOverdue(const Referral& r, Time now, OverduePolicy policy) {
  if (r.status != ReferralStatus::kReceived) return false;
  return now - r.received_at > std::chrono::days(policy.days_to_first_contact);
}

std::vector<SnomedEvent> SnomedEvents(const Referral& r, std::span<const Transition> transitions) {
  std::vector<SnomedEvent> out;
  out.push_back({std::string(kSnomedReferralToSocialPrescribing), "Referral to social prescribing service",
                 r.received_at});
  const Transition* declined = nullptr;
  for (const Transition& t : transitions) {
    if (t.referral_id == r.id && t.to == ReferralStatus::kDeclined && (!declined || t.at < declined->at)) {
      declined = &t;
    }
  }
  if (declined) {
    out.push_back({std::string(kSnomedSocialPrescribingDeclined), "Social prescribing declined", declined->at});
  }
  return out;
}

Status ValidateReferral(const Referral& r) {
  if (r.resident_id <= 0) return InvalidField("resident_id", "resident_id is required");
  if (r.reasons.empty()) return InvalidField("reasons", "at least one reason is required");
  for (size_t i = 0; i < r.reasons.size(); ++i) {
    if (r.reasons[i].empty()) {
      return InvalidField("reasons[" + std::to_string(i) + "]", "reasons[" + std::to_string(i) + "] is empty");
    }
  }
  return Status::Ok();
}

}  // namespace nhood::link
