#include "nhood/stats/benchmark.h"

#include <algorithm>
#include <cmath>

#include "nhood/stats/confidence.h"

namespace nhood::stats {
namespace {

bool Missing(double a, double b) { return std::isnan(a) || std::isnan(b); }

std::string Judge(const std::string& significance, Polarity polarity) {
  if (significance == "Similar" || significance == "NotCompared") return significance;
  if (polarity == Polarity::kNoJudgement) return significance;
  const bool high = significance == "Higher" || significance == "Highest";
  const bool extreme = significance == "Highest" || significance == "Lowest";
  const bool good = (polarity == Polarity::kHighIsGood) == high;
  if (extreme) return good ? "Best" : "Worst";
  return good ? "Better" : "Worse";
}

// Similar when lower <= comparator <= upper, else where the area lies.
std::string ByInterval(double area_value, double lower, double upper, double comparator) {
  if (comparator >= lower && comparator <= upper) return "Similar";
  return area_value < comparator ? "Lower" : "Higher";
}

// Type-7 percentile (R quantile default, Excel PERCENTILE.INC) of sorted v.
double Percentile(const std::vector<double>& sorted, double p) {
  const double h = (sorted.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

}  // namespace

Result<ComparisonMethod> ParseComparisonMethod(std::string_view t) {
  if (t == "ci95" || t == "1") return ComparisonMethod::kCi95;
  if (t == "ci95_998" || t == "17") return ComparisonMethod::kCi95And998;
  if (t == "ci998") return ComparisonMethod::kCi998;
  if (t == "double" || t == "12") return ComparisonMethod::kDoubleCi;
  if (t == "spc_proportion" || t == "5") return ComparisonMethod::kSpcProportion;
  if (t == "quintile" || t == "15") return ComparisonMethod::kQuintile;
  return InvalidArgument("unknown comparison method '" + std::string(t) +
                         "' (expected ci95, ci95_998, ci998, double, spc_proportion or quintile)");
}

Result<Polarity> ParsePolarity(std::string_view t) {
  if (t == "high_is_good" || t == "high") return Polarity::kHighIsGood;
  if (t == "low_is_good" || t == "low") return Polarity::kLowIsGood;
  if (t == "bob" || t == "no_judgement") return Polarity::kNoJudgement;
  if (t == "none") return Polarity::kNone;
  return InvalidArgument("unknown polarity '" + std::string(t) +
                         "' (expected high_is_good, low_is_good, bob or none)");
}

Comparison Compare(const AreaValue& a, const Comparator& c, ComparisonMethod method, Polarity polarity,
                   double spc_confidence) {
  const Comparison not_compared{"NotCompared", "NotCompared"};
  if (polarity == Polarity::kNone || std::isnan(a.value) || std::isnan(c.value)) return not_compared;
  std::string sig;
  switch (method) {
    case ComparisonMethod::kCi95:
      if (Missing(a.lower95, a.upper95)) return not_compared;
      sig = ByInterval(a.value, a.lower95, a.upper95, c.value);
      break;
    case ComparisonMethod::kCi998:
      if (Missing(a.lower998, a.upper998)) return not_compared;
      sig = ByInterval(a.value, a.lower998, a.upper998, c.value);
      break;
    case ComparisonMethod::kCi95And998:
      if (Missing(a.lower95, a.upper95) || Missing(a.lower998, a.upper998)) return not_compared;
      sig = ByInterval(a.value, a.lower95, a.upper95, c.value);
      if (sig != "Similar" && ByInterval(a.value, a.lower998, a.upper998, c.value) != "Similar") {
        sig = sig == "Higher" ? "Highest" : "Lowest";
      }
      break;
    case ComparisonMethod::kDoubleCi:
      if (Missing(a.lower95, a.upper95) || Missing(c.lower95, c.upper95)) return not_compared;
      if (a.lower95 <= c.upper95 && c.lower95 <= a.upper95) sig = "Similar";
      else sig = a.value < c.value ? "Lower" : "Higher";
      break;
    case ComparisonMethod::kSpcProportion: {
      Result<double> zr = TwoSidedZ(spc_confidence);
      if (std::isnan(a.denominator) || a.denominator <= 0 || !zr) return not_compared;
      const double z = *zr, n = a.denominator, p0 = c.value / c.unit;
      const double e = n * p0;
      const double spread = z * std::sqrt(z * z + 4 * e * (1 - e / n));
      const double lower = (2 * e + z * z - spread) / (2 * (n + z * z));
      const double upper = (2 * e + z * z + spread) / (2 * (n + z * z));
      const double p = a.value / c.unit;
      sig = p > upper ? "Higher" : (p < lower ? "Lower" : "Similar");
      break;
    }
    case ComparisonMethod::kQuintile:
      return not_compared;
  }
  return {sig, Judge(sig, polarity)};
}

std::vector<Comparison> Quintiles(std::span<const double> values, Polarity polarity) {
  std::vector<Comparison> out(values.size());
  std::vector<double> sorted;
  for (double v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  if (sorted.size() < 5 || polarity == Polarity::kNone) return out;
  std::sort(sorted.begin(), sorted.end());
  double bounds[5];
  for (int k = 0; k < 4; ++k) {
    bounds[k] = std::round(Percentile(sorted, 0.2 * (k + 1)) * 1e10) / 1e10;
  }
  bounds[4] = sorted.back();
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    int k = 5;
    for (int b = 0; b < 5; ++b) {
      if (bounds[b] >= values[i]) {
        k = b + 1;
        break;
      }
    }
    if (polarity == Polarity::kHighIsGood) k = 6 - k;
    out[i] = {std::to_string(k), std::to_string(k)};
  }
  return out;
}

}  // namespace nhood::stats
