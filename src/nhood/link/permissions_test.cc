#include "nhood/link/permissions.h"

#include <gtest/gtest.h>

#include <map>

namespace nhood::link {
namespace {

// The written expectation, independent of kMatrix: one string per action,
// one letter per role in the order admin, manager, link_worker, volunteer,
// analyst. A = allow, D = deny, O = own caseload, T = team caseloads,
// M = assigned to the actor, S = self.
const std::map<Action, std::string> kExpected = {
    {Action::kReadDirectory, "AAAAA"},    {Action::kEditDirectory, "AADDD"},   {Action::kImportDirectory, "AADDD"},
    {Action::kReadResident, "DTODD"},     {Action::kWriteResident, "DTODD"},   {Action::kEraseResident, "ATDDD"},
    {Action::kShareResident, "DTODD"},    {Action::kReadCaseload, "DTODD"},    {Action::kReadReferral, "DTODD"},
    {Action::kWriteReferral, "DTODD"},    {Action::kReadContact, "DTOMD"},     {Action::kWriteContact, "DTOMD"},
    {Action::kReadOutcome, "DTODD"},      {Action::kWriteOutcome, "DTODD"},    {Action::kSendGpMessage, "DTODD"},
    {Action::kManageVolunteers, "AADDD"}, {Action::kLogVolunteerHours, "AADSD"}, {Action::kReadReports, "AADDA"},
    {Action::kExportExtract, "DDDDA"},    {Action::kManageUsers, "ADDDD"},     {Action::kReadAudit, "ADDDD"},
};

Rule FromLetter(char c) {
  switch (c) {
    case 'A': return Rule::kAllow;
    case 'O': return Rule::kOwnCaseload;
    case 'T': return Rule::kTeamCaseloads;
    case 'M': return Rule::kAssignedToActor;
    case 'S': return Rule::kSelf;
    default: return Rule::kDeny;
  }
}

TEST(Permissions, EveryRoleActionCellMatchesTheWrittenExpectation) {
  ASSERT_EQ(kExpected.size(), std::size(kAllActions));
  for (Action a : kAllActions) {
    const std::string& row = kExpected.at(a);
    for (size_t r = 0; r < std::size(kAllRoles); ++r) {
      Role role = kAllRoles[r];
      EXPECT_EQ(RuleFor(role, a), FromLetter(row[r])) << RoleName(role) << " × " << ActionName(a);
    }
  }
}

// Each cell's rule, exercised with facts that should and should not pass.
TEST(Permissions, CheckAccessAppliesEachCellsRule) {
  const AccessFacts none{};
  const AccessFacts own{.on_own_caseload = true};
  const AccessFacts team{.on_team_caseload = true};
  const AccessFacts assigned{.assigned_to_actor = true};
  const AccessFacts self{.is_self = true};
  for (Action a : kAllActions) {
    for (Role role : kAllRoles) {
      Actor actor{.user_id = 1, .username = "u", .role = role};
      const Rule rule = RuleFor(role, a);
      auto allowed = [&](const AccessFacts& f) { return CheckAccess(actor, a, f).ok(); };
      const std::string cell = std::string(RoleName(role)) + " × " + std::string(ActionName(a));
      switch (rule) {
        case Rule::kDeny:
          EXPECT_FALSE(allowed(own) || allowed(team) || allowed(assigned) || allowed(self)) << cell;
          EXPECT_EQ(CheckAccess(actor, a, own).code(), StatusCode::kPermissionDenied) << cell;
          break;
        case Rule::kAllow: EXPECT_TRUE(allowed(none)) << cell; break;
        case Rule::kOwnCaseload:
          EXPECT_TRUE(allowed(own)) << cell;
          EXPECT_FALSE(allowed(none) || allowed(team) || allowed(assigned)) << cell;
          break;
        case Rule::kTeamCaseloads:
          EXPECT_TRUE(allowed(team) && allowed(own)) << cell;
          EXPECT_FALSE(allowed(none) || allowed(assigned)) << cell;
          break;
        case Rule::kAssignedToActor:
          EXPECT_TRUE(allowed(assigned)) << cell;
          EXPECT_FALSE(allowed(none) || allowed(own) || allowed(team)) << cell;
          break;
        case Rule::kSelf:
          EXPECT_TRUE(allowed(self)) << cell;
          EXPECT_FALSE(allowed(none) || allowed(own)) << cell;
          break;
      }
      EXPECT_EQ(RoleMayEver(role, a), rule != Rule::kDeny) << cell;
    }
  }
}

TEST(Permissions, RefusalSaysWhy) {
  Actor worker{.user_id = 2, .username = "lw2", .role = Role::kLinkWorker};
  Status s = CheckAccess(worker, Action::kReadResident, {});
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "link_worker may read_resident only on their own caseload");
  EXPECT_EQ(*ParseAction("read_audit"), Action::kReadAudit);
  EXPECT_EQ(*ParseRole("link_worker"), Role::kLinkWorker);
  EXPECT_FALSE(ParseRole("superuser"));
}

}  // namespace
}  // namespace nhood::link
