// Proportions with Wilson score confidence intervals.
//
// Method: Wilson EB (1927) J Am Stat Assoc 22:209-212; as in Newcombe RG &
// Altman DG, Statistics with Confidence (2nd edn, 2000) pp 46-48, and
// PHEindicatormethods::phe_proportion 2.1.0 (UKHSA), the Fingertips method for
// proportions. Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

// Wilson score limits for x successes out of n at critical value z:
//   (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)).
// Infinite z (confidence 1) gives [0, 1].
// REQUIRES: 0 <= x <= n, n > 0 (x need not be an integer).
// NOTE: the bounds are on the 0-1 scale; multiply by the multiplier after.
Interval WilsonInterval(double x, double n, double z);

// Batch form for speed: writes lower[i], upper[i] for each (x[i], n[i]).
// REQUIRES: all spans the same length; inputs satisfy WilsonInterval's REQUIRES.
void WilsonIntervals(std::span<const double> x, std::span<const double> n, double z,
                     std::span<double> lower, std::span<double> upper);

struct ProportionOptions {
  std::vector<double> confidence = {0.95};  // normalised levels (see confidence.h)
  double multiplier = 1.0;                  // 100 for a percentage
};

// The proportion x/n * multiplier with a Wilson interval per level.
// Status (value NaN): "missing numerator or denominator" if x or n is NaN;
// "negative numerator" (x < 0); "denominator not positive" (n <= 0);
// "numerator above denominator" (x > n). The reference stops on the last
// three; callers decide whether to stop or keep the row.
Estimate Proportion(double x, double n, const ProportionOptions& options);

}  // namespace nhood::stats
