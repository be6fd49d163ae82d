// The manager dashboard (GET /dashboard?from=&to=, kReadReports): for one
// period (the last 365 days by default), the activity summary, caseload per
// worker against the 200-250 a year safe caseload (a bar each, with its
// figures beside it as text), waiting times from referral to first contact,
// referrals by source, onward referrals by status and the organisations
// referred to: link::ReadDashboard's tables, small numbers shown as
// "fewer than N" and each table saying how many cells it withheld.
#pragma once

#include "apps/server/router.h"

namespace nhood::server::web {

Route DashboardRoute();

}  // namespace nhood::server::web
