// `nhood serve`: the link service's HTTP server (option parsing only).
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::server {

void SetupServeCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::server
