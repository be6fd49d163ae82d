// Referrals into the social-prescribing service and their workflow.
//
// A referral is one episode of support. It moves
//   received → contacted → assessed → supported → closed
// and may leave early as declined (from received, contacted or assessed) or
// did_not_engage (from contacted, assessed or supported). Each move is a
// Transition stamped with the time and the user; any other move is refused.
// A referral still `received` 14 days (configurable) after it arrived is
// overdue. SNOMED CT: 871731000000106 "Referral to social prescribing
// service" once per episode (at receipt) and 871711000000103 "Social
// prescribing declined" when declined (DOMAIN.md §A5, NHS England SPLW
// guidance). Pure functions; copyable values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

enum class ReferralSource { kGp, kSelf, kAgency, kOther };
std::string_view ReferralSourceName(ReferralSource s);  // "gp", "self", "agency", "other"
Result<ReferralSource> ParseReferralSource(std::string_view text);

enum class ReferralStatus { kReceived, kContacted, kAssessed, kSupported, kClosed, kDeclined, kDidNotEngage };
// "received", "contacted", "assessed", "supported", "closed", "declined", "did_not_engage".
std::string_view ReferralStatusName(ReferralStatus s);
Result<ReferralStatus> ParseReferralStatus(std::string_view text);
// closed, declined and did_not_engage end an episode.
bool IsFinal(ReferralStatus s);

struct Referral {
  int64_t id = 0;  // assigned by the store
  int64_t resident_id = 0;
  ReferralSource source = ReferralSource::kOther;
  std::optional<std::string> referrer_name;          // "Dr A Khan"
  std::optional<std::string> referrer_organisation;  // "Saville Medical Group" / ODS code
  std::vector<std::string> reasons;                  // "loneliness", "debt", "housing"…
  ReferralStatus status = ReferralStatus::kReceived;
  std::optional<int64_t> assigned_to;  // link worker's user id
  Time received_at{};
  int64_t received_by = 0;  // user id who logged it
  Time updated_at{};
};

struct Transition {
  int64_t id = 0;  // assigned by the store
  int64_t referral_id = 0;
  ReferralStatus from = ReferralStatus::kReceived;
  ReferralStatus to = ReferralStatus::kReceived;
  Time at{};
  int64_t by = 0;  // user id
  std::optional<std::string> note;
};

// Whether the workflow allows from → to (see the top of this file).
bool TransitionAllowed(ReferralStatus from, ReferralStatus to);

// The transition that moves `r` to `to` at `at` by user `by`, or
// kFailedPrecondition "referral 7: cannot move from closed to contacted"
// (field "status") when the workflow forbids it; kInvalidArgument (field
// "at") when `at` is before the referral was received.
Result<Transition> MakeTransition(const Referral& r, ReferralStatus to, Time at, int64_t by,
                                  std::optional<std::string> note = std::nullopt);

struct OverduePolicy {
  int days_to_first_contact = 14;
};
// True when `r` is still `received` more than `policy.days_to_first_contact`
// whole days after received_at.
bool IsOverdue(const Referral& r, Time now, OverduePolicy policy = {});

inline constexpr std::string_view kSnomedReferralToSocialPrescribing = "871731000000106";
inline constexpr std::string_view kSnomedSocialPrescribingDeclined = "871711000000103";

struct SnomedEvent {
  std::string code;
  std::string display;
  Time at{};
};
// The SNOMED CT events an episode emits, in time order: the referral code
// once at received_at, and the declined code at the (single) transition to
// declined. `transitions` are the referral's own, any order.
std::vector<SnomedEvent> SnomedEvents(const Referral& r, std::span<const Transition> transitions);

// Checks: at least one reason, none empty; a known resident id (> 0).
// kInvalidArgument naming the field ("reasons").
Status ValidateReferral(const Referral& r);

}  // namespace nhood::link
