// `nhood atlas`: the whole atlas pipeline for an extent (England, a region
// or a list of local authorities): data -> weights -> hot spots ->
// neighbourhoods -> deprivation and double disadvantage -> risk tiers, written
// as a GeoPackage (layers lsoas, neighbourhoods), CSVs and an HTML report.
// Loading is in atlas_inputs.h, the computation in nhood/atlas.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "nhood/atlas/neighbourhood_atlas.h"
#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"
#include "nhood/report/atlas_report.h"

namespace nhood::cli {

struct AtlasRun {
  atlas::AtlasResult result;
  geo::PolygonLayer lsoa_layer, neighbourhood_layer;
  Table lsoas, neighbourhoods, priority;
  std::string summary;
  std::vector<report::SpineIndicator> spine;  // England values for the profiles
  std::vector<std::string> sources;
  std::vector<std::string> methods;  // built from the run's options
  std::string name;
};

// `stage` is called with each stage's description as it starts (7 stages).
Result<AtlasRun> ComputeAtlas(const std::string& config, const std::string& data_dir,
                              const std::function<void(const std::string&)>& stage = {});

// The offline HTML report of an atlas run.
std::string RenderReport(const AtlasRun& run);

void SetupAtlasCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
