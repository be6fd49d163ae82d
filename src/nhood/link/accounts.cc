#include "nhood/link/accounts.h"

namespace nhood::link {
namespace {

std::string Id(int64_t id) { return std::to_string(id); }

// A password change is the user's own business, not user management: its
// audit event says so ("change_own_password").
Status AuditPasswordChange(Store& store, const Actor& actor, const Status& decision, const RequestInfo& request) {
  AuditEvent e;
  e.at = request.now;
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.action = "change_own_password";
  e.record_type = "user";
  e.record_id = Id(actor.user_id);
  e.outcome = decision.ok() ? AuditOutcome::kAllowed : AuditOutcome::kRefused;
  e.detail = decision.ok() ? "" : decision.message();
  e.address = request.address;
  e.request_id = request.request_id;
  return store.AppendAudit(e).status();
}

}  // namespace

Result<std::vector<User>> ReadUsers(Store& store, const Actor& actor, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kManageUsers, {}, "user", "", request));
  return store.ListUsers();
}

Result<int64_t> AddUser(Store& store, const Actor& actor, const NewUser& user, const RequestInfo& request) {
  Status decision = CheckAccess(actor, Action::kManageUsers);
  if (!decision.ok()) {
    NHOOD_RETURN_IF_ERROR(AuditDecision(store, actor, Action::kManageUsers, "user", "", decision, request));
    return decision.error();
  }
  if (user.password.size() < kMinPasswordLength) {
    return InvalidField("password", "the password must be at least " + std::to_string(kMinPasswordLength) +
                                        " characters");
  }
  if (user.team_id) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Team> teams, store.ListTeams());
    bool known = false;
    for (const Team& t : teams) known |= t.id == *user.team_id;
    if (!known) return Error{StatusCode::kNotFound, "team " + Id(*user.team_id) + " not found", "team_id"};
  }
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, CreateUser(tx, user, request.now));
    return AuditDecision(tx, actor, Action::kManageUsers, "user", Id(id), Status::Ok(), request);
  }));
  return id;
}

Result<User> ChangeUser(Store& store, const Actor& actor, int64_t user_id, const UserChange& change,
                        const RequestInfo& request) {
  Status decision = CheckAccess(actor, Action::kManageUsers);
  if (!decision.ok()) {
    NHOOD_RETURN_IF_ERROR(AuditDecision(store, actor, Action::kManageUsers, "user", Id(user_id), decision, request));
    return decision.error();
  }
  NHOOD_ASSIGN_OR_RETURN(User u, store.GetUser(user_id));
  if (user_id == actor.user_id && ((change.active && !*change.active) || (change.role && *change.role != u.role))) {
    return FailedPrecondition("an admin cannot deactivate or change the role of their own account");
  }
  if (change.role) u.role = *change.role;
  if (change.active) u.active = *change.active;
  if (change.display_name) u.display_name = *change.display_name;
  NHOOD_RETURN_IF_ERROR(ValidateUser(u));
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.UpdateUser(u));
    if (!u.active) NHOOD_RETURN_IF_ERROR(tx.DeleteUserSessions(u.id));
    return AuditDecision(tx, actor, Action::kManageUsers, "user", Id(user_id), Status::Ok(), request);
  }));
  return u;
}

Status ChangeOwnPassword(Store& store, const Actor& actor, const std::string& current, const std::string& next,
                         const RequestInfo& request, const AuthPolicy& policy) {
  NHOOD_ASSIGN_OR_RETURN(User u, store.GetUser(actor.user_id));
  NHOOD_ASSIGN_OR_RETURN(int64_t failures, store.CountFailedLogins({.username = u.username, .address = std::nullopt,
                                                                   .since = request.now - policy.window}));
  Status refused = Status::Ok();
  if (failures >= policy.max_failures_per_user) {
    refused = PermissionDenied("too many failed attempts: try again later");
  } else if (!VerifyPassword(u.password_hash, current)) {
    NHOOD_RETURN_IF_ERROR(store.AddLoginAttempt(
        {.username = u.username, .address = request.address, .at = request.now, .succeeded = false}));
    refused = Error{StatusCode::kPermissionDenied, "the current password is wrong", "current_password"};
  }
  if (!refused.ok()) {
    NHOOD_RETURN_IF_ERROR(AuditPasswordChange(store, actor, refused, request));
    return refused;
  }
  if (next.size() < kMinPasswordLength) {
    return InvalidField("new_password", "the new password must be at least " + std::to_string(kMinPasswordLength) +
                                            " characters");
  }
  Result<std::string> hash = HashPassword(next);
  if (!hash) return Error{hash.error().code, hash.error().message, "new_password"};
  u.password_hash = *hash;
  return store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.UpdateUser(u));
    return AuditPasswordChange(tx, actor, Status::Ok(), request);
  });
}

}  // namespace nhood::link
