// Multiple-testing adjustment of p-values.
//
// Benjamini Y & Hochberg Y (1995) Controlling the false discovery rate, J R
// Stat Soc B 57:289-300 (step-up adjusted p-values, as R's p.adjust(method =
// "BH")); Bonferroni (R's p.adjust(method = "bonferroni")). Missing p-values
// (NaN) stay missing and do not count towards m, as in R.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

namespace nhood::stats {

// BH-adjusted p-values: min over j >= i (in ascending order) of m p_(j) / j,
// capped at 1.
std::vector<double> BenjaminiHochberg(std::span<const double> p);

// min(1, m p).
std::vector<double> Bonferroni(std::span<const double> p);

}  // namespace nhood::stats
