#include "nhood/stats/quantile.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nhood::stats {

std::vector<int> AssignQuantiles(std::span<const double> values, const QuantileOptions& options) {
  std::vector<int> out(values.size(), 0);
  std::vector<size_t> present;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) present.push_back(i);
  }
  const double n = static_cast<double>(present.size());
  const double nq = options.quantiles;
  if (present.size() < static_cast<size_t>(options.quantiles) || present.empty()) return out;
  auto key = [&](size_t i) { return options.invert ? -values[i] : values[i]; };
  std::vector<size_t> order = present;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  // Minimum rank ("min" ties method): ties share the rank of the first.
  double rank = 0;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    if (pos == 0 || key(order[pos]) != key(order[pos - 1])) rank = static_cast<double>(pos + 1);
    double q = std::floor((nq + 1.0) - std::ceil(((n + 1.0) - rank) / (n / nq)));
    out[order[pos]] = q <= 0 ? 1 : static_cast<int>(q);
  }
  return out;
}

}  // namespace nhood::stats
