#include "nhood/base/table.h"

#include <cmath>

#include "nhood/base/number.h"

namespace nhood {

std::optional<size_t> Table::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

Result<size_t> Table::Require(std::string_view name) const {
  if (auto i = Find(name)) return *i;
  std::string known;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (i == 8) {
      known += ", ...";
      break;
    }
    known += (i ? ", " : "") + names_[i];
  }
  return NotFound(source_ + ": column '" + std::string(name) + "' not found (columns: " + known + ")");
}

std::string Table::Cell(size_t column, size_t row) const {
  if (is_numeric(column)) return FormatNumber(numbers(column)[row]);
  return text(column)[row];
}

std::string Table::RowLocation(size_t row) const {
  if (row < origin_.size()) row = origin_[row];
  return source_ + ": row " + std::to_string(row + 1) + " (line " + std::to_string(header_line_ + row + 1) + ")";
}

Result<Table::Numbers> Table::GetNumbers(std::string_view name) const {
  NHOOD_ASSIGN_OR_RETURN(size_t c, Require(name));
  if (is_numeric(c)) return numbers(c);
  const Text& cells = text(c);
  Numbers out(cells.size());
  for (size_t r = 0; r < cells.size(); ++r) {
    std::optional<double> v = ParseNumber(cells[r]);
    if (!v) {
      std::string shown = cells[r].size() > 40 ? cells[r].substr(0, 40) + "..." : cells[r];
      return InvalidArgument(RowLocation(r) + ", column '" + std::string(name) + "': '" + shown +
                             "' is not a number");
    }
    out[r] = *v;
  }
  return out;
}

Result<Table::Numbers> Table::GetNumbersOrSum(std::string_view expression) const {
  if (Find(expression) || expression.find('+') == std::string_view::npos) return GetNumbers(expression);
  Numbers sum(num_rows_, 0.0);
  size_t start = 0;
  while (start <= expression.size()) {
    size_t plus = expression.find('+', start);
    if (plus == std::string_view::npos) plus = expression.size();
    NHOOD_ASSIGN_OR_RETURN(Numbers part, GetNumbers(expression.substr(start, plus - start)));
    for (size_t r = 0; r < sum.size(); ++r) sum[r] += part[r];
    start = plus + 1;
  }
  return sum;
}

Status Table::CheckNew(const std::string& name, size_t size) const {
  if (Find(name)) return InvalidArgument("duplicate column '" + name + "'");
  if (!names_.empty() && size != num_rows_) {
    return Internal("column '" + name + "' has " + std::to_string(size) + " rows, table has " +
                    std::to_string(num_rows_));
  }
  return Status::Ok();
}

Status Table::AddText(std::string name, Text values) {
  NHOOD_RETURN_IF_ERROR(CheckNew(name, values.size()));
  num_rows_ = values.size();
  names_.push_back(std::move(name));
  columns_.emplace_back(std::move(values));
  return Status::Ok();
}

Status Table::AddNumbers(std::string name, Numbers values) {
  NHOOD_RETURN_IF_ERROR(CheckNew(name, values.size()));
  num_rows_ = values.size();
  names_.push_back(std::move(name));
  columns_.emplace_back(std::move(values));
  return Status::Ok();
}

Table Table::SelectRows(const std::vector<size_t>& rows) const {
  Table out;
  out.source_ = source_;
  out.header_line_ = header_line_;
  for (size_t c = 0; c < names_.size(); ++c) {
    if (is_numeric(c)) {
      Numbers v;
      v.reserve(rows.size());
      for (size_t r : rows) v.push_back(numbers(c)[r]);
      (void)out.AddNumbers(names_[c], std::move(v));
    } else {
      Text v;
      v.reserve(rows.size());
      for (size_t r : rows) v.push_back(text(c)[r]);
      (void)out.AddText(names_[c], std::move(v));
    }
  }
  out.num_rows_ = rows.size();
  out.origin_.reserve(rows.size());
  for (size_t r : rows) out.origin_.push_back(r < origin_.size() ? origin_[r] : r);
  return out;
}

}  // namespace nhood
