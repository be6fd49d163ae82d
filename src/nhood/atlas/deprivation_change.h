// Deprivation between two vintages of the IMD (2019 on LSOA 2011, 2025 on
// LSOA 2021): the earlier scores carried onto the later areas, their
// national deciles, and the change per neighbourhood.
//
// Carrying a score across vintages (population-apportioned, through the ONS
// best-fit lookup and atlas/vintage_bridge.h): each source area's score
// times its population is shared among its targets like a count, and so is
// its population; a target's score is the ratio of the two. An unchanged or
// split area keeps its source's score; a merged one gets its sources'
// population-weighted mean. This is how the IMD itself averages scores to
// larger areas (IoD 2019 Appendix N).
//
// Deciles of carried scores use the earlier vintage's own national cut
// points (decile d holds the scores at or above the lowest score of the
// published decile d), so an unchanged area keeps its published decile.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "nhood/atlas/vintage_bridge.h"
#include "nhood/base/result.h"

namespace nhood::atlas {

struct CarriedScores {
  std::vector<std::string> ids;  // the targets, in order of first appearance in the lookup
  std::vector<double> score;     // NaN: no source with a score and a population
  size_t unmatched_sources = 0;  // sources not in the lookup (left out)
};

// `score` and `population` per `source_ids` (NaN or a population not above 0:
// the source is left out); `target_population` shares split sources.
// Errors: kInvalidArgument for spans of other lengths than source_ids.
Result<CarriedScores> CarryScores(const std::vector<BridgeLink>& links, const std::vector<std::string>& source_ids,
                                  std::span<const double> score, std::span<const double> population,
                                  const std::unordered_map<std::string, double>& target_population);

// The decile (1 = most deprived) of each of `score` against the national
// deciles of `reference` (ranked highest first, as RankDescending); NaN for
// NaN.
std::vector<double> DecilesAgainst(std::span<const double> reference, std::span<const double> score);

// Per neighbourhood; "before" and "after" are the two vintages.
struct DeprivationChange {
  // Population-weighted over the areas with a score (NaN when none has one).
  std::vector<double> score_before, score_after, score_change;  // change = after - before
  // Rank among the neighbourhoods with a score, 1 = most deprived;
  // rank_change = before - after (> 0: relatively more deprived now).
  std::vector<double> rank_before, rank_after, rank_change;
  // Population share in the national most deprived decile, and its change.
  std::vector<double> most_deprived_before, most_deprived_after, most_deprived_change;
};

// `region` per area (0..count-1); the other spans per area.
DeprivationChange CompareDeprivation(std::span<const int32_t> region, int32_t count, std::span<const double> population,
                                     std::span<const double> score_before, std::span<const double> decile_before,
                                     std::span<const double> score_after, std::span<const double> decile_after);

// Ranks 1..m, highest first, over the finite values (ties in order); NaN
// for the others.
std::vector<double> RankFinite(std::span<const double> score);

}  // namespace nhood::atlas
