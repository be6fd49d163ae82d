// Local indicators of spatial association with analytic moments, as R spdep
// 1.2-7 computes them: localmoran (conditional moments, Sokal, Oden &
// Thomson 1998, Geogr Anal 30:331; total-randomisation moments, Anselin
// 1995, Geogr Anal 27:93), localG (Getis & Ord 1992 / Ord & Getis 1995,
// Geogr Anal 27:286) and the local Geary value (Anselin 1995).
//
// Islands (no neighbours) are flagged; as spdep (zero.policy = TRUE) their
// I, E and Var are 0 and their z and p NaN, never a p-value that could read
// as significant. Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/weights.h"

namespace nhood::spatial {

struct LocalMoran {
  std::vector<double> lag;     // sum_j w_ij x_j (the spatial lag of x)
  std::vector<double> i;       // I_i = z_i / m2 * sum_j w_ij z_j, m2 = sum z^2 / n
  std::vector<double> e;       // conditional E[I_i]
  std::vector<double> var;     // conditional Var[I_i]
  std::vector<double> z;       // (I_i - E) / sqrt(Var)
  std::vector<double> p;       // two-sided normal p
  std::vector<double> e_total, var_total, z_total, p_total;  // total randomisation
  std::vector<std::string> quadrant;  // High-High, Low-Low, High-Low, Low-High
  std::vector<bool> island;
};

// NOTE: quadrants follow spdep's "mean" scheme: x - mean(x) against
// lag(x) - mean(lag(x)), each cut at 0 with 0 counted as Low.
Result<LocalMoran> ComputeLocalMoran(std::span<const double> x, const geo::SpatialWeights& w);

// Getis-Ord z-values. Gi excludes i; Gi* must be given weights that include
// self (SpatialWeights::WithSelf, then any standardisation).
Result<std::vector<double>> ComputeLocalG(std::span<const double> x, const geo::SpatialWeights& w);
Result<std::vector<double>> ComputeLocalGStar(std::span<const double> x, const geo::SpatialWeights& w_with_self);

// Local Geary c_i = sum_j w_ij (z_i - z_j)^2 / m2 with z standardised as for
// local Moran (m2 = sum z^2 / n).
Result<std::vector<double>> ComputeLocalGeary(std::span<const double> x, const geo::SpatialWeights& w);

}  // namespace nhood::spatial
