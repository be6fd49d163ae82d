// `nhood did`: census 2011 -> 2021 difference-in-differences of treated areas
// against England, similarly deprived areas and matched comparators
// (src/nhood/evaluate/did.h), written all-or-nothing into an output
// directory: did.csv, balance.csv, report.html and provenance.json.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/evaluate/did.h"

namespace nhood::cli {

struct DidCommandOptions {
  std::optional<uint64_t> seed;     // --seed, else the configuration's
  std::optional<int> replicates;    // --replicates, else the configuration's
  int threads = 0;                  // --threads (0: every hardware thread)
};

struct DidRun {
  evaluate::DidResult result;
  Table did, balance;
  std::string report_html;
  std::string summary;
  uint64_t seed = 0;
  int replicates = 0;
  std::vector<std::string> config_inputs;  // the configuration file
};

Result<DidRun> ComputeDidCommand(const std::string& config, const std::string& data_dir, const DidCommandOptions& o);
void SetupDidCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
