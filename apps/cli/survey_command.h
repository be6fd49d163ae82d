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

void SetupSurveyCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* command_line);

}  // namespace nhood::cli
