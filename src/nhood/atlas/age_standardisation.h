// Indirect age standardisation of small-area counts against a reference
// population (England): each area's expected events are its population by
// age band times the reference's age-specific rates; a group of areas (a
// neighbourhood) gets O / E with exact (O < 10) or Byar intervals through
// stats::IsrFromTotals.
//
// Method: Breslow & Day (1987) vol II ch 2; PHE Technical Guide "Common
// public health statistics and their confidence intervals" (indirectly
// standardised ratios); conventions of PHEindicatormethods::calculate_ISRatio.
//
// The age-specific rates must come from the reference itself (for Census
// 2021 outcomes: England's counts by age band, e.g. Nomis RM tables); they
// cannot be recovered from small-area totals, because age and deprivation
// are confounded across areas (docs/methods.md).
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/stats/isr.h"

namespace nhood::atlas {

// Population by age band for a set of areas.
struct AgeBands {
  std::vector<std::string> bands;
  std::vector<std::string> ids;
  std::vector<double> population;  // ids.size() x bands.size(), row-major
};

// The reference's events per person in each age band.
struct ReferenceRates {
  std::vector<std::string> bands;
  std::vector<double> rate;
};

// Expected events per area of `ages`: the sum over bands of population x
// reference rate; NaN where any band's population is missing.
// Errors: kInvalidArgument naming the first band of `ages` with no
// reference rate.
Result<std::vector<double>> ExpectedEvents(const AgeBands& ages, const ReferenceRates& rates);

// The reference's events per person by stratum (e.g. IMD 2019 decile 1..10)
// and age band: rate[s * bands.size() + b] for strata[s], bands[b].
struct StratifiedRates {
  std::vector<std::string> bands;
  std::vector<int> strata;
  std::vector<double> rate;
};

// Expected events per area of `ages` at the rates of the area's own stratum
// (`stratum[i]` for ages.ids[i]): standardisation for age and stratum
// together. NaN where the stratum is not among rates.strata (a missing
// stratum, e.g. no decile) or a band's population is missing.
// Errors: kInvalidArgument naming the first band of `ages` with no rate, or
// a `stratum` of another length than ages.ids.
Result<std::vector<double>> ExpectedEventsByStratum(const AgeBands& ages, std::span<const int> stratum,
                                                    const StratifiedRates& rates);

// One ratio per group 0..groups-1 over the areas with group[i] >= 0 and both
// observed[i] and expected[i] known: O = sum observed, E = sum expected.
// `options.ref_value` sets the scale (100: England = 100).
// REQUIRES: equal lengths.
std::vector<stats::IsrEstimate> StandardisedRatios(std::span<const double> observed, std::span<const double> expected,
                                                   std::span<const int32_t> group, int32_t groups,
                                                   const stats::IsrOptions& options);

}  // namespace nhood::atlas
