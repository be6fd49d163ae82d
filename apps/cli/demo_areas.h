// Which LSOAs 2021 are Core20 and doubly disadvantaged, for `nhood link
// demo` to weight its residents towards (link/demo_seed.h DemoWeights).
//
// From an atlas output directory (`nhood atlas --output DIR`): DIR/lsoas.csv
// with `core20` and `double_disadvantage` ("true"/"false") by `lsoa21_code`,
// or by `lsoa11_code` bridged to 2021 with the data mirror's best-fit lookup
// (lookups/lsoa11_lsoa21_lad22_geographr.csv; a 2021 LSOA made from several
// 2011 ones is flagged when any of them is). Else from the IMD 2025 deciles
// (imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv): Core20 is
// IMD decile 1 or 2; double disadvantage needs the atlas, so none is flagged.
// Errors name the file, row and column.
#pragma once

#include <string>
#include <unordered_map>

#include "nhood/base/result.h"

namespace nhood::cli {

struct DemoAreaFlags {
  bool core20 = false;
  bool double_disadvantage = false;
};

struct DemoAreas {
  std::unordered_map<std::string, DemoAreaFlags> by_lsoa21;
  std::string source;  // what the flags came from, for the summary line
};

Result<DemoAreas> ReadAtlasDemoAreas(const std::string& atlas_dir, const std::string& data_dir);
Result<DemoAreas> ReadImdDemoAreas(const std::string& data_dir);

}  // namespace nhood::cli
