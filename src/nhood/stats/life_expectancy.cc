#include "nhood/stats/life_expectancy.h"

#include <cmath>
#include <string>

#include "nhood/stats/confidence.h"

namespace nhood::stats {
namespace {

constexpr double kStartAges[20] = {0, 1, 5, 10, 15, 20, 25, 30, 35, 40,
                                   45, 50, 55, 60, 65, 70, 75, 80, 85, 90};

std::string Validate(std::span<const double> start_age, std::span<const double> deaths,
                     std::span<const double> population) {
  if (start_age.size() != 20) return "needs exactly 20 age bands";
  double total = 0;
  for (size_t i = 0; i < 20; ++i) {
    if (start_age[i] != kStartAges[i]) return "age bands must start 0, 1, 5, 10, ..., 90";
    if (std::isnan(deaths[i]) || deaths[i] < 0) return "deaths missing or negative";
    if (std::isnan(population[i]) || population[i] <= 0) return "population missing or not positive";
    if (deaths[i] > population[i]) return "deaths above population";
    total += population[i];
  }
  if (total <= 5000) return "total population 5000 or less";
  return "";
}

}  // namespace

std::vector<LifeTableBand> LifeExpectancy(std::span<const double> start_age,
                                          std::span<const double> deaths,
                                          std::span<const double> population,
                                          const std::vector<double>& confidence) {
  const size_t k = start_age.size();
  std::vector<LifeTableBand> out(k);
  double pops = 0, dths = 0;
  for (size_t i = k; i-- > 0;) {
    pops += population[i];
    dths += deaths[i];
    out[i].start_age = start_age[i];
    out[i].pops_used = pops;
    out[i].deaths_used = dths;
  }
  const std::string invalid = Validate(start_age, deaths, population);
  if (!invalid.empty()) {
    for (auto& b : out) {
      b.estimate = Undefined(confidence, invalid);
      b.estimate.method = "Chiang II";
    }
    return out;
  }
  std::vector<double> width(k), a(k), m(k), q(k), l(k + 1), d(k), big_l(k), t(k), e(k), s2(k), w(k);
  for (size_t i = 0; i < k; ++i) {
    m[i] = deaths[i] / population[i];
    a[i] = i == 0 ? 0.1 : 0.5;
    width[i] = i + 1 < k ? start_age[i + 1] - start_age[i] : 2.0 / m[i];
  }
  l[0] = 100000.0;
  for (size_t i = 0; i < k; ++i) {
    if (i + 1 == k) {
      q[i] = 1.0;
    } else if (deaths[i] <= population[i] / width[i] / a[i]) {
      q[i] = m[i] * width[i] / (1.0 + m[i] * width[i] * (1.0 - a[i]));
    } else {
      q[i] = 1.0;
    }
    l[i + 1] = l[i] * (1.0 - q[i]);
    d[i] = l[i] - l[i + 1];
  }
  for (size_t i = 0; i < k; ++i) {
    big_l[i] = i + 1 < k ? width[i] * (l[i + 1] + a[i] * d[i]) : l[i] / m[i];
  }
  double running = 0;
  for (size_t i = k; i-- > 0;) {
    running += big_l[i];
    t[i] = running;
    e[i] = l[i] == 0 ? 0.0 : t[i] / l[i];
  }
  for (size_t i = 0; i < k; ++i) {
    if (i + 1 < k) {
      s2[i] = d[i] == 0 ? 0.0 : q[i] * q[i] * (1.0 - q[i]) / deaths[i];
      const double f = (1.0 - a[i]) * width[i] + e[i + 1];
      w[i] = s2[i] * l[i] * l[i] * f * f;
    } else {
      s2[i] = 4.0 / (deaths[i] * m[i] * m[i]);
      w[i] = (l[i] / 2.0) * (l[i] / 2.0) * s2[i];
    }
  }
  const double z95 = *TwoSidedZ(0.95);
  double w_sum = 0;
  for (size_t i = k; i-- > 0;) {
    w_sum += w[i];
    const double se = std::sqrt(w_sum / (l[i] * l[i]));
    Estimate& est = out[i].estimate;
    est.method = "Chiang II";
    est.numerator = out[i].deaths_used;
    est.denominator = out[i].pops_used;
    if (z95 * se > 10) {
      est = Undefined(confidence, "confidence interval wider than 20 years");
      est.method = "Chiang II";
      continue;
    }
    est.value = e[i];
    for (double c : confidence) {
      Result<double> z = TwoSidedZ(c);
      est.intervals.push_back({z ? e[i] - *z * se : kNaN, z ? e[i] + *z * se : kNaN, c});
    }
  }
  return out;
}

}  // namespace nhood::stats
