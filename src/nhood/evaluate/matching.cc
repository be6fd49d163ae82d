#include "nhood/evaluate/matching.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <Eigen/Cholesky>
#include <Eigen/Dense>

#include "nhood/base/parallel.h"

namespace nhood::evaluate {
namespace {

struct Candidate {
  double d2;
  size_t unit;
  bool operator<(const Candidate& o) const { return d2 < o.d2 || (d2 == o.d2 && unit < o.unit); }
};

// Keeps the `k` smallest candidates seen, sorted.
void Offer(std::vector<Candidate>& best, size_t k, const Candidate& c) {
  if (best.size() == k && !(c < best.back())) return;
  auto at = std::upper_bound(best.begin(), best.end(), c);
  best.insert(at, c);
  if (best.size() > k) best.pop_back();
}

}  // namespace

Result<MatchingResult> MahalanobisMatch(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                        const std::vector<int>& stratum, const MatchingOptions& options) {
  const size_t n = treated.size(), p = covariates.size();
  if (p == 0) return InvalidArgument("matching: no covariates");
  if (!stratum.empty() && stratum.size() != n) return InvalidArgument("matching: strata do not match the units");
  if (options.ratio < 1) return InvalidArgument("matching: ratio must be at least 1");
  if (!(options.caliper > 0)) return InvalidArgument("matching: the caliper must be above 0");
  for (const Covariate& c : covariates) {
    if (c.values.size() != n) return InvalidArgument("matching: covariate '" + c.name + "' does not match the units");
    for (size_t u = 0; u < n; ++u) {
      if (!std::isfinite(c.values[u])) {
        return InvalidArgument("matching: covariate '" + c.name + "' is missing or not finite for unit " +
                               std::to_string(u + 1));
      }
    }
  }
  std::vector<size_t> t_units, c_units;
  for (size_t u = 0; u < n; ++u) (treated[u] ? t_units : c_units).push_back(u);
  if (t_units.empty()) return InvalidArgument("matching: no treated unit");
  if (c_units.empty()) return InvalidArgument("matching: no comparison unit");

  // Pooled within-group covariance (MatchIt 4's Mahalanobis distance).
  Eigen::MatrixXd x(n, p);
  for (size_t k = 0; k < p; ++k) {
    for (size_t u = 0; u < n; ++u) x(u, k) = covariates[k].values[u];
  }
  auto scatter = [&](const std::vector<size_t>& units) {
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(p);
    for (size_t u : units) mean += x.row(u);
    mean /= static_cast<double>(units.size());
    Eigen::MatrixXd s = Eigen::MatrixXd::Zero(p, p);
    for (size_t u : units) {
      const Eigen::RowVectorXd d = x.row(u) - mean;
      s += d.transpose() * d;
    }
    return s;
  };
  const double dof = static_cast<double>(n) - 2;
  if (dof <= 0) return InvalidArgument("matching: needs at least 3 units");
  const Eigen::MatrixXd s = (scatter(t_units) + scatter(c_units)) / dof;
  for (size_t k = 0; k < p; ++k) {
    if (!(s(k, k) > 0)) return InvalidArgument("matching: covariate '" + covariates[k].name + "' does not vary");
  }
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  if (llt.info() != Eigen::Success) {
    return InvalidArgument("matching: the covariates' covariance matrix is singular (a covariate is a combination of "
                           "the others)");
  }
  // Whitened coordinates z = L^-1 x: Mahalanobis distance = Euclidean in z.
  const Eigen::MatrixXd z = llt.matrixL().solve(x.transpose());  // p x n
  {
    // A covariate that adds nothing beyond the others has a tiny pivot.
    const auto& l = llt.matrixL();
    for (size_t k = 0; k < p; ++k) {
      if (l(k, k) * l(k, k) < 1e-12 * s(k, k)) {
        return InvalidArgument("matching: covariate '" + covariates[k].name +
                               "' is (almost) a linear combination of the others");
      }
    }
  }
  std::vector<double> zc(n * p);  // unit-major for the inner loop
  for (size_t u = 0; u < n; ++u) {
    for (size_t k = 0; k < p; ++k) zc[u * p + k] = z(k, u);
  }
  std::map<int, std::vector<size_t>> pool;  // stratum -> comparison units, ascending
  for (size_t u : c_units) pool[stratum.empty() ? 0 : stratum[u]].push_back(u);

  const double caliper2 = options.caliper * options.caliper;
  const size_t k_max = static_cast<size_t>(options.ratio);
  auto distance2 = [&](size_t a, size_t b) {
    double d = 0;
    for (size_t k = 0; k < p; ++k) {
      const double e = zc[a * p + k] - zc[b * p + k];
      d += e * e;
    }
    return d;
  };

  std::vector<std::vector<Candidate>> chosen(t_units.size());
  if (options.replacement) {
    ParallelFor(t_units.size(), options.threads, [&](size_t i) {
      const size_t t = t_units[i];
      auto it = pool.find(stratum.empty() ? 0 : stratum[t]);
      if (it == pool.end()) return;
      std::vector<Candidate> best;
      best.reserve(k_max + 1);
      for (size_t c : it->second) {
        const double d2 = distance2(t, c);
        if (d2 <= caliper2) Offer(best, k_max, {d2, c});
      }
      chosen[i] = std::move(best);
    });
  } else {
    std::vector<bool> used(n, false);
    for (size_t i = 0; i < t_units.size(); ++i) {
      const size_t t = t_units[i];
      auto it = pool.find(stratum.empty() ? 0 : stratum[t]);
      if (it == pool.end()) continue;
      std::vector<Candidate> best;
      for (size_t c : it->second) {
        if (used[c]) continue;
        const double d2 = distance2(t, c);
        if (d2 <= caliper2) Offer(best, k_max, {d2, c});
      }
      for (const Candidate& b : best) used[b.unit] = true;
      chosen[i] = std::move(best);
    }
  }

  MatchingResult r;
  r.comparison_weight.assign(n, 0.0);
  r.treated_matched.assign(n, false);
  for (size_t i = 0; i < t_units.size(); ++i) {
    const auto& best = chosen[i];
    if (best.empty()) {
      ++r.unmatched_treated;
      continue;
    }
    ++r.matched_treated;
    if (best.size() < k_max) ++r.short_treated;
    r.treated_matched[t_units[i]] = true;
    const double w = 1.0 / static_cast<double>(best.size());
    for (const Candidate& b : best) {
      const double d = std::sqrt(b.d2);
      r.pairs.push_back({t_units[i], b.unit, w, d});
      r.comparison_weight[b.unit] += w;
      r.max_distance = std::max(r.max_distance, d);
    }
  }
  for (size_t u : c_units) r.distinct_comparisons += r.comparison_weight[u] > 0;
  return r;
}

std::vector<BalanceRow> BalanceTable(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                     const MatchingResult& matching) {
  std::vector<BalanceRow> rows;
  for (const Covariate& c : covariates) {
    double st = 0, sc = 0, nt = 0, nc = 0, st_m = 0, nt_m = 0, sc_w = 0, wc = 0;
    for (size_t u = 0; u < treated.size(); ++u) {
      const double v = c.values[u];
      if (treated[u]) {
        st += v;
        ++nt;
        if (matching.treated_matched[u]) {
          st_m += v;
          ++nt_m;
        }
      } else {
        sc += v;
        ++nc;
        sc_w += matching.comparison_weight[u] * v;
        wc += matching.comparison_weight[u];
      }
    }
    BalanceRow row;
    row.covariate = c.name;
    row.mean_treated = st / nt;
    row.mean_comparison_before = sc / nc;
    double vt = 0, vc = 0;
    for (size_t u = 0; u < treated.size(); ++u) {
      const double v = c.values[u];
      if (treated[u]) vt += (v - row.mean_treated) * (v - row.mean_treated);
      else vc += (v - row.mean_comparison_before) * (v - row.mean_comparison_before);
    }
    vt = nt > 1 ? vt / (nt - 1) : 0;
    vc = nc > 1 ? vc / (nc - 1) : 0;
    const double sd = std::sqrt((vt + vc) / 2);
    auto smd = [&](double a, double b) {
      if (sd > 0) return (a - b) / sd;
      return a == b ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), a - b);
    };
    row.smd_before = smd(row.mean_treated, row.mean_comparison_before);
    const double mean_treated_matched = nt_m > 0 ? st_m / nt_m : NAN;
    row.mean_comparison_after = wc > 0 ? sc_w / wc : NAN;
    row.smd_after = smd(mean_treated_matched, row.mean_comparison_after);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace nhood::evaluate
