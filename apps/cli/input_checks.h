// Checks the table commands (bridge, aggregate, join) make on their inputs
// before any work, each naming the file, row and column (issue 8: duplicate
// ids were silently kept once or counted twice, negative counts carried
// through). Errors only; the tables are not changed.
#pragma once

#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "nhood/base/number.h"
#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

// kInvalidArgument when an id of column `id` appears on two of `rows` (all
// rows when `rows` is empty): "<file>: row 7 (line 8), column 'code': id
// 'E01000001' appears more than once (first at row 3); <what>".
inline Status RequireUniqueIds(const Table& t, size_t id_column, const std::vector<size_t>& rows,
                               const std::string& what) {
  std::unordered_map<std::string, size_t> first;
  const size_t n = rows.empty() ? t.num_rows() : rows.size();
  for (size_t k = 0; k < n; ++k) {
    const size_t r = rows.empty() ? k : rows[k];
    auto [it, inserted] = first.emplace(t.Cell(id_column, r), r);
    if (!inserted) {
      return InvalidArgument(t.RowLocation(r) + ", column '" + t.name(id_column) + "': id '" + it->first +
                             "' appears more than once (first at row " + std::to_string(it->second + 1) + "); " + what);
    }
  }
  return Status::Ok();
}

// kInvalidArgument for a negative value of `values` (one per row of `t`, or
// per entry of `rows` when given): counts and populations cannot be negative.
inline Status RequireNonNegative(const Table& t, const std::vector<double>& values, const std::vector<size_t>& rows,
                                 const std::string& column, const std::string& what) {
  for (size_t k = 0; k < values.size(); ++k) {
    if (values[k] < 0) {
      const size_t r = rows.empty() ? k : rows[k];
      return InvalidArgument(t.RowLocation(r) + ", column '" + column + "': " + FormatNumber(values[k]) + " is negative (" +
                             what + " cannot be)");
    }
  }
  return Status::Ok();
}

// kInvalidArgument when a sum has overflowed to infinity.
inline Status RequireFiniteSum(double sum, const std::string& file, const std::string& column, const std::string& over) {
  if (!std::isinf(sum)) return Status::Ok();
  return InvalidArgument(file + ", column '" + column + "': the sum over " + over +
                         " overflows (it is not a finite number)");
}

}  // namespace nhood::cli
