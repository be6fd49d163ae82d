// The edge of `nhood atlas`: reads the configuration and every data file it
// names, runs the ward classification and the hot spots, and hands the
// in-memory inputs to atlas::ComputeAtlas (src/nhood/atlas/neighbourhood_atlas.h).
// Configuration errors come before any data is read; data errors name the
// file, row and column.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "apps/cli/hotspot_table.h"
#include "nhood/atlas/double_disadvantage.h"
#include "nhood/atlas/neighbourhood_atlas.h"
#include "nhood/base/result.h"
#include "nhood/geo/weights.h"
#include "nhood/io/polygon_io.h"

namespace nhood::cli {

struct AtlasInputs {
  std::string name;                  // the configuration's name
  atlas::AtlasInput input;           // input.weights is left null: point it at `weights`
  io::PolygonData areas;             // the extent's LSOAs (lon/lat)
  geo::SpatialWeights weights;       // queen contiguity of `areas`
  HotspotResult hotspots;
  atlas::MethodsInput methods;
  std::string given_source;          // the user's neighbourhoods file, or ""
  size_t local_authorities = 0;
  std::vector<std::string> sources;  // "what: file", paths as written (never absolute)
  // [double_disadvantage.need] with [double_disadvantage.compare]: our flag
  // against the published one over every English area, and the published
  // flag per area of the extent ("true"/"false", "" = not in the file).
  std::optional<atlas::FlagConfusion> confusion;
  std::string compare_source;  // "file: column"
  double percent = 10;
  std::vector<std::string> published_flag;
};

// `say` is called with each stage's description as it starts (5 stages).
Result<AtlasInputs> LoadAtlasInputs(const std::string& config, const std::string& data_dir,
                                    const std::function<void(const std::string&)>& say);

// A path for shared outputs: as written when relative, only its file name
// when absolute (no machine paths in reports).
std::string ShownPath(const std::string& path);

}  // namespace nhood::cli
