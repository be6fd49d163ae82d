#include "nhood/io/point_in_polygon.h"

#include <gtest/gtest.h>

namespace nhood::io {
namespace {

geo::Polygon Square(double x0, double y0, double side) {
  return {.parts = {{{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}}}};
}

TEST(PointInPolygonIndex, FindsTheHoldingPolygonRespectingHolesAndEdges) {
  geo::PolygonLayer layer;
  layer.ids = {"a", "b", "ring"};
  layer.polygons = {Square(0, 0, 1), Square(1, 0, 1), Square(10, 10, 4)};
  // "ring" has a hole from (11,11) to (13,13).
  layer.polygons[2].parts[0].push_back({{11, 11}, {11, 13}, {13, 13}, {13, 11}, {11, 11}});
  auto index = PointInPolygonIndex::Build(layer);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ((*index)->size(), 3u);
  EXPECT_EQ((*index)->Find(0.5, 0.5), 0u);
  EXPECT_EQ((*index)->Find(1.5, 0.2), 1u);
  EXPECT_EQ((*index)->Find(1.0, 0.5), 0u) << "a shared edge goes to the earlier polygon";
  EXPECT_EQ((*index)->Find(10.5, 12), 2u);
  EXPECT_EQ((*index)->Find(12, 12), std::nullopt) << "inside the hole";
  EXPECT_EQ((*index)->Find(5, 5), std::nullopt);
}

TEST(PointInPolygonIndex, ADegenerateRingIsAnErrorNamingTheFeature) {
  geo::PolygonLayer layer;
  layer.ids = {"ok", "bad"};
  layer.polygons = {Square(0, 0, 1), {.parts = {{{{0, 0}, {1, 1}, {0, 0}}}}}};
  auto index = PointInPolygonIndex::Build(layer);
  ASSERT_FALSE(index);
  EXPECT_NE(index.error().message.find("'bad'"), std::string::npos) << index.error().message;
}

}  // namespace
}  // namespace nhood::io
