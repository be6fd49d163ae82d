// `nhood weights`: build spatial weights from polygons and write them as an
// edge list (from,to[,weight], each link in both directions when symmetric)
// or a GAL file.
#pragma once

#include <CLI/CLI.hpp>

namespace nhood::cli {

void SetupWeightsCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
