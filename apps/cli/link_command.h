// `nhood link init|user add`: create or migrate a link store and add users.
// Option parsing only; the work is nhood::store::OpenStore and
// nhood::link::CreateUser.
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::cli {

void SetupLinkCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
