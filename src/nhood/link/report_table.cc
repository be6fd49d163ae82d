#include "nhood/link/report_table.h"

#include <cmath>

#include "nhood/base/number.h"

namespace nhood::link {

std::string ReportValueText(const ReportValue& v) {
  if (std::holds_alternative<int64_t>(v)) return std::to_string(std::get<int64_t>(v));
  if (std::holds_alternative<double>(v)) return FormatNumber(std::get<double>(v));
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  if (std::holds_alternative<bool>(v)) return std::get<bool>(v) ? "true" : "false";
  return "";
}

Result<Table> ToTable(const ReportTable& t) {
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r].size() != t.columns.size()) {
      return InvalidArgument("report " + t.name + ": row " + std::to_string(r + 1) + " has " +
                             std::to_string(t.rows[r].size()) + " cells for " + std::to_string(t.columns.size()) +
                             " columns");
    }
  }
  Table out;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    bool numeric = !t.rows.empty();
    for (const auto& row : t.rows) {
      const ReportValue& v = row[c];
      if (!std::holds_alternative<std::monostate>(v) && !std::holds_alternative<int64_t>(v) &&
          !std::holds_alternative<double>(v)) {
        numeric = false;
      }
    }
    if (numeric) {
      Table::Numbers values;
      for (const auto& row : t.rows) {
        const ReportValue& v = row[c];
        if (std::holds_alternative<int64_t>(v)) {
          values.push_back(static_cast<double>(std::get<int64_t>(v)));
        } else if (std::holds_alternative<double>(v)) {
          values.push_back(std::get<double>(v));
        } else {
          values.push_back(std::nan(""));
        }
      }
      NHOOD_RETURN_IF_ERROR(out.AddNumbers(t.columns[c], std::move(values)));
    } else {
      Table::Text values;
      for (const auto& row : t.rows) values.push_back(ReportValueText(row[c]));
      NHOOD_RETURN_IF_ERROR(out.AddText(t.columns[c], std::move(values)));
    }
  }
  out.set_source("report " + t.name);
  return out;
}

}  // namespace nhood::link
