#include "nhood/stats/funnel.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "nhood/stats/distributions.h"
#include "nhood/stats/estimate.h"
#include "nhood/stats/poisson.h"

namespace nhood::stats {
namespace {

// The reference's poisson_cis: P(x_a <= X <= x_b) for X ~ Poisson(z), summed
// term by term with rescaling, as the Excel macro it was ported from.
double PoissonRangeProbability(double z, double x_a, double x_b) {
  double q = 1, tot = 0, s = 0, k = 0;
  while (k <= z || q > tot * 1e-10) {
    tot += q;
    if (k >= x_a && k <= x_b) s += q;
    if (tot > 1e30) {
      s /= 1e30;
      tot /= 1e30;
      q /= 1e30;
    }
    k += 1;
    q = q * z / k;
  }
  return s / tot;
}

// Number of characters R's as.character() gives for a whole number: R picks
// scientific notation ("1e+05") when it is narrower than the fixed form.
int RWholeNumberWidth(double x) {
  if (x == 0) return 1;
  const double ax = std::fabs(x);
  const int fixed = static_cast<int>(std::floor(std::log10(ax))) + 1 + (x < 0 ? 1 : 0);
  // Significant digits: strip trailing zeros.
  double m = ax;
  int trailing = 0;
  while (m >= 10 && std::fmod(m, 10.0) == 0) {
    m /= 10;
    ++trailing;
  }
  const int digits = fixed - (x < 0 ? 1 : 0) - trailing;
  const int exponent = fixed - (x < 0 ? 1 : 0) - 1;
  const int sci = digits + (digits > 1 ? 1 : 0) + (exponent >= 100 ? 5 : 4) + (x < 0 ? 1 : 0);
  return fixed <= sci ? fixed : sci;
}

double SignifFloor(double x) {
  if (x == 0) return 0;
  const int n = RWholeNumberWidth(std::floor(x * 0.95)) - 1;
  const double p = std::pow(10.0, n);
  return std::floor(x * 0.95 / p) * p;
}

double SignifCeiling(double x) {
  if (x == 0) return 0;
  const int n = RWholeNumberWidth(std::ceil(x * 1.05)) - 2;
  const double p = std::pow(10.0, n);
  return std::ceil(x * 1.05 / p) * p;
}

// Limits of a count (exact below 10, Byar otherwise) divided by `expected`,
// as the reference's funnel_ratio_significance.
double RatioTest(double observed, double expected, double p, bool high) {
  if (observed == 0 && !high) return 0.0 / expected;
  Interval ci = CountInterval(observed, p);
  return (high ? ci.upper : ci.lower) / expected;
}

Status Validate(std::span<const double> x, std::span<const double> n, const FunnelOptions& o) {
  if (x.empty()) return InvalidArgument("funnel: no rows");
  for (size_t i = 0; i < x.size(); ++i) {
    const std::string row = "row " + std::to_string(i + 1);
    if (x[i] < 0) return InvalidArgument("funnel: " + row + ": numerator below zero");
    if (!n.empty() && n[i] <= 0) return InvalidArgument("funnel: " + row + ": denominator not positive");
    if (o.statistic == FunnelStatistic::kProportion && x[i] > n[i]) {
      return InvalidArgument("funnel: " + row + ": numerator above denominator");
    }
  }
  return Status::Ok();
}

// Denominators as the reference derives them for rates.
std::vector<double> DerivedDenominator(std::span<const double> x, std::span<const double> n,
                                       std::span<const double> rate, const FunnelOptions& o,
                                       bool for_limits) {
  std::vector<double> d(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (o.statistic != FunnelStatistic::kRate) {
      d[i] = n[i];
    } else if (o.rate_type == RateType::kDsr) {
      d[i] = x[i] == 0 ? kNaN : o.multiplier * x[i] / rate[i];
    } else if (for_limits) {
      d[i] = n.empty() ? o.multiplier * x[i] / rate[i] : n[i];
    } else {
      d[i] = x[i] == 0 ? n[i] : x[i] / rate[i] * o.multiplier;
    }
  }
  return d;
}

double SumSkippingNaN(const std::vector<double>& v) {
  double s = 0;
  for (double d : v) {
    if (!std::isnan(d)) s += d;
  }
  return s;
}

}  // namespace

double FunnelProportionLimit(double p, double n, double av, bool high, double multiplier) {
  const double q = *NormalQuantile(p);
  const double q2 = q * q;
  const double first = av * (n / q2 + 1);
  const double adj = std::sqrt(std::pow(-8 * av * (n / q2 + 1), 2) -
                               64 * (1 / q2 + 1 / n) * av * (n * (av * (n / q2 + 2) - 1) + q2 * (av - 1)));
  const double last = 1 / q2 + 1 / n;
  const double r = high ? (first + adj / 8) / last : (first - adj / 8) / last;
  return r / n * multiplier;
}

double FunnelPoissonMean(double observed, double p, bool high) {
  double v = 0.5, dv = 0.5;
  while (dv > 1e-7) {
    dv /= 2;
    const double m = (1 + observed) * v / (1 - v);
    if (!high) {
      v += PoissonRangeProbability(m, observed, 1e10) > p ? -dv : dv;
    } else {
      v += PoissonRangeProbability(m, 0, observed) < p ? -dv : dv;
    }
  }
  return (1 + observed) * v / (1 - v);
}

Result<FunnelLimits> FunnelPlotLimits(std::span<const double> x, std::span<const double> n,
                                      std::span<const double> rate, const FunnelOptions& o) {
  NHOOD_RETURN_IF_ERROR(Validate(x, n, o));
  const std::vector<double> d = DerivedDenominator(x, n, rate, o, true);
  double sum_x = 0, min_d = INFINITY, max_d = -INFINITY;
  for (size_t i = 0; i < x.size(); ++i) {
    sum_x += x[i];
    if (std::isnan(d[i])) continue;
    min_d = std::min(min_d, d[i]);
    max_d = std::max(max_d, d[i]);
  }
  const double av = sum_x / SumSkippingNaN(d);
  const bool is_rate = o.statistic == FunnelStatistic::kRate;
  const double years = o.years_of_data;
  double axis_min = 0;
  if (!(max_d > 2 * min_d)) axis_min = is_rate ? SignifFloor(min_d / years) * years : SignifFloor(min_d);
  double axis_max = is_rate ? SignifCeiling(max_d / years) * years : SignifCeiling(max_d);
  if (is_rate) {
    axis_min = std::floor(axis_min * av);
    axis_max = std::ceil(axis_max * av);
  }
  std::vector<double> axis(100);
  axis[0] = std::max(1.0, axis_min);
  for (int j = 2; j <= 100; ++j) {
    const int offset = o.statistic == FunnelStatistic::kRatio ? j - 1 : j;
    const double prev = axis[j - 2];
    axis[j - 1] = std::max(std::nearbyint(std::pow(axis_max / prev, 1.0 / (101 - offset)) * prev), prev + 1);
  }
  FunnelLimits out;
  auto add = [&](std::string name, std::vector<double> col) {
    out.names.push_back(std::move(name));
    out.columns.push_back(std::move(col));
  };
  std::vector<double> col(100);
  if (o.statistic == FunnelStatistic::kProportion) {
    add("Population", axis);
    struct Spec {
      const char* name;
      double p;
      bool high;
    };
    for (const Spec& spec : {Spec{"lower_2s_limit", 0.975, false}, Spec{"upper_2s_limit", 0.975, true},
                             Spec{"lower_3s_limit", 0.999, false}, Spec{"upper_3s_limit", 0.999, true}}) {
      const auto& [name, p, high] = spec;
      for (int i = 0; i < 100; ++i) {
        const double v = FunnelProportionLimit(p, axis[i], av, high, o.multiplier);
        col[i] = high ? std::min(100.0, v) : std::max(0.0, v);
      }
      add(name, col);
    }
    add("baseline", std::vector<double>(100, av * o.multiplier));
    return out;
  }
  const bool ratio = o.statistic == FunnelStatistic::kRatio;
  add(ratio ? "Observed_events" : "Events", axis);
  struct Spec {
    const char* level;
    double p;
    bool high_side;
  };
  for (const Spec& spec : {Spec{"lower_2s", 0.025, true}, Spec{"upper_2s", 0.025, false},
                           Spec{"lower_3s", 0.001, true}, Spec{"upper_3s", 0.001, false}}) {
    const auto& [level, p, high_side] = spec;
    std::vector<double> mean(100), limit(100);
    for (int i = 0; i < 100; ++i) {
      mean[i] = FunnelPoissonMean(axis[i], p, high_side);
      if (ratio) {
        limit[i] = axis[i] / mean[i];
        limit[i] = o.ratio_type == RatioType::kCount ? limit[i] - 1 : limit[i] * 100;
      } else {
        mean[i] /= av;  // population for one year of data, before the years split
        limit[i] = axis[i] / mean[i] * o.multiplier;
        mean[i] /= years;
      }
    }
    add(std::string(level) + (ratio ? "_exp_events" : "_population_1_year"), mean);
    add(std::string(level) + "_limit", limit);
  }
  if (!ratio) add("baseline", std::vector<double>(100, av * o.multiplier));
  return out;
}

Result<std::vector<std::string>> FunnelSignificance(std::span<const double> x,
                                                    std::span<const double> n,
                                                    std::span<const double> rate,
                                                    const FunnelOptions& o) {
  NHOOD_RETURN_IF_ERROR(Validate(x, n, o));
  std::vector<std::string> out(x.size(), "Not significant");
  if (o.statistic == FunnelStatistic::kProportion) {
    double sx = 0, sn = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      sx += x[i];
      sn += n[i];
    }
    const double av = sx / sn;
    for (size_t i = 0; i < x.size(); ++i) {
      const double p = x[i] / n[i];
      if (p < FunnelProportionLimit(0.999, n[i], av, false, 1)) out[i] = "Low (0.001)";
      else if (p < FunnelProportionLimit(0.975, n[i], av, false, 1)) out[i] = "Low (0.025)";
      else if (p > FunnelProportionLimit(0.999, n[i], av, true, 1)) out[i] = "High (0.001)";
      else if (p > FunnelProportionLimit(0.975, n[i], av, true, 1)) out[i] = "High (0.025)";
    }
    return out;
  }
  std::vector<double> d = DerivedDenominator(x, n, rate, o, false);
  double target = 1.0;
  if (o.statistic == FunnelStatistic::kRate) {
    double sx = 0;
    for (double v : x) sx += v;
    target = sx / SumSkippingNaN(d);
  }
  for (size_t i = 0; i < x.size(); ++i) {
    // Comparisons with NaN are false, as case_when treats NA conditions.
    if (target < RatioTest(x[i], d[i], 0.998, false)) out[i] = "High (0.001)";
    else if (target < RatioTest(x[i], d[i], 0.95, false)) out[i] = "High (0.025)";
    else if (target > RatioTest(x[i], d[i], 0.998, true)) out[i] = "Low (0.001)";
    else if (target > RatioTest(x[i], d[i], 0.95, true)) out[i] = "Low (0.025)";
    if (o.statistic == FunnelStatistic::kRate && o.rate_type == RateType::kDsr && x[i] < 10) {
      out[i] = "Not applicable for events less than 10 for dsrs";
    }
  }
  return out;
}

}  // namespace nhood::stats
