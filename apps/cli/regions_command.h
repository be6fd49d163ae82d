// `nhood regions`: ~10,000-person neighbourhoods from LSOAs, nested in local
// authorities, with a report set against ONS MSOAs.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

void SetupRegionsCommand(CLI::App& app, int* exit_code);

struct RegionsRun {
  Table assignment;  // <area id>, neighbourhood_id
  Table summary;     // one row per neighbourhood
  std::string report;
  double share_within_bounds = 0;
  double mean_heterogeneity = 0, msoa_mean_heterogeneity = -1;
  double mean_polsby_popper = 0, msoa_mean_polsby_popper = -1, msoa_share_within_bounds = -1;
  bool contiguous = false, nested = false;
  int count = 0;
};
Result<RegionsRun> ComputeRegions(const std::string& config, const std::string& data_dir);

}  // namespace nhood::cli
