#include "nhood/atlas/aggregation.h"

#include <gtest/gtest.h>

namespace nhood::atlas {
namespace {

TEST(Ntile, MatchesDplyr) {
  // dplyr::ntile(1:10, 3) = 1 1 1 1 2 2 2 3 3 3
  const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(Ntile(x, 3), (std::vector<int>{1, 1, 1, 1, 2, 2, 2, 3, 3, 3}));
}

TEST(Extent, SlidingWeights) {
  EXPECT_EQ(ExtentWeight(10), 1.0);
  EXPECT_EQ(ExtentWeight(11), 0.95);
  EXPECT_NEAR(ExtentWeight(30), 0.05, 1e-12);
  EXPECT_EQ(ExtentWeight(31), 0.0);
}

TEST(Aggregate, PopulationWeightedScoresNeverRanks) {
  Grouping g = GroupBy({"A", "A", "B"});
  const double score[] = {10, 40, 5}, rank[] = {2, 1, 3}, decile[] = {1, 1, 10}, pop[] = {100, 300, 50};
  Aggregate a = *AggregateDeprivation(g, score, rank, decile, pop);
  EXPECT_DOUBLE_EQ(a.score[0], (10 * 100 + 40 * 300) / 400.0);
  EXPECT_DOUBLE_EQ(a.proportion[0], 1.0);
  EXPECT_DOUBLE_EQ(a.proportion[1], 0.0);
  EXPECT_EQ(a.areas[0], 2);
}

}  // namespace
}  // namespace nhood::atlas
