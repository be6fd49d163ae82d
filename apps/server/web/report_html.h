// The one HTML rendering of a link report's tables (link::ReportTable), used
// by the report pages (report_pages.h) and by `nhood link report -o
// FILE.html` (apps/cli/link_report_command.cc): the markup is the partial
// templates/report_table.mustache, embedded with the web app's templates
// ({{#tables}}{{>report_table}}{{/tables}} in a template rendered by
// RenderPage or RenderText, page.h), and its data is ReportTableViews.
//
// Each table: its caption, column headers (scope="col"; the first cell of a
// row is its header, scope="row"), the cells (reals to 3 decimals, an empty
// cell as "—": withheld or undefined), how many cells were withheld and
// which, the notes (method, suppression rule) and, when given, links to the
// same table as CSV, XLSX and JSON (the partial
// templates/report_downloads.mustache, which the dashboard uses too). A table of one row can be shown transposed
// (one row per column: figure, value), which reads at 360 px. The table
// scrolls inside its own box (a focusable region), never the page.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/report_table.h"

namespace nhood::server::web {

struct ReportTableHtml {
  const link::ReportTable* table = nullptr;
  std::string id;                   // unique in the page: "outcomes-swemwbs"
  std::string csv_href, xlsx_href, json_href;  // "" for none
  bool transpose = false;           // one row only: figures down the side
};

// A cell as shown: "" for empty (shown "—"), reals to 3 decimals (whole
// numbers without decimals), the rest as ReportValueText.
std::string ReportCellText(const link::ReportValue& v);

// The partial's data for each table (a JSON array, every value prepared as
// text): one <section class="report-table"> each. kInvalidArgument when a
// row's width differs from the columns' or a transposed table has more than
// one row.
Result<nlohmann::json> ReportTableViews(const std::vector<ReportTableHtml>& tables);

// The data of the partial {{>report_downloads}}: a "Download CSV",
// "Download XLSX" and "JSON" link for each href given ("" for none), in that
// order, each naming `title` for screen readers; no paragraph when none is.
nlohmann::json ReportDownloadsView(const std::string& csv_href, const std::string& xlsx_href,
                                   const std::string& json_href, const std::string& title);

}  // namespace nhood::server::web
