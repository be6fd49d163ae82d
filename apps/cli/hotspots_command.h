// `nhood hotspots`: local Moran and Getis-Ord Gi* hot spots with
// conditional-permutation inference, FDR and cluster labels.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace nhood::cli {

void SetupHotspotsCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line);

}  // namespace nhood::cli
