// The link reports as pages (docs/webapp.md, *Reports*):
//   GET /reports/activity?from=&to=[&atlas=]   by month and by neighbourhood
//   GET /reports/outcomes?measure=&from=&to=   paired outcomes per measure
//   GET /reports/reach?atlas=&from=&to=        reach into Core20 and doubly
//                                              disadvantaged neighbourhoods
// Role kReadReports (the router's check, audited on refusal), each read
// audited by nhood::link as the API's. The pages parse their filters with the
// API's parser (report_routes.h), call the same nhood::link reports and show
// the same link::ReportTables through the one HTML rendering (report_html.h),
// with links to the matching /api/v1/reports/… CSV, XLSX and JSON. Nothing is
// computed here. An invalid filter is a 422 page with the message at the
// field and every value kept.
#pragma once

#include <vector>

#include "apps/server/router.h"

namespace nhood::server::web {

std::vector<Route> ReportPages();

}  // namespace nhood::server::web
