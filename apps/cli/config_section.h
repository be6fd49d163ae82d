// The one reader for a configuration section that names a data file and
// columns of it, e.g.
//   [population]
//   file = "population/mid2019.csv"
//   id = "lsoa11_code"
//   column = "total_population"
// shared by `nhood atlas`, `regions` and `classify`. Errors name the
// configuration file and key, or the data file, row and column.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <toml++/toml.h>

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

// Text as a number (NaN when empty or not a number).
std::vector<double> ToNumbers(const std::vector<std::string>& text);

}  // namespace nhood::cli
