// Aggregating small-area deprivation to larger areas, the IMD way (English
// Indices of Deprivation 2019 technical report, Appendix N; as humaniverse/IMD
// aggregate_scores implements it):
//   score      population-weighted mean of the small areas' scores
//              (average the scores, never the ranks)
//   proportion share of the small areas in the most deprived decile
//              nationally (decile <= 1), unweighted
//   extent     population share living in the most deprived 30% nationally,
//              percentiles 1-10 weighted 1, 11 weighted 0.95, then down by
//              0.9 / 19 per percentile to 0.05 at 30, 0 beyond; percentiles
//              from the national rank as dplyr::ntile(rank, 100)
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::atlas {

// The group of each small area: an index into the list of groups.
struct Grouping {
  std::vector<int32_t> group;      // per small area; -1 = in no group
  std::vector<std::string> names;  // per group
};

// Groups small areas by the text in `keys` (in order of first appearance).
Grouping GroupBy(const std::vector<std::string>& keys);

struct Aggregate {
  std::vector<double> score, proportion, extent, population;
  std::vector<int> areas;  // small areas per group
};

// REQUIRES: spans of the grouping's length. kInvalidArgument for a missing
// or negative population or score.
Result<Aggregate> AggregateDeprivation(const Grouping& g, std::span<const double> score,
                                       std::span<const double> rank, std::span<const double> decile,
                                       std::span<const double> population);

// dplyr::ntile(x, buckets) (dplyr >= 1.1: bucket sizes differ by at most
// one, the larger buckets first; ties broken by order of appearance).
std::vector<int> Ntile(std::span<const double> x, int buckets);

// Extent weight of percentile p (1 = most deprived).
double ExtentWeight(int percentile);

}  // namespace nhood::atlas
