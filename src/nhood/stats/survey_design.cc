#include "nhood/stats/survey_design.h"

#include <cmath>
#include <unordered_map>

#include "nhood/base/number.h"
#include "nhood/stats/estimate.h"

namespace nhood::stats {

Result<LonelyPsu> ParseLonelyPsu(std::string_view name) {
  if (name == "fail") return LonelyPsu::kFail;
  if (name == "adjust") return LonelyPsu::kAdjust;
  if (name == "average") return LonelyPsu::kAverage;
  if (name == "certainty") return LonelyPsu::kCertainty;
  if (name == "remove") return LonelyPsu::kRemove;
  return InvalidArgument("--lonely-psu: '" + std::string(name) +
                         "' is not one of fail, adjust, average, certainty, remove");
}

const char* LonelyPsuName(LonelyPsu lonely) {
  switch (lonely) {
    case LonelyPsu::kFail: return "fail";
    case LonelyPsu::kAdjust: return "adjust";
    case LonelyPsu::kAverage: return "average";
    case LonelyPsu::kCertainty: return "certainty";
    case LonelyPsu::kRemove: return "remove";
  }
  return "fail";
}

Result<SurveyDesign> MakeSurveyDesign(const DesignInput& in) {
  const size_t n = in.weight.size();
  if ((!in.stratum.empty() && in.stratum.size() != n) || (!in.psu.empty() && in.psu.size() != n) ||
      (!in.fpc.empty() && in.fpc.size() != n)) {
    return InvalidArgument("survey design: columns of different lengths");
  }
  if (n == 0) return InvalidArgument("survey design: no rows");
  SurveyDesign d;
  d.lonely = in.lonely;
  d.weight = in.weight;
  for (size_t r = 0; r < n; ++r) {
    const double w = in.weight[r];
    if (!std::isfinite(w) || w <= 0) {
      return InvalidArgument(in.where(r) + ", column '" + in.weight_column + "': weight " +
                             (std::isnan(w) ? std::string("is missing") : FormatNumber(w) + " is not > 0") +
                             " (sampling weights must be positive)");
    }
  }
  // Strata in order of first appearance.
  d.stratum.resize(n);
  std::unordered_map<std::string, int> stratum_of;
  std::vector<size_t> first_row_of_stratum;
  for (size_t r = 0; r < n; ++r) {
    const std::string& label = in.stratum.empty() ? std::string() : in.stratum[r];
    auto [it, added] = stratum_of.emplace(label, static_cast<int>(d.stratum_label.size()));
    if (added) {
      d.stratum_label.push_back(label);
      first_row_of_stratum.push_back(r);
    }
    d.stratum[r] = it->second;
  }
  const size_t num_strata = d.stratum_label.size();
  // PSUs nested in strata (svydesign nest = TRUE); each row its own PSU without a column.
  d.psu.resize(n);
  d.stratum_psus.assign(num_strata, 0);
  std::unordered_map<std::string, int> psu_of;
  for (size_t r = 0; r < n; ++r) {
    int id;
    if (in.psu.empty()) {
      id = static_cast<int>(r);
    } else {
      const std::string key = std::to_string(d.stratum[r]) + '\x1f' + in.psu[r];
      auto [it, added] = psu_of.emplace(key, static_cast<int>(d.psu_stratum.size()));
      id = it->second;
      if (!added) {
        d.psu[r] = id;
        continue;
      }
    }
    d.psu[r] = id;
    d.psu_stratum.push_back(d.stratum[r]);
    ++d.stratum_psus[d.stratum[r]];
  }
  // Finite population correction (survey's as.fpc).
  d.stratum_f.assign(num_strata, 1.0);
  if (!in.fpc.empty()) {
    bool any_above_one = false, all_at_least_one = true;
    for (size_t r = 0; r < n; ++r) {
      const double f = in.fpc[r];
      if (std::isnan(f) || f < 0) {
        return InvalidArgument(in.where(r) + ", column '" + in.fpc_column + "': fpc " +
                               (std::isnan(f) ? std::string("is missing") : FormatNumber(f) + " is negative"));
      }
      any_above_one = any_above_one || f > 1;
      all_at_least_one = all_at_least_one && f >= 1;
    }
    if (any_above_one != all_at_least_one) {
      return InvalidArgument(in.where(0) + ", column '" + in.fpc_column +
                             "': the fpc must be all population PSU counts (>= 1, some > 1) or all sampling "
                             "fractions (<= 1)");
    }
    std::vector<double> seen(num_strata, kNaN);
    for (size_t r = 0; r < n; ++r) {
      const int h = d.stratum[r];
      const double nh = d.stratum_psus[h];
      const double pop = any_above_one ? in.fpc[r] : nh / in.fpc[r];
      if (pop < nh) {
        return InvalidArgument(in.where(r) + ", column '" + in.fpc_column + "': fpc " + FormatNumber(in.fpc[r]) +
                               " implies more than 100% sampling (" + FormatNumber(nh) + " PSUs in the sample)");
      }
      if (std::isnan(seen[h])) {
        seen[h] = in.fpc[r];
        d.stratum_f[h] = std::isinf(pop) ? 1.0 : (pop - nh) / pop;
      } else if (seen[h] != in.fpc[r]) {
        return InvalidArgument(in.where(r) + ", column '" + in.fpc_column + "': fpc " + FormatNumber(in.fpc[r]) +
                               " differs from " + FormatNumber(seen[h]) + " earlier in the same stratum");
      }
    }
  }
  if (in.lonely == LonelyPsu::kFail) {
    for (size_t h = 0; h < num_strata; ++h) {
      if (d.stratum_psus[h] == 1 && d.stratum_f[h] >= 1e-7) {
        const size_t r = first_row_of_stratum[h];
        std::string what = in.stratum.empty() ? std::string("the design") : "stratum '" + d.stratum_label[h] + "'";
        return InvalidArgument(in.where(r) + ", column '" +
                               (in.stratum.empty() ? in.psu_column : in.stratum_column) + "': " + what +
                               " has only one PSU (--lonely-psu fail; choose adjust, average, certainty or "
                               "remove)");
      }
    }
  }
  return d;
}

namespace {

double VarianceOfPsuTotals(const SurveyDesign& d, const std::vector<double>& t, const std::vector<char>& present) {
  const size_t num_strata = d.num_strata();
  std::vector<double> mean(num_strata, 0.0);
  for (size_t j = 0; j < t.size(); ++j) mean[d.psu_stratum[j]] += t[j];
  for (size_t h = 0; h < num_strata; ++h) mean[h] /= d.stratum_psus[h];
  std::vector<double> ss(num_strata, 0.0);
  for (size_t j = 0; j < t.size(); ++j) {
    const double e = t[j] - mean[d.psu_stratum[j]];
    ss[d.psu_stratum[j]] += e * e;
  }
  double v = 0;
  int nstrat = 0, nok = 0;
  for (size_t h = 0; h < num_strata; ++h) {
    if (!present[h]) continue;
    ++nstrat;
    const double f = d.stratum_f[h];
    const int nh = d.stratum_psus[h];
    if (f < 1e-7) {  // census stratum: no sampling variance
      ++nok;
      continue;
    }
    if (nh > 1) {
      v += f * nh / (nh - 1.0) * ss[h];
      ++nok;
      continue;
    }
    switch (d.lonely) {
      case LonelyPsu::kAdjust: v += f * mean[h] * mean[h]; ++nok; break;  // t_h about the grand mean 0
      case LonelyPsu::kAverage: break;
      default: ++nok; break;  // certainty, remove (and fail, refused earlier): centred on itself, 0
    }
  }
  if (nok == 0) return kNaN;
  return v * nstrat / nok;
}

}  // namespace

double DesignVariance(const SurveyDesign& d, std::span<const double> x, const std::vector<char>& present) {
  std::vector<double> t(d.num_psus(), 0.0);
  for (size_t r = 0; r < x.size(); ++r) t[d.psu[r]] += x[r];
  return VarianceOfPsuTotals(d, t, present);
}

double DesignVarianceOfRows(const SurveyDesign& d, std::span<const size_t> rows, std::span<const double> x,
                            const std::vector<char>& present) {
  std::vector<double> t(d.num_psus(), 0.0);
  for (size_t k = 0; k < rows.size(); ++k) t[d.psu[rows[k]]] += x[k];
  return VarianceOfPsuTotals(d, t, present);
}

void RakingResiduals(const SurveyDesign& d, std::vector<double>* x) {
  if (d.raking.empty()) return;
  std::vector<double> sum;
  std::vector<double> count;
  for (int sweep = 0; sweep < 10; ++sweep) {
    for (const RakedMargin& m : d.raking) {
      sum.assign(m.num_levels, 0.0);
      count.assign(m.num_levels, 0.0);
      for (size_t r = 0; r < x->size(); ++r) {
        sum[m.level[r]] += (*x)[r] / m.weights[r];
        count[m.level[r]] += 1;
      }
      for (size_t r = 0; r < x->size(); ++r) (*x)[r] -= m.weights[r] * (sum[m.level[r]] / count[m.level[r]]);
    }
  }
}

}  // namespace nhood::stats
