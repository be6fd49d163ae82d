#include "nhood/io/zones.h"

#include <gtest/gtest.h>

namespace nhood::io {
namespace {

geo::Ring Square(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

geo::PolygonLayer Layer(std::vector<geo::Polygon> polygons) {
  geo::PolygonLayer l;
  for (size_t i = 0; i < polygons.size(); ++i) l.ids.push_back(std::to_string(i));
  l.polygons = std::move(polygons);
  return l;
}

TEST(Zones, AssignsEachAreaToTheZoneCoveringMostOfIt) {
  // Zone 0 is the centre square; zone 1 the frame around it.
  const geo::PolygonLayer zones = Layer({{{{Square(1, 1, 2, 2)}}}, {{{Square(0, 0, 3, 3), Square(1, 1, 2, 2)}}}});
  const geo::PolygonLayer areas = Layer({
      {{{Square(1.2, 1.2, 1.8, 1.8)}}},                              // inside the centre
      {{{Square(0.1, 0.1, 2.9, 2.9), Square(0.9, 0.9, 2.1, 2.1)}}},  // a frame: centroid in zone 0, area in zone 1
      {{{Square(5, 5, 6, 6)}}},                                      // outside every zone
  });
  Result<std::vector<int32_t>> z = AssignToZones(areas, zones);
  ASSERT_TRUE(z) << z.error().message;
  EXPECT_EQ(*z, (std::vector<int32_t>{0, 1, -1}));
}

// An area partly beyond every zone (coastlines generalised differently)
// joins the zone it overlaps most.
TEST(Zones, AreaPartlyOutsideJoinsTheZoneItOverlapsMost) {
  const geo::PolygonLayer zones = Layer({{{{Square(0, 0, 1, 1)}}}, {{{Square(1, 0, 2, 1)}}}});
  // Mostly beyond the zones' edge at y = 1; of the part inside, more in zone 1.
  const geo::PolygonLayer areas = Layer({{{{Square(0.8, 0.9, 1.6, 3)}}}});
  EXPECT_EQ(*AssignToZones(areas, zones), (std::vector<int32_t>{1}));
}

// An area just beyond a zone's edge (a riverside area cut off by a
// generalised boundary) joins the nearest zone; one far away joins none.
TEST(Zones, AreaJustOutsideJoinsTheNearestZone) {
  const geo::PolygonLayer zones = Layer({{{{Square(0, 0, 1, 1)}}}, {{{Square(1, 0, 2, 1)}}}});
  const geo::PolygonLayer areas = Layer({{{{Square(1.5, 1.1, 1.7, 1.3)}}}, {{{Square(1.5, 2, 1.7, 2.2)}}}});
  EXPECT_EQ(*AssignToZones(areas, zones), (std::vector<int32_t>{1, -1}));
}

TEST(Zones, OverlappingZonesGoToTheFirst) {
  const geo::PolygonLayer zones = Layer({{{{Square(0, 0, 2, 2)}}}, {{{Square(1, 1, 3, 3)}}}});
  const geo::PolygonLayer areas = Layer({{{{Square(1.2, 1.2, 1.8, 1.8)}}}, {{{Square(2.2, 2.2, 2.8, 2.8)}}}});
  EXPECT_EQ(*AssignToZones(areas, zones), (std::vector<int32_t>{0, 1}));
}

}  // namespace
}  // namespace nhood::io
