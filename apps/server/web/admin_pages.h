// The admin pages beyond the audit trail and erasure:
//   - users and roles: list, add a user, change a user's name or role,
//     deactivate or reactivate them (admins only, kManageUsers;
//     link::AddUser / ChangeUser, audited; an admin cannot demote or
//     deactivate themselves);
//   - directory import (admins and managers, kImportDirectory): an Open
//     Referral UK JSON feed or a services sheet as CSV, pasted or read from
//     a file by the page's script, imported by link::ImportDirectory (the
//     `nhood link import` code); the page shows what was written and every
//     rejected record or row with its field and reason.
#pragma once

#include <vector>

#include "apps/server/router.h"
#include "apps/server/web/forms.h"

namespace nhood::server::web {

std::vector<Route> AdminPages(Tokens tokens);

}  // namespace nhood::server::web
