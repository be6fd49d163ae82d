// Comparing a group of areas with a reference group.
//
// Counts: the rate ratio RR = (x1 / n1) / (x2 / n2) with the Katz log
// interval, exp(ln RR -/+ z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)) (Katz, Baptista,
// Azen & Pike 1978, Biometrics 34:469).
// Scores (indicators already expressed per area, e.g. standardised ratios):
// the ratio of population-weighted means, with a delta-method interval on
// the log scale from each group's weighted between-area variance and Kish's
// effective number of areas (Kish 1965, Survey Sampling, s. 11.7).
// Indicators that are not positive (standardised scores centred on 0) are
// compared by the difference of weighted means, mean1 - mean2 +/- z se,
// significance judged against 0.
// Significance: the interval entirely above 1 (or 0) is Higher, below
// Lower, else Similar. Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

struct RatioEstimate {
  double value_group = kNaN, value_reference = kNaN;  // rates or means
  double ratio = kNaN, lower = kNaN, upper = kNaN;    // or the difference, see measure
  std::string measure = "ratio";                       // "ratio" or "difference"
  std::string significance;  // Higher, Lower, Similar, or "" when undefined
};

RatioEstimate RateRatio(double x1, double n1, double x2, double n2, double confidence = 0.95);

// `difference` forces the difference of means (used to keep one measure for
// all the comparisons of an indicator).
RatioEstimate MeanRatio(std::span<const double> values1, std::span<const double> weights1,
                        std::span<const double> values2, std::span<const double> weights2, double confidence = 0.95,
                        bool difference = false);

}  // namespace nhood::stats
