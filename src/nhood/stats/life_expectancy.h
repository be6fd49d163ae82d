// Period life expectancy from an abridged life table with confidence limits.
//
// Method: Chiang CL (1984) The Life Table and its Applications (Chiang II
// abridged life table), with Silcocks' adjustment for the final open-ended
// band: Silcocks PBS, Jenner DA & Reza R (2001) J Epidemiol Community Health
// 55:38-43. Code and conventions of PHEindicatormethods::phe_life_expectancy
// 2.1.0 (UKHSA), the Fingertips method. 20 age bands starting 0, 1, 5, 10,
// ..., 90. Pure functions; thread-safe.
//
// NOTE: a_i (fraction of the interval lived by those who die) is 0.1 for age
// 0 and 0.5 otherwise; the last band's width is 2 / M_last.
#pragma once

#include <span>
#include <vector>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

struct LifeTableBand {
  double start_age = kNaN;
  Estimate estimate;          // life expectancy at start_age
  double pops_used = kNaN;    // population from this band upward
  double deaths_used = kNaN;  // deaths from this band upward
};

// One result per input band, in the input order (which must be ascending).
// The whole group is undefined (status says why) when: not exactly 20 bands,
// the start ages are not 0, 1, 5, ..., 90, any deaths < 0 or missing, any
// population <= 0 or missing, deaths above population in a band, or total
// population <= 5000. A band's value and limits are NaN ("confidence
// interval wider than 20 years") when 1.959964 x se > 10, whatever the
// confidence levels asked.
std::vector<LifeTableBand> LifeExpectancy(std::span<const double> start_age,
                                          std::span<const double> deaths,
                                          std::span<const double> population,
                                          const std::vector<double>& confidence);

}  // namespace nhood::stats
