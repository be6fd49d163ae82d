// `nhood join`: adds higher geographies (MSOA, ward, local authority,
// region) to a table from a lookup, and says how many rows found no match
// and which.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

struct JoinOptions {
  std::string input, id, lookup, lookup_id, columns, where;
  bool drop_unmatched = false;
  int skip_lines = 0;
};

struct JoinRun {
  Table table;
  std::string summary;
  size_t unmatched = 0;
};

Result<JoinRun> ComputeJoin(const JoinOptions& o);
void SetupJoinCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
