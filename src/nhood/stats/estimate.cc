#include "nhood/stats/estimate.h"

namespace nhood::stats {

Estimate Undefined(const std::vector<double>& levels, std::string status) {
  Estimate e;
  for (double c : levels) e.intervals.push_back({kNaN, kNaN, c});
  e.status = std::move(status);
  return e;
}

}  // namespace nhood::stats
