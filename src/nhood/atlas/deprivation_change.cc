#include "nhood/atlas/deprivation_change.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nhood/atlas/composite_index.h"

namespace nhood::atlas {

Result<CarriedScores> CarryScores(const std::vector<BridgeLink>& links, const std::vector<std::string>& source_ids,
                                  std::span<const double> score, std::span<const double> population,
                                  const std::unordered_map<std::string, double>& target_population) {
  if (score.size() != source_ids.size() || population.size() != source_ids.size()) {
    return InvalidArgument("carrying scores: one score and one population per source area are needed");
  }
  std::vector<double> weighted(source_ids.size()), weight(source_ids.size());
  for (size_t i = 0; i < source_ids.size(); ++i) {
    const bool ok = std::isfinite(score[i]) && population[i] > 0;
    weighted[i] = ok ? score[i] * population[i] : 0.0;
    weight[i] = ok ? population[i] : 0.0;
  }
  NHOOD_ASSIGN_OR_RETURN(Bridged b, BridgeCounts(links, source_ids, {weighted, weight}, target_population));
  CarriedScores out;
  out.ids = std::move(b.targets);
  out.unmatched_sources = b.unmatched_sources.size();
  out.score.resize(out.ids.size());
  for (size_t t = 0; t < out.ids.size(); ++t) {
    out.score[t] = b.columns[1][t] > 0 ? b.columns[0][t] / b.columns[1][t] : NAN;
  }
  // A target with one source keeps that score exactly (not score x p / p).
  std::unordered_map<std::string, size_t> source_at, target_at;
  for (size_t i = 0; i < source_ids.size(); ++i) source_at.emplace(source_ids[i], i);
  for (size_t t = 0; t < out.ids.size(); ++t) target_at.emplace(out.ids[t], t);
  std::vector<int> sources(out.ids.size(), 0);
  std::vector<size_t> only(out.ids.size(), 0);
  for (const BridgeLink& l : links) {
    auto s = source_at.find(l.from);
    if (s == source_at.end() || weight[s->second] <= 0) continue;
    const size_t t = target_at[l.to];
    if (sources[t] == 1 && only[t] == s->second) continue;  // the same link twice
    ++sources[t];
    only[t] = s->second;
  }
  for (size_t t = 0; t < out.ids.size(); ++t) {
    if (sources[t] == 1) out.score[t] = score[only[t]];
  }
  return out;
}

std::vector<double> DecilesAgainst(std::span<const double> reference, std::span<const double> score) {
  std::vector<double> finite;
  for (double v : reference) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  const Ranking r = RankDescending(finite);
  std::vector<double> lowest(11, INFINITY);  // lowest score of each decile 1..10
  for (size_t i = 0; i < finite.size(); ++i) {
    const int d = static_cast<int>(r.decile[i]);
    lowest[d] = std::min(lowest[d], finite[i]);
  }
  std::vector<double> out(score.size(), NAN);
  for (size_t i = 0; i < score.size(); ++i) {
    if (!std::isfinite(score[i]) || finite.empty()) continue;
    out[i] = 10;
    for (int d = 1; d <= 9; ++d) {
      if (score[i] >= lowest[d]) {
        out[i] = d;
        break;
      }
    }
  }
  return out;
}

std::vector<double> RankFinite(std::span<const double> score) {
  std::vector<size_t> order;
  for (size_t i = 0; i < score.size(); ++i) {
    if (std::isfinite(score[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  std::vector<double> rank(score.size(), NAN);
  for (size_t p = 0; p < order.size(); ++p) rank[order[p]] = static_cast<double>(p + 1);
  return rank;
}

DeprivationChange CompareDeprivation(std::span<const int32_t> region, int32_t count, std::span<const double> population,
                                     std::span<const double> score_before, std::span<const double> decile_before,
                                     std::span<const double> score_after, std::span<const double> decile_after) {
  DeprivationChange c;
  auto summarise = [&](std::span<const double> score, std::span<const double> decile, std::vector<double>* mean,
                       std::vector<double>* share) {
    std::vector<double> sw(count, 0), swx(count, 0), pop(count, 0), top(count, 0);
    for (size_t i = 0; i < region.size(); ++i) {
      const int32_t g = region[i];
      if (g < 0 || g >= count) continue;
      pop[g] += population[i];
      if (decile[i] == 1) top[g] += population[i];
      if (!std::isfinite(score[i])) continue;
      sw[g] += population[i];
      swx[g] += population[i] * score[i];
    }
    mean->resize(count);
    share->resize(count);
    for (int32_t g = 0; g < count; ++g) {
      (*mean)[g] = sw[g] > 0 ? swx[g] / sw[g] : NAN;
      (*share)[g] = pop[g] > 0 ? top[g] / pop[g] : NAN;
    }
  };
  summarise(score_before, decile_before, &c.score_before, &c.most_deprived_before);
  summarise(score_after, decile_after, &c.score_after, &c.most_deprived_after);
  c.rank_before = RankFinite(c.score_before);
  c.rank_after = RankFinite(c.score_after);
  for (int32_t g = 0; g < count; ++g) {
    c.score_change.push_back(c.score_after[g] - c.score_before[g]);
    c.rank_change.push_back(c.rank_before[g] - c.rank_after[g]);
    c.most_deprived_change.push_back(c.most_deprived_after[g] - c.most_deprived_before[g]);
  }
  return c;
}

}  // namespace nhood::atlas
