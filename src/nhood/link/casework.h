// The casework operations the API calls: each checks the permission matrix
// and need-to-know facts (access.h), validates, writes, and audits.
//
// Reads audit one event (allowed or refused). Writes audit a refusal on its
// own (so it is kept) and otherwise commit the change and its "allowed"
// audit event in one transaction. Errors: kPermissionDenied (refused, and
// audited), kInvalidArgument with the field (validation), kNotFound (unknown
// id), kFailedPrecondition (workflow or conflict), store errors. Dates are
// validated against the UTC day of `request.now`. Thread-safe if the Store is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"

namespace nhood::link {

// Creates a resident and puts them on the actor's caseload (reason
// "created"). `r.pseudonym` must be a fresh UUID (the caller draws it from
// its CSPRNG); created_by/created_at are set here. Returns the id.
Result<int64_t> CreateResident(Store& store, const Actor& actor, Resident r, const RequestInfo& request);
Result<Resident> ReadResident(Store& store, const Actor& actor, int64_t id, const RequestInfo& request);
// Replaces the editable fields of resident r.id.
Status UpdateResident(Store& store, const Actor& actor, const Resident& r, const RequestInfo& request);
// Erasure on request (Store::EraseResident, then Store::PurgeDeletedData so
// nothing erased stays in the database's files), audited. Call it outside
// any transaction.
Status EraseResident(Store& store, const Actor& actor, int64_t id, const RequestInfo& request);
// Adds the resident to user `with_user_id`'s caseload (reason "shared").
Status ShareResident(Store& store, const Actor& actor, int64_t resident_id, int64_t with_user_id,
                     const RequestInfo& request);

// The actor's caseload: a link worker's own; a manager's team's (every
// caseload when no teams are configured; their own when they have no team).
// Other roles are refused.
Result<std::vector<CaseloadItem>> ReadCaseload(Store& store, const Actor& actor, int64_t after_resident_id,
                                               int limit, const RequestInfo& request);

Result<int64_t> RecordConsent(Store& store, const Actor& actor, Consent c, const RequestInfo& request);
Result<std::vector<Consent>> ReadConsents(Store& store, const Actor& actor, int64_t resident_id,
                                          const RequestInfo& request);

// A new referral in status received, received by the actor at request.now
// unless r.received_at is set. A link worker creating it is its assignee
// unless r.assigned_to is set; the assignee joins the caseload ("assigned").
Result<int64_t> CreateReferral(Store& store, const Actor& actor, Referral r, const RequestInfo& request);
Result<Referral> ReadReferral(Store& store, const Actor& actor, int64_t id, const RequestInfo& request);
// Moves referral `id` to `to` at request.now (MakeTransition's rules).
Result<Transition> MoveReferral(Store& store, const Actor& actor, int64_t id, ReferralStatus to,
                                std::optional<std::string> note, const RequestInfo& request);

// Records a contact in a referral. A volunteer may record only contacts
// assigned to themselves (volunteer_id is set to theirs when empty). A link
// worker's contact defaults worker_id to the actor.
Result<int64_t> RecordContact(Store& store, const Actor& actor, Contact c, const RequestInfo& request);
// A referral's contacts: all of them for its caseload's workers and
// managers; for a volunteer, only those assigned to them (none is not an
// error, and the read is still audited).
Result<std::vector<Contact>> ReadContacts(Store& store, const Actor& actor, int64_t referral_id,
                                          const RequestInfo& request);

Result<int64_t> RecordOutcome(Store& store, const Actor& actor, Outcome o, const RequestInfo& request);
Result<std::vector<Outcome>> ReadOutcomes(Store& store, const Actor& actor, int64_t referral_id,
                                          const RequestInfo& request);

// ---- the referral workflow in detail ----

// A referral with its transitions (time order) and the SNOMED CT events its
// episode emits (referral.h SnomedEvents). One audited read.
struct ReferralDetail {
  Referral referral;
  std::vector<Transition> transitions;
  std::vector<SnomedEvent> snomed;
};
Result<ReferralDetail> ReadReferralDetail(Store& store, const Actor& actor, int64_t id, const RequestInfo& request);

// ---- needs, "what matters to me" goals, onward referrals ----

// Records a need in referral n.referral_id (resident, recorder set here;
// identified_on defaults to today when unset).
Result<int64_t> RecordNeed(Store& store, const Actor& actor, Need n, const RequestInfo& request);
Result<std::vector<Need>> ReadNeeds(Store& store, const Actor& actor, int64_t referral_id, const RequestInfo& request);

Result<int64_t> RecordGoal(Store& store, const Actor& actor, Goal g, const RequestInfo& request);
// Reviews goal g.id of referral g.referral_id: replaces what_matters (when
// non-empty), status and reviewed_on (today when unset). kNotFound when the
// goal is not that referral's.
Status ReviewGoal(Store& store, const Actor& actor, const Goal& g, const RequestInfo& request);
Result<std::vector<Goal>> ReadGoals(Store& store, const Actor& actor, int64_t referral_id, const RequestInfo& request);

// Refers on to directory service o.service_id (which must exist: kNotFound
// field "service_id"), status sent.
Result<int64_t> RecordOnwardReferral(Store& store, const Actor& actor, OnwardReferral o, const RequestInfo& request);
// Moves onward referral `id` of referral `referral_id` to `to` on `on`
// (OnwardTransitionAllowed; kFailedPrecondition field "status" otherwise;
// the same status again only updates the outcome text).
Result<OnwardReferral> MoveOnwardReferral(Store& store, const Actor& actor, int64_t referral_id, int64_t id,
                                          OnwardStatus to, std::optional<Date> on,
                                          std::optional<std::string> outcome, const RequestInfo& request);
Result<std::vector<OnwardReferral>> ReadOnwardReferrals(Store& store, const Actor& actor, int64_t referral_id,
                                                        const RequestInfo& request);

// Every outcome measure of a resident, across their referrals (one audited
// read of the resident's outcomes).
Result<std::vector<Outcome>> ReadResidentOutcomes(Store& store, const Actor& actor, int64_t resident_id,
                                                  const RequestInfo& request);

// The audit trail (admin only); the read itself is audited.
Result<std::vector<AuditEvent>> ReadAudit(Store& store, const Actor& actor, const AuditQuery& q,
                                          const RequestInfo& request);

}  // namespace nhood::link
