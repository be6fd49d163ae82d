// Confidence limits for a Poisson count: Byar's approximation and the exact
// (chi-squared) method, and the Fingertips rule that chooses between them.
//
// Byar: Breslow NE & Day NE, Statistical Methods in Cancer Research vol II,
// IARC 1987, p 69. Exact: Garwood F (1936) Biometrika 28:437-442 (limits from
// chi-squared quantiles). Rule and code as PHEindicatormethods 2.1.0
// (byars_lower/upper, phe_rate): exact when the count is below 10, Byar at 10
// and above. Pure functions; thread-safe.
#pragma once

#include "nhood/base/result.h"
#include "nhood/stats/estimate.h"

namespace nhood::stats {

// Byar lower limit x (1 - 1/(9x) - z/(3 sqrt x))^3, NaN when negative
// (e.g. x = 1 at 99.8%), as the reference returns NA.
// NOTE: the lower limit uses x; the upper limit uses x + 1.
double ByarLower(double x, double z);
// Byar upper limit (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3.
double ByarUpper(double x, double z);

// Exact Poisson limits qchisq(alpha/2, 2x)/2 and qchisq(1 - alpha/2, 2x+2)/2
// with alpha = 1 - confidence; the lower limit is 0 when x = 0.
// REQUIRES: x >= 0, confidence already normalised.
double ExactPoissonLower(double x, double confidence);
double ExactPoissonUpper(double x, double confidence);

// Which method the Fingertips rule picks for count x.
inline bool UseExactPoisson(double x) { return x < 10; }

// Limits for count x at `confidence` by the rule above, with the method name
// ("Exact" or "Byars") in `method` when it is not null.
Interval CountInterval(double x, double confidence, const char** method = nullptr);

}  // namespace nhood::stats
