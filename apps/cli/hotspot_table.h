// The work of `nhood hotspots` between reading and writing: join the data to
// the areas, form the value (a column, or a rate numerator/denominator,
// optionally empirical-Bayes smoothed), build weights, and compute local
// Moran (spdep moments + conditional-permutation pseudo p-values), Gi*
// (z and pseudo p), Benjamini-Hochberg FDR and cluster labels.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/io/polygon_io.h"

namespace nhood::cli {

struct HotspotOptions {
  std::string id;                      // id column in the data
  std::string value;                   // or numerator + denominator
  std::string numerator, denominator;
  std::string smooth;                  // "", "eb" (global Marshall) or "eb-local"
  std::string weights = "queen";
  bool link_islands = false;
  int permutations = 999;
  uint64_t seed = 12345;
  int threads = 0;
  std::string draws = "per-area";      // or "shared"
  double alpha = 0.05;                 // significance for clusters
  bool fdr = false;                    // clusters from FDR-adjusted p when true
  std::function<void(size_t)> progress;
};

struct HotspotResult {
  Table table;          // one row per area, in the areas' order
  std::string summary;  // several lines for stderr
};

// Errors name the file and the area: ids missing from or duplicated in the
// data, missing or non-numeric values, a bad weights spec.
Result<HotspotResult> ComputeHotspots(const io::PolygonData& areas, const Table& data, const HotspotOptions& o);

}  // namespace nhood::cli
