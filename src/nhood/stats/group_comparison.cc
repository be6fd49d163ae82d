#include "nhood/stats/group_comparison.h"

#include <cmath>

#include "nhood/stats/confidence.h"

namespace nhood::stats {
namespace {

std::string Significance(double lower, double upper) {
  if (std::isnan(lower) || std::isnan(upper)) return "";
  if (lower > 1) return "Higher";
  if (upper < 1) return "Lower";
  return "Similar";
}

struct WeightedMean {
  double mean = kNaN, var_of_mean = kNaN;
};

// Weighted mean and the variance of that mean: s2_w / n_eff, with s2_w the
// weighted variance of the values and n_eff = (sum w)^2 / sum w^2.
WeightedMean Weighted(std::span<const double> v, std::span<const double> w) {
  double sw = 0, sw2 = 0, swx = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i]) || !(w[i] > 0)) continue;
    sw += w[i];
    sw2 += w[i] * w[i];
    swx += w[i] * v[i];
  }
  WeightedMean m;
  if (sw <= 0) return m;
  m.mean = swx / sw;
  double ss = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i]) || !(w[i] > 0)) continue;
    ss += w[i] * (v[i] - m.mean) * (v[i] - m.mean);
  }
  const double n_eff = sw * sw / sw2;
  if (n_eff > 1) m.var_of_mean = (ss / sw) * n_eff / (n_eff - 1) / n_eff;
  return m;
}

}  // namespace

RatioEstimate RateRatio(double x1, double n1, double x2, double n2, double confidence) {
  RatioEstimate r;
  if (!(n1 > 0 && n2 > 0) || std::isnan(x1) || std::isnan(x2)) return r;
  r.value_group = x1 / n1;
  r.value_reference = x2 / n2;
  if (!(x1 > 0 && x2 > 0)) return r;
  r.ratio = r.value_group / r.value_reference;
  const Result<double> z = TwoSidedZ(confidence);
  const double se = std::sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  r.lower = std::exp(std::log(r.ratio) - *z * se);
  r.upper = std::exp(std::log(r.ratio) + *z * se);
  r.significance = Significance(r.lower, r.upper);
  return r;
}

RatioEstimate MeanRatio(std::span<const double> values1, std::span<const double> weights1,
                        std::span<const double> values2, std::span<const double> weights2, double confidence,
                        bool difference) {
  RatioEstimate r;
  const WeightedMean a = Weighted(values1, weights1), b = Weighted(values2, weights2);
  r.value_group = a.mean;
  r.value_reference = b.mean;
  if (std::isnan(a.var_of_mean) || std::isnan(b.var_of_mean)) return r;
  const Result<double> z = TwoSidedZ(confidence);
  if (difference || !(a.mean > 0 && b.mean > 0)) {
    r.measure = "difference";
    r.ratio = a.mean - b.mean;
    const double se = std::sqrt(a.var_of_mean + b.var_of_mean);
    r.lower = r.ratio - *z * se;
    r.upper = r.ratio + *z * se;
    r.significance = r.lower > 0 ? "Higher" : (r.upper < 0 ? "Lower" : "Similar");
    return r;
  }
  r.ratio = a.mean / b.mean;
  // Delta method: var(ln mean) ~ var(mean) / mean^2.
  const double se = std::sqrt(a.var_of_mean / (a.mean * a.mean) + b.var_of_mean / (b.mean * b.mean));
  r.lower = std::exp(std::log(r.ratio) - *z * se);
  r.upper = std::exp(std::log(r.ratio) + *z * se);
  r.significance = Significance(r.lower, r.upper);
  return r;
}

}  // namespace nhood::stats
