// Managing the service's users through the API: an admin lists, creates,
// changes the role of, deactivates and reactivates users; anyone changes
// their own password.
//
// Every operation checks the permission matrix (kManageUsers; changing your
// own password needs only a session) and is audited as ("user", id). A
// deactivated user's sessions end at once and they cannot log in; a role
// change applies from their next request (the router reads the user's role
// each time). An admin cannot deactivate or demote themselves (so a service
// is never left without an admin by accident). Passwords are hashed with
// argon2id (auth.h) and never returned. Thread-safe if the Store is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/auth.h"
#include "nhood/link/store.h"

namespace nhood::link {

// Passwords set through the API are at least this long.
inline constexpr size_t kMinPasswordLength = 8;

Result<std::vector<User>> ReadUsers(Store& store, const Actor& actor, const RequestInfo& request);

// kInvalidArgument naming the field ("username", "password", "role"),
// kFailedPrecondition when the username is taken.
Result<int64_t> AddUser(Store& store, const Actor& actor, const NewUser& user, const RequestInfo& request);

// The fields an admin may change; unset ones stay as they are.
struct UserChange {
  std::optional<Role> role;
  std::optional<bool> active;
  std::optional<std::string> display_name;
};
// Returns the user as changed.
Result<User> ChangeUser(Store& store, const Actor& actor, int64_t user_id, const UserChange& change,
                        const RequestInfo& request);

// Checks `current` (a wrong one counts as a failed login for the throttle,
// auth.h, and is kPermissionDenied naming "current_password"; once locked
// out every attempt is refused), then sets `next` (at least
// kMinPasswordLength, field "new_password").
Status ChangeOwnPassword(Store& store, const Actor& actor, const std::string& current, const std::string& next,
                         const RequestInfo& request, const AuthPolicy& policy = {});

}  // namespace nhood::link
