// Need-to-know access with an audit trail: the facts the permission matrix
// needs about a record, and the check that records its own outcome.
//
// Every check of personal data appends one AuditEvent (who, when, action,
// record, allowed or refused) through the Store. A refusal is audited and
// committed even though the request fails. Pure logic over link::Store: no
// SQL, no I/O of its own. Thread-safe if the Store is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"

namespace nhood::link {

// Where a request came from, for the audit row, and the time it is handled.
struct RequestInfo {
  Time now{};
  std::string address;
  std::string request_id;
};

// What `actor` is to resident `resident_id`:
//  - on_own_caseload: the resident is on the actor's caseload;
//  - on_team_caseload (managers): the resident is on the caseload of a user in
//    the actor's team; when the service has no teams at all, any resident.
// kNotFound when the resident does not exist.
Result<AccessFacts> ResidentFacts(Store& store, const Actor& actor, int64_t resident_id);

// A contact's facts: its resident's, plus assigned_to_actor when the contact's
// volunteer is the actor's volunteer record.
Result<AccessFacts> ContactFacts(Store& store, const Actor& actor, const Contact& contact);

// One audit event recording `decision` (ok = allowed; an error = refused,
// with its message as the detail) of `action` on ("resident", "17").
Status AuditDecision(Store& store, const Actor& actor, Action action, std::string_view record_type,
                     std::string_view record_id, const Status& decision, const RequestInfo& request);

// CheckAccess, then AuditDecision. Returns the check (kPermissionDenied when
// refused) or the audit write's error. For reads: call it outside any
// transaction so a refusal's audit row commits. For writes, see casework.h:
// the refusal is audited on its own, and an allowed change commits together
// with its audit row.
Status AuditedCheck(Store& store, const Actor& actor, Action action, const AccessFacts& facts,
                    std::string_view record_type, std::string_view record_id, const RequestInfo& request);

// An audit event for something with no actor yet (a failed login): user_id
// empty, username as typed.
Status AuditAnonymous(Store& store, std::string_view username, std::string_view action, AuditOutcome outcome,
                      std::string_view detail, const RequestInfo& request);

}  // namespace nhood::link
