// Means with Student t confidence intervals.
//
// Method: PHEindicatormethods::phe_mean 2.1.0: mean +/- |qt(alpha/2, k-1)| *
// sd / sqrt(k), sd the sample standard deviation (divisor k - 1); missing
// values are dropped first. Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

struct MeanEstimate {
  double sum = kNaN;
  double count = 0;
  double sd = kNaN;
  Estimate estimate;  // value = mean; numerator = sum, denominator = count
};

// Status: "no values" when every value is missing (all NaN); with one value
// the mean is defined but sd and the limits are NaN ("one value: no interval").
MeanEstimate Mean(std::span<const double> values, const std::vector<double>& confidence);

}  // namespace nhood::stats
