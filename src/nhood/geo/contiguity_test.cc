#include "nhood/geo/contiguity.h"

#include <gtest/gtest.h>

#include "nhood/geo/test_shapes.h"

namespace nhood::geo {
namespace {

TEST(Contiguity, QueenAndRookOnAGrid) {
  PolygonLayer g = testing::Grid(3, 3);
  SpatialWeights queen = *ContiguityWeights(g, {.queen = true});
  SpatialWeights rook = *ContiguityWeights(g, {.queen = false});
  EXPECT_EQ(queen.cardinality(4), 8u);  // centre
  EXPECT_EQ(rook.cardinality(4), 4u);
  EXPECT_EQ(queen.cardinality(0), 3u);  // corner
  EXPECT_EQ(rook.cardinality(0), 2u);
  EXPECT_EQ(queen.num_links(), 40u);
  EXPECT_EQ(rook.num_links(), 24u);
  EXPECT_TRUE(queen.IsSymmetric());
}

TEST(Contiguity, SnapJoinsNearlyTouchingVertices) {
  PolygonLayer g = testing::Grid(1, 2);
  for (auto& ring : g.polygons[1].parts[0]) {
    for (auto& p : ring) p.x += 1e-9;  // gap smaller than the default snap
  }
  EXPECT_EQ(ContiguityWeights(g)->cardinality(0), 1u);
  for (auto& ring : g.polygons[1].parts[0]) {
    for (auto& p : ring) p.x += 1e-6;  // gap larger than the snap
  }
  EXPECT_EQ(ContiguityWeights(g)->cardinality(0), 0u);
}

TEST(Contiguity, EmptyLayerIsAnError) {
  EXPECT_FALSE(ContiguityWeights(PolygonLayer{}).has_value());
}

}  // namespace
}  // namespace nhood::geo
