#include "nhood/atlas/vintage_bridge.h"

#include <algorithm>
#include <cmath>

namespace nhood::atlas {

Result<Bridged> BridgeCounts(const std::vector<BridgeLink>& links, const std::vector<std::string>& source_ids,
                             const std::vector<std::vector<double>>& counts,
                             const std::unordered_map<std::string, double>& target_population) {
  for (const auto& c : counts) {
    if (c.size() != source_ids.size()) return InvalidArgument("bridge: a count column does not match the source areas");
  }
  Bridged out;
  std::unordered_map<std::string, size_t> target_index;
  std::unordered_map<std::string, std::vector<size_t>> partners;  // source -> targets
  for (const auto& l : links) {
    auto [it, inserted] = target_index.emplace(l.to, out.targets.size());
    if (inserted) out.targets.push_back(l.to);
    auto& p = partners[l.from];
    if (std::find(p.begin(), p.end(), it->second) == p.end()) p.push_back(it->second);
  }
  out.columns.assign(counts.size(), std::vector<double>(out.targets.size(), 0.0));
  for (size_t s = 0; s < source_ids.size(); ++s) {
    auto it = partners.find(source_ids[s]);
    if (it == partners.end()) {
      out.unmatched_sources.push_back(source_ids[s]);
      continue;
    }
    const auto& p = it->second;
    if (p.size() > 1) ++out.split_sources;
    std::vector<double> share(p.size(), 0.0);
    double total = 0;
    for (size_t k = 0; k < p.size(); ++k) {
      auto pop = target_population.find(out.targets[p[k]]);
      share[k] = pop != target_population.end() && pop->second > 0 ? pop->second : 0.0;
      total += share[k];
    }
    for (size_t k = 0; k < p.size(); ++k) share[k] = total > 0 ? share[k] / total : 1.0 / p.size();
    for (size_t c = 0; c < counts.size(); ++c) {
      for (size_t k = 0; k < p.size(); ++k) out.columns[c][p[k]] += counts[c][s] * share[k];
    }
  }
  return out;
}

}  // namespace nhood::atlas
