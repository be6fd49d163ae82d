// The resident's casework beyond contacts and outcome measures: needs,
// "what matters to me" goals and their review, and onward referrals (refer
// on from a directory service page, then record what became of them).
//
// Every page first reads the referral or resident through nhood::link, so a
// worker who does not hold the resident gets the 403 page (and the refusal
// is audited); writes are link's audited operations; every form carries the
// CSRF field and a one-time token, shows an invalid field beside itself with
// the values kept, and stores nothing then. Routes are listed in
// docs/webapp.md.
#pragma once

#include <vector>

#include "apps/server/router.h"
#include "apps/server/web/forms.h"

namespace nhood::server::web {

// The routes of these pages (registered by WebRoutes()).
std::vector<Route> CaseworkPages(Tokens tokens);

}  // namespace nhood::server::web
