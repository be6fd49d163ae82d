#include "apps/server/web/report_html.h"

#include <cmath>
#include <cstdio>
#include <kainjow/mustache.hpp>

#include "apps/server/web/web_files.h"
#include "nhood/base/number.h"

namespace nhood::server::web {
namespace {

namespace mu = kainjow::mustache;

mu::data Cell(const std::string& column, const link::ReportValue& v, bool first) {
  const std::string text = ReportCellText(v);
  mu::data d;
  d.set("column", column);
  d.set("text", text.empty() ? "—" : text);
  d.set("first", first ? mu::data(mu::data::type::bool_true) : mu::data(mu::data::type::bool_false));
  return d;
}

mu::data Flag(bool b) { return b ? mu::data(mu::data::type::bool_true) : mu::data(mu::data::type::bool_false); }

Result<mu::data> TableData(const ReportTableHtml& h) {
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
  mu::data d;
  d.set("id", h.id);
  d.set("name", t.name);
  d.set("title", t.title);
  d.set("transposed", Flag(h.transpose));
  mu::list columns, rows, figures, notes, withheld;
  for (const std::string& c : t.columns) columns.push_back(c);
  for (const auto& row : t.rows) {
    mu::list cells;
    for (size_t c = 0; c < row.size(); ++c) cells.push_back(Cell(t.columns[c], row[c], c == 0));
    mu::data r;
    r.set("cells", cells);
    rows.push_back(r);
  }
  if (h.transpose) {
    for (size_t c = 0; c < t.columns.size(); ++c) figures.push_back(Cell(t.columns[c], t.rows[0][c], false));
  }
  for (const std::string& n : t.notes) notes.push_back(n);
  for (const std::string& w : t.suppressed) withheld.push_back(w);
  d.set("columns", columns);
  d.set("rows", rows);
  d.set("figures", figures);
  d.set("notes", notes);
  d.set("suppressed", std::to_string(t.suppressed_cells));
  d.set("has_withheld", Flag(!t.suppressed.empty()));
  d.set("withheld", withheld);
  d.set("has_links", Flag(!h.csv_href.empty() || !h.json_href.empty()));
  d.set("csv_href", h.csv_href.empty() ? Flag(false) : mu::data(h.csv_href));
  d.set("json_href", h.json_href.empty() ? Flag(false) : mu::data(h.json_href));
  return d;
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

Result<std::string> ReportTablesHtml(const std::vector<ReportTableHtml>& tables) {
  const std::string path = "templates/report_table.mustache";
  auto text = WebFile(path);
  if (!text) return Internal("no template " + path);
  mu::mustache tmpl{std::string(*text)};
  if (!tmpl.is_valid()) return Internal(path + ": " + tmpl.error_message());
  std::string out;
  for (const ReportTableHtml& h : tables) {
    NHOOD_ASSIGN_OR_RETURN(mu::data d, TableData(h));
    out += tmpl.render(d);
    if (!tmpl.is_valid()) return Internal(path + ": " + tmpl.error_message());
  }
  return out;
}

}  // namespace nhood::server::web
