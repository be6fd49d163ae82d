// `nhood data list|check|get`: the data catalogue and the local mirror.
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::cli {

void SetupDataCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
