#include "nhood/atlas/composite_index.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nhood/stats/distributions.h"

namespace nhood::atlas {

Result<Standardise> ParseStandardise(const std::string& name) {
  if (name == "none" || name.empty()) return Standardise::kNone;
  if (name == "rank_normal") return Standardise::kRankNormal;
  if (name == "zscore") return Standardise::kZScore;
  return InvalidArgument("unknown standardisation '" + name + "' (expected none, rank_normal or zscore)");
}

std::vector<double> RankNormalScores(std::span<const double> x) {
  std::vector<size_t> order;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isnan(x[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> out(x.size(), NAN);
  const double n = static_cast<double>(order.size());
  for (size_t pos = 0; pos < order.size();) {
    size_t end = pos;
    while (end < order.size() && x[order[end]] == x[order[pos]]) ++end;
    const double avg_rank = (pos + 1 + end) / 2.0;  // average of ranks pos+1..end
    const double z = *stats::NormalQuantile(avg_rank / (n + 1));
    for (size_t k = pos; k < end; ++k) out[order[k]] = z;
    pos = end;
  }
  return out;
}

std::vector<double> ZScores(std::span<const double> x) {
  double sum = 0, count = 0;
  for (double v : x) {
    if (!std::isnan(v)) {
      sum += v;
      ++count;
    }
  }
  const double mean = sum / count;
  double ss = 0;
  for (double v : x) {
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  }
  const double sd = std::sqrt(ss / (count - 1));
  std::vector<double> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) out[i] = (x[i] - mean) / sd;
  return out;
}

std::vector<double> ApplyStandardise(std::span<const double> x, Standardise s) {
  switch (s) {
    case Standardise::kRankNormal: return RankNormalScores(x);
    case Standardise::kZScore: return ZScores(x);
    case Standardise::kNone: break;
  }
  return std::vector<double>(x.begin(), x.end());
}

std::vector<double> ExponentialTransform(std::span<const double> score) {
  const size_t n = score.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Ascending: position 1 is the least deprived, n the most.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  const double c = 1 - std::exp(-100.0 / 23.0);
  std::vector<double> out(n);
  for (size_t pos = 0; pos < n; ++pos) {
    const double r = static_cast<double>(pos + 1) / static_cast<double>(n);
    out[order[pos]] = -23.0 * std::log(1 - r * c);
  }
  return out;
}

namespace {

// The correlation matrix of the z-scored indicators (missing values as 0).
Result<Eigen::MatrixXd> Correlation(const std::vector<std::vector<double>>& columns, const char* what) {
  const size_t p = columns.size();
  if (p < 2) return InvalidArgument(std::string(what) + ": need at least two indicators");
  const size_t n = columns[0].size();
  if (n < 3) return InvalidArgument(std::string(what) + ": need at least three areas");
  Eigen::MatrixXd m(n, p);
  for (size_t j = 0; j < p; ++j) {
    const auto z = ZScores(columns[j]);
    for (size_t i = 0; i < n; ++i) m(i, j) = std::isnan(z[i]) ? 0.0 : z[i];
  }
  return Eigen::MatrixXd((m.transpose() * m) / static_cast<double>(n - 1));
}

}  // namespace

Result<std::vector<double>> PrincipalComponentWeights(const std::vector<std::vector<double>>& columns) {
  NHOOD_ASSIGN_OR_RETURN(const Eigen::MatrixXd corr, Correlation(columns, "pca weights"));
  const size_t p = columns.size();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(corr);
  if (solver.info() != Eigen::Success) return InvalidArgument("pca weights: eigen decomposition failed");
  Eigen::VectorXd v = solver.eigenvectors().col(p - 1);  // largest eigenvalue last
  if (v.sum() < 0) v = -v;
  std::vector<double> w(p);
  double total = 0;
  for (size_t j = 0; j < p; ++j) {
    w[j] = std::max(0.0, v(j));
    total += w[j];
  }
  if (total <= 0) return InvalidArgument("pca weights: the first component has no positive loadings");
  for (double& x : w) x /= total;
  return w;
}

Result<std::vector<double>> FactorAnalysisWeights(const std::vector<std::vector<double>>& columns) {
  NHOOD_ASSIGN_OR_RETURN(const Eigen::MatrixXd r, Correlation(columns, "factor analysis weights"));
  const size_t p = columns.size();
  // Start from the first principal component.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> start(r);
  Eigen::VectorXd l = start.eigenvectors().col(p - 1) * std::sqrt(std::max(start.eigenvalues()(p - 1), 1e-6));
  Eigen::VectorXd psi = (r.diagonal() - l.cwiseProduct(l)).cwiseMax(1e-3);
  double last = -INFINITY;
  for (int iter = 0; iter < 5000; ++iter) {
    // E step: beta = l' (l l' + Psi)^-1; E[ff'|x] averaged = 1 - beta l + beta R beta'.
    const Eigen::MatrixXd sigma = l * l.transpose() + Eigen::MatrixXd(psi.asDiagonal());
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(sigma);
    const Eigen::RowVectorXd beta = ldlt.solve(l).transpose();
    const double eff = 1.0 - beta.dot(l) + (beta * r * beta.transpose())(0, 0);
    // M step.
    const Eigen::VectorXd rb = r * beta.transpose();
    l = rb / eff;
    psi = (r.diagonal() - l.cwiseProduct(rb)).cwiseMax(1e-6);
    // Log-likelihood (up to constants): -(log|Sigma| + tr(Sigma^-1 R)) / 2.
    const Eigen::MatrixXd s2 = l * l.transpose() + Eigen::MatrixXd(psi.asDiagonal());
    const Eigen::LDLT<Eigen::MatrixXd> f(s2);
    const double ll = -0.5 * (f.vectorD().array().log().sum() + f.solve(r).trace());
    if (std::fabs(ll - last) < 1e-10) break;
    last = ll;
  }
  Eigen::VectorXd w = l.cwiseQuotient(psi);
  if (w.sum() < 0) w = -w;
  std::vector<double> out(p);
  double total = 0;
  for (size_t j = 0; j < p; ++j) {
    out[j] = std::max(0.0, w(j));
    total += out[j];
  }
  if (total <= 0) return InvalidArgument("factor analysis weights: the factor has no positive loadings");
  for (double& x : out) x /= total;
  return out;
}

Ranking RankDescending(std::span<const double> score) {
  const size_t n = score.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  Ranking r;
  r.rank.assign(n, NAN);
  r.decile.assign(n, NAN);
  for (size_t pos = 0; pos < n; ++pos) {
    const double rank = static_cast<double>(pos + 1);
    r.rank[order[pos]] = rank;
    r.decile[order[pos]] = std::ceil(10.0 * rank / static_cast<double>(n));
  }
  return r;
}

Result<CompositeIndexResult> ComputeCompositeIndex(const std::vector<IndexDomain>& domains,
                                                   const std::vector<std::string>& where) {
  if (domains.empty()) return InvalidArgument("composite index: no domain");
  const size_t n = domains[0].score.empty() && !domains[0].indicators.empty() ? domains[0].indicators[0].values.size()
                                                                                : domains[0].score.size();
  CompositeIndexResult out;
  out.score.assign(n, 0.0);
  for (const IndexDomain& d : domains) {
    std::vector<double> ds;
    if (d.indicators.empty()) {
      if (d.score.size() != n) return InvalidArgument("composite index: domain '" + d.name + "' has a different length");
      ds = ApplyStandardise(d.score, d.standardise);
    } else {
      std::vector<std::vector<double>> cols;
      for (const IndexIndicator& x : d.indicators) {
        if (x.values.size() != n) return InvalidArgument("composite index: domain '" + d.name + "' has a different length");
        std::vector<double> s =
            ApplyStandardise(x.values, d.standardise == Standardise::kNone ? Standardise::kRankNormal : d.standardise);
        if (!x.higher_is_worse) {
          for (double& v : s) v = -v;
        }
        cols.push_back(std::move(s));
      }
      std::vector<double> w;
      if (d.indicator_weights == IndicatorWeights::kPca) {
        NHOOD_ASSIGN_OR_RETURN(w, PrincipalComponentWeights(cols));
      } else if (d.indicator_weights == IndicatorWeights::kFactor) {
        NHOOD_ASSIGN_OR_RETURN(w, FactorAnalysisWeights(cols));
      } else {
        for (const IndexIndicator& x : d.indicators) {
          w.push_back(d.indicator_weights == IndicatorWeights::kEqual ? 1.0 / d.indicators.size() : x.weight);
        }
      }
      ds.assign(n, 0.0);
      for (size_t k = 0; k < cols.size(); ++k) {
        for (size_t i = 0; i < n; ++i) ds[i] += w[k] * cols[k][i];
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (std::isnan(ds[i])) {
        return InvalidArgument((i < where.size() ? where[i] : "area " + std::to_string(i)) + ": domain '" + d.name +
                               "' has no value; every area needs one");
      }
    }
    if (d.exponential) ds = ExponentialTransform(ds);
    for (size_t i = 0; i < n; ++i) out.score[i] += d.weight * ds[i];
    out.domain_scores.push_back(std::move(ds));
  }
  out.ranking = RankDescending(out.score);
  return out;
}

}  // namespace nhood::atlas
