// Discounting multi-year benefits to present values (HM Treasury Green Book).
//
// The discount factor for year t is 1 / (1 + r)^t. Which year a benefit
// stream starts in is the caller's convention and is always explicit:
// - Green Book appraisal (and nhood's WELLBY valuation): year 0 is the
//   present and is not discounted, so a one-year benefit is worth its face
//   value and Y years are years 0 .. Y-1.
// - The SROI Guide (Cabinet Office, 2012): the first year of an outcome is
//   year 1 and is discounted once, so Y years are years 1 .. Y.
// Pure functions; thread-safe.
#pragma once

#include "nhood/base/result.h"

namespace nhood::evaluate {

// Green Book discount rate for health (the STPR without the wealth effect),
// used for QALYs; nhood applies it to WELLBYs as issue 10 prescribes (the
// research note DOMAIN.md flags the WELLBY use for checking against the
// Wellbeing Guidance's discounting section).
inline constexpr double kHealthDiscountRate = 0.015;
// Green Book standard STPR for years 0-30, used for money values in SROI.
inline constexpr double kStandardDiscountRate = 0.035;

// 1 / (1 + rate)^year. kInvalidArgument unless 0 <= rate < 1 (finite) and
// year >= 0.
Result<double> DiscountFactor(double rate, int year);

// Sum of DiscountFactor(rate, t) for t = first_year .. first_year + years - 1
// (the present value of 1 a year for `years` years). kInvalidArgument as
// DiscountFactor, or when years < 1 or first_year < 0.
// NOTE: with first_year 0 and years 1 this is exactly 1 (undiscounted).
Result<double> AnnuityFactor(double rate, int years, int first_year);

}  // namespace nhood::evaluate
