#include "apps/server/web/report_html.h"

#include <cmath>
#include <cstdio>
#include <tuple>

#include "nhood/base/number.h"

namespace nhood::server::web {
namespace {

using nlohmann::json;

json Cell(const std::string& column, const link::ReportValue& v, bool first) {
  const std::string text = ReportCellText(v);
  return {{"column", column}, {"text", text.empty() ? "—" : text}, {"first", first}};
}

// Every key the partial reads is set (false when unused), so a table never
// picks up a same-named value of the page around it.
Result<json> TableView(const ReportTableHtml& h) {
  const link::ReportTable& t = *h.table;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r].size() != t.columns.size()) {
      return InvalidArgument("report " + t.name + ": row " + std::to_string(r + 1) + " has " +
                             std::to_string(t.rows[r].size()) + " cells for " + std::to_string(t.columns.size()) +
                             " columns");
    }
  }
  if (h.transpose && t.rows.size() != 1) {
    return InvalidArgument("report " + t.name + ": only a table of one row is shown transposed");
  }
  json rows = json::array(), figures = json::array();
  for (const auto& row : t.rows) {
    json cells = json::array();
    for (size_t c = 0; c < row.size(); ++c) cells.push_back(Cell(t.columns[c], row[c], c == 0));
    rows.push_back({{"cells", std::move(cells)}});
  }
  if (h.transpose) {
    for (size_t c = 0; c < t.columns.size(); ++c) figures.push_back(Cell(t.columns[c], t.rows[0][c], false));
  }
  return json{{"id", h.id},
              {"name", t.name},
              {"title", t.title},
              {"transposed", h.transpose},
              {"columns", t.columns},
              {"rows", std::move(rows)},
              {"figures", std::move(figures)},
              {"notes", t.notes},
              {"suppressed", std::to_string(t.suppressed_cells)},
              {"has_withheld", !t.suppressed.empty()},
              {"withheld", t.suppressed},
              {"downloads", ReportDownloadsView(h.csv_href, h.xlsx_href, h.json_href, t.title)}};
}

}  // namespace

std::string ReportCellText(const link::ReportValue& v) {
  if (!std::holds_alternative<double>(v)) return link::ReportValueText(v);
  const double x = std::get<double>(v);
  if (!std::isfinite(x)) return "";
  if (x == std::floor(x) && std::fabs(x) < 1e15) return FormatNumber(x);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", x);  // printed to 3 decimals; the CSV and JSON keep every digit
  return buf;
}

json ReportDownloadsView(const std::string& csv_href, const std::string& xlsx_href, const std::string& json_href,
                         const std::string& title) {
  json links = json::array();
  for (const auto& [href, label, download] : {std::tuple{&csv_href, "Download CSV", true},
                                              std::tuple{&xlsx_href, "Download XLSX", true},
                                              std::tuple{&json_href, "JSON", false}}) {
    if (href->empty()) continue;
    links.push_back({{"href", *href}, {"label", label}, {"download", download}, {"first", links.empty()},
                     {"title", title}});
  }
  return {{"has_links", !links.empty()}, {"links", std::move(links)}};
}

Result<json> ReportTableViews(const std::vector<ReportTableHtml>& tables) {
  json views = json::array();
  for (const ReportTableHtml& h : tables) {
    NHOOD_ASSIGN_OR_RETURN(json v, TableView(h));
    views.push_back(std::move(v));
  }
  return views;
}

}  // namespace nhood::server::web
