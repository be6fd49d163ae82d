#include "nhood/atlas/double_disadvantage.h"

#include <algorithm>
#include <cmath>

namespace nhood::atlas {

std::vector<bool> HighestPercent(std::span<const double> score, double percent) {
  std::vector<size_t> order;
  for (size_t i = 0; i < score.size(); ++i) {
    if (!std::isnan(score[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  const size_t cut = static_cast<size_t>(std::floor(static_cast<double>(score.size()) * percent / 100.0));
  std::vector<bool> out(score.size(), false);
  for (size_t k = 0; k < std::min(cut, order.size()); ++k) out[order[k]] = true;
  return out;
}

std::vector<bool> DoubleDisadvantage(std::span<const double> deprivation, std::span<const double> need,
                                     double percent) {
  const auto a = HighestPercent(deprivation, percent), b = HighestPercent(need, percent);
  std::vector<bool> out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = a[i] && b[i];
  return out;
}

std::vector<int32_t> DisadvantageGroups(const std::vector<bool>& doubly, const std::vector<bool>& deprived) {
  std::vector<int32_t> g(doubly.size());
  for (size_t i = 0; i < doubly.size(); ++i) g[i] = doubly[i] ? 0 : (deprived[i] ? 1 : 2);
  return g;
}

FlagConfusion CompareFlags(const std::vector<bool>& ours, const std::vector<bool>& theirs) {
  FlagConfusion c;
  for (size_t i = 0; i < ours.size(); ++i) {
    if (ours[i] && theirs[i]) ++c.both;
    else if (ours[i]) ++c.ours_only;
    else if (theirs[i]) ++c.theirs_only;
    else ++c.neither;
  }
  return c;
}

}  // namespace nhood::atlas
