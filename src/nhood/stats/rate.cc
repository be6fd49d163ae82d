#include "nhood/stats/rate.h"

#include <cmath>

#include "nhood/stats/poisson.h"

namespace nhood::stats {

Estimate CrudeRate(double x, double n, const RateOptions& options) {
  Estimate e;
  if (std::string problem = CountProblem(x, n); !problem.empty()) {
    e = Undefined(options.confidence, problem);
  } else {
    e.value = x / n * options.multiplier;
    for (double c : options.confidence) {
      Interval ci = CountInterval(x, c);
      e.intervals.push_back({ci.lower / n * options.multiplier, ci.upper / n * options.multiplier, c});
    }
  }
  e.numerator = x;
  e.denominator = n;
  e.method = std::isnan(x) ? "" : (UseExactPoisson(x) ? "Exact" : "Byars");
  return e;
}

}  // namespace nhood::stats
