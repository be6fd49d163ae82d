#include "nhood/region/neighbourhoods.h"

#include <gtest/gtest.h>

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"

namespace nhood::region {
namespace {

TEST(Neighbourhoods, GridSplitsIntoBoundedContiguousRegions) {
  geo::PolygonLayer g = geo::testing::Grid(10, 10);
  geo::SpatialWeights w = *geo::ContiguityWeights(g, {.queen = false});
  std::vector<int32_t> nest(100, 0);
  for (int i = 0; i < 100; ++i) nest[i] = (i % 10) < 5 ? 0 : 1;  // two "local authorities"
  std::vector<double> pop(100, 1000);
  std::vector<geo::Point> c;
  for (const auto& p : g.polygons) c.push_back(geo::Centroid(p));
  std::vector<double> attr(100);
  for (int i = 0; i < 100; ++i) attr[i] = i / 10;
  Neighbourhoods n = *BuildNeighbourhoods(w, nest, pop, c, attr, {});
  EXPECT_EQ(n.count, 10);  // 100,000 people / 10,000
  EXPECT_TRUE(RegionsContiguous(w, n.region, n.count));
  std::vector<double> region_pop(n.count, 0);
  for (int i = 0; i < 100; ++i) region_pop[n.region[i]] += pop[i];
  for (double p : region_pop) {
    EXPECT_GE(p, 7000);
    EXPECT_LE(p, 15000);
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(n.nest_of_region[n.region[i]], nest[i]);  // never crosses
  // Deterministic.
  Neighbourhoods again = *BuildNeighbourhoods(w, nest, pop, c, attr, {});
  EXPECT_EQ(again.region, n.region);
}

TEST(Neighbourhoods, RejectsBadBounds) {
  geo::PolygonLayer g = geo::testing::Grid(2, 2);
  geo::SpatialWeights w = *geo::ContiguityWeights(g);
  std::vector<int32_t> nest(4, 0);
  std::vector<double> pop(4, 1000);
  std::vector<geo::Point> c(4);
  EXPECT_FALSE(BuildNeighbourhoods(w, nest, pop, c, {}, {.floor = 9000, .target = 8000}).has_value());
}

}  // namespace
}  // namespace nhood::region
