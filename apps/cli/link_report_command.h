// `nhood link report activity|outcomes|reach`: the link service's reports
// from a store, written as CSV/XLSX (io writers) or a printable HTML page
// (kainjow mustache). Option parsing and wiring only: the reports are
// nhood/link's (activity_report.h, outcomes_report.h, reach_report.h).
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::cli {

// Adds `report` under `link` (the `nhood link` subcommand).
void SetupLinkReportCommand(CLI::App& link, int* exit_code);

}  // namespace nhood::cli
