// Fingertips benchmark comparison: is an area's value similar to, higher or
// lower than a comparator (England, a parent area or a target)?
//
// Rules of the Fingertips web service (ukhsa-collaboration/fingertips-open,
// PholioVisualisation.Analysis comparers) and its comparator method ids:
//   kCi95 (1): comparator inside [lower95, upper95], bounds included -> Similar;
//     else the area is Lower or Higher than the comparator.
//   kCi95And998 (17): as kCi95 for Similar; comparator between the 95% and
//     99.8% limits (bounds included) -> Higher/Lower; beyond the 99.8% limits
//     -> Highest/Lowest.
//   kCi998: as kCi95 with the 99.8% limits.
//   kDoubleCi (12): the area's 95% interval overlaps the comparator's -> Similar.
//   kSpcProportion (5): Wilson limits around the comparator proportion for the
//     area's denominator; value above the upper -> Higher, below -> Lower.
//   kQuintile (15): quintile of the value among all values of the indicator
//     (type-7 percentiles, rounded to 10 dp); 1 is always the best.
// Polarity turns Higher/Lower into Better/Worse (the RAG); kNoJudgement
// (blue-orange-blue) keeps Higher/Lower; kNone compares nothing.
// Missing limits give NotCompared. Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/stats/estimate.h"

namespace nhood::stats {

enum class ComparisonMethod { kCi95, kCi95And998, kCi998, kDoubleCi, kSpcProportion, kQuintile };
enum class Polarity { kHighIsGood, kLowIsGood, kNoJudgement, kNone };

// Parses "ci95" / "1", "ci95_998" / "17", "ci998", "double" / "12",
// "spc_proportion" / "5", "quintile" / "15".
Result<ComparisonMethod> ParseComparisonMethod(std::string_view text);
// Parses "high_is_good" / "high", "low_is_good" / "low", "bob" / "no_judgement", "none".
Result<Polarity> ParsePolarity(std::string_view text);

struct AreaValue {
  double value = kNaN;
  double lower95 = kNaN, upper95 = kNaN;
  double lower998 = kNaN, upper998 = kNaN;
  double denominator = kNaN;  // for kSpcProportion
};

struct Comparator {
  double value = kNaN;
  double lower95 = kNaN, upper95 = kNaN;  // for kDoubleCi
  double unit = 1.0;                      // kSpcProportion: 100 when values are percentages
};

struct Comparison {
  std::string significance;  // Similar, Higher, Lower, Highest, Lowest, NotCompared
  std::string rag;           // Better, Worse, Best, Worst, Similar, Higher, Lower, ..., NotCompared
};

// Compares one area with the comparator by a confidence-interval method.
// REQUIRES: method != kQuintile (see Quintiles).
Comparison Compare(const AreaValue& area, const Comparator& comparator, ComparisonMethod method,
                   Polarity polarity, double spc_confidence = 0.95);

// Quintile comparison of every value against all of them: significance is the
// raw quintile (1 = lowest values) reversed for high_is_good so that 1 is
// always best; rag is the same number. Empty strings for missing values, and
// for all when fewer than 5 values are present.
std::vector<Comparison> Quintiles(std::span<const double> values, Polarity polarity);

}  // namespace nhood::stats
