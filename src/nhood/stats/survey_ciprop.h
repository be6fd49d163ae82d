// Confidence intervals for a survey proportion: R survey 4.1-1 `svyciprop`
// with methods logit, likelihood, asin, beta, mean and xlogit, df = degf.
//
// With p the design-weighted proportion, V its Taylor variance, se = sqrt(V),
// a = (1 - level) / 2 and t = qt(1 - a, df):
//   mean       p -/+ t se
//   asin       sin(asin(sqrt p) -/+ t se / (2 sqrt(p (1 - p))))^2
//   xlogit     expit(logit p -/+ t se / (p (1 - p)))
//   logit      the Wald interval of svyglm(y ~ 1, quasibinomial): the same
//              as xlogit, via survey's normal-level conversion
//              1 - 2 pnorm(qt(a, df)) (equal to xlogit within 1e-13)
//   beta       Korn-Graubard: n_eff = p (1 - p) / V * (qt(a, rows - 1) /
//              qt(a, df))^2, [qbeta(a, n_eff p, n_eff (1 - p) + 1),
//              qbeta(1 - a, n_eff p + 1, n_eff (1 - p))]
//   likelihood survey's rescaled profile likelihood: the deviance of the
//              intercept-only quasibinomial fit is profiled at up to 9 steps
//              of zmax/5 standard errors each side (MASS's profile.glm, zmax =
//              sqrt(qf(alpha, 1, model_rows - 1, upper))), with alpha =
//              pnorm(qt(a, df) sqrt(lambda)) / 2 and lambda = design / naive
//              variance; the signed root deviance over the dispersion is
//              interpolated with R's fmm cubic spline on 3x as many points,
//              inverted linearly (approx) at -/+ qnorm(2 alpha), and expit-ed.
// A limit survey cannot compute (df <= 0, p = 0 or 1 on the logit scale) is NaN.
// Pure function; thread-safe.
#pragma once

#include <array>
#include <span>
#include <vector>

namespace nhood::stats {

enum CipropMethod { kCipropLogit, kCipropLikelihood, kCipropAsin, kCipropBeta, kCipropMean, kCipropXlogit };
inline constexpr std::array<const char*, 6> kCipropMethodNames = {"logit", "likelihood", "asin",
                                                                  "beta",  "mean",       "xlogit"};

struct CipropInput {
  double p = 0;       // weighted proportion
  double var = 0;     // its design variance
  double degf = 0;    // design degrees of freedom
  double level = 0.95;
  // nrow of the design survey estimates from: the domain's rows (with y
  // present) for an uncalibrated design; every row of a calibrated one.
  double design_rows = 0;
  // Rows of that design with y present (the glm's model frame).
  double model_rows = 0;
  // The glm's prior weights are w / mean(w over design_rows): sums of them
  // over rows with y = 1 and y = 0.
  double prior_ones = 0, prior_zeros = 0;
  // The intercept-only quasibinomial fit (FitInterceptLogit).
  double intercept = 0;          // its coefficient (logit p to ~1e-14)
  double working_weight_sum = 0;  // 1 / naive variance: sum of glm's last working weights
  double fitted_mu = 0;   // LinkInv(intercept)
  double fitted_var = 0;  // design variance of (y - fitted_mu) w / sum w (= var when fitted_mu = p)
  // summary.svyglm's dispersion: the design-weighted variance (svyvar) of
  // survey's Pearson residuals (y - p) / sqrt(p (1 - p)).
  double dispersion = 0;
};

struct CipropIntervals {
  std::array<double, 6> lower{}, upper{};
};

CipropIntervals SurveyCiprop(const CipropInput& in);

// R's glm.fit (IRLS, epsilon 1e-8, maxit 25) of y ~ 1 with family
// quasibinomial and the given prior weights (rows with weight 0 left out):
// what svyglm hands svyciprop. The naive variance survey divides by uses the
// working weights of the LAST iteration, i.e. at the previous iterate's mu,
// so it is reproduced here rather than taken at the converged p.
struct LogitFit {
  double intercept = 0, working_weight_sum = 0;
};
LogitFit FitInterceptLogit(std::span<const double> y, std::span<const double> prior);

// binomial()$linkinv as R's C code computes it (clamped at |eta| > 30).
double LinkInv(double eta);

// R's spline(x, y, n = 3 * length(x), method = "fmm") followed by approx(sp$y,
// sp$x, xout): the x where the interpolating spline through (x, y) reaches each
// xout (NaN outside the range). x increasing. Exposed for tests.
std::vector<double> InverseFmmSpline(std::span<const double> x, std::span<const double> y,
                                     std::span<const double> xout);

}  // namespace nhood::stats
