// The one reader for a configuration section that names a data file and
// columns of it, e.g.
//   [population]
//   file = "population/mid2019.csv"
//   id = "lsoa11_code"
//   column = "total_population"
// shared by `nhood atlas`, `regions` and `classify`. Errors name the
// configuration file and key, or the data file, row and column.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

using ConfigView = toml::node_view<const toml::node>;

// Reads `section`.file (under `data_dir`) and checks that the column named
// by each `section`.KEY of `keys` exists.
Result<Table> ReadSection(const ConfigView& root, const std::string& section, const std::string& config,
                          const std::string& data_dir, const std::vector<std::string>& keys);

// id -> text of the column named by `section`.`value_key`, keyed by the
// column named by `section`.`id_key`. An id given twice with different values is
// an error naming the file and row.
Result<std::unordered_map<std::string, std::string>> ReadSectionMap(const ConfigView& root, const std::string& section,
                                                                    const std::string& config,
                                                                    const std::string& data_dir,
                                                                    const std::string& value_key = "column",
                                                                    const std::string& id_key = "id");

// The same map looked up for every id of `ids` ("" when absent). When
// `required`, an id without a row is an error naming the section, the file,
// how many are missing and the first.
Result<std::vector<std::string>> ReadSectionFor(const ConfigView& root, const std::string& section,
                                                const std::string& config, const std::string& data_dir,
                                                const std::vector<std::string>& ids, bool required,
                                                const std::string& value_key = "column",
                                                const std::string& id_key = "id");

// "CONFIG: [SECTION] FILE, column 'C'" (C from `value_key`): where a
// section's values come from, for error messages.
std::string SectionWhere(const ConfigView& root, const std::string& section, const std::string& config,
                         const std::string& data_dir, const std::string& value_key = "column");

// Text per area as numbers: NaN for a missing value ("", "NA": the caller
// decides what a missing value means); text that is no number ("abc",
// "12 apples") is kInvalidArgument naming `where` (the file and column) and
// the area `ids[i]`, never a silent NaN.
// REQUIRES: ids.size() >= text.size().
Result<std::vector<double>> ToNumbers(const std::vector<std::string>& text, const std::vector<std::string>& ids,
                                      const std::string& where);

}  // namespace nhood::cli
