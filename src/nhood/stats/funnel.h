// Funnel plot control limits and significance, as PHEindicatormethods 2.1.0
// (phe_funnels / calculate_funnel_limits, phe_funnel_significance), the
// method of the Fingertips technical guidance.
//
// Proportions: Spiegelhalter DJ (2005) Funnel plots for comparing
// institutional performance, Stat Med 24:1185-1202; limits are the observed
// proportions at which the Wilson interval for denominator N just reaches the
// average P (closed form, one-sided p = 0.975 and 0.999).
// Ratios and rates: Poisson means m with P(X >= O | m) = p or P(X <= O | m) =
// p (p = 0.025, 0.001), found as the reference does, by bisection on
// v in (0, 1) with m = (1 + O) v / (1 - v), halving the step from 0.5 until
// it is below 1e-7.
// NOTE: the bisection differs from the exact qgamma limits by up to ~5e-5
// relative; it is kept so that limits match the reference.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::stats {

// The reference's sigma_adjustment: proportion limit for one-sided
// probability p (0.975 or 0.999), denominator n, average proportion av,
// times multiplier. `high` picks the upper limit.
double FunnelProportionLimit(double p, double n, double av, bool high, double multiplier);

// The reference's poisson_funnel: the Poisson mean m for observed count
// `observed` with P(X >= O | m) = p (high = false, the "low" side) or
// P(X <= O | m) = p (high = true).
double FunnelPoissonMean(double observed, double p, bool high);

enum class FunnelStatistic { kProportion, kRatio, kRate };
enum class RatioType { kCount, kIsr };
enum class RateType { kCrude, kDsr };

struct FunnelOptions {
  FunnelStatistic statistic = FunnelStatistic::kProportion;
  RatioType ratio_type = RatioType::kCount;
  RateType rate_type = RateType::kCrude;
  double multiplier = 100.0;
  double years_of_data = 1.0;
};

// A table of 100 points along the funnel's x axis with its limits. Column
// names and order are the reference's: for proportions Population,
// lower_2s_limit, upper_2s_limit, lower_3s_limit, upper_3s_limit, baseline;
// for ratios Observed_events, lower_2s_exp_events, lower_2s_limit, ...; for
// rates Events, lower_2s_population_1_year, lower_2s_limit, ..., baseline.
struct FunnelLimits {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
};

// `rate` is used only for rates (the published rate per multiplier).
// kInvalidArgument for negative numerators, non-positive denominators,
// numerator above denominator (proportions), or no rows.
Result<FunnelLimits> FunnelPlotLimits(std::span<const double> numerator,
                                      std::span<const double> denominator,
                                      std::span<const double> rate, const FunnelOptions& options);

// Per-row significance labels: "High (0.001)", "High (0.025)", "Low (0.001)",
// "Low (0.025)", "Not significant", and for DSRs with fewer than 10 events
// "Not applicable for events less than 10 for dsrs".
Result<std::vector<std::string>> FunnelSignificance(std::span<const double> numerator,
                                                    std::span<const double> denominator,
                                                    std::span<const double> rate,
                                                    const FunnelOptions& options);

}  // namespace nhood::stats
