#include "nhood/link/user.h"

#include "nhood/link/internal/enum_names.h"

namespace nhood::link {
namespace {
constexpr std::array<std::string_view, 5> kRoleNames = {"admin", "manager", "link_worker", "volunteer", "analyst"};
}  // namespace

std::string_view RoleName(Role r) { return internal::EnumName(r, kRoleNames); }
Result<Role> ParseRole(std::string_view t) { return internal::ParseEnum<Role>(t, kRoleNames, "role"); }

Status ValidateUser(const User& u) {
  if (u.username.empty() || u.username.size() > 64) {
    return InvalidField("username", "username must be 1-64 characters");
  }
  for (char c : u.username) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return InvalidField("username", "username: '" + u.username + "' may hold only a-z, 0-9, '.', '_' and '-'");
    }
  }
  if (u.display_name.empty()) return InvalidField("display_name", "display_name is required");
  if (u.password_hash.empty()) return InvalidField("password", "a password hash is required");
  return Status::Ok();
}

}  // namespace nhood::link
