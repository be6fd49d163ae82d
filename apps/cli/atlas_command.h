// `nhood atlas`: the whole atlas pipeline for an extent (England, a region
// or a list of local authorities): data -> weights -> hot spots ->
// neighbourhoods -> deprivation and double disadvantage -> risk tiers, written
// as a GeoPackage (layers lsoas, neighbourhoods) and CSVs.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"
#include "nhood/report/atlas_report.h"

namespace nhood::cli {

struct AtlasRun {
  geo::PolygonLayer lsoa_layer, neighbourhood_layer;
  Table lsoas, neighbourhoods, priority;
  std::string summary;
  std::vector<report::SpineIndicator> spine;  // England values for the profiles
  std::vector<std::string> sources;
  std::string name;
  std::string risk_method;  // how the risk score was made, for the report
};

// `stage` is called with each stage's description as it starts.
Result<AtlasRun> ComputeAtlas(const std::string& config, const std::string& data_dir,
                              const std::function<void(const std::string&)>& stage = {});

// The offline HTML report of an atlas run.
Status WriteReport(const AtlasRun& run, const std::string& path);

void SetupAtlasCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
