// Composite indices: indicators standardised, combined by weights into
// domains, domains (optionally exponentially transformed) combined into an
// overall score, then ranked and cut into deciles. Conventions of the English
// Indices of Deprivation 2019 technical report (MHCLG), section 3 and
// Appendix F: a higher score is more deprived, rank 1 is the most deprived.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::atlas {

enum class Standardise { kNone, kRankNormal, kZScore };
Result<Standardise> ParseStandardise(const std::string& name);  // none, rank_normal, zscore

// Rank-based normal scores: Phi^-1(r / (n + 1)), r the average rank (1 =
// smallest). NaN stays NaN.
std::vector<double> RankNormalScores(std::span<const double> x);
// (x - mean) / sd (n - 1 divisor).
std::vector<double> ZScores(std::span<const double> x);
std::vector<double> ApplyStandardise(std::span<const double> x, Standardise s);

// The IMD exponential transformation: with R the rank scaled to (0, 1]
// (1/n for the least deprived, 1 for the most deprived),
// X = -23 ln(1 - R (1 - exp(-100/23))). It spreads the most deprived end:
// X runs from about 0 to 100.
std::vector<double> ExponentialTransform(std::span<const double> score);

// Indicator weights from the first principal component of the standardised
// indicators (columns), scaled to sum to 1 (loadings' signs aligned so the
// weights are positive). kInvalidArgument for fewer than 2 rows or columns.
Result<std::vector<double>> PrincipalComponentWeights(const std::vector<std::vector<double>>& columns);

// Indicator weights from a one-factor maximum-likelihood factor analysis
// of the standardised indicators: the model R = l l' + Psi is fitted to
// their correlation matrix by the EM algorithm (Rubin & Thayer 1982,
// Psychometrika 47:69) until the log-likelihood changes by < 1e-10; the
// weights are the Bartlett factor-score coefficients Psi^-1 l, scaled to sum
// to 1 (the IoD uses factor-analysis weights within its domains). Signs are
// aligned so the weights are positive; kInvalidArgument as for PCA.
Result<std::vector<double>> FactorAnalysisWeights(const std::vector<std::vector<double>>& columns);

// Rank (1 = highest score; ties by order) and decile (1 = the 10% highest,
// decile = ceil(10 rank / n)).
struct Ranking {
  std::vector<double> rank, decile;
};
Ranking RankDescending(std::span<const double> score);

// A whole composite index over in-memory columns (one value per area).
enum class IndicatorWeights { kGiven, kEqual, kPca, kFactor };
struct IndexIndicator {
  std::vector<double> values;
  double weight = 0;             // used with kGiven
  bool higher_is_worse = true;   // else negated after standardising
};
struct IndexDomain {
  std::string name;
  double weight = 0;
  std::vector<double> score;     // a ready domain score, or
  std::vector<IndexIndicator> indicators;
  Standardise standardise = Standardise::kNone;  // indicators: kNone means rank-normal
  IndicatorWeights indicator_weights = IndicatorWeights::kGiven;
  bool exponential = false;      // the IMD exponential transformation of the domain score
};
struct CompositeIndexResult {
  std::vector<std::vector<double>> domain_scores;  // per domain, after any transformation
  std::vector<double> score;                       // sum of weight x domain score
  Ranking ranking;
};
// Each domain: its ready score standardised, or its indicators
// standardised (rank-normal unless told otherwise), signed, and combined
// with given, equal, PCA or factor-analysis weights; then optionally
// exponentially transformed; the index is the weighted sum, ranked.
// kInvalidArgument for columns of different lengths or an area whose
// domain score is missing: "WHERE: domain 'NAME' has no value; every area
// needs one", WHERE = where[i] (e.g. the file and row) or "area i".
Result<CompositeIndexResult> ComputeCompositeIndex(const std::vector<IndexDomain>& domains,
                                                   const std::vector<std::string>& where = {});

}  // namespace nhood::atlas
