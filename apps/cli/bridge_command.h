// `nhood bridge`: counts from one area vintage to another (LSOA 2011 <->
// 2021) through a lookup, apportioned by population.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

struct BridgeOptions {
  std::string input, id, columns, lookup, lookup_from, lookup_to, population, population_id, population_column, where;
  int skip_lines = 0;
};

struct BridgeRun {
  Table table;
  std::string summary;
};

Result<BridgeRun> ComputeBridge(const BridgeOptions& o);
void SetupBridgeCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
