#include "nhood/stats/poisson.h"

#include <cmath>

#include "nhood/stats/confidence.h"
#include "nhood/stats/distributions.h"

namespace nhood::stats {

double ByarLower(double x, double z) {
  const double t = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * std::sqrt(x));
  const double v = x * (t * t * t);
  return v < 0 ? kNaN : v;
}

double ByarUpper(double x, double z) {
  const double x1 = x + 1.0;
  const double t = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * std::sqrt(x1));
  return x1 * (t * t * t);
}

double ExactPoissonLower(double x, double confidence) {
  if (x == 0) return 0.0;
  Result<double> q = ChiSquaredQuantile((1.0 - confidence) / 2.0, 2.0 * x);
  return q ? *q / 2.0 : kNaN;
}

double ExactPoissonUpper(double x, double confidence) {
  // Upper tail (1 - confidence)/2 through the complement; the reference
  // computes qchisq(confidence + (1 - confidence)/2, 2x + 2).
  Result<double> q = ChiSquaredUpperQuantile((1.0 - confidence) / 2.0, 2.0 * x + 2.0);
  return q ? *q / 2.0 : kNaN;
}

Interval CountInterval(double x, double confidence, const char** method) {
  if (UseExactPoisson(x)) {
    if (method) *method = "Exact";
    return {ExactPoissonLower(x, confidence), ExactPoissonUpper(x, confidence), confidence};
  }
  if (method) *method = "Byars";
  Result<double> z = TwoSidedZ(confidence);
  if (!z) return {kNaN, kNaN, confidence};
  return {ByarLower(x, *z), ByarUpper(x, *z), confidence};
}

}  // namespace nhood::stats
