// `nhood survey estimate`: design-based means, totals and proportions by
// domain, as R survey 4.1-1 computes them (src/nhood/stats/survey_*.h).
// This file only reads the columns, matches the raking margins to the input
// and writes the table; the statistics live in nhood/stats.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::cli {

struct SurveyCommandOptions {
  std::string input, y, weight, strata, psu, fpc, domain, rake;
  double level = 0.95;
  std::string lonely_psu = "fail";
};

struct SurveyRun {
  Table table;  // one row per domain (sorted by label; "all" without --domain)
  std::string summary;
};

// Errors name the file, row and column (kInvalidArgument / kNotFound).
Result<SurveyRun> ComputeSurveyEstimate(const SurveyCommandOptions& o);

struct SurveyReportCommandOptions {
  std::string input, codebook, output, data_dir, ons4_area;
  std::vector<std::string> benchmarks;
  double level = 0.95;
  std::string lonely_psu = "fail";
};

// `nhood survey report`: reads the input, codebook and benchmark tables, and
// writes OUTPUT/{items,missing,benchmarks,waves,panel,retention}.csv and
// report.html through io::StagedDirectory (all or nothing, with provenance).
// Errors name the file, row and column; nothing is written then.
Status RunSurveyReport(const SurveyReportCommandOptions& o, const std::string& command);

// `nhood survey model`: one linear or logistic regression (evaluate/regression.h)
// of --y on --x, variables resolved through the optional codebook
// (evaluate/model_report.h), with CR1 cluster-robust se when --cluster is given.
struct SurveyModelOptions {
  std::string input, codebook, y, cluster, weight, family = "gaussian";
  std::vector<std::string> x, factors;
  double level = 0.95;
};
struct SurveyModelRun {
  Table table;  // models.csv columns (evaluate::ModelTable)
  std::string summary;
};
Result<SurveyModelRun> ComputeSurveyModel(const SurveyModelOptions& o);

// `nhood survey mediate`: X -> M -> Y with a cluster bootstrap (evaluate/mediation.h).
struct SurveyMediateOptions {
  std::string input, codebook, x, m, y, cluster, weight;
  std::vector<std::string> covariates, covariate_factors;
  int replicates = 999;
  uint64_t seed = 1;
  int threads = 0;
  double level = 0.95;
};
struct SurveyMediateRun {
  Table table;  // mediation.csv columns (evaluate::MediationTable)
  std::string summary;
};
Result<SurveyMediateRun> ComputeSurveyMediate(const SurveyMediateOptions& o);

void SetupSurveyCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line);

}  // namespace nhood::cli
