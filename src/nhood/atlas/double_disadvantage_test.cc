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

TEST(DisadvantageGroups, DoublyOtherEquallyDeprivedRest) {
  const std::vector<bool> doubly = {true, false, false, false}, deprived = {true, true, false, false};
  EXPECT_EQ(DisadvantageGroups(doubly, deprived), (std::vector<int32_t>{0, 1, 2, 2}));
  const FlagConfusion c = CompareFlags({true, true, false, false, false}, {true, false, true, false, false});
  EXPECT_EQ(c.both, 1u);
  EXPECT_EQ(c.ours_only, 1u);
  EXPECT_EQ(c.theirs_only, 1u);
  EXPECT_EQ(c.neither, 2u);
}

}  // namespace
}  // namespace nhood::atlas
