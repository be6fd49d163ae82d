#include "nhood/geo/weights.h"

#include <gtest/gtest.h>

namespace nhood::geo {
namespace {

SpatialWeights Path() {
  // a - b - c, d alone.
  return *SpatialWeights::FromNeighbours({"a", "b", "c", "d"}, {{1}, {0, 2}, {1}, {}});
}

TEST(SpatialWeights, CsrAndTransforms) {
  SpatialWeights w = Path();
  EXPECT_EQ(w.num_links(), 4u);
  EXPECT_EQ(w.cardinality(1), 2u);
  SpatialWeights r = w.RowStandardised();
  EXPECT_DOUBLE_EQ(r.weights(1)[0], 0.5);
  EXPECT_EQ(r.style(), WeightsStyle::kRow);
  SpatialWeights s = w.WithSelf();
  ASSERT_EQ(s.cardinality(1), 3u);
  EXPECT_EQ(s.neighbours(1)[1], 1);  // self kept in order
  EXPECT_EQ(s.cardinality(3), 1u);
}

TEST(SpatialWeights, IslandsComponentsSymmetry) {
  SpatialWeights w = Path();
  EXPECT_EQ(w.Islands(), std::vector<size_t>{3});
  EXPECT_TRUE(w.IsSymmetric());
  auto c = w.ConnectedComponents();
  EXPECT_EQ(c.count, 2);
  EXPECT_EQ(c.label[0], c.label[2]);
  SpatialWeights one_way = *SpatialWeights::FromNeighbours({"a", "b"}, {{1}, {}});
  EXPECT_FALSE(one_way.IsSymmetric());
}

TEST(SpatialWeights, RejectsBadIndicesAndDropsSelfLinks) {
  EXPECT_FALSE(SpatialWeights::FromNeighbours({"a"}, {{5}}).has_value());
  SpatialWeights w = *SpatialWeights::FromNeighbours({"a", "b"}, {{0, 1, 1}, {0}});
  EXPECT_EQ(w.cardinality(0), 1u);
}

TEST(SpatialWeights, SumsMatchDefinitions) {
  // Binary path a-b-c: S0 = 4, S1 = 1/2 * 4 * (1+1)^2 = 8, S2 = (2*1)^2 + (2*2)^2 + (2*1)^2 = 24.
  auto s = Sums(*SpatialWeights::FromNeighbours({"a", "b", "c"}, {{1}, {0, 2}, {1}}));
  EXPECT_DOUBLE_EQ(s.s0, 4);
  EXPECT_DOUBLE_EQ(s.s1, 8);
  EXPECT_DOUBLE_EQ(s.s2, 24);
  // One-directional link a->b: S1 = 1/2 ((1)^2 + (1)^2) = 1.
  auto t = Sums(*SpatialWeights::FromNeighbours({"a", "b"}, {{1}, {}}));
  EXPECT_DOUBLE_EQ(t.s1, 1);
}

}  // namespace
}  // namespace nhood::geo
