// Crude rates per population with Poisson confidence limits.
//
// Method: PHEindicatormethods::phe_rate 2.1.0: rate = x/n * multiplier;
// limits = count limits of x (exact when x < 10, Byar at 10 and above; see
// poisson.h) / n * multiplier. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

struct RateOptions {
  std::vector<double> confidence = {0.95};
  double multiplier = 100000.0;
};

// Status (value NaN): "missing numerator or denominator", "negative
// numerator" (x < 0), "denominator not positive" (n <= 0). x > n is allowed.
// `method` is "Exact" or "Byars".
Estimate CrudeRate(double x, double n, const RateOptions& options);

}  // namespace nhood::stats
