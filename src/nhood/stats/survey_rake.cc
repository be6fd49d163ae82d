#include "nhood/stats/survey_rake.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace nhood::stats {
namespace {

// Weighted total of each cell of the cross-classification of all margins.
std::vector<double> CellTotals(const std::vector<int>& cell, size_t num_cells, const std::vector<double>& w) {
  std::vector<double> t(num_cells, 0.0);
  for (size_t r = 0; r < w.size(); ++r) t[cell[r]] += w[r];
  return t;
}

}  // namespace

Result<RakeReport> Rake(SurveyDesign* design, const std::vector<RakeMargin>& margins, int max_passes,
                        double epsilon) {
  const size_t n = design->num_rows();
  if (margins.empty()) return InvalidArgument("rake: no margins");
  for (const RakeMargin& m : margins) {
    if (m.level.size() != n) return InvalidArgument("rake: a margin's length differs from the rows");
    for (int l : m.level) {
      if (l < 0 || static_cast<size_t>(l) >= m.total.size()) return InvalidArgument("rake: level out of range");
      if (!(m.total[l] > 0)) return InvalidArgument("rake: a level in the sample has no population total");
    }
  }
  std::vector<double>& w = design->weight;
  if (epsilon < 1) {
    double s = 0;
    for (double x : w) s += x;
    epsilon *= s;
  }
  // Cross-classification cells, numbered in order of first appearance.
  std::vector<int> cell(n);
  std::unordered_map<std::string, int> cell_of;
  for (size_t r = 0; r < n; ++r) {
    std::string key;
    for (const RakeMargin& m : margins) key += std::to_string(m.level[r]) + ',';
    cell[r] = cell_of.emplace(key, static_cast<int>(cell_of.size())).first->second;
  }
  std::vector<double> old_table = CellTotals(cell, cell_of.size(), w);
  std::vector<RakedMargin> raked(margins.size());
  RakeReport report;
  std::vector<double> sample;
  while (report.passes < max_passes) {
    for (size_t k = 0; k < margins.size(); ++k) {
      const RakeMargin& m = margins[k];
      sample.assign(m.total.size(), 0.0);
      for (size_t r = 0; r < n; ++r) sample[m.level[r]] += w[r];
      for (size_t r = 0; r < n; ++r) {
        // survey: prob / (Pop.Freq / Freq), i.e. w * (Pop.Freq / Freq).
        w[r] = 1.0 / ((1.0 / w[r]) / (m.total[m.level[r]] / sample[m.level[r]]));
      }
      raked[k].level = m.level;
      raked[k].weights = w;
      raked[k].num_levels = static_cast<int>(m.total.size());
    }
    std::vector<double> new_table = CellTotals(cell, cell_of.size(), w);
    double delta = 0;
    for (size_t c = 0; c < new_table.size(); ++c) delta = std::max(delta, std::fabs(old_table[c] - new_table[c]));
    report.last_change = delta;
    if (delta < epsilon) {
      report.converged = true;
      ++report.passes;
      break;
    }
    old_table = std::move(new_table);
    ++report.passes;
  }
  design->raking = std::move(raked);
  return report;
}

}  // namespace nhood::stats
