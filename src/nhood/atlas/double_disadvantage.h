// Double disadvantage: areas among the most deprived X% on deprivation and
// among the most in need X% on social infrastructure (the Community Needs
// Index), after Local Trust and OCSI's "left-behind neighbourhoods" (OCSI
// 2019/2020: worst 10% on both the IMD 2019 and the CNI, 225 wards).
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
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

// The groups of the comparison "do doubly disadvantaged areas have worse
// health than equally deprived places?": 0 doubly disadvantaged, 1 the
// other areas among the most deprived (`deprived` and not `doubly`), 2 the
// rest. REQUIRES: equal lengths.
std::vector<int32_t> DisadvantageGroups(const std::vector<bool>& doubly, const std::vector<bool>& deprived);

// Two flags over the same areas, side by side.
struct FlagConfusion {
  size_t both = 0, ours_only = 0, theirs_only = 0, neither = 0;
};
// REQUIRES: equal lengths.
FlagConfusion CompareFlags(const std::vector<bool>& ours, const std::vector<bool>& theirs);

}  // namespace nhood::atlas
