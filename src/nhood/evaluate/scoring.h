// Scoring survey instruments: SWEMWBS through the Rasch conversion table,
// WEMWBS, the ONS4 personal wellbeing threshold bands, reverse coding and
// Cronbach's alpha (issue 10 item 2).
//
// Sources (../shared/reference/DOMAIN.md §0):
// - SWEMWBS: 7 items scored 1-5; the raw sum 7-35 MUST be converted to the
//   metric score with the Rasch table (Warwick's scoring guidance) before it
//   is averaged or compared, so nhood never returns a raw SWEMWBS sum.
// - WEMWBS: 14 items scored 1-5, total 14-70 (no conversion).
// - ONS4 (0-10): life satisfaction, worthwhile and happiness are 0-4 low,
//   5-6 medium, 7-8 high, 9-10 very high; anxiety is 0-1 very low, 2-3 low,
//   4-5 medium, 6-10 high (ONS thresholds).
// - Cronbach's alpha = k/(k-1) (1 - sum var(item) / var(total)), sample
//   variances, over respondents with every item present.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::evaluate {

// The SWEMWBS metric score of a raw sum (an integer 7..35).
// kInvalidArgument otherwise.
Result<double> SwemwbsMetric(double raw_sum);

// SWEMWBS metric score from the 7 item responses (each an integer 1..5);
// NaN when any item is missing (NaN). kInvalidArgument for the wrong number
// of items or a response outside 1..5.
Result<double> SwemwbsScore(std::span<const double> items);

// WEMWBS total (14..70) from the 14 item responses (each 1..5); NaN when any
// is missing. kInvalidArgument for the wrong count or a response outside 1..5.
Result<double> WemwbsScore(std::span<const double> items);

enum class Ons4Measure { kLifeSatisfaction, kWorthwhile, kHappiness, kAnxiety };

// The ONS threshold band of a 0..10 integer score: "low", "medium", "high",
// "very high" (anxiety: "very low", "low", "medium", "high"). "" for NaN;
// kInvalidArgument for anything else outside 0..10 or not whole.
Result<std::string> Ons4Band(Ons4Measure measure, double score);

// min + max - value (a reverse-coded Likert response); NaN stays NaN.
double ReverseCode(double value, double min, double max);

struct Alpha {
  double alpha = 0;
  size_t respondents = 0;  // with every item present
};

// Cronbach's alpha of k >= 2 items (columns of equal length). NaN alpha when
// fewer than 2 complete respondents or the total has no variance.
Result<Alpha> CronbachAlpha(const std::vector<std::vector<double>>& items);

}  // namespace nhood::evaluate
