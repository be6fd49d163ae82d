#include "nhood/io/validate.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::io {
namespace {

TEST(Validate, NonFiniteSpellings) {
  for (const char* s : {"inf", "Inf", "-inf", "+Infinity", "INFINITY", "nan", "NaN", " NAN "}) {
    EXPECT_TRUE(IsNonFiniteText(s)) << s;
  }
  for (const char* s : {"", "NA", "N/A", "1e308", "info", "Nancy", "-"}) EXPECT_FALSE(IsNonFiniteText(s)) << s;
}

TEST(Validate, FiniteNumbersInNumericColumnsToo) {
  Table t;
  t.set_source("a.csv");
  ASSERT_TRUE(t.AddNumbers("x", {1, NAN, INFINITY}).ok());
  Status s = CheckFiniteNumbers(t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "a.csv: row 3 (line 4), column 'x': 'Inf' is not a finite number");
  Table names;
  ASSERT_TRUE(names.AddText("name", {"Nan", "Ann"}).ok());
  EXPECT_TRUE(CheckFiniteNumbers(names).ok());
}

TEST(Validate, RequireUniqueIdsNamesBothRows) {
  Table t;
  t.set_source("lookup.csv");
  ASSERT_TRUE(t.AddText("lsoa", {"E01", "E02", "E03", "E02"}).ok());
  Status s = RequireUniqueIds(t, "lsoa", "lookup source id");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "lookup.csv: row 4 (line 5), column 'lsoa': duplicate lookup source id 'E02' (first in row 2 (line 3))");
  EXPECT_EQ(RequireUniqueIds(t, "nope").code(), StatusCode::kNotFound);
}

geo::PolygonLayer Square(double x0, double y0, double size, std::string crs) {
  geo::PolygonLayer layer;
  layer.crs = std::move(crs);
  layer.ids = {"A"};
  geo::Polygon p;
  p.parts = {{{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}}}};
  layer.polygons = {p};
  return layer;
}

// Issue 8 item 3: a polygon file with no CRS whose coordinates are degrees,
// used with a distance in metres, gave every area every other as neighbour.
TEST(Validate, DegreeCoordinatesWithoutCrsCannotTakeMetres) {
  Status s = CheckMetricCoordinates(Square(-1.7, 54.9, 0.01, ""), "--weights distance:2000");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("--weights distance:2000: the areas have no coordinate system and their coordinates "
                              "(x -1.7 to -1.69, y 54.9 to 54.91) look like longitude/latitude degrees",
                              0),
            0u)
      << s.message();
  EXPECT_TRUE(CheckMetricCoordinates(Square(-1.7, 54.9, 0.01, "EPSG:4326"), "x").ok());  // reprojected by the caller
  EXPECT_TRUE(CheckMetricCoordinates(Square(425000, 564000, 500, ""), "x").ok());        // metres already
}

TEST(Validate, Utf8) {
  Table t;
  t.set_source("in.csv");
  ASSERT_TRUE(t.AddText("name", {"Gateshead", "Ynys M\xC3\xB4n", "caf\xE9"}).ok());
  Status s = CheckUtf8(t);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "in.csv: row 3 (line 4), column 'name': text is not valid UTF-8");
}

}  // namespace
}  // namespace nhood::io
