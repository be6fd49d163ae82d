// The link service's report routes (report_routes.cc), appended to the
// route table by Routes() in routes.cc:
//   GET /api/v1/reports/activity  [?from=&to=&atlas=&format=csv|xlsx]
//   GET /api/v1/reports/outcomes  ?measure=…[&from=&to=&format=csv|xlsx]
//   GET /api/v1/reports/reach     [?atlas=&from=&to=&format=csv|xlsx]
//   GET /api/v1/reports/caseloads, /waiting-times, /organisations  [?from=&to=&format=csv|xlsx]
// Role kReadReports (admin, manager, analyst), audited by nhood::link. The
// numbers are nhood/link's (activity_report.h, outcomes_report.h,
// reach_report.h, caseload_report.h, waiting_report.h,
// organisations_report.h), small numbers suppressed; these handlers parse,
// call and render JSON, or a CSV or XLSX file (report_download.h).
// docs/api.md documents the shapes.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "apps/server/router.h"
#include "nhood/link/access.h"
#include "nhood/link/dates.h"
#include "nhood/link/reach_report.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

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

// The dashboard's three table reports, as the API (/api/v1/reports/NAME)
// and `nhood link report NAME` both know them.
struct DashboardTableReport {
  using Read = Result<link::ReportTable> (*)(link::Store&, const link::Actor&, const link::ActivityQuery&,
                                             const link::SuppressionRule&, const link::RequestInfo&);
  using FromStore = Result<link::ReportTable> (*)(link::Store&, const link::ActivityQuery&,
                                                  const link::SuppressionRule&);
  std::string_view name;    // "waiting-times": the route's and the CLI's
  std::string_view record;  // "waiting_times": the audit record link writes
  Read read;                // the role check, the audit, the table (the API)
  FromStore from_store;     // the table alone (the CLI, after AuditOperatorReport)
  bool last_year;           // by default the last 365 days, not all time
};
// caseloads (by default the last 365 days: a yearly figure),
// waiting-times, organisations (by default all time).
std::span<const DashboardTableReport> DashboardTableReports();
// The period asked for (both ends), or the report's default ending
// tomorrow (UTC, so today counts): all time from 1970-01-01, or with
// `last_year` the 365 days up to and including today.
link::ActivityQuery DashboardReportPeriod(const ReportPeriod& p, link::Time now, bool last_year);

}  // namespace nhood::server
