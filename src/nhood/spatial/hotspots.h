// Hot spots over a table of areas: what `nhood hotspots` (and the atlas)
// compute between reading the inputs and writing the output.
//
// ComputeHotspots joins a data table to the areas by id, forms the value (a
// column, or a rate numerator / denominator, optionally empirical-Bayes
// smoothed), and computes local Moran (spdep's analytical moments), Gi*
// (z), permutation pseudo p-values for local Moran, Gi* and local Geary,
// the global Moran test (analytical and permutation), Benjamini-Hochberg
// FDR and the cluster labels.
//
// Permutation schemes (HotspotOptions::scheme):
// - kNhood (default): nhood's own conditional permutation engine
//   (permutation.h): draws without replacement, one stream per area (or a
//   shared table), threads do not change the result. Its p-values are NOT
//   spdep's: same definition, different draws.
// - kSpdep: local Moran's p-values from spdep 1.2-7 localmoran_perm(x, lw,
//   nsim = R, iseed = seed) reproduced draw for draw (spdep_permutation.h:
//   with replacement, R's RNG, sequential). Gi* and Geary p-values, and the
//   global permutation test, still come from nhood's engine (spdep's
//   localG_perm / localC_perm / moran.mc draws are not reproduced).
//
// Multiple testing: moran_p_fdr and gistar_p_fdr are Benjamini-Hochberg
// adjustments of the folded pseudo p-values (min(M, R - M) + 1) / (R + 1),
// which are one-sided in the direction of the observed statistic. They are
// not adjustments of two-sided p-values: a folded p of 0.025 corresponds
// to a two-sided p of about 0.05.
//
// Errors name the file (the table's source), row and column: ids missing
// from or duplicated in the data, missing or non-numeric values, bad
// options. Pure function of its inputs; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/weights.h"

namespace nhood::spatial {

enum class PermutationScheme { kNhood, kSpdep };

// "nhood" or "spdep"; kInvalidArgument naming the allowed values otherwise.
Result<PermutationScheme> ParsePermutationScheme(const std::string& text);

struct HotspotOptions {
  std::string id;                      // id column in the data
  std::string value;                   // or numerator + denominator
  std::string numerator, denominator;
  std::string smooth;                  // "", "eb" (global Marshall) or "eb-local"
  int permutations = 999;
  uint64_t seed = 12345;
  int threads = 0;
  std::string draws = "per-area";      // or "shared" (scheme nhood only)
  PermutationScheme scheme = PermutationScheme::kNhood;
  double alpha = 0.05;                 // significance for clusters
  bool fdr = false;                    // clusters from FDR-adjusted p when true
  std::function<void(size_t)> progress;
};

struct HotspotResult {
  // One row per area, in the areas' order: id, value, n_neighbours, lag,
  // moran_i, moran_e, moran_var, moran_z, moran_p_sim, moran_p_fdr, cluster,
  // gistar_z, gistar_p_sim, gistar_p_fdr, geary_p_sim; with scheme kSpdep
  // also moran_z_sim and moran_p_sim_rank (spdep's "Z.Ii" and
  // "Pr(z != E(Ii)) Sim").
  Table table;
  std::string subject;   // "imd_score over 32844 areas (...)"
  std::string summary;   // global Moran, cluster counts, the scheme (lines for stderr)
  std::map<std::string, size_t> clusters;  // label -> number of areas
};

// Cluster label of one area: "Isolated" for an island, else the quadrant
// when p <= alpha, else "Not significant" (p NaN is not significant).
std::string Cluster(const std::string& quadrant, bool island, double p, double alpha);

// `neighbours`: the areas (neighbours.ids(), in output order) and their
// unstandardised weights (contiguity, k nearest, a file, ...); row-standardised
// here for local Moran and Geary, and with self added for Gi*.
Result<HotspotResult> ComputeHotspots(const geo::SpatialWeights& neighbours, const Table& data,
                                      const HotspotOptions& options);

}  // namespace nhood::spatial
