// Quantile and distribution functions of the normal, Student t, beta,
// chi-squared, gamma and Poisson distributions: one non-throwing wrapper over Boost.Math.
//
// Boost is included only in distributions.cc, with the ignore_error policy,
// so nothing here throws. Upper tails take the upper-tail probability and are
// computed with Boost's complements, never as quantile(1 - q), so they keep
// their accuracy near 1 (Boost.Math "Complements are supported" tutorial).
// Each function returns kInvalidArgument for a probability outside [0, 1] or
// a non-positive parameter. Pure functions; thread-safe.
//
// Numerical guarantee: within a few ulps of R's qnorm/qt/qchisq/qgamma/ppois
// (tests compare with R values to 1e-13 relative).
#pragma once

#include "nhood/base/result.h"

namespace nhood::stats {

// x with P(Z <= x) = p, Z standard normal.
Result<double> NormalQuantile(double p);
// x with P(Z > x) = q.
Result<double> NormalUpperQuantile(double q);
// P(Z <= x) and P(Z > x).
double NormalCdf(double x);
double NormalUpperCdf(double x);

// Student t with `df` degrees of freedom (df > 0).
Result<double> StudentTQuantile(double p, double df);

// x with P(X <= x) = p, X ~ Beta(a, b); kInvalidArgument unless a, b > 0.
Result<double> BetaQuantile(double p, double a, double b);

// Chi-squared with `df` > 0 degrees of freedom.
Result<double> ChiSquaredQuantile(double p, double df);
Result<double> ChiSquaredUpperQuantile(double q, double df);

// Gamma with shape > 0 and scale 1 (R's qgamma(p, shape)).
Result<double> GammaQuantile(double p, double shape);
Result<double> GammaUpperQuantile(double q, double shape);

// Poisson with mean `mean` >= 0: P(X <= k) and P(X >= k).
double PoissonCdf(double k, double mean);
double PoissonUpperCdfInclusive(double k, double mean);

}  // namespace nhood::stats
