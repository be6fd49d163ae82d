// Users of the link service, their roles and teams.
//
// A user logs in with a username and a password; the store keeps the
// password hash exactly as given (the server hashes with argon2id through
// libsodium; this module never sees a password). Roles are the five the
// issue names. A team groups link workers under managers; with no teams
// configured a manager sees every caseload (permissions.h). Copyable values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

enum class Role { kAdmin, kManager, kLinkWorker, kVolunteer, kAnalyst };
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kManager, Role::kLinkWorker, Role::kVolunteer,
                                     Role::kAnalyst};
// "admin", "manager", "link_worker", "volunteer", "analyst".
std::string_view RoleName(Role role);
// The inverse; kInvalidArgument (field "role") for any other text.
Result<Role> ParseRole(std::string_view text);

struct Team {
  int64_t id = 0;  // assigned by the store
  std::string name;
};

struct User {
  int64_t id = 0;  // assigned by the store
  std::string username;
  std::string display_name;
  Role role = Role::kLinkWorker;
  std::string password_hash;  // opaque (argon2id string from crypto_pwhash_str)
  std::optional<int64_t> team_id;
  bool active = true;
  Time created_at{};
};

// Usernames are 1-64 characters of [a-z0-9._-] (case-folded by callers);
// the display name is non-empty. kInvalidArgument naming the field.
Status ValidateUser(const User& user);

}  // namespace nhood::link
