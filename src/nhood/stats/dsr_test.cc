#include "nhood/stats/dsr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace nhood::stats {
namespace {

TEST(Esp2013, SumsToOneHundredThousandAndMapsLabels) {
  EXPECT_EQ(std::accumulate(kEsp2013.begin(), kEsp2013.end(), 0.0), 100000);
  EXPECT_EQ(Esp2013Index("0-4"), 0);
  EXPECT_EQ(Esp2013Index("85-89"), 17);
  EXPECT_EQ(Esp2013Index("90+"), 18);
  EXPECT_EQ(Esp2013Index("Age 45 to 49"), 9);
  EXPECT_EQ(Esp2013Index("unknown"), -1);
  EXPECT_EQ(Esp2013Index("3-7"), -1);
}

TEST(Dsr, SuppressedBelowTenEvents) {
  const double x[] = {3, 4}, n[] = {1000, 1000}, w[] = {5000, 5000};
  Estimate e = Dsr(x, n, w, {});
  EXPECT_EQ(e.status, "total count below 10");
  EXPECT_TRUE(std::isnan(e.value));
  EXPECT_EQ(e.numerator, 7);
}

TEST(Dsr, EqualRatesGiveThatRate) {
  // Every band has rate 10 per 1000: the DSR is 1000 per 100,000 whatever
  // the weights, and the interval contains it.
  const double x[] = {10, 20, 30}, n[] = {1000, 2000, 3000}, w[] = {1, 2, 7};
  Estimate e = Dsr(x, n, w, {.confidence = {0.95}});
  EXPECT_NEAR(e.value, 1000, 1e-9);
  EXPECT_LT(e.intervals[0].lower, 1000);
  EXPECT_GT(e.intervals[0].upper, 1000);
}

}  // namespace
}  // namespace nhood::stats
