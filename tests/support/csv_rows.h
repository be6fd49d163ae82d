// Reads a small CSV that R (write.csv(..., quote = FALSE)) or nhood wrote in
// a test: the header, then one map from column name to cell per row. No
// quoting: a cell with a comma splits. A missing file gives no rows (the
// callers assert the row count).
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace nhood::test_support {

inline std::vector<std::map<std::string, std::string>> ReadCsvRows(const std::string& path) {
  auto split = [](const std::string& l) {
    std::vector<std::string> out;
    std::stringstream ss(l);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    return out;
  };
  std::ifstream f(path);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  if (std::getline(f, line)) header = split(line);
  while (std::getline(f, line)) {
    std::vector<std::string> cells = split(line);
    std::map<std::string, std::string> row;
    for (size_t j = 0; j < header.size() && j < cells.size(); ++j) row[header[j]] = cells[j];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace nhood::test_support
