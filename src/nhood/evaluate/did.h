// Census difference-in-differences: the change in an outcome share between
// two censuses (2011 -> 2021) in treated areas against the change in
// comparison areas, with cluster-bootstrap intervals.
//
// Units are small areas on one geography (LSOA 2011), each with its
// persons and outcome counts at both times (the later census already bridged
// onto the earlier geography: atlas/vintage_bridge.h). Shares are pooled
// counts, so population-weighted: share = sum(count) / sum(persons).
//
//   DiD = (T_after - T_before) - (C_after - C_before)
//
// with three comparisons C:
//   england             England's own totals (given from the census files;
//                       the treated areas are part of England);
//   similarly_deprived  the untreated areas directly standardised to the
//                       treated areas' IMD decile mix: C = sum_d pi_d C_d,
//                       C_d the pooled share of untreated areas in decile d
//                       and pi_d the treated persons' share in decile d at
//                       the first census (the same weights at both times);
//   matched             the treated areas with a comparator, against their
//                       Mahalanobis or propensity-score nearest
//                       neighbours (matching.h, options.matching.method) on the
//                       baseline covariates, the comparators' counts pooled
//                       with the matching weights:
//                       C = sum_j w_j count_j / sum_j w_j persons_j.
//
// Intervals: cluster bootstrap (Cameron, Gelbach & Miller 2008, Rev Econ
// Stat 90:414-427; Davison & Hinkley 1997, ch. 3.8). Each replicate draws
// the treated clusters (wards) with replacement and, independently, the
// comparison clusters; an area counts as often as its cluster was drawn, and
// a matched pair as (draws of the treated cluster) x (draws of the
// comparator's cluster), so matched sets travel with their treated area and
// the matches are held fixed (the interval is conditional on the matching:
// re-matching within replicates is what Abadie & Imbens 2008, Econometrica
// 76:1537-1557, show to fail). England's replicate is the drawn treated plus
// the drawn comparison clusters. Limits are type-7 percentiles of the
// replicate DiDs (R quantile default). Replicate r draws from
// StreamRng(seed, r), so results are identical on any thread count.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/evaluate/matching.h"

namespace nhood::evaluate {

struct DidOutcome {
  std::string name;            // e.g. very_good_health
  std::vector<double> before;  // counts per unit
  std::vector<double> after;
  double england_before = 0, england_after = 0;  // England's counts
};

struct DidInput {
  std::vector<std::string> ids;      // unit codes (LSOA 2011)
  std::vector<bool> treated;
  std::vector<std::string> cluster;  // bootstrap cluster (ward) of each unit
  std::vector<double> persons_before, persons_after;
  std::vector<DidOutcome> outcomes;
  std::vector<int> imd_decile;       // 1 (most deprived) ... 10, per unit
  std::vector<Covariate> covariates; // baseline covariates for matching
  std::vector<int> stratum;          // exact-matching groups (empty: none)
  double england_persons_before = 0, england_persons_after = 0;
};

struct DidOptions {
  MatchingOptions matching;
  int replicates = 999;  // 0: no intervals
  uint64_t seed = 1;
  double level = 0.95;
  int threads = 0;       // <= 0: every hardware thread
};

struct DidEstimate {
  std::string comparison;  // england | similarly_deprived | matched
  std::string outcome;
  double treated_before = 0, treated_after = 0;
  double comparison_before = 0, comparison_after = 0;
  double did = 0;
  double lower = 0, upper = 0;  // NaN without replicates
  size_t n_treated = 0, n_comparison = 0;  // units
  size_t failed_replicates = 0;  // replicates where this estimate was undefined (left out of its limits)
};

struct DidResult {
  std::vector<DidEstimate> estimates;  // per comparison (in the order above), per outcome
  std::vector<BalanceRow> balance;
  MatchingResult matching;
  size_t treated_units = 0, comparison_units = 0;
  size_t treated_clusters = 0, comparison_clusters = 0;
  size_t failed_replicates = 0;  // the most failed replicates of any estimate
  std::vector<int> treated_deciles_without_comparison;  // IMD deciles left out of similarly_deprived
};

// kInvalidArgument when lengths differ, a count or population is negative
// or not finite, a decile is outside 1-10, there is no treated or no
// comparison unit, treated persons are zero, or the options are out of
// range (replicates < 0, level outside (0, 1)); and what Match (matching.h)
// returns.
Result<DidResult> EstimateDid(const DidInput& input, const DidOptions& options);

// did.csv: comparison, outcome, treated_before, treated_after,
// comparison_before, comparison_after, did, lower95, upper95, n_treated,
// n_comparison (shares as proportions 0-1; limits empty without replicates).
Result<Table> DidEstimatesTable(const std::vector<DidEstimate>& estimates);

// balance.csv: covariate, mean_treated, mean_comparison_before, smd_before,
// mean_comparison_after, smd_after.
Result<Table> BalanceRowsTable(const std::vector<BalanceRow>& balance);

// The type-7 percentile (R's quantile default) of `sorted` at p in [0, 1].
// REQUIRES: `sorted` non-empty and ascending.
double Type7Percentile(const std::vector<double>& sorted, double p);

}  // namespace nhood::evaluate
