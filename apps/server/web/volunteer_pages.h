// The volunteers (managers and admins, kManageVolunteers, as the API's
// /api/v1/volunteers): the list, "Add a volunteer" (name, start date and
// optionally the login of a user with the volunteer role) and each one's
// "Change" (name, start date, and the "Active" box that deactivates them).
// Every read and change goes through link's audited volunteering calls.
//
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
