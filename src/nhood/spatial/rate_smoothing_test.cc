#include "nhood/spatial/rate_smoothing.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::spatial {
namespace {

TEST(EmpiricalBayes, ShrinksSmallAreasMost) {
  const std::vector<std::string> ids = {"a", "b", "c", "d"};
  const std::vector<double> cases = {0, 10, 30, 2}, pop = {50, 1000, 3000, 20};
  RateSmoothing eb = *EmpiricalBayesGlobal(cases, pop, ids);
  const double overall = 42.0 / 4070;
  // Every smoothed rate lies between the raw rate and the overall rate.
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_LE(std::min(eb.raw[i], overall) - 1e-15, eb.smoothed[i]);
    EXPECT_GE(std::max(eb.raw[i], overall) + 1e-15, eb.smoothed[i]);
  }
  // The tiny area d (raw 0.1) moves further towards the mean than b.
  EXPECT_GT(std::fabs(eb.raw[3] - eb.smoothed[3]), std::fabs(eb.raw[1] - eb.smoothed[1]));
}

TEST(EmpiricalBayes, BadCountsNameTheArea) {
  EXPECT_EQ(EmpiricalBayesGlobal(std::vector<double>{1, -1}, std::vector<double>{10, 10}, {"a", "b"}).error().message,
            "rates: area 'b' has a missing or negative count");
  EXPECT_FALSE(PoissonProbabilityMap(std::vector<double>{1}, std::vector<double>{0}, {"a"}).has_value());
}

TEST(ProbabilityMap, PoissonLowerTail) {
  ProbabilityMap p = *PoissonProbabilityMap(std::vector<double>{1, 3}, std::vector<double>{100, 100}, {"a", "b"});
  EXPECT_DOUBLE_EQ(p.expected[0], 2);
  EXPECT_NEAR(p.p_lower[0], 3 * std::exp(-2.0), 1e-15);  // P(X <= 1 | 2)
  EXPECT_DOUBLE_EQ(p.relative_risk[1], 150);
}

}  // namespace
}  // namespace nhood::spatial
