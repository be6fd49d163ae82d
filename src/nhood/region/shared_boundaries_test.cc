#include "nhood/region/shared_boundaries.h"

#include <gtest/gtest.h>

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"

namespace nhood::region {
namespace {

// Length shared by areas i and j according to `b`, or -1 when not linked.
double Shared(const geo::SpatialWeights& w, const SharedBoundaries& b, int32_t i, int32_t j) {
  const auto nb = w.neighbours(static_cast<size_t>(i));
  for (size_t e = 0; e < nb.size(); ++e) {
    if (nb[e] == j) return b.shared[static_cast<size_t>(w.indptr()[i]) + e];
  }
  return -1;
}

TEST(SharedBoundaries, GridSidesAreSharedCornersAreNot) {
  geo::PolygonLayer g = geo::testing::Grid(3, 3);  // unit squares, row-major
  geo::SpatialWeights w = *geo::ContiguityWeights(g, {.queen = true});
  SharedBoundaries b = *ComputeSharedBoundaries(g, w);
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_DOUBLE_EQ(b.area[i], 1);
    EXPECT_DOUBLE_EQ(b.perimeter[i], 4);
  }
  EXPECT_DOUBLE_EQ(Shared(w, b, 4, 1), 1);  // centre and the square below it
  EXPECT_DOUBLE_EQ(Shared(w, b, 1, 4), 1);
  EXPECT_DOUBLE_EQ(Shared(w, b, 4, 5), 1);
  EXPECT_DOUBLE_EQ(Shared(w, b, 4, 0), 0);  // queen link through a corner only
  // 20 queen links, 8 of them through corners (each seen from both ends).
  EXPECT_EQ(w.num_links(), 40u);
  EXPECT_DOUBLE_EQ(b.links_without_segment, 16.0 / 40.0);
  // The perimeter of the whole grid: 9 * 4 - 2 * 12 internal sides = 12.
  double perimeter = 0, shared = 0;
  for (double p : b.perimeter) perimeter += p;
  for (double s : b.shared) shared += s;  // each side twice
  EXPECT_DOUBLE_EQ(perimeter - shared, 12);
}

TEST(SharedBoundaries, SplitSidesAndReversedRingsStillMatch) {
  // A 2x1 rectangle on the left, and two unit squares on the right listed
  // clockwise: the left one's right side (0..2 at x = 2) is split into two
  // segments only by its own vertex at (2, 1).
  geo::PolygonLayer g;
  g.ids = {"L", "A", "B"};
  g.polygons.push_back({{geo::Part{geo::Ring{{0, 0}, {2, 0}, {2, 1}, {2, 2}, {0, 2}, {0, 0}}}}});
  g.polygons.push_back({{geo::Part{geo::Ring{{2, 0}, {2, 1}, {3, 1}, {3, 0}, {2, 0}}}}});
  g.polygons.push_back({{geo::Part{geo::Ring{{2, 1}, {2, 2}, {3, 2}, {3, 1}, {2, 1}}}}});
  g.projected = true;
  geo::SpatialWeights w = *geo::ContiguityWeights(g, {.queen = false});
  SharedBoundaries b = *ComputeSharedBoundaries(g, w);
  EXPECT_DOUBLE_EQ(b.area[0], 4);
  EXPECT_DOUBLE_EQ(b.perimeter[0], 8);
  EXPECT_DOUBLE_EQ(Shared(w, b, 0, 1), 1);
  EXPECT_DOUBLE_EQ(Shared(w, b, 0, 2), 1);
  EXPECT_DOUBLE_EQ(Shared(w, b, 1, 2), 1);
}

TEST(SharedBoundaries, RejectsALayerOfAnotherSize) {
  geo::PolygonLayer g = geo::testing::Grid(2, 2);
  geo::SpatialWeights w = *geo::ContiguityWeights(g);
  g.polygons.pop_back();
  g.ids.pop_back();
  EXPECT_FALSE(ComputeSharedBoundaries(g, w).has_value());
}

}  // namespace
}  // namespace nhood::region
