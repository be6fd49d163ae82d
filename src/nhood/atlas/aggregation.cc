#include "nhood/atlas/aggregation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace nhood::atlas {

Grouping GroupBy(const std::vector<std::string>& keys) {
  Grouping g;
  std::unordered_map<std::string, int32_t> index;
  for (const auto& k : keys) {
    if (k.empty()) {
      g.group.push_back(-1);
      continue;
    }
    auto [it, inserted] = index.emplace(k, static_cast<int32_t>(g.names.size()));
    if (inserted) g.names.push_back(k);
    g.group.push_back(it->second);
  }
  return g;
}

std::vector<int> Ntile(std::span<const double> x, int buckets) {
  const size_t len = x.size();
  std::vector<size_t> order(len);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<int> out(len, 0);
  if (len == 0) return out;
  const int64_t n = buckets;
  const int64_t n_larger = static_cast<int64_t>(len) % n;
  const int64_t larger_size = (static_cast<int64_t>(len) + n - 1) / n;
  const int64_t smaller_size = static_cast<int64_t>(len) / n;
  const int64_t larger_threshold = larger_size * n_larger;
  for (size_t pos = 0; pos < len; ++pos) {
    const int64_t r = static_cast<int64_t>(pos) + 1;  // row_number
    int64_t bin;
    if (r <= larger_threshold) bin = (r + larger_size - 1) / larger_size;
    else bin = (r - larger_threshold + smaller_size - 1) / smaller_size + n_larger;
    out[order[pos]] = static_cast<int>(bin);
  }
  return out;
}

double ExtentWeight(int p) {
  if (p <= 10) return 1.0;
  if (p == 11) return 0.95;
  if (p <= 30) return 0.95 - (0.9 / 19) * (p - 11);
  return 0.0;
}

Result<Aggregate> AggregateDeprivation(const Grouping& g, std::span<const double> score,
                                       std::span<const double> rank, std::span<const double> decile,
                                       std::span<const double> population) {
  const size_t n = g.group.size();
  const size_t k = g.names.size();
  for (size_t i = 0; i < n; ++i) {
    if (!(population[i] >= 0)) return InvalidArgument("aggregation: small area " + std::to_string(i + 1) + " has no population");
    if (!std::isfinite(score[i])) return InvalidArgument("aggregation: small area " + std::to_string(i + 1) + " has no score");
  }
  const std::vector<int> percentile = Ntile(rank, 100);
  Aggregate a;
  a.score.assign(k, 0);
  a.proportion.assign(k, 0);
  a.extent.assign(k, 0);
  a.population.assign(k, 0);
  a.areas.assign(k, 0);
  for (size_t i = 0; i < n; ++i) {
    const int32_t c = g.group[i];
    if (c < 0) continue;
    a.score[c] += score[i] * population[i];
    a.population[c] += population[i];
    a.proportion[c] += decile[i] <= 1 ? 1 : 0;
    a.extent[c] += population[i] * ExtentWeight(percentile[i]);
    ++a.areas[c];
  }
  for (size_t c = 0; c < k; ++c) {
    a.score[c] /= a.population[c];
    a.extent[c] /= a.population[c];
    a.proportion[c] /= a.areas[c];
  }
  return a;
}

}  // namespace nhood::atlas
