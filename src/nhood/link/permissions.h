// The permission matrix: which role may do which action, and under which
// need-to-know rule. Written once, here; the server's router and the link
// service functions both ask it.
//
//   role         residents/referrals/contacts/outcomes         other
//   admin        erase only (no reading of case records)        users, audit, directory, import, reports
//   manager      their team's caseloads (every caseload         directory, volunteers, reports, GP message
//                when no teams are configured)
//   link_worker  own caseload only (created, assigned or        directory read, GP message (own caseload)
//                explicitly shared residents)
//   volunteer    contacts assigned to them; their own hours     directory read
//   analyst      none                                           reports (aggregates), pseudonymised extract
//
// The full role × action table is kMatrix in permissions.cc (and the test
// walks every cell). An action not in the table is denied. Pure and
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/user.h"

namespace nhood::link {

enum class Action {
  kReadDirectory,     // the public ORUK read API (also anonymous)
  kEditDirectory,     // create/update organisations, services, locations, taxonomies (managers, admins)
  kImportDirectory,   // ORUK feed / services CSV import
  kReadResident,      // a resident's record, consents, needs, goals
  kWriteResident,     // create/update a resident, record consent, needs, goals
  kEraseResident,     // erasure on request
  kShareResident,     // add a resident to another worker's caseload / assign a referral
  kReadCaseload,      // GET /api/v1/caseload
  kReadReferral,      // a referral, its transitions, onward referrals
  kWriteReferral,     // create/update a referral, transitions, onward referrals
  kReadContact,       // contacts of a referral
  kWriteContact,      // record a contact
  kReadOutcome,       // outcome measures
  kWriteOutcome,      // record an outcome measure
  kSendGpMessage,     // the PRSB message back to the GP (needs consent (b) too)
  kManageVolunteers,  // add/edit volunteers, see everyone's hours
  kLogVolunteerHours, // record hours (a volunteer: their own only)
  kReadReports,       // aggregate activity and outcome reports (small numbers suppressed)
  kExportExtract,     // the pseudonymised evaluation extract (needs consent (c) per row)
  kManageUsers,       // users, roles, teams, passwords
  kReadAudit,         // the audit trail
};
inline constexpr Action kAllActions[] = {
    Action::kReadDirectory,  Action::kEditDirectory,    Action::kImportDirectory,  Action::kReadResident,
    Action::kWriteResident,  Action::kEraseResident,    Action::kShareResident,    Action::kReadCaseload,
    Action::kReadReferral,   Action::kWriteReferral,    Action::kReadContact,      Action::kWriteContact,
    Action::kReadOutcome,    Action::kWriteOutcome,     Action::kSendGpMessage,    Action::kManageVolunteers,
    Action::kLogVolunteerHours, Action::kReadReports,   Action::kExportExtract,    Action::kManageUsers,
    Action::kReadAudit};
// "read_directory", "edit_directory", … (the enumerator in snake_case).
std::string_view ActionName(Action a);
Result<Action> ParseAction(std::string_view text);

// How a grant is limited.
enum class Rule {
  kDeny,
  kAllow,            // any record
  kOwnCaseload,      // the resident is on the actor's own caseload
  kTeamCaseloads,    // on a caseload of the actor's team; any caseload when no teams exist
  kAssignedToActor,  // the contact is assigned to the actor (a volunteer)
  kSelf,             // the actor's own records (a volunteer's own hours)
};
std::string_view RuleName(Rule r);  // "deny", "allow", "own_caseload", …

// The matrix cell.
Rule RuleFor(Role role, Action action);

// Who is asking.
struct Actor {
  int64_t user_id = 0;
  std::string username;
  Role role = Role::kLinkWorker;
  std::optional<int64_t> team_id;
};

// What the checker needs to know about the record, filled by the caller
// (service.h fills it from the store). Unset facts count as false.
struct AccessFacts {
  bool on_own_caseload = false;    // resident on actor's caseload
  bool on_team_caseload = false;   // resident on a caseload of someone in actor's team,
                                   // or on any caseload / any resident when no teams exist
  bool assigned_to_actor = false;  // contact's volunteer is the actor
  bool is_self = false;            // the record is the actor's own (volunteer hours)
};

// OK when the matrix and the facts allow it; kPermissionDenied otherwise,
// with a message naming the role, action and rule ("link_worker may
// read_resident only on their own caseload").
Status CheckAccess(const Actor& actor, Action action, const AccessFacts& facts = {});

// Whether the role may ever do the action (the router's first check, before
// any record is loaded): the cell is not kDeny.
bool RoleMayEver(Role role, Action action);

}  // namespace nhood::link
