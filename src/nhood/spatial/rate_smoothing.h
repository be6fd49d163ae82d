// Small-area rate smoothing and Poisson probability maps, as R spdep 1.2-7
// EBest, EBlocal and probmap compute them.
//
// EBest: Marshall (1991) global empirical Bayes, method of moments (Appl
// Stat 40:283): b = sum(n)/sum(x), s2 = sum(x (p - b)^2) / sum(x),
// a = max(0, s2 - b / mean(x)), EB_i = b + a (p_i - b) / (a + b / x_i).
// EBlocal: the same shrinkage towards each area's neighbourhood (neighbours
// plus itself, binary weights); its variance term sums n_j (p_j - m_j)^2
// over the neighbourhood with each neighbour's own local mean m_j, as spdep
// does (geoda = FALSE).
// probmap: expected = x sum(n)/sum(x), relative risk = 100 n / expected,
// p = P(X <= n) for X ~ Poisson(expected) (Choynowski 1959).
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/weights.h"

namespace nhood::spatial {

struct RateSmoothing {
  std::vector<double> raw;     // n / x
  std::vector<double> smoothed;
};

struct ProbabilityMap {
  std::vector<double> raw, expected, relative_risk, p_lower;
};

// cases n >= 0, population x > 0; kInvalidArgument names the first bad area.
Result<RateSmoothing> EmpiricalBayesGlobal(std::span<const double> cases, std::span<const double> population,
                                           const std::vector<std::string>& ids);
Result<RateSmoothing> EmpiricalBayesLocal(std::span<const double> cases, std::span<const double> population,
                                          const geo::SpatialWeights& w);
Result<ProbabilityMap> PoissonProbabilityMap(std::span<const double> cases, std::span<const double> population,
                                             const std::vector<std::string>& ids);

}  // namespace nhood::spatial
