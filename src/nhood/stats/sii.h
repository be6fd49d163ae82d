// Slope and relative index of inequality (SII, RII) with simulated intervals.
//
// Method: Low A & Low A (2004) Measuring the gap: quantifying and comparing
// local health inequalities, J Public Health 26:388-395; code and conventions
// of PHEindicatormethods::phe_sii 2.1.0 (UKHSA). Quantiles (5 to 100) are
// ordered; a_i = pop_i / sum(pop); b_i = the midpoint of quantile i on the
// cumulative population scale. Weighted least squares of value on b (weights
// a) gives intercept c0 and slope c1: SII = multiplier * c1,
// RII = (c0 + c1) / c0 (inverted when multiplier < 0).
// Intervals: `repetitions` draws of every quantile's value from
// N(g(value), se) (g = identity, log for rates, logit for proportions; se
// from the 95% limits as (g(U) - g(L)) / (2 x 1.959964) unless given),
// back-transformed, refitted and sorted; limits at positions
// round(reps x alpha/2) and round(reps x (1 - alpha/2)). With transform,
// the regression runs on the g scale and limits come from the simulated
// slopes placed around the fitted midpoint.
// NOTE: draws follow R's set.seed(seed) and rnorm exactly (see r_random.h),
// so intervals match the reference for the same seed and group order.
// Pure functions; thread-safe (each call owns its generator).
#pragma once

#include <span>
#include <vector>

#include "nhood/stats/estimate.h"
#include "nhood/stats/r_random.h"

namespace nhood::stats {

enum class SiiValueType { kNormal = 0, kRate = 1, kProportion = 2 };

struct SiiOptions {
  SiiValueType value_type = SiiValueType::kNormal;
  bool transform = false;
  double multiplier = 1.0;
  int repetitions = 100000;
  std::vector<double> confidence = {0.95};
};

struct SiiQuantileRow {
  double quantile = kNaN;
  double population = kNaN;
  double value = kNaN;  // or NaN with x given (proportions)
  double x = kNaN;
  double se = kNaN;
  double lower = kNaN;  // 95% limits, used when se is NaN
  double upper = kNaN;
};

struct SiiResult {
  Estimate sii;
  Estimate rii;
  double intercept = kNaN;
};

// One group's SII. `rng` carries R's stream across groups, as the reference
// draws them in order. Status: "needs 5 to 100 quantiles", "population not
// positive", "missing standard error or limits", "proportion outside 0-1",
// "repetitions below 1000".
SiiResult Sii(std::vector<SiiQuantileRow> rows, const SiiOptions& options, RRandom& rng);

}  // namespace nhood::stats
