#include "nhood/evaluate/matching.h"

#include <algorithm>
#include <cmath>
#include <limits>
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

// The checks both methods share; fills the treated and comparison units.
Status CheckInputs(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                   const std::vector<int>& stratum, const MatchingOptions& options, std::vector<size_t>* t_units,
                   std::vector<size_t>* c_units) {
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
  for (size_t u = 0; u < n; ++u) (treated[u] ? t_units : c_units)->push_back(u);
  if (t_units->empty()) return InvalidArgument("matching: no treated unit");
  if (c_units->empty()) return InvalidArgument("matching: no comparison unit");
  if (n < 3) return InvalidArgument("matching: needs at least 3 units");
  return Status::Ok();
}

Eigen::MatrixXd CovariateMatrix(const std::vector<Covariate>& covariates, size_t n) {
  Eigen::MatrixXd x(n, covariates.size());
  for (size_t k = 0; k < covariates.size(); ++k) {
    for (size_t u = 0; u < n; ++u) x(u, k) = covariates[k].values[u];
  }
  return x;
}

// The Cholesky factor of the pooled within-group covariance (MatchIt 4's
// Mahalanobis distance); errors name a covariate that does not vary or adds
// nothing beyond the others.
Result<Eigen::LLT<Eigen::MatrixXd>> PooledCovariance(const std::vector<Covariate>& covariates,
                                                     const Eigen::MatrixXd& x, const std::vector<size_t>& t_units,
                                                     const std::vector<size_t>& c_units) {
  const size_t p = covariates.size();
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
  const double dof = static_cast<double>(x.rows()) - 2;
  const Eigen::MatrixXd s = (scatter(t_units) + scatter(c_units)) / dof;
  for (size_t k = 0; k < p; ++k) {
    if (!(s(k, k) > 0)) return InvalidArgument("matching: covariate '" + covariates[k].name + "' does not vary");
  }
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  if (llt.info() != Eigen::Success) {
    return InvalidArgument("matching: the covariates' covariance matrix is singular (a covariate is a combination of "
                           "the others)");
  }
  // A covariate that adds nothing beyond the others has a tiny pivot.
  const auto& l = llt.matrixL();
  for (size_t k = 0; k < p; ++k) {
    if (l(k, k) * l(k, k) < 1e-12 * s(k, k)) {
      return InvalidArgument("matching: covariate '" + covariates[k].name +
                             "' is (almost) a linear combination of the others");
    }
  }
  return llt;
}

// Nearest neighbours by Euclidean distance in the coordinates `zc` (unit-
// major, `p` per unit): the whitened covariates, or the scaled logit.
MatchingResult NearestNeighbours(const std::vector<double>& zc, size_t p, const std::vector<int>& stratum,
                                 const std::vector<size_t>& t_units, const std::vector<size_t>& c_units, size_t n,
                                 const MatchingOptions& options) {
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

struct LogisticFit {
  Eigen::VectorXd eta;  // linear predictor (logit of the fitted score) per unit
  int iterations = 0;
};

// Logistic regression of y on [1, x] by IRLS, as R glm.fit (family =
// binomial): start at mu = (y + 0.5) / 2, solve the weighted least squares
// (X'WX) b = X'Wz with z = eta + (y - mu) / (mu (1 - mu)), stop when
// |dev - dev_old| / (|dev| + 0.1) < 1e-8. The covariates are centred and
// scaled first (the fitted scores do not change; the solve is better
// conditioned).
Result<LogisticFit> FitLogistic(const Eigen::MatrixXd& x, const std::vector<bool>& y) {
  const Eigen::Index n = x.rows(), q = x.cols() + 1;
  Eigen::MatrixXd design(n, q);
  design.col(0).setOnes();
  for (Eigen::Index k = 0; k < x.cols(); ++k) {
    const double mean = x.col(k).mean();
    const double sd = std::sqrt((x.col(k).array() - mean).square().sum() / static_cast<double>(n - 1));
    design.col(k + 1) = (x.col(k).array() - mean) / sd;
  }
  Eigen::VectorXd yy(n), mu(n), eta(n);
  for (Eigen::Index u = 0; u < n; ++u) {
    yy(u) = y[static_cast<size_t>(u)] ? 1.0 : 0.0;
    mu(u) = (yy(u) + 0.5) / 2;
    eta(u) = std::log(mu(u) / (1 - mu(u)));
  }
  auto deviance = [&](const Eigen::VectorXd& m) {
    double d = 0;
    for (Eigen::Index u = 0; u < n; ++u) d -= 2 * (yy(u) > 0 ? std::log(m(u)) : std::log1p(-m(u)));
    return d;
  };
  double dev_old = deviance(mu);
  constexpr int kMaxIterations = 25;  // glm.control()
  for (int it = 1; it <= kMaxIterations; ++it) {
    const Eigen::ArrayXd w = mu.array() * (1 - mu.array());
    const Eigen::VectorXd z = eta.array() + (yy - mu).array() / w;
    const Eigen::MatrixXd wx = design.array().colwise() * w;
    const Eigen::MatrixXd a = design.transpose() * wx;
    const Eigen::VectorXd b = wx.transpose() * z;
    Eigen::LDLT<Eigen::MatrixXd> solve(a);
    if (solve.info() != Eigen::Success) return InvalidArgument("matching: propensity model: the fit is singular");
    const Eigen::VectorXd beta = solve.solve(b);
    eta = design * beta;
    for (Eigen::Index u = 0; u < n; ++u) mu(u) = 1 / (1 + std::exp(-eta(u)));
    const double dev = deviance(mu);
    if (!std::isfinite(dev)) {
      return InvalidArgument("matching: propensity model: fitted scores of 0 or 1 (the covariates separate the "
                             "treated from the comparison units); use method = \"mahalanobis\" or fewer covariates");
    }
    if (std::fabs(dev - dev_old) / (std::fabs(dev) + 0.1) < 1e-8) {
      // Complete separation: the linear predictor puts every treated unit
      // on one side of every comparison unit (the fit only converges
      // because the deviance reaches 0).
      double t_min = INFINITY, t_max = -INFINITY, c_min = INFINITY, c_max = -INFINITY;
      for (Eigen::Index u = 0; u < n; ++u) {
        double& lo = yy(u) > 0 ? t_min : c_min;
        double& hi = yy(u) > 0 ? t_max : c_max;
        lo = std::min(lo, eta(u));
        hi = std::max(hi, eta(u));
      }
      const bool separated = t_min > c_max || t_max < c_min;
      constexpr double kEps = 10 * std::numeric_limits<double>::epsilon();  // glm.fit's warning threshold
      for (Eigen::Index u = 0; u < n; ++u) {
        if (separated || mu(u) < kEps || mu(u) > 1 - kEps) {
          return InvalidArgument("matching: propensity model: fitted scores of 0 or 1 (the covariates separate the "
                                 "treated from the comparison units); use method = \"mahalanobis\" or fewer "
                                 "covariates");
        }
      }
      return LogisticFit{eta, it};
    }
    dev_old = dev;
  }
  return InvalidArgument("matching: propensity model: the logistic regression did not converge in " +
                         std::to_string(kMaxIterations) +
                         " iterations (the covariates may separate the groups); use method = \"mahalanobis\"");
}

}  // namespace

const char* MatchingMethodName(MatchingMethod method) {
  return method == MatchingMethod::kPropensity ? "propensity" : "mahalanobis";
}

Result<MatchingResult> MahalanobisMatch(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                        const std::vector<int>& stratum, const MatchingOptions& options) {
  std::vector<size_t> t_units, c_units;
  NHOOD_RETURN_IF_ERROR(CheckInputs(covariates, treated, stratum, options, &t_units, &c_units));
  const size_t n = treated.size(), p = covariates.size();
  const Eigen::MatrixXd x = CovariateMatrix(covariates, n);
  NHOOD_ASSIGN_OR_RETURN(Eigen::LLT<Eigen::MatrixXd> llt, PooledCovariance(covariates, x, t_units, c_units));
  // Whitened coordinates z = L^-1 x: Mahalanobis distance = Euclidean in z.
  const Eigen::MatrixXd z = llt.matrixL().solve(x.transpose());  // p x n
  std::vector<double> zc(n * p);  // unit-major for the inner loop
  for (size_t u = 0; u < n; ++u) {
    for (size_t k = 0; k < p; ++k) zc[u * p + k] = z(k, u);
  }
  return NearestNeighbours(zc, p, stratum, t_units, c_units, n, options);
}

Result<MatchingResult> PropensityMatch(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                       const std::vector<int>& stratum, const MatchingOptions& options) {
  std::vector<size_t> t_units, c_units;
  NHOOD_RETURN_IF_ERROR(CheckInputs(covariates, treated, stratum, options, &t_units, &c_units));
  const size_t n = treated.size();
  const Eigen::MatrixXd x = CovariateMatrix(covariates, n);
  // The same checks name a constant or redundant covariate.
  NHOOD_RETURN_IF_ERROR(PooledCovariance(covariates, x, t_units, c_units).status());
  NHOOD_ASSIGN_OR_RETURN(LogisticFit fit, FitLogistic(x, treated));
  auto variance = [&](const std::vector<size_t>& units) {
    double mean = 0, ss = 0;
    for (size_t u : units) mean += fit.eta(static_cast<Eigen::Index>(u));
    mean /= static_cast<double>(units.size());
    for (size_t u : units) ss += std::pow(fit.eta(static_cast<Eigen::Index>(u)) - mean, 2);
    return units.size() > 1 ? ss / static_cast<double>(units.size() - 1) : 0.0;
  };
  const double sd = std::sqrt((variance(t_units) + variance(c_units)) / 2);
  if (!(sd > 0)) return InvalidArgument("matching: propensity model: the fitted scores do not vary");
  std::vector<double> zc(n);
  for (size_t u = 0; u < n; ++u) zc[u] = fit.eta(static_cast<Eigen::Index>(u)) / sd;
  MatchingResult r = NearestNeighbours(zc, 1, stratum, t_units, c_units, n, options);
  r.propensity.resize(n);
  for (size_t u = 0; u < n; ++u) r.propensity[u] = 1 / (1 + std::exp(-fit.eta(static_cast<Eigen::Index>(u))));
  r.logit_sd = sd;
  r.iterations = fit.iterations;
  return r;
}

Result<MatchingResult> Match(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                             const std::vector<int>& stratum, const MatchingOptions& options) {
  if (options.method == MatchingMethod::kPropensity) return PropensityMatch(covariates, treated, stratum, options);
  return MahalanobisMatch(covariates, treated, stratum, options);
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
