// Table: a small columnar table of named text or numeric columns.
//
// This is what io readers return and writers take, and what the CLI passes to
// the statistics. Columns are either text (as read from a file) or numbers
// (NaN = missing). A table remembers where it came from (file and the line of
// its header) so that a bad cell can be reported by file, row and column.
// Rows are numbered from 1, excluding the header. Copyable value type; not
// thread-safe for concurrent mutation.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nhood/base/result.h"

namespace nhood {

class Table {
 public:
  using Text = std::vector<std::string>;
  using Numbers = std::vector<double>;

  Table() = default;

  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  const std::string& name(size_t column) const { return names_[column]; }

  // Where the table was read from; used in error messages. `header_line` is
  // the 1-based line of the header in the file (after skipped lines), so row
  // r (1-based) sits on line header_line + r.
  const std::string& source() const { return source_; }
  void set_source(std::string source, size_t header_line = 1) {
    source_ = std::move(source);
    header_line_ = header_line;
  }

  // Index of the column called `name`, or nullopt.
  std::optional<size_t> Find(std::string_view name) const;
  // As Find, but kNotFound "FILE: column 'x' not found (columns: a, b, c)".
  Result<size_t> Require(std::string_view name) const;

  bool is_numeric(size_t column) const { return columns_[column].index() == 1; }
  // REQUIRES: !is_numeric(column).
  const Text& text(size_t column) const { return std::get<Text>(columns_[column]); }
  // REQUIRES: is_numeric(column).
  const Numbers& numbers(size_t column) const { return std::get<Numbers>(columns_[column]); }

  // The cell as text: text columns as stored, numbers in shortest round-trip
  // form and "" for missing.
  std::string Cell(size_t column, size_t row) const;

  // The column as numbers. A numeric column is returned as is; a text column
  // is parsed ("", "NA" -> NaN). kNotFound for an unknown column;
  // kInvalidArgument "FILE: row R (line L), column 'x': 'abc' is not a number"
  // for the first cell that does not parse.
  Result<Numbers> GetNumbers(std::string_view name) const;

  // As GetNumbers, but "a+b+c" (when no column has that name) is the sum of
  // those columns, missing wherever any part is missing.
  Result<Numbers> GetNumbersOrSum(std::string_view expression) const;

  // Appends a column. kInvalidArgument if the name is taken or the length
  // differs from num_rows() (the first column sets num_rows()).
  Status AddText(std::string name, Text values);
  Status AddNumbers(std::string name, Numbers values);

  // A new table holding the given rows (in that order) of every column.
  // Error locations in the new table still name the original rows.
  Table SelectRows(const std::vector<size_t>& rows) const;

  // "FILE: row R (line L)" for error messages; row is 0-based here.
  std::string RowLocation(size_t row) const;

 private:
  Status CheckNew(const std::string& name, size_t size) const;

  std::vector<std::string> names_;
  std::vector<std::variant<Text, Numbers>> columns_;
  size_t num_rows_ = 0;
  std::vector<size_t> origin_;  // original row of each row; empty = identity
  std::string source_ = "<table>";
  size_t header_line_ = 1;
};

}  // namespace nhood
