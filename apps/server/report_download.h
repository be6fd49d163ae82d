// A link report as a file to download, the one implementation the report
// routes (`?format=csv|xlsx`, report_routes.cc), the report pages' and the
// dashboard's download links (web/report_pages.cc, web/dashboard_page.cc)
// and `nhood link report -o FILE.csv|.xlsx` (apps/cli/link_report_command.cc)
// share: the format by its name, the table(s) written through io::WriteTable
// (CSV text, or an .xlsx workbook through GDAL's XLSX driver), and the API's
// address of the same report in each format.
//
// A report of several tables is one table in a file (StackReportTables): the
// io writers write one table (one sheet) per file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/report_table.h"

namespace nhood::server {

enum class ReportFormat { kCsv, kXlsx };

// "csv" or "xlsx" (the API's `format=`, or a file's extension as
// io::Extension gives it); nullopt for anything else.
std::optional<ReportFormat> ReportFormatNamed(std::string_view name);
// "csv", "xlsx".
std::string_view ReportFormatExtension(ReportFormat f);
// "text/csv; charset=utf-8", or the OOXML spreadsheet type for xlsx.
std::string_view ReportFormatContentType(ReportFormat f);

// Several tables as one: the union of their columns in order of first use,
// after a `table` column naming each row's table; the withheld counts
// summed. One table is returned as it is.
link::ReportTable StackReportTables(const std::vector<link::ReportTable>& tables);

// The table written to `path` (.csv or .xlsx) by io::WriteTable: atomic, so
// a failure leaves no file. kInvalidArgument for another extension; the
// writer's errors otherwise.
Status WriteReportFile(const link::ReportTable& table, const std::string& path);

// The file's bytes: written by WriteReportFile into a private temporary
// directory (mode 0700, mkdtemp), read back and removed, on every path.
Result<std::string> ReportFileBytes(const link::ReportTable& table, ReportFormat format);

// The API's addresses of one report and its filters: JSON, CSV, XLSX.
// Empty filter values are left out; the query is URL-encoded.
struct ReportLinks {
  std::string json_href, csv_href, xlsx_href;
};
ReportLinks ReportApiLinks(const std::string& report, const std::vector<std::pair<std::string, std::string>>& filters);

}  // namespace nhood::server
