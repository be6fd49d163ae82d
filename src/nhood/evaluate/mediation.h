// A single-mediator model X -> M -> Y (issue 10 item 6: e.g. participation
// -> community power -> wellbeing) with a cluster (project) bootstrap.
//
// Product of coefficients (Baron & Kenny 1986, J Pers Soc Psychol 51:1173;
// MacKinnon 2008, Introduction to Statistical Mediation Analysis),
// two linear models (regression.h, optional case weights) on the rows
// complete in X, M, Y, every covariate C, the weight and the cluster:
//   M = i1 + a X + C g1 + e1          a: the path X -> M
//   Y = i2 + c' X + b M + C g2 + e2   b: M -> Y given X; c': the direct effect
//   indirect = a b, direct = c', total = c' + a b (equal to c of
//   Y = i3 + c X + C g3 + e3 for least squares on the same rows; `c_fitted`
//   reports it as a check), proportion mediated = a b / (c' + a b) (unstable
//   when the total is near 0).
// Both models also carry cluster-robust (CR1) standard errors for a, b, c'.
//
// Intervals: a cluster bootstrap (Cameron & Miller 2015;
// Field & Welsh 2007): each replicate draws G clusters with replacement
// (a cluster drawn twice enters twice), refits both models and records the
// four effects; the interval is the type-7 percentile (R quantile's default)
// of the replicates at (1 - level) / 2 and (1 + level) / 2, the bootstrap se
// their standard deviation. Replicate r draws from StreamRng(seed, r), and
// replicates run in parallel each into its own slot, so the answer depends
// only on the seed, never on the thread count. A replicate whose resample
// cannot be fitted (e.g. X constant in it) is left out and counted (`failed`);
// more than 10% failing is an error.
//
// Errors (kInvalidArgument): those of FitRegression (collinearity naming the
// column, too few rows), fewer than 2 clusters, replicates < 1.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/evaluate/regression.h"

namespace nhood::evaluate {

struct MediationData {
  std::string x_name, m_name, y_name;
  std::vector<double> x, m, y;  // NaN = missing
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;
  std::vector<double> weight;        // empty = 1
  std::vector<std::string> cluster;  // required; "" = missing
};

struct MediationOptions {
  int replicates = 999;
  uint64_t seed = 1;
  double level = 0.95;
  int threads = 0;                            // 0 = the hardware threads
  std::function<void(size_t)> progress = {};  // replicates done
};

struct MediationEffect {
  std::string name;  // indirect | direct | total | proportion_mediated
  double estimate = 0, se_boot = 0, lower = 0, upper = 0;
  std::vector<double> replicates;  // in replicate order, NaN = failed
};

struct MediationResult {
  double a = 0, b = 0, c_prime = 0, c_fitted = 0;
  std::vector<MediationEffect> effects;         // indirect, direct, total, proportion_mediated
  RegressionFit mediator_model, outcome_model;  // M ~ X + C and Y ~ X + M + C (with CR1 se)
  size_t n = 0, n_dropped = 0, clusters = 0;
  int replicates = 0, failed = 0;
  uint64_t seed = 0;
  double level = 0.95;
};

Result<MediationResult> FitMediation(const MediationData& data, const MediationOptions& options);

}  // namespace nhood::evaluate
