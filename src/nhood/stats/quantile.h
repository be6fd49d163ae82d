// Quantile assignment (deciles, quintiles, ...) of values within groups.
//
// Method: PHEindicatormethods::phe_quantile 2.1.0 (UKHSA). With N non-missing
// values and nq quantiles, rank = minimum rank of -value (invert, the
// default: quantile 1 holds the highest values) or of value, and
//   q = floor((nq + 1) - ceiling(((N + 1) - rank) / (N / nq))), 0 -> 1.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

namespace nhood::stats {

struct QuantileOptions {
  int quantiles = 10;
  bool invert = true;  // quantile 1 = highest values
};

// The quantile of each value (0 for a missing value), or all 0 when fewer
// than `quantiles` values are present (the reference gives NA). Callers
// apply this per group.
std::vector<int> AssignQuantiles(std::span<const double> values, const QuantileOptions& options);

}  // namespace nhood::stats
