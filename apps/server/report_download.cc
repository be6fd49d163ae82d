// A link report as a CSV or XLSX file: io::WriteTable does the writing (the
// XLSX through GDAL's driver); this file only chooses, stacks and reads back.
#include "apps/server/report_download.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <httplib.h>

#include "nhood/io/table_io.h"

namespace nhood::server {

std::optional<ReportFormat> ReportFormatNamed(std::string_view name) {
  if (name == "csv") return ReportFormat::kCsv;
  if (name == "xlsx") return ReportFormat::kXlsx;
  return std::nullopt;
}

std::string_view ReportFormatExtension(ReportFormat f) { return f == ReportFormat::kCsv ? "csv" : "xlsx"; }

std::string_view ReportFormatContentType(ReportFormat f) {
  return f == ReportFormat::kCsv ? "text/csv; charset=utf-8"
                                 : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

link::ReportTable StackReportTables(const std::vector<link::ReportTable>& tables) {
  if (tables.size() == 1) return tables[0];
  link::ReportTable out;
  if (tables.empty()) return out;
  out.name = tables[0].name;
  out.title = tables[0].title;
  out.columns = {"table"};
  for (const auto& t : tables) {
    for (const std::string& c : t.columns) {
      if (std::find(out.columns.begin(), out.columns.end(), c) == out.columns.end()) out.columns.push_back(c);
    }
  }
  for (const auto& t : tables) {
    for (const auto& row : t.rows) {
      std::vector<link::ReportValue> r(out.columns.size());
      r[0] = t.name;
      for (size_t c = 0; c < t.columns.size() && c < row.size(); ++c) {
        const auto at = std::find(out.columns.begin(), out.columns.end(), t.columns[c]) - out.columns.begin();
        r[static_cast<size_t>(at)] = row[c];
      }
      out.AddRow(std::move(r));
    }
    out.suppressed_cells += t.suppressed_cells;
    out.suppressed.insert(out.suppressed.end(), t.suppressed.begin(), t.suppressed.end());
    out.notes.insert(out.notes.end(), t.notes.begin(), t.notes.end());
  }
  return out;
}

Status WriteReportFile(const link::ReportTable& table, const std::string& path) {
  if (!ReportFormatNamed(io::Extension(path))) {
    return InvalidArgument(path + ": a report file is .csv or .xlsx");
  }
  NHOOD_ASSIGN_OR_RETURN(Table t, link::ToTable(table));
  return io::WriteTable(t, path);
}

Result<std::string> ReportFileBytes(const link::ReportTable& table, ReportFormat format) {
  // GDAL's /vsimem/ would do for the XLSX driver, but io::WriteTable writes
  // beside its target and renames, which needs a real directory.
  std::string dir = (std::filesystem::temp_directory_path() / "nhood_report_XXXXXX").string();
  if (!mkdtemp(dir.data())) return Internal("report file: cannot make a temporary directory");
  const std::string path = dir + "/report." + std::string(ReportFormatExtension(format));
  Status written = WriteReportFile(table, path);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    if (in) s << in.rdbuf();
    if (!in) written = IoError("cannot read back what was written");
    bytes = s.str();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  // The table comes from nhood::link, not the request: a failure here is the
  // server's (the path named is a temporary one), never a 4xx.
  if (!written.ok()) return Internal("report " + table.name + ": " + written.message());
  return bytes;
}

ReportLinks ReportApiLinks(const std::string& report, const std::vector<std::pair<std::string, std::string>>& filters) {
  auto href = [&](const char* format) {
    httplib::Params params;
    for (const auto& [k, v] : filters) {
      if (!v.empty()) params.emplace(k, v);
    }
    if (format) params.emplace("format", format);
    const std::string base = "/api/v1/reports/" + report;
    // params_to_query_str keeps the multimap's (alphabetical) order.
    return params.empty() ? base : base + "?" + httplib::detail::params_to_query_str(params);
  };
  return {.json_href = href(nullptr), .csv_href = href("csv"), .xlsx_href = href("xlsx")};
}

}  // namespace nhood::server
