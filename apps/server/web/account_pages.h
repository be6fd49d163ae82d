// The signed-in user's own account: changing their password (current, new,
// confirm; link::ChangeOwnPassword checks the current one, with a wrong one
// counted by the login throttle, and stores the new one as argon2id). Any
// session may use it. Passwords are never written back into a page, so a
// refused form comes back with its password boxes empty.
#pragma once

#include <vector>

#include "apps/server/router.h"
#include "apps/server/web/forms.h"

namespace nhood::server::web {

std::vector<Route> AccountPages(Tokens tokens);

}  // namespace nhood::server::web
