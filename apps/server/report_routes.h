// The link service's report routes (report_routes.cc), appended to the
// route table by Routes() in routes.cc:
//   GET /api/v1/reports/activity  [?from=&to=&atlas=&format=csv]
//   GET /api/v1/reports/outcomes  ?measure=…[&from=&to=&format=csv]
//   GET /api/v1/reports/reach     [?atlas=&from=&to=&format=csv]
//   GET /api/v1/reports/caseloads, /waiting-times, /organisations  [?from=&to=&format=csv]
// Role kReadReports (admin, manager, analyst), audited by nhood::link. The
// numbers are nhood/link's (activity_report.h, outcomes_report.h,
// reach_report.h, caseload_report.h, waiting_report.h, organisations_report.h), small numbers suppressed; these handlers parse, call and
// render JSON or CSV. docs/api.md documents the shapes.
#pragma once

#include <vector>

#include "apps/server/router.h"

namespace nhood::server {

std::vector<Route> ReportRoutes();

}  // namespace nhood::server
