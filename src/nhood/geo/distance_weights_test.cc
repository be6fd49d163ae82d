#include "nhood/geo/distance_weights.h"

#include <gtest/gtest.h>

namespace nhood::geo {
namespace {

const std::vector<std::string> kIds = {"a", "b", "c", "d"};
const std::vector<Point> kPts = {{0, 0}, {1, 0}, {3, 0}, {10, 0}};

TEST(DistanceWeights, KNearest) {
  SpatialWeights w = *KNearestWeights(kIds, kPts, 1);
  EXPECT_EQ(w.neighbours(0)[0], 1);
  EXPECT_EQ(w.neighbours(2)[0], 1);
  EXPECT_EQ(w.neighbours(3)[0], 2);
  EXPECT_FALSE(w.IsSymmetric());
  EXPECT_FALSE(KNearestWeights(kIds, kPts, 4).has_value());
}

TEST(DistanceWeights, BandAndInverse) {
  SpatialWeights band = *DistanceBandWeights(kIds, kPts, 2.0);
  EXPECT_EQ(band.cardinality(1), 2u);  // a at 1, c at 2 (inclusive)
  EXPECT_EQ(band.cardinality(3), 0u);
  SpatialWeights inv = *InverseDistanceWeights(kIds, kPts, 3.0);
  EXPECT_DOUBLE_EQ(inv.weights(0)[1], 1.0 / 3.0);  // a-c at distance 3
}

TEST(DistanceWeights, IslandsLinkedToNearest) {
  SpatialWeights band = *DistanceBandWeights(kIds, kPts, 2.0);
  std::vector<size_t> linked;
  SpatialWeights fixed = LinkIslandsToNearest(band, kPts, &linked);
  EXPECT_EQ(linked, std::vector<size_t>{3});
  EXPECT_EQ(fixed.neighbours(3)[0], 2);
  EXPECT_TRUE(fixed.Islands().empty());
}

}  // namespace
}  // namespace nhood::geo
