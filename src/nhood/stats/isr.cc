#include "nhood/stats/isr.h"

#include <cmath>

#include "nhood/stats/poisson.h"

namespace nhood::stats {
namespace {
double Zero(double v) { return std::isnan(v) ? 0.0 : v; }
}  // namespace

IsrEstimate IsrFromTotals(double observed, double expected, double ref_rate_per_person, const IsrOptions& options) {
  IsrEstimate r;
  r.observed = observed;
  r.expected = expected;
  r.ref_rate = ref_rate_per_person * options.multiplier;
  const char* method = UseExactPoisson(observed) ? "Exact" : "Byars";
  if (!(expected > 0)) {
    r.ratio = Undefined(options.confidence, "expected count not positive");
    r.rate = r.ratio;
  } else {
    r.ratio.value = observed / expected * options.ref_value;
    r.rate.value = observed / expected * r.ref_rate;
    for (double c : options.confidence) {
      Interval o = CountInterval(observed, c);
      r.ratio.intervals.push_back({o.lower / expected * options.ref_value, o.upper / expected * options.ref_value, c});
      r.rate.intervals.push_back({o.lower / expected * r.ref_rate, o.upper / expected * r.ref_rate, c});
    }
  }
  for (Estimate* e : {&r.ratio, &r.rate}) {
    e->numerator = observed;
    e->denominator = expected;
    e->method = method;
  }
  return r;
}

IsrEstimate Isr(std::span<const double> x, std::span<const double> n, std::span<const double> x_ref,
                std::span<const double> n_ref, const IsrOptions& options) {
  double observed = 0, expected = 0, ref_x = 0, ref_n = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    observed += Zero(x[i]);
    expected += Zero(x_ref[i] / n_ref[i] * n[i]);
    ref_x += Zero(x_ref[i]);
    ref_n += Zero(n_ref[i]);
  }
  return IsrFromTotals(observed, expected, ref_x / ref_n, options);
}

}  // namespace nhood::stats
