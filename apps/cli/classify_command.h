// `nhood classify`: double disadvantage (deprivation x social infrastructure)
// from a TOML configuration, e.g. Local Trust / OCSI's left-behind wards.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

void SetupClassifyCommand(CLI::App& app, int* exit_code);

struct ClassifyRun {
  Table table;          // unit id, deprivation_score, cni_score, double_disadvantage
  std::string summary;  // with the confusion table when a published flag is named
  // Confusion against the published flag: [ours][published], 1 = flagged.
  long confusion[2][2] = {{0, 0}, {0, 0}};
  bool compared = false;
  // Health across doubly disadvantaged / other equally deprived / rest of
  // England, one row per [[health]] indicator (empty when none configured).
  Table health;
  int indicators = 0, worse_than_deprived = 0, worse_than_rest = 0;
};
Result<ClassifyRun> ComputeClassification(const std::string& config, const std::string& data_dir);

}  // namespace nhood::cli
