#include "nhood/evaluate/scoring.h"

#include <array>
#include <cmath>
#include <limits>

#include "nhood/base/number.h"

namespace nhood::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// SWEMWBS raw sum 7..35 -> metric score (Rasch conversion; DOMAIN.md §0).
constexpr std::array<double, 29> kSwemwbsMetric = {
    7.00,  9.51,  11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, 18.59, 19.25,
    19.98, 20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00};

bool Whole(double x) { return std::isfinite(x) && std::floor(x) == x; }

Result<double> SumOfResponses(std::span<const double> items, size_t count, const char* scale) {
  if (items.size() != count) {
    return InvalidArgument(std::string(scale) + " needs " + std::to_string(count) + " items, got " +
                           std::to_string(items.size()));
  }
  double sum = 0;
  bool missing = false;
  for (double v : items) {
    if (std::isnan(v)) {
      missing = true;
      continue;
    }
    if (!Whole(v) || v < 1 || v > 5) {
      return InvalidArgument(std::string(scale) + ": response " + FormatNumber(v) + " is not one of 1-5");
    }
    sum += v;
  }
  return missing ? kNaN : sum;
}

}  // namespace

Result<double> SwemwbsMetric(double raw_sum) {
  if (!Whole(raw_sum) || raw_sum < 7 || raw_sum > 35) {
    return InvalidArgument("SWEMWBS raw sum " + FormatNumber(raw_sum) + " is not a whole number from 7 to 35");
  }
  return kSwemwbsMetric[static_cast<size_t>(raw_sum) - 7];
}

Result<double> SwemwbsScore(std::span<const double> items) {
  NHOOD_ASSIGN_OR_RETURN(double raw, SumOfResponses(items, 7, "SWEMWBS"));
  if (std::isnan(raw)) return kNaN;
  return SwemwbsMetric(raw);
}

Result<double> WemwbsScore(std::span<const double> items) { return SumOfResponses(items, 14, "WEMWBS"); }

Result<std::string> Ons4Band(Ons4Measure measure, double score) {
  if (std::isnan(score)) return std::string();
  if (!Whole(score) || score < 0 || score > 10) {
    return InvalidArgument("ONS4 score " + FormatNumber(score) + " is not a whole number from 0 to 10");
  }
  if (measure == Ons4Measure::kAnxiety) {
    if (score <= 1) return std::string("very low");
    if (score <= 3) return std::string("low");
    if (score <= 5) return std::string("medium");
    return std::string("high");
  }
  if (score <= 4) return std::string("low");
  if (score <= 6) return std::string("medium");
  if (score <= 8) return std::string("high");
  return std::string("very high");
}

double ReverseCode(double value, double min, double max) { return std::isnan(value) ? value : min + max - value; }

Result<Alpha> CronbachAlpha(const std::vector<std::vector<double>>& items) {
  const size_t k = items.size();
  if (k < 2) return InvalidArgument("Cronbach's alpha needs at least 2 items");
  const size_t n = items[0].size();
  for (const auto& c : items) {
    if (c.size() != n) return InvalidArgument("Cronbach's alpha: items of different lengths");
  }
  std::vector<size_t> complete;
  for (size_t r = 0; r < n; ++r) {
    bool ok = true;
    for (const auto& c : items) ok = ok && !std::isnan(c[r]);
    if (ok) complete.push_back(r);
  }
  Alpha a;
  a.respondents = complete.size();
  if (complete.size() < 2) {
    a.alpha = kNaN;
    return a;
  }
  auto variance = [&](auto value) {
    double mean = 0;
    for (size_t r : complete) mean += value(r);
    mean /= static_cast<double>(complete.size());
    double ss = 0;
    for (size_t r : complete) ss += (value(r) - mean) * (value(r) - mean);
    return ss / static_cast<double>(complete.size() - 1);
  };
  double item_var = 0;
  for (const auto& c : items) item_var += variance([&](size_t r) { return c[r]; });
  const double total_var = variance([&](size_t r) {
    double s = 0;
    for (const auto& c : items) s += c[r];
    return s;
  });
  a.alpha = total_var > 0 ? static_cast<double>(k) / (k - 1) * (1 - item_var / total_var) : kNaN;
  return a;
}

}  // namespace nhood::evaluate
