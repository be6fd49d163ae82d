#include "nhood/io/validate.h"

#include <cpl_string.h>

#include <cctype>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "nhood/base/number.h"

namespace nhood::io {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

std::string Shown(const std::string& cell) { return cell.size() > 40 ? cell.substr(0, 40) + "..." : cell; }

bool ValidUtf8(const std::string& s) { return CPLIsUTF8(s.data(), static_cast<int>(s.size())) != 0; }

}  // namespace

bool IsNonFiniteText(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  return EqualsNoCase(text, "inf") || EqualsNoCase(text, "infinity") || EqualsNoCase(text, "nan");
}

Status CheckFiniteNumbers(const Table& table) {
  for (size_t c = 0; c < table.num_columns(); ++c) {
    if (table.is_numeric(c)) {
      const Table::Numbers& v = table.numbers(c);
      for (size_t r = 0; r < v.size(); ++r) {
        if (std::isinf(v[r])) {
          return InvalidArgument(table.RowLocation(r) + ", column '" + table.name(c) + "': '" + FormatNumber(v[r]) +
                                 "' is not a finite number");
        }
      }
      continue;
    }
    const Table::Text& cells = table.text(c);
    size_t first_bad = cells.size();
    bool numbers_only = true;
    for (size_t r = 0; r < cells.size() && numbers_only; ++r) {
      if (IsNonFiniteText(cells[r])) {
        if (first_bad == cells.size()) first_bad = r;
      } else if (!IsMissingText(cells[r]) && !ParseNumber(cells[r])) {
        numbers_only = false;  // a text column: "Nan" may be a name
      }
    }
    if (numbers_only && first_bad < cells.size()) {
      return InvalidArgument(table.RowLocation(first_bad) + ", column '" + table.name(c) + "': '" +
                             Shown(cells[first_bad]) + "' is not a finite number");
    }
  }
  return Status::Ok();
}

Status RequireUniqueIds(const Table& table, std::string_view column, std::string_view what) {
  NHOOD_ASSIGN_OR_RETURN(size_t c, table.Require(column));
  std::unordered_map<std::string, size_t> first;
  first.reserve(table.num_rows());
  for (size_t r = 0; r < table.num_rows(); ++r) {
    std::string id = table.Cell(c, r);
    const std::string where = table.RowLocation(r) + ", column '" + std::string(column) + "': ";
    if (Trim(id).empty()) return InvalidArgument(where + "missing " + std::string(what));
    auto [it, inserted] = first.emplace(std::move(id), r);
    if (!inserted) {
      // RowLocation(it->second) starts with the file; keep only "row Q (line M)".
      const std::string earlier = table.RowLocation(it->second).substr(table.source().size() + 2);
      return InvalidArgument(where + "duplicate " + std::string(what) + " '" + Shown(it->first) + "' (first in " +
                             earlier + ")");
    }
  }
  return Status::Ok();
}

Status CheckMetricCoordinates(const geo::PolygonLayer& layer, std::string_view use) {
  if (!layer.crs.empty()) return Status::Ok();
  double min_x = std::numeric_limits<double>::infinity(), max_x = -min_x, min_y = min_x, max_y = -min_x;
  for (const geo::Polygon& p : layer.polygons) {
    for (const geo::Part& part : p.parts) {
      for (const geo::Ring& ring : part) {
        for (const geo::Point& q : ring) {
          min_x = std::min(min_x, q.x);
          max_x = std::max(max_x, q.x);
          min_y = std::min(min_y, q.y);
          max_y = std::max(max_y, q.y);
        }
      }
    }
  }
  if (!(min_x >= -180 && max_x <= 180 && min_y >= -90 && max_y <= 90)) return Status::Ok();
  return InvalidArgument(std::string(use) + ": the areas have no coordinate system and their coordinates (x " +
                         FormatNumber(min_x) + " to " + FormatNumber(max_x) + ", y " + FormatNumber(min_y) + " to " +
                         FormatNumber(max_y) +
                         ") look like longitude/latitude degrees, so distances would be in degrees, not metres: "
                         "give the file its coordinate system (EPSG:4326 for longitude/latitude) or reproject it to "
                         "British National Grid (EPSG:27700)");
}

Status CheckUtf8(const Table& table) {
  for (size_t c = 0; c < table.num_columns(); ++c) {
    if (!ValidUtf8(table.name(c))) {
      return InvalidArgument(table.source() + ": column " + std::to_string(c + 1) + ": name is not valid UTF-8");
    }
    if (table.is_numeric(c)) continue;
    const Table::Text& cells = table.text(c);
    for (size_t r = 0; r < cells.size(); ++r) {
      if (!ValidUtf8(cells[r])) {
        return InvalidArgument(table.RowLocation(r) + ", column '" + table.name(c) + "': text is not valid UTF-8");
      }
    }
  }
  return Status::Ok();
}

}  // namespace nhood::io
