#include "nhood/stats/life_expectancy.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::stats {
namespace {

TEST(LifeExpectancy, InvalidGroupIsUndefinedWithReason) {
  std::vector<double> ages = {0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90};
  std::vector<double> deaths(20, 10), pops(20, 10000);
  deaths[3] = -1;
  auto out = LifeExpectancy(ages, deaths, pops, {0.95});
  ASSERT_EQ(out.size(), 20u);
  EXPECT_TRUE(std::isnan(out[0].estimate.value));
  EXPECT_EQ(out[0].estimate.status, "deaths missing or negative");
  EXPECT_EQ(out[19].pops_used, 10000);
  EXPECT_EQ(out[0].pops_used, 200000);
}

TEST(LifeExpectancy, DecreasesWithAgeAndHasInterval) {
  std::vector<double> ages = {0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90};
  std::vector<double> deaths, pops(20, 50000);
  for (int i = 0; i < 20; ++i) deaths.push_back(5 + i * i * 4.0);
  auto out = LifeExpectancy(ages, deaths, pops, {0.95});
  EXPECT_GT(out[0].estimate.value, out[10].estimate.value);
  EXPECT_LT(out[0].estimate.intervals[0].lower, out[0].estimate.value);
  EXPECT_GT(out[0].estimate.intervals[0].upper, out[0].estimate.value);
}

}  // namespace
}  // namespace nhood::stats
