#include "nhood/atlas/deprivation_change.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::atlas {
namespace {

TEST(CarryScores, UnchangedAndSplitKeepTheScoreMergedAveragesByPopulation) {
  // A unchanged -> a; B split -> b1, b2; C and D merged -> cd.
  const std::vector<BridgeLink> links = {{"A", "a"}, {"B", "b1"}, {"B", "b2"}, {"C", "cd"}, {"D", "cd"}};
  const double score[] = {50.311, 40, 20, 50}, pop[] = {1237, 2000, 1500, 500};
  Result<CarriedScores> c = CarryScores(links, {"A", "B", "C", "D"}, score, pop, {{"b1", 900}, {"b2", 1100}});
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->ids, (std::vector<std::string>{"a", "b1", "b2", "cd"}));
  EXPECT_EQ(c->score[0], 50.311);  // exactly the source's, as published
  EXPECT_DOUBLE_EQ(c->score[1], 40);
  EXPECT_DOUBLE_EQ(c->score[2], 40);
  EXPECT_DOUBLE_EQ(c->score[3], (20 * 1500 + 50 * 500) / 2000.0);  // 27.5
  // A source without a score leaves its target without one; one not in the
  // lookup is counted.
  const double gap[] = {NAN, 40, 20, 50, 7}, pop5[] = {1000, 2000, 1500, 500, 10};
  c = CarryScores(links, {"A", "B", "C", "D", "E"}, gap, pop5, {});
  ASSERT_TRUE(c);
  EXPECT_TRUE(std::isnan(c->score[0]));
  EXPECT_EQ(c->unmatched_sources, 1u);
  EXPECT_FALSE(CarryScores(links, {"A"}, score, pop, {}));
}

TEST(DecilesAgainst, TheEarlierVintagesCutPoints) {
  std::vector<double> reference;
  for (int i = 1; i <= 100; ++i) reference.push_back(i);  // decile 1 = 91..100
  const double score[] = {100, 91, 90.5, 90, 11.5, 1, 0, NAN};
  const std::vector<double> d = DecilesAgainst(reference, score);
  EXPECT_EQ(d[0], 1);
  EXPECT_EQ(d[1], 1);
  EXPECT_EQ(d[2], 2);  // between deciles: the lower one's cut point not reached
  EXPECT_EQ(d[3], 2);
  EXPECT_EQ(d[4], 9);
  EXPECT_EQ(d[5], 10);
  EXPECT_EQ(d[6], 10);
  EXPECT_TRUE(std::isnan(d[7]));
}

TEST(CompareDeprivation, ScoresRanksAndTheMostDeprivedDecile) {
  const int32_t region[] = {0, 0, 1, 1};
  const double pop[] = {1000, 3000, 2000, 2000};
  const double before[] = {40, 20, 30, 30}, dbefore[] = {1, 3, 2, 2};
  const double after[] = {50, 20, 45, 45}, dafter[] = {1, 3, 1, 1};
  const DeprivationChange c = CompareDeprivation(region, 2, pop, before, dbefore, after, dafter);
  EXPECT_DOUBLE_EQ(c.score_before[0], 25);  // (40 * 1000 + 20 * 3000) / 4000
  EXPECT_DOUBLE_EQ(c.score_after[0], 27.5);
  EXPECT_DOUBLE_EQ(c.score_change[1], 15);
  EXPECT_EQ(c.rank_before[0], 2);  // 25 < 30
  EXPECT_EQ(c.rank_after[0], 2);   // 27.5 < 45
  EXPECT_EQ(c.rank_change[1], 0);
  EXPECT_DOUBLE_EQ(c.most_deprived_before[0], 0.25);
  EXPECT_DOUBLE_EQ(c.most_deprived_before[1], 0);
  EXPECT_DOUBLE_EQ(c.most_deprived_change[1], 1);  // moved into the most deprived decile
  const double none[] = {NAN, NAN, 30, 30};
  const DeprivationChange g = CompareDeprivation(region, 2, pop, none, dbefore, after, dafter);
  EXPECT_TRUE(std::isnan(g.score_before[0]));
  EXPECT_TRUE(std::isnan(g.rank_before[0]));
  EXPECT_EQ(g.rank_before[1], 1);
}

}  // namespace
}  // namespace nhood::atlas
