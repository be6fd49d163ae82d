// Raking a survey design to population margins: iterative proportional
// fitting exactly as R survey 4.1-1 `rake()` with its default control
// (maxit = 10, epsilon = 1).
//
// Each pass post-stratifies the weights on every margin in turn (w *=
// population total / weighted sample total of the row's level). After a pass,
// the weighted cross-table of all margin variables is compared with the one
// before it; raking stops when the largest cell change is below epsilon
// (epsilon < 1 is taken relative to the sum of the starting weights, as
// survey does; the default 1 is in weight units), or after `max_passes`
// passes (then `converged` is false; survey warns and keeps the weights).
// The design remembers, per margin, the weights after its step in the final
// pass: survey's variance for a raked design residualises on them
// (RakingResiduals in survey_design.h).
//
// Pure function; thread-safe.
#pragma once

#include <vector>

#include "nhood/base/result.h"
#include "nhood/stats/survey_design.h"

namespace nhood::stats {

struct RakeMargin {
  std::vector<int> level;     // per row, 0..totals.size()-1
  std::vector<double> total;  // population total per level, > 0 for every level present in the sample
};

struct RakeReport {
  int passes = 0;
  bool converged = false;
  double last_change = 0;  // largest cell change in the last pass
};

// Replaces design->weight with the raked weights and fills design->raking.
// kInvalidArgument when a margin's length differs from the rows, or a level
// present in the sample has total <= 0 ("... absent from population", as
// survey stops); the caller checks that every level with a total > 0 has
// sample rows (survey: "Some strata absent from sample").
Result<RakeReport> Rake(SurveyDesign* design, const std::vector<RakeMargin>& margins, int max_passes = 10,
                        double epsilon = 1.0);

}  // namespace nhood::stats
