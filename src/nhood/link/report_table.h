// ReportTable: one table of a link report as it is shared — named columns,
// rows of cells, the cells the suppression rule withheld, and notes — the
// one form the API (JSON, CSV), the CLI (CSV, HTML) and the web pages all
// render, so every output of a report says the same thing.
//
// A cell is empty (std::monostate: null in JSON, an empty CSV cell) when it
// was withheld or is undefined; `suppressed_cells` says how many were
// withheld and `suppressed` which ("row 3 residents"). Copyable value type.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::link {

using ReportValue = std::variant<std::monostate, int64_t, double, std::string, bool>;

struct ReportTable {
  std::string name;   // "outcomes", "activity_by_month", "reach"
  std::string title;  // "Paired outcomes: SWEMWBS (metric score)"
  std::vector<std::string> columns;
  std::vector<std::vector<ReportValue>> rows;  // each the size of `columns`
  int64_t suppressed_cells = 0;
  std::vector<std::string> suppressed;  // which cells were withheld
  std::vector<std::string> notes;       // method, direction, suppression rule

  // REQUIRES: values.size() == columns.size().
  void AddRow(std::vector<ReportValue> values) { rows.push_back(std::move(values)); }
};

// The cell as text: "" for empty, integers as digits, reals in shortest
// round-trip form, booleans "true"/"false".
std::string ReportValueText(const ReportValue& v);

// The table as a nhood::Table for the io writers: integer and real columns
// as numbers (empty = NaN), text and booleans as text. kInvalidArgument when
// a row's width differs from the columns'.
Result<Table> ToTable(const ReportTable& t);

}  // namespace nhood::link
