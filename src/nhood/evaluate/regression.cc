#include "nhood/evaluate/regression.h"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cfloat>
#include <cmath>
#include <limits>
#include <map>

#include "nhood/base/number.h"

namespace nhood::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kIntercept = "(Intercept)";

// R's binomial()$linkinv (family.c): eta clamped so mu stays in (eps, 1 - eps).
double LogisticClamped(double eta) {
  const double thresh = -std::log(DBL_EPSILON);
  const double e = eta < -thresh ? DBL_EPSILON : eta > thresh ? 1.0 / DBL_EPSILON : std::exp(eta);
  return e / (1.0 + e);
}

double BinomialDeviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu, const Eigen::VectorXd& w) {
  double d = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    d += 2 * w(i) * (y(i) > 0.5 ? -std::log(mu(i)) : -std::log1p(-mu(i)));
  }
  return d;
}

// The first column of X (the intercept first) that is a linear combination
// of the columns before it, or -1. Modified Gram-Schmidt, re-orthogonalised,
// with R's lm tolerance 1e-7 on the column norm left after projection.
Eigen::Index FirstAliasedColumn(const Eigen::MatrixXd& a) {
  std::vector<Eigen::VectorXd> q;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    Eigen::VectorXd v = a.col(j);
    const double norm0 = v.norm();
    for (int pass = 0; pass < 2; ++pass) {
      for (const Eigen::VectorXd& u : q) v -= u.dot(v) * u;
    }
    const double norm = v.norm();
    if (!(norm0 > 0) || norm <= 1e-7 * norm0) return j;
    q.push_back(v / norm);
  }
  return -1;
}

// (A'A)^-1 and the least-squares solution for b from a Householder QR of A (full column rank).
struct Wls {
  Eigen::VectorXd beta;
  Eigen::MatrixXd unscaled;  // (X'WX)^-1
};
Wls SolveWls(const Eigen::MatrixXd& a, const Eigen::VectorXd& b) {
  const Eigen::Index k = a.cols();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Wls out;
  out.beta = qr.solve(b);
  const Eigen::MatrixXd r = qr.matrixQR().topLeftCorner(k, k).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd rinv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(k, k));
  out.unscaled = rinv * rinv.transpose();
  return out;
}

struct Wald {
  double statistic, p, lower, upper;
};
Wald WaldTest(double est, double se, double df, double level) {
  const double z = est / se;
  const double alpha = 1 - level;
  double q, p;
  if (df > 0) {
    boost::math::students_t dist(df);
    q = boost::math::quantile(boost::math::complement(dist, alpha / 2));
    p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(z)));
  } else {
    boost::math::normal dist;
    q = boost::math::quantile(boost::math::complement(dist, alpha / 2));
    p = 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(z)));
  }
  return {z, p, est - q * se, est + q * se};
}

std::vector<std::vector<double>> ToRows(const Eigen::MatrixXd& m) {
  std::vector<std::vector<double>> out(m.rows(), std::vector<double>(m.cols()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) out[i][j] = m(i, j);
  }
  return out;
}

// Logistic regression by IRLS, started and stopped as R's glm.fit; the
// bread (X'WX)^-1 at the converged estimate. Separation is an error.
struct Logistic {
  Eigen::VectorXd beta, mu;
  Eigen::MatrixXd unscaled;
  double deviance = 0;
  int iterations = 0;
};
Result<Logistic> FitLogistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
                             const std::vector<std::string>& terms, const std::string& model,
                             const RegressionOptions& o) {
  const Eigen::Index n = x.rows(), k = x.cols();
  Logistic l;
  l.mu.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) l.mu(i) = (w(i) * y(i) + 0.5) / (w(i) + 1);
  Eigen::VectorXd eta = l.mu.unaryExpr([](double m) { return std::log(m / (1 - m)); });
  double dev_old = BinomialDeviance(y, l.mu, w);
  bool converged = false;
  for (int it = 1; it <= o.max_iterations; ++it) {
    Eigen::VectorXd z(n), sw(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = l.mu(i) * (1 - l.mu(i));
      z(i) = eta(i) + (y(i) - l.mu(i)) / v;
      sw(i) = std::sqrt(w(i) * v);
    }
    l.beta = SolveWls(sw.asDiagonal() * x, sw.cwiseProduct(z)).beta;
    eta = x * l.beta;
    l.mu = eta.unaryExpr([](double e) { return LogisticClamped(e); });
    const double dev = BinomialDeviance(y, l.mu, w);
    l.iterations = it;
    if (!std::isfinite(dev)) break;
    if (std::fabs(dev - dev_old) / (std::fabs(dev) + 0.1) < o.epsilon) {
      converged = true;
      l.deviance = dev;
      break;
    }
    dev_old = dev;
  }
  // Separation: a fitted probability within 1e-8 of 0 or 1 (|linear predictor| > 18.4), where glm warns
  // only at 10 machine epsilons after its coefficients have run for 25 iterations; or no convergence.
  const double eps = 1e-8;
  const bool extreme = (l.mu.array() < eps).any() || (l.mu.array() > 1 - eps).any();
  if (!converged || extreme) {
    Eigen::Index worst = 1;
    double worst_size = -1;
    for (Eigen::Index j = 1; j < k; ++j) {
      const double sd = std::sqrt((x.col(j).array() - x.col(j).mean()).square().mean());
      const double size = std::fabs(l.beta(j)) * sd;
      if (size > worst_size) {
        worst_size = size;
        worst = j;
      }
    }
    return InvalidArgument(model + ": " +
                           (extreme ? std::string("fitted probabilities within 1e-8 of 0 or 1")
                                    : "no convergence in " + std::to_string(o.max_iterations) + " iterations") +
                           ": complete or quasi-complete separation (the coefficient of '" + terms[worst] +
                           "' runs away, now " + FormatNumber(l.beta(worst)) +
                           "); drop or merge that predictor, or use a penalised (Firth) model");
  }
  Eigen::VectorXd sw(n);
  for (Eigen::Index i = 0; i < n; ++i) sw(i) = std::sqrt(w(i) * l.mu(i) * (1 - l.mu(i)));
  l.unscaled = SolveWls(sw.asDiagonal() * x, Eigen::VectorXd::Zero(n)).unscaled;
  return l;
}

}  // namespace

const char* FamilyName(Family f) { return f == Family::kGaussian ? "gaussian" : "binomial"; }

Result<Family> ParseFamily(const std::string& name) {
  if (name == "gaussian") return Family::kGaussian;
  if (name == "binomial") return Family::kBinomial;
  return InvalidArgument("family '" + name + "' is not gaussian or binomial");
}

const Coefficient* FindCoefficient(const RegressionFit& fit, const std::string& term) {
  for (const Coefficient& c : fit.coefficients) {
    if (c.term == term) return &c;
  }
  return nullptr;
}

Result<RegressionFit> FitRegression(const ModelData& d, const RegressionOptions& o) {
  const size_t rows = d.y.size();
  const std::string model = std::string(FamilyName(o.family)) + " model of '" + d.y_name + "'";
  if (d.x.size() != d.x_names.size()) return InvalidArgument(model + ": predictor names and columns differ");
  for (size_t j = 0; j < d.x.size(); ++j) {
    if (d.x[j].size() != rows) return InvalidArgument(model + ": column '" + d.x_names[j] + "' has the wrong length");
  }
  if (!d.weight.empty() && d.weight.size() != rows) return InvalidArgument(model + ": the weight has the wrong length");
  if (!d.cluster.empty() && d.cluster.size() != rows)
    return InvalidArgument(model + ": the cluster has the wrong length");
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("the confidence level must be between 0 and 1");
  // Listwise deletion.
  std::vector<size_t> use;
  for (size_t r = 0; r < rows; ++r) {
    bool ok = !std::isnan(d.y[r]);
    for (size_t j = 0; ok && j < d.x.size(); ++j) ok = !std::isnan(d.x[j][r]);
    if (ok && !d.weight.empty()) ok = !std::isnan(d.weight[r]);
    if (ok && !d.cluster.empty()) ok = !d.cluster[r].empty();
    if (ok) use.push_back(r);
  }
  const Eigen::Index n = static_cast<Eigen::Index>(use.size()), k = static_cast<Eigen::Index>(d.x.size() + 1);
  RegressionFit fit;
  fit.family = o.family;
  fit.level = o.level;
  fit.n = use.size();
  fit.n_dropped = rows - use.size();
  if (n <= k) {
    return InvalidArgument(model + ": " + std::to_string(n) + " complete rows (" + std::to_string(fit.n_dropped) +
                           " with a missing value) for " + std::to_string(k) + " coefficients");
  }
  Eigen::MatrixXd x(n, k);
  Eigen::VectorXd y(n), w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const size_t r = use[i];
    x(i, 0) = 1;
    for (size_t j = 0; j < d.x.size(); ++j) x(i, static_cast<Eigen::Index>(j) + 1) = d.x[j][r];
    y(i) = d.y[r];
    w(i) = d.weight.empty() ? 1.0 : d.weight[r];
    if (!(w(i) > 0) || !std::isfinite(w(i))) {
      return InvalidArgument(model + ": row " + std::to_string(r + 1) + ": weight " + FormatNumber(w(i)) +
                             " is not > 0");
    }
    if (o.family == Family::kBinomial && y(i) != 0 && y(i) != 1) {
      return InvalidArgument(model + ": row " + std::to_string(r + 1) + ": '" + d.y_name + "' is " +
                             FormatNumber(y(i)) + ", not 0 or 1 (a logistic model needs a 0/1 outcome)");
    }
  }
  std::vector<std::string> terms = {kIntercept};
  terms.insert(terms.end(), d.x_names.begin(), d.x_names.end());
  {
    const Eigen::Index bad = FirstAliasedColumn(w.cwiseSqrt().asDiagonal() * x);
    if (bad == 0) return InvalidArgument(model + ": the intercept column is degenerate");
    if (bad > 0) {
      std::string before;
      for (Eigen::Index j = 0; j < bad; ++j) before += (j ? ", " : "") + terms[j];
      return InvalidArgument(model + ": predictor '" + terms[bad] + "' is collinear with " + before + " in the " +
                             std::to_string(n) + " complete rows (rank deficient: R's lm gives it an NA " +
                             "coefficient); drop it or one of those");
    }
  }
  Eigen::VectorXd beta, mu(n);
  Eigen::MatrixXd unscaled;
  double dispersion = 1;
  if (o.family == Family::kGaussian) {
    const Eigen::VectorXd sw = w.cwiseSqrt();
    Wls s = SolveWls(sw.asDiagonal() * x, sw.cwiseProduct(y));
    beta = s.beta;
    unscaled = s.unscaled;
    mu = x * beta;
    fit.deviance = (w.array() * (y - mu).array().square()).sum();
    dispersion = fit.deviance / static_cast<double>(n - k);
    fit.sigma = std::sqrt(dispersion);
    fit.iterations = 1;
    fit.distribution = "t(" + std::to_string(n - k) + ")";
  } else {
    NHOOD_ASSIGN_OR_RETURN(Logistic l, FitLogistic(x, y, w, terms, model, o));
    beta = std::move(l.beta);
    mu = std::move(l.mu);
    unscaled = std::move(l.unscaled);
    fit.deviance = l.deviance;
    fit.iterations = l.iterations;
    fit.sigma = 1;
    fit.distribution = "normal";
  }
  const Eigen::MatrixXd vcov = dispersion * unscaled;
  fit.vcov = ToRows(vcov);
  // Cluster-robust CR1 (sandwich::vcovCL type "HC1", cadjust = TRUE).
  Eigen::MatrixXd vcl;
  if (!d.cluster.empty()) {
    std::map<std::string, Eigen::Index> id;
    for (Eigen::Index i = 0; i < n; ++i) id.emplace(d.cluster[use[i]], static_cast<Eigen::Index>(id.size()));
    const Eigen::Index g = static_cast<Eigen::Index>(id.size());
    if (g < 2) {
      return InvalidArgument(model + ": one cluster ('" + id.begin()->first +
                             "') in the complete rows: cluster-robust standard errors need at least 2");
    }
    Eigen::MatrixXd u = Eigen::MatrixXd::Zero(g, k);
    for (Eigen::Index i = 0; i < n; ++i) {
      u.row(id[d.cluster[use[i]]]) += (w(i) * (y(i) - mu(i))) * x.row(i);
    }
    const double gd = static_cast<double>(g), nd = static_cast<double>(n), kd = static_cast<double>(k);
    const double adjust = gd / (gd - 1) * (nd - 1) / (nd - kd);
    vcl = adjust * unscaled * (u.transpose() * u) * unscaled;
    fit.vcov_cluster = ToRows(vcl);
    fit.clusters = static_cast<size_t>(g);
    fit.distribution_cluster =
        o.cluster_df == ClusterDf::kStudentT ? "t(" + std::to_string(g - 1) + ")" : std::string("normal");
  }
  for (Eigen::Index j = 0; j < k; ++j) {
    Coefficient c;
    c.term = terms[j];
    c.estimate = beta(j);
    c.se = std::sqrt(vcov(j, j));
    c.df = o.family == Family::kGaussian ? static_cast<double>(n - k) : 0;
    const Wald m = WaldTest(c.estimate, c.se, c.df, o.level);
    c.statistic = m.statistic;
    c.p = m.p;
    c.lower = m.lower;
    c.upper = m.upper;
    if (vcl.size()) {
      c.se_cluster = std::sqrt(vcl(j, j));
      c.df_cluster = o.cluster_df == ClusterDf::kStudentT ? static_cast<double>(fit.clusters - 1) : 0;
      const Wald cl = WaldTest(c.estimate, c.se_cluster, c.df_cluster, o.level);
      c.statistic_cluster = cl.statistic;
      c.p_cluster = cl.p;
      c.lower_cluster = cl.lower;
      c.upper_cluster = cl.upper;
    } else {
      c.se_cluster = c.statistic_cluster = c.df_cluster = c.p_cluster = c.lower_cluster = c.upper_cluster = kNaN;
    }
    fit.coefficients.push_back(c);
  }
  return fit;
}

}  // namespace nhood::evaluate
