// The wiring of `nhood hotspots` (and the atlas's hot-spot step) between
// reading and writing: build the weights from the command-line spec
// (weights_spec.h, which may read a weights file), then hand the areas, the
// weights and the data to spatial::ComputeHotspots, where the statistics
// live (src/nhood/spatial/hotspots.h documents the columns, the permutation
// schemes and the multiple-testing rule).
#pragma once

#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/io/polygon_io.h"
#include "nhood/spatial/hotspots.h"

namespace nhood::cli {

struct HotspotOptions : spatial::HotspotOptions {
  std::string weights = "queen";
  bool link_islands = false;
};

struct HotspotResult : spatial::HotspotResult {};

// HotspotResult::summary starts with the subject and the weights paragraph.
Result<HotspotResult> ComputeHotspots(const io::PolygonData& areas, const Table& data, const HotspotOptions& o);

}  // namespace nhood::cli
