// The SWEMWBS raw-to-metric conversion table (Rasch model).
//
// Source: Warwick Medical School, "SWEMWBS conversion table" (Stewart-Brown
// S, Tennant A, Tennant R, Platt S, Parkinson J, Weich S. Internal construct
// validity of the Warwick-Edinburgh Mental Well-being Scale (WEMWBS): a
// Rasch analysis using data from the Scottish Health Education Population
// Survey. Health Qual Life Outcomes 2009;7:15), as printed in
// warwick.ac.uk/fac/sci/med/research/platform/wemwbs/using/howto and in
// ../shared/reference/DOMAIN.md §0. Warwick: SWEMWBS "must" be scored with
// this table before means are taken or scores compared.
#pragma once

#include <array>

namespace nhood::link {

// kSwemwbsMetric[raw - 7] is the metric score for a raw sum of 7..35.
inline constexpr std::array<double, 29> kSwemwbsMetric = {
    7.00,  9.51,  11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,  // raw 7-16
    16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,  // raw 17-26
    24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00};        // raw 27-35

}  // namespace nhood::link
