#include "nhood/region/named_regions.h"

#include <gtest/gtest.h>

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"

namespace nhood::region {
namespace {

TEST(NamedRegions, NamedWithinTheirNestGroups) {
  geo::PolygonLayer g = geo::testing::Grid(10, 10);
  geo::SpatialWeights w = *geo::ContiguityWeights(g, {.queen = false});
  RegionsInput in{.weights = &w};
  for (int i = 0; i < 100; ++i) {
    in.nest.push_back((i % 10) < 5 ? "E08000037" : "E08000021");
    in.population.push_back(1000);
    in.centroids.push_back(geo::Centroid(g.polygons[i]));
  }
  Result<RegionsResult> r = ComputeRegions(in);  // no attribute: compactness and population only
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->neighbourhoods.count, 10);
  EXPECT_EQ(r->nest_names, (std::vector<std::string>{"E08000037", "E08000021"}));
  EXPECT_TRUE(r->contiguous);
  EXPECT_TRUE(r->nested);
  EXPECT_TRUE(r->islands.empty());
  int per[2] = {0, 0};
  for (int32_t k = 0; k < r->neighbourhoods.count; ++k) {
    const int32_t nest = r->neighbourhoods.nest_of_region[k];
    char want[32];
    std::snprintf(want, sizeof want, "%s-%03d", r->nest_names[nest].c_str(), ++per[nest]);
    EXPECT_EQ(r->names[k], want);
  }
  in.nest[3].clear();
  EXPECT_FALSE(ComputeRegions(in));
  in.weights = nullptr;
  EXPECT_FALSE(ComputeRegions(in));
}

}  // namespace
}  // namespace nhood::region
