// Indirectly standardised ratios (SMR) and rates.
//
// Method: Breslow & Day (1987) vol II ch 2; code and conventions of
// PHEindicatormethods::calculate_ISRatio / calculate_ISRate 2.1.0 (UKHSA):
//   E = sum(x_ref_i / n_ref_i * n_i)     (missing terms count as 0)
//   O = sum(x_i)
//   ratio = O / E * ref_value (1 or 100), limits = count limits of O / E * ref_value
//   ref_rate = sum(x_ref) / sum(n_ref) * multiplier
//   rate = O / E * ref_rate, limits = count limits of O / E * ref_rate
// with count limits exact when O < 10 and Byar at 10 and above.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

struct IsrOptions {
  std::vector<double> confidence = {0.95};
  double ref_value = 1.0;         // ratio scale: 1, or 100 for an SMR x 100
  double multiplier = 100000.0;   // rate scale
};

struct IsrEstimate {
  double observed = kNaN;
  double expected = kNaN;
  double ref_rate = kNaN;
  Estimate ratio;  // numerator = O, denominator = E
  Estimate rate;
};

// REQUIRES: equal lengths. Status "expected count not positive" when E <= 0.
IsrEstimate Isr(std::span<const double> x, std::span<const double> n, std::span<const double> x_ref,
                std::span<const double> n_ref, const IsrOptions& options);

// The same from totals already summed: O observed events, E expected from
// the reference's age-specific rates, and the reference's crude rate per
// person (for the rate scale; NaN leaves the rate undefined). Isr() is this
// applied to its sums.
IsrEstimate IsrFromTotals(double observed, double expected, double ref_rate_per_person, const IsrOptions& options);

}  // namespace nhood::stats
