// `nhood atlas`: the whole atlas pipeline for an extent (England, a region
// or a list of local authorities): data -> weights -> hot spots ->
// neighbourhoods -> deprivation and double disadvantage -> risk tiers, written
// as a GeoPackage (layers lsoas, neighbourhoods), CSVs and an HTML report.
// Loading is in atlas_inputs.h, the computation in nhood/atlas.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

#include "nhood/atlas/neighbourhood_atlas.h"
#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"
#include "nhood/io/atlas_output.h"
#include "nhood/report/atlas_report.h"

namespace nhood::cli {

struct AtlasRun {
  atlas::AtlasResult result;
  geo::PolygonLayer lsoa_layer, neighbourhood_layer;
  Table lsoas, neighbourhoods, priority;
  // Written only when configured (empty otherwise): imd_change.csv and
  // imd_decile_moves.csv ([previous_deprivation]), health_by_disadvantage.csv
  // (standardised indicators), double_disadvantage_confusion.csv
  // ([double_disadvantage.compare]).
  std::optional<Table> imd_change, imd_decile_moves, health_by_disadvantage, confusion;
  std::string area_name_column = "lsoa11_name", ward_code_column = "ward17_code", ward_name_column = "ward17_name";
  std::string deprivation_label = "IMD 2019";
  std::string summary;
  std::vector<report::SpineIndicator> spine;  // England values for the profiles
  std::vector<std::string> sources;
  std::vector<std::string> methods;  // built from the run's options
  std::string name;
};

// `stage` is called with each stage's description as it starts (7 stages).
Result<AtlasRun> ComputeAtlas(const std::string& config, const std::string& data_dir,
                              const std::function<void(const std::string&)>& stage = {});

// The run's indicators as indicators.csv lists them (nhood/io/atlas_output.h):
// label, England value, polarity, unit, method and input file.
std::vector<io::AtlasIndicatorInfo> IndicatorList(const AtlasRun& run);

// The offline HTML report of an atlas run.
std::string RenderReport(const AtlasRun& run);

void SetupAtlasCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
