#include "nhood/atlas/double_disadvantage.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::atlas {
namespace {

TEST(DoubleDisadvantage, BothInTheTopTenPercent) {
  std::vector<double> dep(20), need(20);
  for (int i = 0; i < 20; ++i) {
    dep[i] = i;
    need[i] = i % 2 ? 100 - i : i;  // 19 high on dep, low on need
  }
  auto top = HighestPercent(dep, 10);
  EXPECT_TRUE(top[19] && top[18]);
  EXPECT_FALSE(top[17]);
  auto both = DoubleDisadvantage(dep, need, 10);
  EXPECT_FALSE(both[19]);
  dep[3] = NAN;
  EXPECT_FALSE(HighestPercent(dep, 100)[3]);
}

}  // namespace
}  // namespace nhood::atlas
