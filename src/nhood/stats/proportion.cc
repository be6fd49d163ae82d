#include "nhood/stats/proportion.h"

#include <cmath>

#include "nhood/stats/confidence.h"

namespace nhood::stats {

Interval WilsonInterval(double x, double n, double z) {
  if (std::isinf(z)) return {0.0, 1.0, kNaN};
  const double z2 = z * z;
  const double spread = z * std::sqrt(z2 + 4.0 * x * (1.0 - x / n));
  const double centre = 2.0 * x + z2;
  // The reference divides by 2 and then by (n + z^2); keep its order.
  return {(centre - spread) / 2.0 / (n + z2), (centre + spread) / 2.0 / (n + z2), kNaN};
}

void WilsonIntervals(std::span<const double> x, std::span<const double> n, double z,
                     std::span<double> lower, std::span<double> upper) {
  const double z2 = z * z;
  for (size_t i = 0; i < x.size(); ++i) {
    const double xi = x[i], ni = n[i];
    const double spread = z * std::sqrt(z2 + 4.0 * xi * (1.0 - xi / ni));
    const double centre = 2.0 * xi + z2;
    const double denom = 2.0 * (ni + z2);
    lower[i] = (centre - spread) / denom;
    upper[i] = (centre + spread) / denom;
  }
}

Estimate Proportion(double x, double n, const ProportionOptions& options) {
  Estimate e;
  if (std::string problem = CountProblem(x, n); !problem.empty()) {
    e = Undefined(options.confidence, problem);
  } else if (x > n) {
    e = Undefined(options.confidence, "numerator above denominator");
  } else {
    e.value = x / n * options.multiplier;
    for (double c : options.confidence) {
      Result<double> z = TwoSidedZ(c);
      Interval ci = z ? WilsonInterval(x, n, *z) : Interval{};
      e.intervals.push_back({ci.lower * options.multiplier, ci.upper * options.multiplier, c});
    }
  }
  e.numerator = x;
  e.denominator = n;
  e.method = "Wilson";
  return e;
}

}  // namespace nhood::stats
