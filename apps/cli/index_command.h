// `nhood index`: a composite index (IMD-style) from a TOML configuration.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

void SetupIndexCommand(CLI::App& app, int* exit_code);

// The index table (id, domain scores, score, rank, decile) from `config`
// with data under `data_dir`; `check` receives "max |score - published|"
// when the configuration names a published score to compare with.
struct IndexRun {
  Table table;
  std::string summary;
  double max_difference = -1;  // vs the published score; -1 when none
};
Result<IndexRun> ComputeIndex(const std::string& config, const std::string& data_dir);

}  // namespace nhood::cli
