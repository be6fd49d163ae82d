// Person-level outcome measures, recorded at baseline and follow-up.
//
//  - ONS4 (ONS personal wellbeing): four items scored 0-10, in the order
//    life satisfaction, worthwhile, happiness, anxiety (anxiety: higher is
//    worse). Each item is reported on its own; there is no total.
//  - SWEMWBS: seven items scored 1-5; the raw sum (7-35) is converted to the
//    metric score with the Rasch table in swemwbs.h. Raw sums are never
//    averaged or compared.
//  - MYCaW (Measure Yourself Concerns and Wellbeing): one or two concerns the
//    person names, each scored 0-6 for how much it bothers them, then one
//    wellbeing item 0-6 (0 = as good as it could be). `items` holds the
//    concern scores then the wellbeing score (2 or 3 entries); `concerns` the
//    concerns' words. Lower is better on every MYCaW item.
// Sources: DOMAIN.md §A7 and §0; ONS "Personal well-being user guidance";
// Paterson C (1996) BMJ 312:1016 and the MYCaW questionnaire (Bristol).
// Copyable values; pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

enum class Measure { kOns4, kSwemwbs, kMycaw };
std::string_view MeasureName(Measure m);  // "ons4", "swemwbs", "mycaw"
Result<Measure> ParseMeasure(std::string_view text);

enum class Timepoint { kBaseline, kFollowUp };
std::string_view TimepointName(Timepoint t);  // "baseline", "follow_up"
Result<Timepoint> ParseTimepoint(std::string_view text);

struct Outcome {
  int64_t id = 0;  // assigned by the store
  int64_t referral_id = 0;
  int64_t resident_id = 0;
  Measure measure = Measure::kSwemwbs;
  Timepoint timepoint = Timepoint::kBaseline;
  Date date{};
  std::vector<int> items;
  std::vector<std::string> concerns;  // MYCaW only
  int64_t recorded_by = 0;
  Time recorded_at{};
};

// Checks the item count and range for the measure (field "items" for the
// count, "items[i]" for the i-th, 0-based, out of range: a SWEMWBS item of 6
// is "items[i]"), MYCaW concern words (one per concern score, non-empty;
// field "concerns"), and a date not after `today` (field "date").
Status ValidateOutcome(const Outcome& o, Date today);

// The SWEMWBS raw sum and its Rasch metric score. REQUIRES: validated items.
struct SwemwbsScore {
  int raw = 0;        // 7..35
  double metric = 0;  // 7.00..35.00
};
Result<SwemwbsScore> ScoreSwemwbs(std::span<const int> items);

// ONS4 bands (ONS thresholds, DOMAIN.md §0): for life satisfaction,
// worthwhile and happiness 0-4 low, 5-6 medium, 7-8 high, 9-10 very high;
// for anxiety 0-1 very low, 2-3 low, 4-5 medium, 6-10 high.
enum class Ons4Item { kLifeSatisfaction, kWorthwhile, kHappiness, kAnxiety };
std::string_view Ons4Band(Ons4Item item, int score);  // "low", "medium", "high", "very_high", "very_low"

// The MYCaW profile score: the mean of the concern and wellbeing scores
// (Paterson 1996). REQUIRES: validated items.
double MycawProfileScore(std::span<const int> items);

}  // namespace nhood::link
