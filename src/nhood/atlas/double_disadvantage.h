// Double disadvantage: areas among the most deprived X% on deprivation and
// among the most in need X% on social infrastructure (the Community Needs
// Index), after Local Trust and OCSI's "left-behind neighbourhoods" (OCSI
// 2019/2020: worst 10% on both the IMD 2019 and the CNI, 225 wards).
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

namespace nhood::atlas {

// True for the floor(n X / 100) highest values, n the number of areas
// (missing values included, as OCSI's cut of 743 of 7,433 wards; ties broken
// by order). Missing values are never flagged.
std::vector<bool> HighestPercent(std::span<const double> score, double percent);

// Both flags true.
std::vector<bool> DoubleDisadvantage(std::span<const double> deprivation, std::span<const double> need,
                                     double percent);

}  // namespace nhood::atlas
