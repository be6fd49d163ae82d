#include "nhood/stats/estimate.h"

#include <cmath>

namespace nhood::stats {

Estimate Undefined(const std::vector<double>& levels, std::string status) {
  Estimate e;
  for (double c : levels) e.intervals.push_back({kNaN, kNaN, c});
  e.status = std::move(status);
  return e;
}

std::string CountProblem(double x, double n) {
  if (std::isnan(x) || std::isnan(n)) return "missing numerator or denominator";
  if (x < 0) return "negative numerator";
  if (n <= 0) return "denominator not positive";
  return "";
}

}  // namespace nhood::stats
