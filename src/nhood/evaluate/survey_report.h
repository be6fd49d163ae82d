// `nhood survey report`: a resident survey scored through its codebook and
// set against benchmark figures, between waves and within a panel
// (issue 10 items 3-5, 9). The tables here; the HTML page in survey_html.h.
//
// Measures: every item whose response set has "agree" labels (the share
// agreeing), every scale (the mean score: ONS4 0-10, SWEMWBS metric score,
// ...), and every numeric item in no scale (its mean).
//
// Estimates: without a [design] in the codebook, a proportion has a Wilson
// interval and a mean a Student t interval (sd / sqrt(n)); with a [design]
// weight (and optional strata, psu) both are design-based as R survey 4.1-1
// computes them (stats/survey_estimate.h): a proportion's interval is
// svyciprop's logit interval, a mean's the normal interval. Respondents with
// the measure missing are left out and counted (missing.csv, items.csv).
//
// Benchmarks: difference = estimate - benchmark, se = sqrt(se_est^2 + se_b^2)
// where se_b comes from the benchmark's published interval ((upper - lower) /
// (2 z)), else from its base (sqrt(p (1 - p) / n) for a proportion), else 0
// (the figure taken as known; the `benchmark_se_from` column says which);
// a two-sided z test; Benjamini-Hochberg over every comparison in the table.
// A participant sample against a population survey is not a causal
// comparison, and the report says so.
//
// Waves (codebook [waves] column): each wave estimated as a domain of the
// whole sample; the change between consecutive waves with se =
// sqrt(se_1^2 + se_2^2) (independent samples; with a panel the waves share
// respondents, so this is conservative when answers correlate positively).
// Panel ([waves] id): for respondents in both waves, the mean paired
// difference with sd / sqrt(n) and a normal test (unweighted); retention:
// how many of the earlier wave were interviewed again, and for each measure
// the baseline mean of those kept against those lost (Welch se, normal test).
//
// Models (codebook [model] / [mediation], model_report.h): regressions with
// CR1 cluster-robust se and mediation with a cluster bootstrap, on the
// scored survey (every wave together).
//
// Pure; thread-safe.
#pragma once

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/evaluate/codebook.h"
#include "nhood/evaluate/model_report.h"

namespace nhood::evaluate {

struct Benchmark {
  std::string measure;  // an item or scale name of the codebook
  std::string name;     // e.g. "england", "most_deprived_20pc"
  double value = 0;     // a proportion 0-1 or a mean on the measure's scale
  double lower = std::numeric_limits<double>::quiet_NaN(), upper = std::numeric_limits<double>::quiet_NaN();
  double base_n = std::numeric_limits<double>::quiet_NaN();
  std::string base, source, year;
  std::string location;  // "FILE: row R (line L)"
};

// Benchmarks from a table (as read by io::ReadTable): columns measure,
// benchmark, value (required), lower, upper, base_n, base, source, year
// (optional; empty cells allowed). Errors name the file, row and column.
Result<std::vector<Benchmark>> BenchmarksFromTable(const Table& t);

// The ONS4 files the ONS subnational indicators (release 2 Feb 2022) give,
// under DATA_DIR/wellbeing, read with 5 metadata lines skipped: file stem
// suffix -> the codebook scale it benchmarks.
struct Ons4File {
  const char* file;     // e.g. "life_satisfaction"
  const char* measure;  // e.g. "ons4_life_satisfaction"
};
inline constexpr Ons4File kOns4Files[] = {{"life_satisfaction", "ons4_life_satisfaction"},
                                          {"worthwhile", "ons4_worthwhile"},
                                          {"happiness", "ons4_happiness"},
                                          {"anxiety", "ons4_anxiety"}};

// One local authority's (LAD 2019 code) ONS4 mean from one of those tables
// (columns "Area Code", "Area", the mean third), as the benchmark
// `ons4_<area code>` of `file.measure`. No interval is published in those
// files, so it is taken as known. kNotFound for an area not in the table.
Result<Benchmark> Ons4AreaBenchmark(const Table& indicator, const Ons4File& file, const std::string& area_code);

struct SurveyReportOptions {
  double level = 0.95;
  std::string lonely_psu = "fail";
  // The codebook's [model] / [mediation] sections (LoadModelSpecs): run on the
  // scored survey into `models` and `mediation` (model_report.h).
  ModelSpecs models;
  int threads = 0;  // for the mediation bootstrap (the answer does not depend on it)
  // Called with (mediation index, replicates done) while each bootstrap runs; may be empty.
  std::function<void(size_t, size_t)> mediation_progress = {};
};

struct SurveyReport {
  Table items;       // measure,kind,n,n_missing,estimate,lower,upper,method
  Table missing;     // measure,code,count ("(blank)" for empty cells, "(incomplete scale)" for scales)
  Table benchmarks;  // measure,benchmark,value,lower,upper,source,year,base,estimate,difference,lower95,upper95,z,p,p_bh,benchmark_se_from
  Table waves;       // measure,wave_from,wave_to,estimate_from,estimate_to,difference,lower95,upper95,p
  Table panel;       // measure,wave_from,wave_to,n_pairs,mean_from,mean_to,mean_difference,lower95,upper95,p
  Table retention;   // wave_from,wave_to,measure,n_baseline,n_retained,n_lost,retained_share,baseline_retained,baseline_lost,difference,lower95,upper95,p
  Table models;     // evaluate::ModelTable columns; no rows without [model] sections
  Table mediation;  // evaluate::MediationTable columns; no rows without [mediation] sections
  std::vector<std::string> notes;
  std::string summary;
};

// kInvalidArgument (naming file, row and column) for a codebook that does
// not fit the data, bad weights, a lonely PSU under "fail", a benchmark for
// a measure the codebook does not define.
Result<SurveyReport> MakeSurveyReport(const Codebook& codebook, const Table& data,
                                      const std::vector<Benchmark>& benchmarks, const SurveyReportOptions& options);

}  // namespace nhood::evaluate
