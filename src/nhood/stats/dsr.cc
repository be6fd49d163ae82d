#include "nhood/stats/dsr.h"

#include <charconv>
#include <cmath>
#include <map>

#include "nhood/stats/confidence.h"
#include "nhood/stats/poisson.h"

namespace nhood::stats {
namespace {

struct Sums {
  double count = 0, pop = 0, weighted = 0, weight = 0, var_terms = 0;
};

bool AddRow(Sums& s, double x, double n, double w) {
  if (std::isnan(n) || n <= 0 || std::isnan(w)) return false;
  if (std::isnan(x)) x = 0;
  s.count += x;
  s.pop += n;
  s.weighted += x * w / n;
  s.weight += w;
  s.var_terms += w * w * x / (n * n);
  return true;
}

// The reference's dsr_inner: value and Dobson limits from sums and variance.
Estimate Finish(const Sums& s, double variance, const DsrOptions& options) {
  Estimate e;
  if (s.count < 10) {
    e = Undefined(options.confidence, "total count below 10");
  } else {
    e.value = s.weighted / s.weight * options.multiplier;
    const double scale = std::sqrt(variance / s.count);
    for (double c : options.confidence) {
      Result<double> z = TwoSidedZ(c);
      Interval ci{kNaN, kNaN, c};
      if (z) {
        ci.lower = e.value + scale * (ByarLower(s.count, *z) - s.count) * options.multiplier;
        ci.upper = e.value + scale * (ByarUpper(s.count, *z) - s.count) * options.multiplier;
      }
      e.intervals.push_back(ci);
    }
  }
  e.numerator = s.count;
  e.denominator = s.pop;
  e.method = "Dobson";
  return e;
}

}  // namespace

int Esp2013Index(std::string_view label) {
  size_t i = 0;
  while (i < label.size() && (label[i] < '0' || label[i] > '9')) ++i;
  if (i == label.size()) return -1;
  int start = 0;
  auto [ptr, ec] = std::from_chars(label.data() + i, label.data() + label.size(), start);
  if (ec != std::errc()) return -1;
  (void)ptr;
  if (start >= 90) return 18;
  if (start % 5 != 0) return -1;
  return start / 5;
}

Estimate Dsr(std::span<const double> x, std::span<const double> n, std::span<const double> w,
             const DsrOptions& options) {
  Sums s;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!AddRow(s, x[i], n[i], w[i])) {
      Estimate e = Undefined(options.confidence, "population not positive or missing");
      e.method = "Dobson";
      return e;
    }
  }
  return Finish(s, s.var_terms / (s.weight * s.weight), options);
}

Estimate DsrNonIndependent(std::span<const double> x, std::span<const double> n,
                           std::span<const double> w, std::span<const double> frequency,
                           std::span<const int> age, const DsrOptions& options) {
  // Variance: per frequency f, the Dobson variance of the person counts at f
  // (its own sum of weights), times f^2, summed over f.
  std::map<double, Sums> by_frequency;
  // Events collapsed per age band: x = sum_f f * persons.
  std::map<int, Sums> by_age;
  std::map<int, std::pair<double, double>> age_n_w;
  for (size_t i = 0; i < x.size(); ++i) {
    const double xi = std::isnan(x[i]) ? 0.0 : x[i];
    if (!AddRow(by_frequency[frequency[i]], xi, n[i], w[i])) {
      Estimate e = Undefined(options.confidence, "population not positive or missing");
      e.method = "Dobson";
      return e;
    }
    auto [it, inserted] = age_n_w.emplace(age[i], std::make_pair(n[i], w[i]));
    if (!inserted && (it->second.first != n[i] || it->second.second != w[i])) {
      Estimate e = Undefined(options.confidence, "rows of one age band differ in population or standard");
      e.method = "Dobson";
      return e;
    }
    by_age[age[i]].count += frequency[i] * xi;
  }
  double variance = 0;
  for (const auto& [f, s] : by_frequency) variance += f * f * s.var_terms / (s.weight * s.weight);
  Sums total;
  for (const auto& [a, s] : by_age) {
    const auto [na, wa] = age_n_w[a];
    AddRow(total, s.count, na, wa);
  }
  return Finish(total, variance, options);
}

}  // namespace nhood::stats
