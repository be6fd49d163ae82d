// Estimate and Interval: what every indicator statistic returns.
//
// An Estimate carries the value, one interval per requested confidence level
// (in the order requested), the numerator and denominator it was computed
// from, the method's name, and a status: empty when the value was computed,
// otherwise the reason it could not be (statistically undefined cases are
// data, not failures: the value and limits are NaN and `status` says why).
// Copyable value types.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace nhood::stats {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Interval {
  double lower = kNaN;
  double upper = kNaN;
  double confidence = kNaN;  // as a fraction, e.g. 0.95
};

struct Estimate {
  double value = kNaN;
  double numerator = kNaN;
  double denominator = kNaN;
  std::vector<Interval> intervals;  // one per requested level
  std::string method;               // e.g. "Wilson", "Byars", "Exact", "Dobson"
  std::string status;               // "" when computed; else the reason

  bool computed() const { return status.empty(); }
};

// Why a count x over a denominator n cannot be computed: "missing numerator
// or denominator", "negative numerator", "denominator not positive", or ""
// when both are usable.
std::string CountProblem(double x, double n);

// An Estimate with the given status and `levels.size()` NaN intervals.
Estimate Undefined(const std::vector<double>& levels, std::string status);

}  // namespace nhood::stats
