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

#include <optional>
#include <string>
#include <vector>

#include "apps/server/router.h"
#include "nhood/link/dates.h"
#include "nhood/link/reach_report.h"

namespace nhood::server {

std::vector<Route> ReportRoutes();

// The request parsing the report routes and the report pages
// (web/report_pages.h) share, so both accept and refuse the same queries.
struct ReportPeriod {
  std::optional<link::Date> from, to;
};
// `from` and `to`: both YYYY-MM-DD or neither, to after from;
// kInvalidArgument naming the field.
Result<ReportPeriod> ParseReportPeriod(const Input& in);
// The atlas a request names (`atlas`): one of `nhood serve --atlas`'s
// directories, by its path or last component, or the only one when none is
// named; "" when none is named and `required` is false. kInvalidArgument
// (field "atlas") otherwise. Never a path from the request itself.
Result<std::string> ReportAtlasDir(App& app, const Input& in, bool required);
// What the pages and the API call an atlas directory: its last component
// ("out/atlas/" -> "atlas").
std::string ReportAtlasName(const std::string& dir);
// The areas of the atlas directory's lsoas.csv (kInternal when broken).
Result<std::vector<link::ReachArea>> ReportAtlasAreas(const std::string& dir);

}  // namespace nhood::server
