#include "nhood/stats/distributions.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::stats {
namespace {

// Expected values from R 4.2 (qnorm, qt, qchisq, qgamma, ppois).
TEST(Distributions, MatchR) {
  EXPECT_NEAR(*NormalQuantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(*NormalQuantile(0.999), 3.090232306167813, 1e-14);
  EXPECT_NEAR(*NormalUpperQuantile(0.025), 1.959963984540054, 1e-15);
  EXPECT_NEAR(*StudentTQuantile(0.975, 10), 2.228138851986274, 1e-13);
  EXPECT_NEAR(*BetaQuantile(0.025, 2, 3), 0.067585986488542957, 1e-15);  // R 4.2 qbeta
  EXPECT_NEAR(*BetaQuantile(0.975, 40.5, 12.25), 0.87029771231925923, 1e-14);
  EXPECT_FALSE(BetaQuantile(0.5, 0, 1).ok());
  EXPECT_FALSE(BetaQuantile(1.5, 1, 1).ok());
  EXPECT_NEAR(*ChiSquaredQuantile(0.025, 2), 0.05063561596857975, 1e-15);
  EXPECT_NEAR(*ChiSquaredUpperQuantile(0.025, 2), 7.377758908227871, 1e-13);
  EXPECT_NEAR(*GammaQuantile(0.5, 1), 0.6931471805599453, 1e-15);
  EXPECT_NEAR(PoissonCdf(3, 2.5), 0.7575761331330659, 1e-15);
  EXPECT_NEAR(PoissonUpperCdfInclusive(3, 2.5), 1 - 0.5438131158833297, 1e-15);
}

TEST(Distributions, RejectBadArgumentsWithoutThrowing) {
  EXPECT_FALSE(NormalQuantile(1.5).has_value());
  EXPECT_FALSE(ChiSquaredQuantile(0.5, 0).has_value());
  EXPECT_FALSE(StudentTQuantile(-0.1, 3).has_value());
  EXPECT_EQ(*NormalQuantile(1), INFINITY);
}

}  // namespace
}  // namespace nhood::stats
