// Volunteer hours: a manager or admin records hours for any volunteer
// (kManageVolunteers lists them); a volunteer records their own (the
// volunteer record linked to their user; link::LogVolunteerHours checks the
// rule "self"). The page lists the chosen volunteer's hours below the form.
#pragma once

#include <vector>

#include "apps/server/router.h"
#include "apps/server/web/forms.h"

namespace nhood::server::web {

std::vector<Route> VolunteerPages(Tokens tokens);

}  // namespace nhood::server::web
