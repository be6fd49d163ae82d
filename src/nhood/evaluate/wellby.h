// WELLBY valuation: money values for changes in life satisfaction, after
// HM Treasury's Green Book supplementary guidance "Wellbeing Guidance for
// Appraisal: Supplementary Green Book Guidance" (July 2021).
//
// One WELLBY is a change of one point of life satisfaction (0-10) for one
// person for one year. The guidance values it at £13,000 in 2019 prices,
// with a sensitivity range of £10,000 (the QALY route: £70,000 per QALY over
// 7 life-satisfaction points) to £16,000 (the equivalent-income route); its
// worked example is 0.2 points for one person for one year = £2,600.
//
// Other wellbeing measures reach life satisfaction only through the
// published exchange rates in ExchangeRates() (DOMAIN.md §0: WellWorth's
// unstandardised rates from Mukuria et al. 2015); a measure without one is
// refused, never guessed.
//
// Pure functions over static tables; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/evaluate/discounting.h"

namespace nhood::evaluate {

inline constexpr int kWellbyPriceYear = 2019;
inline constexpr double kWellbyCentral2019 = 13000;
inline constexpr double kWellbyLow2019 = 10000;
inline constexpr double kWellbyHigh2019 = 16000;

// A published rate converting a one-point change on `measure` into a change
// of life satisfaction (0-10 points).
struct ExchangeRate {
  const char* measure;  // the name nhood accepts: "swemwbs"
  const char* scale;    // "SWEMWBS metric score (7-35)"
  double ls_per_point;  // life-satisfaction points per point of the measure
  const char* source;
};

// Every accepted measure: life_satisfaction (1:1), ons4_total, swemwbs,
// wemwbs.
std::span<const ExchangeRate> ExchangeRates();

// The rate for `measure` (lower case, as listed). kInvalidArgument "unknown
// wellbeing measure 'x': nhood converts only ... (published exchange rates
// ...)" otherwise.
Result<ExchangeRate> FindExchangeRate(std::string_view measure);

// `change` on `measure` as a life-satisfaction change. Errors as
// FindExchangeRate, or kInvalidArgument for a non-finite change.
Result<double> ToLifeSatisfaction(std::string_view measure, double change);

struct WellbyOptions {
  // Prices the result is stated in (uprated from 2019 with GdpDeflators()).
  int price_year = kWellbyPriceYear;
  // Discount rate per year (Green Book health rate by default).
  double discount_rate = kHealthDiscountRate;
  // The year the benefit starts: 0 = now, undiscounted (Green Book).
  int first_year = 0;
};

struct WellbyValuation {
  double wellbys = 0;             // people x ls_change x years, undiscounted
  double discounted_wellbys = 0;  // people x ls_change x annuity_factor
  double annuity_factor = 0;      // sum of discount factors over the years
  double uprate_factor = 0;       // deflator(price_year) / deflator(2019)
  double value_central = 0;       // £ per WELLBY in price_year prices
  double value_low = 0;
  double value_high = 0;
  // Present values in £ (price_year prices): central at £13,000 (2019), and
  // the range at £10,000 and £16,000. low <= high always, so for a negative
  // change `low` is the one valued at £16,000.
  double central = 0;
  double low = 0;
  double high = 0;
};

// The value of a life-satisfaction change of `ls_change` points (0-10
// scale; negative is a loss) for `people` people lasting `years` whole
// years: present value = people x ls_change x value x
// AnnuityFactor(rate, years, first_year).
// kInvalidArgument when people <= 0 or not finite, ls_change not finite or
// outside -10..10, years < 1 or > 200, or a bad discount rate; kNotFound for
// a price year outside the deflator table.
Result<WellbyValuation> ValueWellbys(double people, double ls_change, int years, const WellbyOptions& options = {});

}  // namespace nhood::evaluate
