// `nhood indicators <statistic>`: indicator statistics with intervals and
// the Fingertips comparison, for every row or group of a table.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace nhood::cli {

// Adds `indicators` and its subcommands to `app`. `exit_code` receives the
// result of whichever subcommand runs; `command_line` is recorded in each
// output's provenance file.
void SetupIndicatorsCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line);

}  // namespace nhood::cli
