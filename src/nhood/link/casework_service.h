// Casework operations with their need-to-know checks and audit: what the
// /api/v1 handlers call.
//
// Each function loads what the permission check needs (is the resident on the
// actor's caseload? their team's?), asks CheckAccess (permissions.h), and
// appends an AuditEvent: an allowed read or write is audited in the same
// transaction as the write (reads: before the data is returned); a refused
// one is audited on its own, then kPermissionDenied is returned. Unknown ids
// are kNotFound (not audited: no personal data was reached). Field checks are
// the domain's Validate* (kInvalidArgument naming the field). Audit details
// never hold personal data values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"

namespace nhood::link {

// Who, when, from where: stamped on audit events.
struct RequestMeta {
  Time now{};
  std::string address;
  std::string request_id;
};

// Appends a refused event for an action the actor's role may never do (the
// router's first check) and returns the kPermissionDenied to send.
Status RefuseByRole(Store& store, const Actor& actor, const RequestMeta& meta, Action action,
                    const std::string& record_type, const std::string& record_id);

// Creates the resident (the store assigns id and pseudonym-less fields are
// taken as given; an empty pseudonym is filled from `pseudonym`) and puts it
// on the actor's caseload (reason kCreated). `r.created_by` is the actor.
Result<int64_t> CreateResident(Store& store, const Actor& actor, const RequestMeta& meta, Resident r,
                               const std::string& pseudonym);
Result<Resident> ReadResident(Store& store, const Actor& actor, const RequestMeta& meta, int64_t id);

// A new referral (status received, received_by the actor; assigned to the
// actor when a link worker logs it).
Result<int64_t> CreateReferral(Store& store, const Actor& actor, const RequestMeta& meta, Referral r);

// A contact on referral c.referral_id. The resident is the referral's; a link
// worker or manager is the worker unless a volunteer is named; a volunteer
// records contacts assigned to themselves.
Result<int64_t> RecordContact(Store& store, const Actor& actor, const RequestMeta& meta, Contact c);
// The referral's contacts (a volunteer: only those assigned to them).
Result<std::vector<Contact>> ReadContacts(Store& store, const Actor& actor, const RequestMeta& meta,
                                          int64_t referral_id);

// An outcome measure on referral o.referral_id (validated by ValidateOutcome).
Result<int64_t> RecordOutcome(Store& store, const Actor& actor, const RequestMeta& meta, Outcome o);

// The actor's caseload: their own (link worker), their team's or every
// caseload (manager, teams unset).
Result<std::vector<CaseloadItem>> ReadCaseload(Store& store, const Actor& actor, const RequestMeta& meta,
                                               int64_t after_resident_id, int limit);

// Aggregate activity between two dates (from inclusive, to exclusive). Counts
// of people or referrals from 1 to kSuppressBelow - 1 are withheld: listed in
// `suppressed`, absent from `counts`.
inline constexpr int64_t kSuppressBelow = 5;
struct ActivityReport {
  Date from{}, to{};
  std::map<std::string, int64_t> counts;  // "referrals", "referrals.source.gp", "contacts", "contact_minutes", …
  std::vector<std::string> suppressed;
};
Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, const RequestMeta& meta, Date from,
                                          Date to);

}  // namespace nhood::link
