// `nhood indicators <statistic>`: indicator statistics with intervals and
// the Fingertips comparison, for every row or group of a table.
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::cli {

// Adds `indicators` and its subcommands to `app`. `exit_code` receives the
// result of whichever subcommand runs.
void SetupIndicatorsCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
