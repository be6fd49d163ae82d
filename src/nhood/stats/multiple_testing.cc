#include "nhood/stats/multiple_testing.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

std::vector<double> BenjaminiHochberg(std::span<const double> p) {
  std::vector<size_t> order;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i])) order.push_back(i);
  }
  std::vector<double> out(p.size(), kNaN);
  const double m = static_cast<double>(order.size());
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  double running = 1.0;
  for (size_t k = order.size(); k-- > 0;) {
    running = std::min(running, m * p[order[k]] / static_cast<double>(k + 1));
    out[order[k]] = std::min(1.0, running);
  }
  return out;
}

std::vector<double> Bonferroni(std::span<const double> p) {
  double m = 0;
  for (double v : p) m += std::isnan(v) ? 0 : 1;
  std::vector<double> out(p.size());
  for (size_t i = 0; i < p.size(); ++i) out[i] = std::isnan(p[i]) ? kNaN : std::min(1.0, m * p[i]);
  return out;
}

}  // namespace nhood::stats
