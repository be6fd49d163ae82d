// Nearest-neighbour matching of treated units to comparison units on
// baseline covariates, by Mahalanobis distance or by the propensity score,
// and the balance table (standardised mean differences before and after
// matching) that checks it.
//
// Mahalanobis: d(i, j) = sqrt((x_i - x_j)' S^-1 (x_i - x_j)), S the pooled
// within-group covariance matrix of the covariates,
//   S = ((n_t - 1) S_t + (n_c - 1) S_c) / (n_t + n_c - 2),
// as R MatchIt 4 does for distance = "mahalanobis" (Rubin 1980, Biometrics
// 36:293-298; Abadie & Imbens 2006, Econometrica 74:235-267, on
// nearest-neighbour matching on covariates). Computed through the Cholesky
// factor of S (Eigen), so S must be positive definite: a constant covariate,
// or one that is a linear combination of others, is an error naming it. The
// caliper is a maximum Mahalanobis distance.
//
// Propensity (Rosenbaum & Rubin 1983, Biometrika 70:41-55): a logistic
// regression of treatment on an intercept and the covariates, fitted by
// iteratively reweighted least squares (Newton-Raphson on the binomial
// log-likelihood, as R glm.fit: converged when the deviance changes by less
// than 1e-8 relative, at most 25 iterations). Units are matched on the logit
// of the fitted score (the linear predictor), d(i, j) = |logit_i - logit_j| /
// sd, and the caliper is in units of sd, the pooled standard deviation of the
// logit, sqrt((s_t^2 + s_c^2) / 2); Austin 2011 (Pharmaceutical Statistics
// 10:150-161) recommends a caliper of 0.2. A fit that does not converge, or
// fitted scores of 0 or 1 (the covariates separate the groups), is an error.
//
// Each treated unit takes its `ratio` nearest comparison units within the
// caliper and, when strata are given, of
// its own stratum only (exact matching on, e.g., urban / rural). A treated
// unit with fewer than `ratio` comparators inside the caliper keeps the ones
// it has; one with none is left unmatched and out of the matched estimate
// (reported). Each of a treated unit's k comparators gets weight 1 / k, so
// every matched treated unit carries weight 1 in the comparison group.
//   With replacement (the default) a comparison unit may serve several
// treated units; its weight is the sum. Without replacement treated units
// are matched greedily in the order given, each taking the nearest unused
// comparators. Ties in distance go to the lower comparison index, so the
// result never depends on the thread count.
//
// Balance (Stuart 2010, Statistical Science 25:1-21; Austin 2009, Stat Med
// 28:3083-3107): SMD = (mean_treated - mean_comparison) / sqrt((s_t^2 +
// s_c^2) / 2), with the variances of the treated and of the whole comparison
// pool before matching in the denominator both before and after, so the two
// SMDs differ only through the means. After matching, the treated mean is
// over the matched treated units and the comparison mean is weighted by the
// matching weights. |SMD| < 0.1 is the usual threshold of good balance.
//
// Pure functions; thread-safe. Result types are copyable values.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::evaluate {

struct Covariate {
  std::string name;
  std::vector<double> values;  // one per unit
};

enum class MatchingMethod { kMahalanobis, kPropensity };

// "mahalanobis" | "propensity".
const char* MatchingMethodName(MatchingMethod method);

struct MatchingOptions {
  MatchingMethod method = MatchingMethod::kMahalanobis;
  int ratio = 1;  // comparators per treated unit (>= 1)
  // Maximum distance (> 0): Mahalanobis units, or standard deviations of
  // the logit of the propensity score for kPropensity.
  double caliper = std::numeric_limits<double>::infinity();
  bool replacement = true;
  int threads = 0;  // <= 0: every hardware thread
};

struct MatchedPair {
  size_t treated = 0;     // unit index
  size_t comparison = 0;  // unit index
  double weight = 0;      // 1 / (comparators of this treated unit)
  double distance = 0;    // Mahalanobis, or |difference in logit| / sd of the logit
};

struct MatchingResult {
  std::vector<MatchedPair> pairs;          // by treated unit, then by distance
  std::vector<double> comparison_weight;   // per unit: the sum of its pair weights (0 for treated units)
  std::vector<bool> treated_matched;       // per unit: a treated unit with at least one comparator
  size_t matched_treated = 0, unmatched_treated = 0;
  size_t distinct_comparisons = 0;         // comparison units used at least once
  size_t short_treated = 0;                // matched with fewer than `ratio` comparators
  double max_distance = 0;                 // over the pairs
  // kPropensity only (else empty / NaN / 0): the fitted score of every unit,
  // the pooled SD of its logit (the caliper's unit) and the IRLS iterations.
  std::vector<double> propensity;
  double logit_sd = std::numeric_limits<double>::quiet_NaN();
  int iterations = 0;
};

// Matches every unit with `treated[u]` to comparison units (the others).
// `stratum`: empty, or one group per unit (exact matching within groups).
// kInvalidArgument when lengths differ, a covariate is not finite, there is
// no treated or no comparison unit, the options are out of range, or S is
// not positive definite (naming the covariate).
Result<MatchingResult> MahalanobisMatch(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                        const std::vector<int>& stratum, const MatchingOptions& options);

// The same, matching on the logit of the propensity score (options.method is
// ignored). kInvalidArgument also when the logistic regression does not
// converge, the covariates separate the groups, or a covariate does not vary
// or is a combination of the others (naming it).
Result<MatchingResult> PropensityMatch(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                       const std::vector<int>& stratum, const MatchingOptions& options);

// MahalanobisMatch or PropensityMatch, by options.method.
Result<MatchingResult> Match(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                             const std::vector<int>& stratum, const MatchingOptions& options);

struct BalanceRow {
  std::string covariate;
  double mean_treated = 0;            // every treated unit
  double mean_comparison_before = 0;  // every comparison unit
  double smd_before = 0;
  double mean_comparison_after = 0;   // weighted by the matching weights
  double smd_after = 0;               // matched treated units against it
};

// The balance table of `matching` on `covariates` (the same units). A
// covariate with zero pooled variance has SMD 0 when the means agree, else
// infinity.
std::vector<BalanceRow> BalanceTable(const std::vector<Covariate>& covariates, const std::vector<bool>& treated,
                                     const MatchingResult& matching);

}  // namespace nhood::evaluate
