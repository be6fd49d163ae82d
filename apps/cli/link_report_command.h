// `nhood link report activity|outcomes|reach|caseloads|waiting-times|
// organisations`: the link service's reports from a store, written as
// CSV/XLSX (apps/server/report_download.h, through the io writers) or a
// printable HTML page (the web app's report_table partial). Option parsing
// and wiring only: the reports are nhood/link's (activity_report.h,
// outcomes_report.h, reach_report.h, caseload_report.h, waiting_report.h,
// organisations_report.h), the dashboard's three as the API names them
// (apps/server/report_routes.h, DashboardTableReports).
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::cli {

// Adds `report` under `link` (the `nhood link` subcommand).
void SetupLinkReportCommand(CLI::App& link, int* exit_code);

}  // namespace nhood::cli
