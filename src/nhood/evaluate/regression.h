// Linear and logistic regression with cluster-robust standard errors
// (issue 10 item 6): the models of the Social Life analysis, made
// reproducible. Eigen does the linear algebra.
//
// Models (an intercept is always added first, named "(Intercept)"):
//   gaussian  ordinary / weighted least squares, as R lm(y ~ x, weights = w):
//             beta = (X'WX)^-1 X'Wy by a Householder QR of W^1/2 X;
//             sigma^2 = sum w e^2 / (N - K); model vcov = sigma^2 (X'WX)^-1.
//   binomial  logistic regression by iteratively reweighted least squares
//             (Newton-Raphson; the canonical logit link), as R glm(y ~ x,
//             family = binomial, weights = w) with y in {0, 1}; started as
//             glm does (mu = (w y + 0.5) / (w + 1)); converged when the
//             deviance changes by less than `epsilon` relative (glm's test),
//             model vcov = (X'WX)^-1 with W = w mu (1 - mu).
// Case weights w are prior weights (each > 0), as lm's and glm's `weights`.
//
// Cluster-robust (sandwich) vcov, exactly R sandwich 3.0-2 vcovCL(fit,
// cluster = ~g, type = "HC1") (Zeileis, Koll & Graham 2020, J Stat Softw
// 95(1); Cameron & Miller 2015, J Hum Resour 50:317):
//   V_CR1 = G/(G-1) * (N-1)/(N-K) * B (sum_g u_g u_g') B,
//   B = (X'WX)^-1 (W the working weights), u_g = sum_{i in g} w_i (y_i - mu_i) x_i,
// G clusters, N observations, K coefficients.
//
// Wald intervals and p-values (each row says which in `distribution`):
//   model-based   gaussian: Student t with N - K df (summary.lm);
//                 binomial: standard normal (summary.glm's z);
//   cluster       Student t with G - 1 df (Cameron & Miller 2015 section
//                 VI, few clusters; Stata's convention), or normal with
//                 cluster_df = ClusterDf::kNormal (lmtest::coeftest's default).
//
// Errors (kInvalidArgument, never a silent answer): a predictor collinear with
// the intercept and the predictors before it (names the column, as lm's NA
// coefficient would), fewer complete rows than coefficients, a single
// cluster, a weight <= 0, y outside {0, 1} for binomial, and separation in a
// logistic model (a fitted probability within 1e-8 of 0 or 1, i.e. a linear
// predictor beyond +-18.4, or no convergence: names the predictor whose
// standardised coefficient is largest, the one running away). Rows with y,
// any x, the weight or the cluster missing (NaN / empty label) are left out
// listwise and counted (n_dropped).
//
// The binomial se are evaluated at the converged estimate. R's glm evaluates
// them at the start of its last iteration, so R agrees to 1e-8 only once
// converged tightly (the oracle refits from glm's own estimate).
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::evaluate {

enum class Family { kGaussian, kBinomial };
enum class ClusterDf { kStudentT, kNormal };

const char* FamilyName(Family f);
Result<Family> ParseFamily(const std::string& name);  // "gaussian" | "binomial"

struct ModelData {
  std::string y_name;
  std::vector<double> y;               // NaN = missing
  std::vector<std::string> x_names;    // predictors (the intercept is added)
  std::vector<std::vector<double>> x;  // one column per predictor, NaN = missing
  std::vector<double> weight;          // empty = every case weight 1
  std::vector<std::string> cluster;    // empty = no cluster-robust se; "" = missing
};

struct RegressionOptions {
  Family family = Family::kGaussian;
  double level = 0.95;
  ClusterDf cluster_df = ClusterDf::kStudentT;
  double epsilon = 1e-10;  // IRLS: relative deviance change (glm's default is 1e-8)
  int max_iterations = 50;
};

struct Coefficient {
  std::string term;
  double estimate = 0;
  double se = 0, statistic = 0, df = 0, p = 0, lower = 0, upper = 0;  // model-based; df 0 = normal
  // Cluster-robust (CR1); NaN without clusters.
  double se_cluster = 0, statistic_cluster = 0, df_cluster = 0, p_cluster = 0, lower_cluster = 0, upper_cluster = 0;
};

struct RegressionFit {
  Family family = Family::kGaussian;
  std::vector<Coefficient> coefficients;
  // K x K, rows then columns in term order; vcov_cluster empty without clusters.
  std::vector<std::vector<double>> vcov, vcov_cluster;
  size_t n = 0;          // complete rows used
  size_t n_dropped = 0;  // rows left out for a missing value
  size_t clusters = 0;   // G (0 without clusters)
  double sigma = 0;      // gaussian: residual standard error; binomial: 1
  double deviance = 0;   // gaussian: weighted residual sum of squares
  int iterations = 0;    // IRLS iterations (1 for gaussian)
  double level = 0.95;
  std::string distribution;          // "t(N-K)" / "normal" for the model-based rows
  std::string distribution_cluster;  // "t(G-1)" / "normal"; empty without clusters
};

Result<RegressionFit> FitRegression(const ModelData& data, const RegressionOptions& options);

// The coefficient called `term`, or nullptr.
const Coefficient* FindCoefficient(const RegressionFit& fit, const std::string& term);

}  // namespace nhood::evaluate
