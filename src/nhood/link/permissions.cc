#include "nhood/link/permissions.h"

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {

constexpr std::array<std::string_view, 21> kActionNames = {
    "read_directory", "edit_directory", "import_directory", "read_resident",  "write_resident",
    "erase_resident", "share_resident", "read_caseload",    "read_referral",  "write_referral",
    "read_contact",   "write_contact",  "read_outcome",     "write_outcome",  "send_gp_message",
    "manage_volunteers", "log_volunteer_hours", "read_reports", "export_extract", "manage_users",
    "read_audit"};
static_assert(kActionNames.size() == std::size(kAllActions));

constexpr std::array<std::string_view, 6> kRuleNames = {"deny",          "allow",           "own_caseload",
                                                        "team_caseloads", "assigned_to_actor", "self"};

// THE permission matrix: one row per action, one column per role, in the
// order admin, manager, link_worker, volunteer, analyst. Reviewed against the
// issue's need-to-know rules (docs: permissions.h).
struct Row {
  Action action;
  Rule rules[5];
};
constexpr Rule D = Rule::kDeny, A = Rule::kAllow, Own = Rule::kOwnCaseload, Team = Rule::kTeamCaseloads,
               Mine = Rule::kAssignedToActor, Self = Rule::kSelf;
constexpr Row kMatrix[] = {
    //                              admin manager link_worker volunteer analyst
    {Action::kReadDirectory,      {A, A, A, A, A}},
    {Action::kEditDirectory,      {A, A, D, D, D}},
    {Action::kImportDirectory,    {A, A, D, D, D}},
    {Action::kReadResident,       {D, Team, Own, D, D}},
    {Action::kWriteResident,      {D, Team, Own, D, D}},
    {Action::kEraseResident,      {A, Team, D, D, D}},
    {Action::kShareResident,      {D, Team, Own, D, D}},
    {Action::kReadCaseload,       {D, Team, Own, D, D}},
    {Action::kReadReferral,       {D, Team, Own, D, D}},
    {Action::kWriteReferral,      {D, Team, Own, D, D}},
    {Action::kReadContact,        {D, Team, Own, Mine, D}},
    {Action::kWriteContact,       {D, Team, Own, Mine, D}},
    {Action::kReadOutcome,        {D, Team, Own, D, D}},
    {Action::kWriteOutcome,       {D, Team, Own, D, D}},
    {Action::kSendGpMessage,      {D, Team, Own, D, D}},
    {Action::kManageVolunteers,   {A, A, D, D, D}},
    {Action::kLogVolunteerHours,  {A, A, D, Self, D}},
    {Action::kReadReports,        {A, A, D, D, A}},
    {Action::kExportExtract,      {D, D, D, D, A}},
    {Action::kManageUsers,        {A, D, D, D, D}},
    {Action::kReadAudit,          {A, D, D, D, D}},
};
static_assert(std::size(kMatrix) == std::size(kAllActions), "every action has a row");

constexpr bool RowsInOrder() {
  for (size_t i = 0; i < std::size(kMatrix); ++i) {
    if (static_cast<size_t>(kMatrix[i].action) != i) return false;
  }
  return true;
}
static_assert(RowsInOrder(), "kMatrix rows follow the Action enum");

}  // namespace

std::string_view ActionName(Action a) { return internal::EnumName(a, kActionNames); }
Result<Action> ParseAction(std::string_view t) { return internal::ParseEnum<Action>(t, kActionNames, "action"); }
std::string_view RuleName(Rule r) { return internal::EnumName(r, kRuleNames); }

Rule RuleFor(Role role, Action action) {
  const size_t a = static_cast<size_t>(action), r = static_cast<size_t>(role);
  if (a >= std::size(kMatrix) || r >= 5) return Rule::kDeny;
  return kMatrix[a].rules[r];
}

bool RoleMayEver(Role role, Action action) { return RuleFor(role, action) != Rule::kDeny; }

Status CheckAccess(const Actor& actor, Action action, const AccessFacts& facts) {
  const Rule rule = RuleFor(actor.role, action);
  bool ok = false;
  const char* why = "";
  switch (rule) {
    case Rule::kDeny: why = "never"; break;
    case Rule::kAllow: ok = true; break;
    case Rule::kOwnCaseload: ok = facts.on_own_caseload; why = "only on their own caseload"; break;
    case Rule::kTeamCaseloads:
      ok = facts.on_team_caseload || facts.on_own_caseload;
      why = "only on their team's caseloads";
      break;
    case Rule::kAssignedToActor: ok = facts.assigned_to_actor; why = "only when assigned to them"; break;
    case Rule::kSelf: ok = facts.is_self; why = "only for themselves"; break;
  }
  if (ok) return Status::Ok();
  return PermissionDenied(std::string(RoleName(actor.role)) + " may " + std::string(ActionName(action)) + " " + why);
}

}  // namespace nhood::link
