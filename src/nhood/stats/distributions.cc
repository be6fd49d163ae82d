#include "nhood/stats/distributions.h"

#include <cmath>
#include <string>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/policies/policy.hpp>

namespace nhood::stats {
namespace {

namespace bm = boost::math;
using Policy = bm::policies::policy<bm::policies::domain_error<bm::policies::ignore_error>,
                                    bm::policies::overflow_error<bm::policies::ignore_error>,
                                    bm::policies::evaluation_error<bm::policies::ignore_error>,
                                    bm::policies::pole_error<bm::policies::ignore_error>,
                                    bm::policies::promote_double<false>>;

Error BadProbability(const char* fn, double p) {
  return InvalidArgument(std::string(fn) + ": probability " + std::to_string(p) + " is outside [0, 1]");
}

bool IsProbability(double p) { return p >= 0.0 && p <= 1.0; }

Result<double> Checked(double v, const char* fn) {
  if (std::isnan(v)) return InvalidArgument(std::string(fn) + ": no finite result");
  return v;
}

}  // namespace

Result<double> NormalQuantile(double p) {
  if (!IsProbability(p)) return BadProbability("NormalQuantile", p);
  if (p == 0) return -INFINITY;
  if (p == 1) return INFINITY;
  return Checked(bm::quantile(bm::normal_distribution<double, Policy>(), p), "NormalQuantile");
}

Result<double> NormalUpperQuantile(double q) {
  if (!IsProbability(q)) return BadProbability("NormalUpperQuantile", q);
  if (q == 0) return INFINITY;
  if (q == 1) return -INFINITY;
  return Checked(bm::quantile(bm::complement(bm::normal_distribution<double, Policy>(), q)),
                 "NormalUpperQuantile");
}

double NormalCdf(double x) { return bm::cdf(bm::normal_distribution<double, Policy>(), x); }
double NormalUpperCdf(double x) {
  return bm::cdf(bm::complement(bm::normal_distribution<double, Policy>(), x));
}

Result<double> StudentTQuantile(double p, double df) {
  if (!IsProbability(p)) return BadProbability("StudentTQuantile", p);
  if (!(df > 0)) return InvalidArgument("StudentTQuantile: degrees of freedom must be positive");
  return Checked(bm::quantile(bm::students_t_distribution<double, Policy>(df), p), "StudentTQuantile");
}

Result<double> BetaQuantile(double p, double a, double b) {
  if (!IsProbability(p)) return BadProbability("BetaQuantile", p);
  if (!(a > 0) || !(b > 0)) return InvalidArgument("BetaQuantile: shape parameters must be positive");
  return Checked(bm::quantile(bm::beta_distribution<double, Policy>(a, b), p), "BetaQuantile");
}

Result<double> ChiSquaredQuantile(double p, double df) {
  if (!IsProbability(p)) return BadProbability("ChiSquaredQuantile", p);
  if (!(df > 0)) return InvalidArgument("ChiSquaredQuantile: degrees of freedom must be positive");
  return Checked(bm::quantile(bm::chi_squared_distribution<double, Policy>(df), p), "ChiSquaredQuantile");
}

Result<double> ChiSquaredUpperQuantile(double q, double df) {
  if (!IsProbability(q)) return BadProbability("ChiSquaredUpperQuantile", q);
  if (!(df > 0)) return InvalidArgument("ChiSquaredUpperQuantile: degrees of freedom must be positive");
  return Checked(bm::quantile(bm::complement(bm::chi_squared_distribution<double, Policy>(df), q)),
                 "ChiSquaredUpperQuantile");
}

Result<double> GammaQuantile(double p, double shape) {
  if (!IsProbability(p)) return BadProbability("GammaQuantile", p);
  if (!(shape > 0)) return InvalidArgument("GammaQuantile: shape must be positive");
  return Checked(bm::quantile(bm::gamma_distribution<double, Policy>(shape, 1.0), p), "GammaQuantile");
}

Result<double> GammaUpperQuantile(double q, double shape) {
  if (!IsProbability(q)) return BadProbability("GammaUpperQuantile", q);
  if (!(shape > 0)) return InvalidArgument("GammaUpperQuantile: shape must be positive");
  return Checked(bm::quantile(bm::complement(bm::gamma_distribution<double, Policy>(shape, 1.0), q)),
                 "GammaUpperQuantile");
}

double PoissonCdf(double k, double mean) {
  if (k < 0) return 0.0;
  if (mean == 0) return 1.0;
  return bm::cdf(bm::poisson_distribution<double, Policy>(mean), std::floor(k));
}

double PoissonUpperCdfInclusive(double k, double mean) {
  if (k <= 0) return 1.0;
  if (mean == 0) return 0.0;
  // P(X >= k) = P(X > k - 1).
  return bm::cdf(bm::complement(bm::poisson_distribution<double, Policy>(mean), std::ceil(k) - 1));
}

}  // namespace nhood::stats
