// A complex survey design (weights, strata, PSUs, fpc) and its Taylor-series
// variance, exactly as R survey 4.1-1 computes them for a one-stage design
// (svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc,
// nest = TRUE) with the default options survey.ultimate.cluster = FALSE and
// survey.adjust.domain.lonely = FALSE).
//
// Variance (survey's svyrecvar/onestage/onestrat): for an influence vector x
// (one value per row), PSU totals t_hj are centred on their stratum mean over
// all n_h PSUs of the stratum in the full design (PSUs with no rows in a
// domain count as zero totals), and
//   V = sum_h f_h n_h / (n_h - 1) sum_j (t_hj - mean_h)^2,
// f_h = (N_h - n_h) / N_h with an fpc (N_h the population PSU count, or n_h /
// fraction when the fpc is given as a fraction <= 1), else 1; a stratum whose
// f_h < 1e-7 contributes 0. A stratum with one PSU in the full design
// (a lonely PSU) contributes, by LonelyPsu:
//   kFail      - an error (raised when the design is built: see MakeSurveyDesign),
//   kCertainty - 0 (the PSU was sampled with certainty),
//   kRemove    - 0 (survey 4.1-1 treats it exactly as certainty at stage 1),
//   kAdjust    - f_h t_h^2: the PSU total centred at the grand mean, not its stratum's,
//   kAverage   - nothing, and the sum over the other present strata is scaled by
//                (present strata) / (present strata without a lonely PSU).
// A stratum with several PSUs of which a domain touches only one (a lonely
// PSU that arises only in a domain) is NOT special: as survey does by default,
// its variance uses the full design's PSU count, the absent PSUs as zeros.
//
// Pure value types and functions; thread-safe.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::stats {

enum class LonelyPsu { kFail, kAdjust, kAverage, kCertainty, kRemove };

// "fail", "adjust", "average", "certainty", "remove" (survey.lonely.psu names).
Result<LonelyPsu> ParseLonelyPsu(std::string_view name);
const char* LonelyPsuName(LonelyPsu lonely);

struct DesignInput {
  std::vector<double> weight;        // sampling weights, each finite and > 0
  std::vector<std::string> stratum;  // stratum label per row; empty = one stratum
  std::vector<std::string> psu;      // PSU label per row, nested in strata; empty = each row a PSU
  std::vector<double> fpc;           // per row; empty = none. All >= 1 (population PSU counts)
                                     // or all <= 1 (sampling fractions); constant within a stratum
  LonelyPsu lonely = LonelyPsu::kFail;
  // Used only in error messages: the column names, and where 0-based row r is
  // ("FILE: row R (line L)").
  std::string weight_column = "weight", stratum_column = "strata", psu_column = "psu", fpc_column = "fpc";
  std::function<std::string(size_t)> where = [](size_t r) { return "row " + std::to_string(r + 1); };
};

// One raking margin of a raked design, as survey keeps it for the variance:
// each row's level, and the weights right after the final raking pass
// post-stratified on this margin.
struct RakedMargin {
  std::vector<int> level;
  std::vector<double> weights;
  int num_levels = 0;
};

struct SurveyDesign {
  std::vector<double> weight;        // current weights (raked ones after Rake)
  std::vector<int> stratum;          // 0..num_strata-1 per row
  std::vector<int> psu;              // 0..num_psus-1 per row (stratum-nested)
  std::vector<int> psu_stratum;      // the stratum of each PSU
  std::vector<int> stratum_psus;     // n_h: PSUs per stratum in the full design
  std::vector<double> stratum_f;     // f_h per stratum (1 without fpc)
  std::vector<std::string> stratum_label;
  LonelyPsu lonely = LonelyPsu::kFail;
  // Non-empty for a raked (calibrated) design: survey then keeps every row in
  // a domain with weight 0 outside it, and residualises influence values on
  // the margins (10 backfitting sweeps, svyrecvar) before the variance.
  std::vector<RakedMargin> raking;

  size_t num_rows() const { return weight.size(); }
  size_t num_strata() const { return stratum_psus.size(); }
  size_t num_psus() const { return psu_stratum.size(); }
  bool calibrated() const { return !raking.empty(); }
};

// Builds the design. kInvalidArgument, naming the row and column, for: a
// weight that is missing, not finite or <= 0; lengths that differ; an fpc
// missing, mixing counts > 1 with fractions < 1, below the stratum's sample
// PSU count, or varying within a stratum; and, under kFail, a stratum with a
// single PSU ("... has only one PSU (--lonely-psu fail)": survey stops on it
// in every estimate that touches the stratum; nhood stops before any).
Result<SurveyDesign> MakeSurveyDesign(const DesignInput& input);

// The variance of a linear statistic with influence values x (one per row,
// 0 outside the domain). `present` marks the strata survey sees in the
// (sub)design: for an uncalibrated design, strata with a row in the domain;
// for a calibrated one, every stratum. Under kAverage a result can be NaN
// (every present stratum lonely).
double DesignVariance(const SurveyDesign& design, std::span<const double> x, const std::vector<char>& present);

// The same, with x given only on `rows` (x[k] for row rows[k]; 0 elsewhere).
double DesignVarianceOfRows(const SurveyDesign& design, std::span<const size_t> rows, std::span<const double> x,
                            const std::vector<char>& present);

// survey's svyrecvar residualisation for a raked design: for 10 sweeps, for
// each margin, x -= w_m * (mean of x / w_m over the rows at the same level),
// w_m the margin's weights. Does nothing for an uncalibrated design.
void RakingResiduals(const SurveyDesign& design, std::vector<double>* x);

}  // namespace nhood::stats
