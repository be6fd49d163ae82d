#include "nhood/evaluate/wellby.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "nhood/base/number.h"
#include "nhood/evaluate/gdp_deflator.h"

namespace nhood::evaluate {

namespace {

// DOMAIN.md §0 and the WellWorth technical background (Happy City with the
// University of Exeter), unstandardised exchange rates to life satisfaction
// from Mukuria et al. (2015), Policy Research Unit in Economic Evaluation of
// Health and Care Interventions (EEPRU). Only the measures DOMAIN.md names.
constexpr ExchangeRate kRates[] = {
    {"life_satisfaction", "ONS life satisfaction (0-10)", 1.0, "identity: the WELLBY is defined on this scale"},
    {"ons4_total", "ONS4 total of the four personal wellbeing items (0-40)", 0.25,
     "WellWorth exchange rate (unstandardised) from Mukuria et al. 2015"},
    {"swemwbs", "SWEMWBS metric score (7-35)", 0.26,
     "WellWorth exchange rate (unstandardised) from Mukuria et al. 2015"},
    {"wemwbs", "WEMWBS total (14-70)", 0.13, "WellWorth exchange rate (unstandardised) from Mukuria et al. 2015"},
};

std::string AcceptedMeasures() {
  std::string s;
  for (const auto& r : kRates) s += (s.empty() ? "" : ", ") + std::string(r.measure);
  return s;
}

}  // namespace

std::span<const ExchangeRate> ExchangeRates() { return kRates; }

Result<ExchangeRate> FindExchangeRate(std::string_view measure) {
  for (const auto& r : kRates) {
    if (measure == r.measure) return r;
  }
  return InvalidArgument("unknown wellbeing measure '" + std::string(measure) + "': nhood converts only " +
                         AcceptedMeasures() +
                         " to life satisfaction (published exchange rates: WellWorth, after Mukuria et al. 2015; "
                         "docs/methods.md); no rate is invented for other measures");
}

Result<double> ToLifeSatisfaction(std::string_view measure, double change) {
  NHOOD_ASSIGN_OR_RETURN(const ExchangeRate rate, FindExchangeRate(measure));
  if (!std::isfinite(change)) return InvalidArgument("wellbeing change must be a finite number");
  return change * rate.ls_per_point;
}

Result<WellbyValuation> ValueWellbys(double people, double ls_change, int years, const WellbyOptions& options) {
  if (!std::isfinite(people) || people <= 0) {
    return InvalidArgument("people " + FormatNumber(people) + " must be a positive number");
  }
  if (!std::isfinite(ls_change) || ls_change < -10 || ls_change > 10) {
    return InvalidArgument("life-satisfaction change " + FormatNumber(ls_change) +
                           " must be a number of points from -10 to 10 (the 0-10 scale)");
  }
  if (years < 1 || years > 200) {
    return InvalidArgument("years " + std::to_string(years) + " must be a whole number from 1 to 200");
  }
  NHOOD_ASSIGN_OR_RETURN(const double annuity, AnnuityFactor(options.discount_rate, years, options.first_year));
  NHOOD_ASSIGN_OR_RETURN(const double uprate, UprateFactor(kWellbyPriceYear, options.price_year));
  WellbyValuation v;
  v.wellbys = people * ls_change * years;
  v.discounted_wellbys = people * ls_change * annuity;
  v.annuity_factor = annuity;
  v.uprate_factor = uprate;
  // 2019 prices need no deflator: keep the published figures exact.
  v.value_central = options.price_year == kWellbyPriceYear ? kWellbyCentral2019 : kWellbyCentral2019 * uprate;
  v.value_low = options.price_year == kWellbyPriceYear ? kWellbyLow2019 : kWellbyLow2019 * uprate;
  v.value_high = options.price_year == kWellbyPriceYear ? kWellbyHigh2019 : kWellbyHigh2019 * uprate;
  v.central = v.discounted_wellbys * v.value_central;
  const double a = v.discounted_wellbys * v.value_low;
  const double b = v.discounted_wellbys * v.value_high;
  v.low = std::min(a, b);
  v.high = std::max(a, b);
  return v;
}

}  // namespace nhood::evaluate
