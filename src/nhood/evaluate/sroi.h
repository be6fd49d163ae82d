// Social return on investment (SROI): from the gross value of each outcome
// to a net present value and a ratio, with every adjustment shown, and a
// one-at-a-time sensitivity analysis whose rows are the bars of a tornado
// chart. Method after "A guide to Social Return on Investment" (Cabinet
// Office / SROI Network, 2012; Social Value UK principles).
//
// For each outcome, in this order (multiplicative, so the order does not
// change the result):
//   gross            = quantity x proxy (one year, £)
//   after deadweight = gross x (1 - deadweight)       what would have happened anyway
//   after attribution= ... x (1 - attribution)        others' contribution
//   impact (year 1)  = ... x (1 - displacement)       value moved from elsewhere
//   year t (t = 1 .. duration) = impact x (1 - drop_off)^(t - 1)
//   present value    = sum_t year_t / (1 + r)^t
// NOTE: the SROI Guide discounts the first year once (t starts at 1), unlike
// the Green Book convention used for WELLBYs (year 0 undiscounted).
// Totals: present value over all outcomes, ratio = present value /
// investment, net present value = present value - investment, payback =
// investment / (year-1 impact / 12) months.
//
// Pure; thread-safe; inputs and results are copyable values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/evaluate/discounting.h"

namespace nhood::evaluate {

struct SroiRange {
  double low = 0;
  double high = 0;
};

struct SroiOutcome {
  std::string name;
  double quantity = 0;  // units (e.g. people) achieving the outcome, >= 0
  double proxy = 0;     // £ per unit per year in the analysis' prices, >= 0
  double deadweight = 0, attribution = 0, displacement = 0, drop_off = 0;  // proportions 0-1
  int duration = 1;                                                        // years, 1-100
  std::string proxy_source;                                                // how the proxy was set, for the chain
  std::string proxy_range_label;  // shown for a given proxy_range ("given" when empty)
  // Low/high for the sensitivity analysis. Unset: the SROI assumptions
  // (deadweight, attribution, displacement, drop_off, duration) use the
  // default relative range of SroiInput; quantity and proxy are not varied.
  std::optional<SroiRange> quantity_range, proxy_range, deadweight_range, attribution_range, displacement_range,
      drop_off_range, duration_range;
};

struct SroiInput {
  std::string name;       // the analysis' name, for reports (may be empty)
  double investment = 0;  // £, > 0
  double discount_rate = kStandardDiscountRate;
  // Default sensitivity range for an SROI assumption a without its own:
  // [a (1 - s), a (1 + s)], proportions capped at 1, durations rounded to
  // whole years (at least 1). nhood's default, not a published rule.
  double sensitivity_relative = 0.5;
  std::optional<SroiRange> investment_range, discount_rate_range;  // varied only when given
  std::vector<SroiOutcome> outcomes;
};

struct SroiStep {
  std::string outcome;  // "all" for the totals
  int step = 0;         // 1, 2, ... within the outcome
  std::string description;
  double rate = 0;   // the adjustment applied at this step (NaN when none)
  double value = 0;  // £ after the step (ratio and months for those totals)
};

struct SroiSensitivity {
  int rank = 0;  // 1 = largest swing (the tornado's top bar)
  std::string assumption;
  std::string outcome;  // "all" for investment and discount_rate
  double base = 0, low = 0, high = 0;
  std::string range;  // "given" or "default +-50%"
  double ratio_at_low = 0, ratio_at_high = 0;
  double swing = 0;  // |ratio_at_high - ratio_at_low|
};

struct SroiResult {
  std::vector<SroiStep> chain;
  double present_value = 0;
  double investment = 0;
  double ratio = 0;
  double net_present_value = 0;
  double payback_months = 0;                 // NaN when the year-1 impact is 0
  std::vector<SroiSensitivity> sensitivity;  // sorted by swing, largest first
};

// kInvalidArgument naming the outcome (number and name) and the key with
// its allowed values: no outcomes, investment <= 0, a proportion outside
// 0-1, duration outside 1-100, a negative quantity or proxy, a range with
// low > high or outside the key's allowed values, a bad discount rate.
Result<SroiResult> ComputeSroi(const SroiInput& input);

}  // namespace nhood::evaluate
