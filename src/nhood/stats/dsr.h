// Directly standardised rates (DSR) with Dobson confidence limits.
//
// Method: Dobson AJ, Kuulasmaa K, Eberle E & Scherer J (1991) Confidence
// intervals for weighted sums of Poisson parameters, Stat Med 10:457-462;
// code and conventions of PHEindicatormethods::phe_dsr 2.1.0 (UKHSA):
//   DSR = sum(x_i w_i / n_i) / sum(w_i) * multiplier
//   var = sum(x_i (w_i / n_i)^2) / (sum w_i)^2,  O = sum x_i
//   limit = DSR + sqrt(var / O) * (Byar_limit(O) - O) * multiplier
// Byar's limits are used for every O (no exact switch). Value and limits are
// not published (NaN, status "total count below 10") when O < 10, the
// Fingertips rule. Missing counts count as 0. Non-independent events (people
// with repeated events) follow phe_dsr's `independent_events = FALSE`:
// var = sum_f f^2 var_f over event frequencies f. Pure functions; thread-safe.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "nhood/stats/estimate.h"

namespace nhood::stats {

// European Standard Population 2013 (Eurostat 2013, "Revision of the European
// Standard Population", ISBN 978-92-79-31094-2): 19 five-year bands 0-4 ...
// 85-89 and 90+. Sum 100,000.
inline constexpr std::array<double, 19> kEsp2013 = {5000, 5500, 5500, 5500, 6000, 6000, 6500,
                                                    7000, 7000, 7000, 7000, 6500, 6000, 5500,
                                                    5000, 4000, 2500, 1500, 1000};

// Index into kEsp2013 for an age-band label by its first number: "0-4" -> 0,
// "85-89" -> 17, "90+" -> 18, "Age 45 to 49" -> 9. -1 if no number or the
// start is not a multiple of 5 (except 90+).
int Esp2013Index(std::string_view label);

struct DsrOptions {
  std::vector<double> confidence = {0.95};
  double multiplier = 100000.0;
};

// x: events per age band (NaN = 0); n: populations (> 0); w: standard
// population weights. REQUIRES: equal lengths. Status: "population not
// positive or missing" (the reference stops), "total count below 10".
Estimate Dsr(std::span<const double> x, std::span<const double> n, std::span<const double> w,
             const DsrOptions& options);

// Non-independent events. Rows are (age band, event frequency f): x = number
// of people with exactly f events. Rows of the same age band share n and w.
// `age` identifies the age band of each row. Events = sum f x.
Estimate DsrNonIndependent(std::span<const double> x, std::span<const double> n,
                           std::span<const double> w, std::span<const double> frequency,
                           std::span<const int> age, const DsrOptions& options);

}  // namespace nhood::stats
