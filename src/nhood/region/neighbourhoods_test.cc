#include "nhood/region/neighbourhoods.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

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

// Polsby-Popper of each region from the boundaries: 4 pi A / P^2 with P the
// areas' perimeters less twice the boundary they share inside the region.
std::vector<double> RegionPolsbyPopper(const geo::SpatialWeights& w, const SharedBoundaries& b,
                                       const Neighbourhoods& n) {
  std::vector<double> area(n.count, 0), perimeter(n.count, 0);
  for (size_t i = 0; i < w.size(); ++i) {
    const int32_t r = n.region[i];
    area[r] += b.area[i];
    perimeter[r] += b.perimeter[i];
    const auto nb = w.neighbours(i);
    for (size_t e = 0; e < nb.size(); ++e) {
      if (n.region[nb[e]] == r) perimeter[r] -= b.shared[static_cast<size_t>(w.indptr()[i]) + e];
    }
  }
  std::vector<double> pp(n.count);
  for (int32_t r = 0; r < n.count; ++r) pp[r] = 4 * std::numbers::pi * area[r] / (perimeter[r] * perimeter[r]);
  return pp;
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

struct GridCase {
  geo::PolygonLayer g;
  geo::SpatialWeights w;
  SharedBoundaries b;
  std::vector<int32_t> nest;
  std::vector<double> pop;
  std::vector<geo::Point> c;
};

GridCase MakeGrid(int rows, int cols) {
  GridCase k;
  k.g = geo::testing::Grid(rows, cols);
  k.w = *geo::ContiguityWeights(k.g, {.queen = false});
  k.b = *ComputeSharedBoundaries(k.g, k.w);
  k.nest.assign(k.g.size(), 0);
  k.pop.assign(k.g.size(), 1000);
  for (const auto& p : k.g.polygons) k.c.push_back(geo::Centroid(p));
  return k;
}

// An 8 x 8 grid of 1,000-person squares into four regions of 16,000: the
// only tiling of least perimeter is the four 4 x 4 quadrants (a 16-square
// region has perimeter >= 16, with equality only for the 4 x 4 square), each
// of Polsby-Popper pi / 4. The perimeter term with annealing finds it.
TEST(Neighbourhoods, CompactnessFindsTheQuadrants) {
  GridCase k = MakeGrid(8, 8);
  const RegionOptions o{.floor = 14000, .target = 16000, .ceiling = 18000, .homogeneity_weight = 0,
                        .compactness_weight = 8, .inertia_weight = 0, .anneal_sweeps = 200};
  Neighbourhoods n = *BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, {}, o, &k.b);
  ASSERT_EQ(n.count, 4);
  for (int32_t i = 0; i < 64; ++i) {
    const int row = i / 8, col = i % 8;
    const int32_t corner = (row < 4 ? 0 : 32) + (col < 4 ? 0 : 4);  // the quadrant's first square
    EXPECT_EQ(n.region[i], n.region[corner]) << "square " << i;
  }
  for (double pp : RegionPolsbyPopper(k.w, k.b, n)) EXPECT_NEAR(pp, std::numbers::pi / 4, 1e-12);
}

// On a grid cut by two local authorities, with an attribute pulling towards
// stripes, the perimeter term raises mean Polsby-Popper over the same
// search without it, and every constraint still holds.
TEST(Neighbourhoods, CompactnessRaisesPolsbyPopperAndKeepsTheConstraints) {
  GridCase k = MakeGrid(12, 24);
  for (int i = 0; i < 288; ++i) k.nest[i] = (i % 24) < 11 ? 0 : 1;
  std::vector<double> attr(288);
  for (int i = 0; i < 288; ++i) attr[i] = (i / 24) % 3;  // horizontal stripes of 3 values
  for (int i = 0; i < 288; ++i) k.pop[i] = 800 + 400 * ((i * 7) % 5) / 4.0;  // 800..1,200
  const RegionOptions greedy{.compactness_weight = 0, .inertia_weight = 0, .anneal_sweeps = 300};
  const RegionOptions compact{.compactness_weight = 8, .inertia_weight = 0, .anneal_sweeps = 300};
  Neighbourhoods before = *BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, attr, greedy, &k.b);
  Neighbourhoods after = *BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, attr, compact, &k.b);
  EXPECT_GT(Mean(RegionPolsbyPopper(k.w, k.b, after)), Mean(RegionPolsbyPopper(k.w, k.b, before)) + 0.05);
  EXPECT_TRUE(RegionsContiguous(k.w, after.region, after.count));
  std::vector<double> region_pop(after.count, 0);
  for (int i = 0; i < 288; ++i) {
    region_pop[after.region[i]] += k.pop[i];
    EXPECT_EQ(after.nest_of_region[after.region[i]], k.nest[i]);  // never crosses
  }
  for (double p : region_pop) {
    EXPECT_GE(p, 7000);
    EXPECT_LE(p, 15000);
  }
  // Deterministic for a seed; another seed is another (valid) answer.
  EXPECT_EQ(BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, attr, compact, &k.b)->region, after.region);
  RegionOptions other = compact;
  other.seed = 7;
  Neighbourhoods reseeded = *BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, attr, other, &k.b);
  EXPECT_TRUE(RegionsContiguous(k.w, reseeded.region, reseeded.count));
}

// Annealing runs without boundaries too (inertia as the compactness term).
TEST(Neighbourhoods, AnnealingWithoutBoundariesStillValid) {
  GridCase k = MakeGrid(10, 10);
  const RegionOptions o{.anneal_sweeps = 50};
  Neighbourhoods n = *BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, {}, o);  // inertia only
  EXPECT_EQ(n.count, 10);
  EXPECT_TRUE(RegionsContiguous(k.w, n.region, n.count));
}

TEST(Neighbourhoods, RejectsBoundariesOfOtherWeights) {
  GridCase k = MakeGrid(3, 3);
  SharedBoundaries wrong = k.b;
  wrong.shared.pop_back();
  EXPECT_FALSE(BuildNeighbourhoods(k.w, k.nest, k.pop, k.c, {}, {}, &wrong).has_value());
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
