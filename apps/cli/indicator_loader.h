// Loading an area-level indicator described in a TOML table, shared by
// `nhood classify` ([[health]]) and `nhood atlas` ([[risk]]):
//   name, file, id, and either numerator + denominator (counts) or value;
//   optional filter_column / filter_value (long tables) and
//   vintage = "lsoa21" to bridge counts to LSOA 2011 by population through
//   the configuration's [bridge] file/from/to. More generally an entry's
//   vintage defaults to the areas' own ([areas] vintage, "lsoa11" unless
//   set), and counts of another vintage are bridged onto the areas'.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "nhood/atlas/vintage_bridge.h"
#include "nhood/base/result.h"

namespace nhood::cli {

struct AreaIndicator {
  std::string name;
  bool counts = false;
  bool higher_is_worse = true;
  std::unordered_map<std::string, std::pair<double, double>> count;  // id -> (numerator, denominator)
  std::unordered_map<std::string, double> value;                     // id -> value
};

// `where` names the entry in errors; `population` (LSOA 2011) apportions
// bridged counts.
Result<AreaIndicator> LoadAreaIndicator(const toml::table& entry, const std::string& where,
                                        const toml::table& root, const std::string& config, const std::string& data_dir,
                                        const std::unordered_map<std::string, double>& population);

// The areas' vintage: [areas] vintage, "lsoa11" when not set.
std::string AreasVintage(const toml::table& root);

// Counts of another vintage than the areas' (`ids`, one vector per column)
// moved onto the areas through the configuration's [bridge] file/from/to,
// shared by `population` (the areas'). Named for its first use, LSOA 2021
// onto LSOA 2011; the 2025 atlas bridges LSOA 2011 onto LSOA 2021.
Result<atlas::Bridged> BridgeToLsoa11(const toml::table& root, const std::string& config, const std::string& data_dir,
                                      const std::vector<std::string>& ids, const std::vector<std::vector<double>>& columns,
                                      const std::unordered_map<std::string, double>& population);

}  // namespace nhood::cli
