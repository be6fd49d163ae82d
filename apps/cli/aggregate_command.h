// `nhood aggregate`: small-area figures summed to a higher geography or to
// custom neighbourhoods through a lookup (LSOA -> MSOA, ward, local
// authority, or LSOA -> neighbourhood from `nhood regions`):
//   --score: deprivation the IMD way (atlas/aggregation.h): population-
//            weighted score, proportion in the most deprived decile, extent,
//            then the groups' own rank and decile;
//   --numerator/--denominator: counts summed and the rate recomputed with a
//            Wilson 95% interval.
// Input areas the lookup does not cover are reported (how many and which).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

struct AggregateOptions {
  std::string input, id, where, lookup, lookup_from, lookup_to;
  std::string score, rank, decile;                                // deprivation
  std::string population, population_id, population_column;      // weights (file, or a column of the input)
  std::string numerator, denominator;                             // counts
  double multiplier = 100;
  int skip_lines = 0;
};

struct AggregateRun {
  Table table;
  std::string summary;
  size_t unmatched = 0;
};

Result<AggregateRun> ComputeAggregate(const AggregateOptions& o);
void SetupAggregateCommand(CLI::App& app, int* exit_code);

}  // namespace nhood::cli
