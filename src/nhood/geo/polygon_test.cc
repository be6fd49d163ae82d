#include "nhood/geo/polygon.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace nhood::geo {
namespace {

TEST(Polygon, SquareWithHole) {
  Ring outer = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
  Ring hole = {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}};
  Polygon p{{Part{outer, hole}}};
  EXPECT_DOUBLE_EQ(Area(p), 15);
  EXPECT_DOUBLE_EQ(Perimeter(p), 20);
  Point c = Centroid(p);
  // Moments: (16 * (2, 2) - 1 * (1.5, 1.5)) / 15.
  EXPECT_NEAR(c.x, (32 - 1.5) / 15, 1e-12);
  EXPECT_NEAR(c.y, (32 - 1.5) / 15, 1e-12);
}

TEST(Polygon, PolsbyPopperOfASquare) {
  Polygon p{{Part{Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}};
  EXPECT_NEAR(PolsbyPopper(p), std::numbers::pi / 4, 1e-12);
  BoundingBox b = Bounds(p);
  EXPECT_EQ(b.max_x, 1);
  EXPECT_EQ(b.min_y, 0);
}

}  // namespace
}  // namespace nhood::geo
