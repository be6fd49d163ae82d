#include "nhood/io/polygon_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "nhood/io/provenance.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

std::string WriteFile(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("nhood_poly_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p) << text;
  return p.string();
}

std::string Feature(const std::string& id, double x) {
  return R"({"type":"Feature","properties":{"code":")" + id + R"("},"geometry":{"type":"Polygon","coordinates":[[[)" +
         std::to_string(x) + ",0],[" + std::to_string(x + 1) + ",0],[" + std::to_string(x + 1) + ",1],[" +
         std::to_string(x) + ",1],[" + std::to_string(x) + ",0]]]}}";
}

std::string Collection(const std::string& features) {
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

TEST(PolygonIo, ReadsIdsGeometryAndAttributes) {
  const std::string path = WriteFile("ok.geojson", Collection(Feature("A", 0) + "," + Feature("B", 1)));
  Result<PolygonData> d = ReadPolygons(path, "code");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->layer.ids, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(d->layer.polygons[1].parts[0][0].size(), 5u);
  EXPECT_EQ(d->attributes.text(0)[1], "B");
  fs::remove(path);
}

TEST(PolygonIo, BadFilesGiveClearErrors) {
  const std::string empty = WriteFile("empty.geojson", Collection(""));
  EXPECT_NE(ReadPolygons(empty, "code").error().message.find("has no features"), std::string::npos);
  const std::string dup = WriteFile("dup.geojson", Collection(Feature("A", 0) + "," + Feature("A", 1)));
  EXPECT_EQ(ReadPolygons(dup, "code").error().message, dup + ": feature 2: duplicate id 'A'");
  EXPECT_EQ(ReadPolygons(dup, "nope").error().code, StatusCode::kNotFound);
  const std::string text = WriteFile("junk.geojson", "this is not json");
  EXPECT_FALSE(ReadPolygons(text, "code").has_value());
  for (const auto& p : {empty, dup, text}) fs::remove(p);
}

TEST(PolygonIo, InvalidPolygonIsRepairedAndReported) {
  // A bow-tie (self-intersecting) ring.
  const std::string bow = R"({"type":"Feature","properties":{"code":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}})";
  const std::string path = WriteFile("bow.geojson", Collection(bow));
  Result<PolygonData> d = ReadPolygons(path, "code");
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->problems.size(), 1u);
  EXPECT_EQ(d->problems[0].id, "X");
  EXPECT_NE(d->problems[0].problem.find("repaired"), std::string::npos);
  fs::remove(path);
}

std::vector<double> Coordinates(const geo::Polygon& p) {
  std::vector<double> out;
  for (const auto& part : p.parts) {
    for (const auto& ring : part) {
      for (const auto& q : ring) out.insert(out.end(), {q.x, q.y});
      out.push_back(NAN);  // ring end (never equal: compare sizes and values apart)
    }
  }
  return out;
}

std::string WithName(const std::string& id, double x) {
  std::string f = Feature(id, x);
  return f.replace(f.find(R"("code":")"), 8, R"("name":"n)" + id + R"(","code":")");
}

// Issue 8 item 9: the read checks validity on a second thread and may skip
// the attributes; neither changes what is read, warned about or refused.
TEST(PolygonIo, ThreadsAndIdOnlyReadTheSameLayerWarningsAndFirstError) {
  const std::string bow =
      R"({"type":"Feature","properties":{"code":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}})";
  const std::string line =
      R"({"type":"Feature","properties":{"code":"L"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}})";
  std::string many;
  for (int i = 0; i < 300; ++i) many += WithName("A" + std::to_string(i), i) + (i == 150 ? "," + bow : "") + ",";
  many.pop_back();
  const std::string ok = WriteFile("many.geojson", Collection(many));
  Result<PolygonData> serial = ReadPolygons(ok, "code", {.repair = false, .threads = 1});
  ASSERT_TRUE(serial) << serial.error().message;
  ASSERT_EQ(serial->layer.size(), 301u);
  ASSERT_EQ(serial->problems.size(), 1u);
  EXPECT_EQ(serial->problems[0].feature, 151u);
  EXPECT_EQ(serial->attributes.names(), (std::vector<std::string>{"name", "code"}));
  for (bool attributes : {true, false}) {
    Result<PolygonData> d = ReadPolygons(ok, "code", {.repair = false, .attributes = attributes, .threads = 2});
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->layer.ids, serial->layer.ids);
    ASSERT_EQ(d->layer.polygons.size(), serial->layer.polygons.size());
    for (size_t i = 0; i < d->layer.size(); ++i) {
      const std::vector<double> a = Coordinates(d->layer.polygons[i]), b = Coordinates(serial->layer.polygons[i]);
      ASSERT_EQ(a.size(), b.size()) << i;
      for (size_t k = 0; k < a.size(); ++k) {
        if (!std::isnan(b[k])) ASSERT_EQ(a[k], b[k]) << i;
        else ASSERT_TRUE(std::isnan(a[k])) << i;
      }
    }
    ASSERT_EQ(d->problems.size(), 1u);
    EXPECT_EQ(d->problems[0].feature, 151u);
    EXPECT_EQ(d->problems[0].id, "X");
    if (attributes) {
      EXPECT_EQ(d->attributes.names(), serial->attributes.names());
      EXPECT_EQ(d->attributes.text(0), serial->attributes.text(0));
    } else {
      EXPECT_EQ(d->attributes.names(), (std::vector<std::string>{"code"}));
      EXPECT_EQ(d->attributes.text(0), serial->layer.ids);
    }
  }
  // The first bad feature is named, whichever thread finds it: a line
  // (found by the checker) before a duplicate id (found by the reader), and
  // the other way round.
  const std::string line_first =
      WriteFile("line_first.geojson", Collection(WithName("B", -1) + "," + line + "," + many + "," + WithName("B", 500)));
  const std::string dup_first =
      WriteFile("dup_first.geojson", Collection(many + "," + WithName("A0", 400) + "," + line));
  for (int threads : {1, 2}) {
    EXPECT_EQ(ReadPolygons(line_first, "code", {.threads = threads}).error().message,
              line_first + ": feature 2 ('L'): not a polygon (LINESTRING)");
    EXPECT_EQ(ReadPolygons(dup_first, "code", {.threads = threads}).error().message,
              dup_first + ": feature 302: duplicate id 'A0'");
  }
  for (const auto& p : {ok, line_first, dup_first}) fs::remove(p);
}

// The id-only read of GeoJSON stops GDAL's schema scan early; whatever the
// rest of the file holds, it reads what the full scan reads.
TEST(PolygonIo, IdOnlyGeoJsonReadsWhatTheFullScanReads) {
  auto square = [](const std::string& props, double x) {
    return R"({"type":"Feature","properties":{)" + props +
           R"(},"geometry":{"type":"Polygon","coordinates":[[[)" + std::to_string(x) + ",0],[" +
           std::to_string(x + 1) + ",0],[" + std::to_string(x + 1) + ",1],[" + std::to_string(x) + ",1],[" +
           std::to_string(x) + ",0]]]}}";
  };
  std::string numbers_then_text, late_multi, late_id;
  for (int i = 0; i < 300; ++i) {
    numbers_then_text += square(R"("code":)" + (i < 250 ? std::to_string(i) : "\"X" + std::to_string(i) + "\""), i) + ",";
    for (int k = 0; k < 10; ++k) late_multi += square(R"("code":"A)" + std::to_string(i * 10 + k) + "\"", i) + ",";
    late_id += square(i < 250 ? R"("other":1)" : R"("code":"B)" + std::to_string(i) + "\"", i) + ",";
  }
  late_multi += R"({"type":"Feature","properties":{"code":"M"},"geometry":{"type":"MultiPolygon","coordinates":)"
                R"([[[[500,0],[501,0],[501,1],[500,0]]],[[[502,0],[503,0],[503,1],[502,0]]]]}})";
  numbers_then_text.pop_back();
  late_id.pop_back();
  const std::string crs_after = R"({"type":"FeatureCollection","features":[)" + late_multi +
                                R"(],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}}})";
  const std::vector<std::string> files = {
      WriteFile("numbers_then_text.geojson", Collection(numbers_then_text)),
      WriteFile("late_multi.geojson", Collection(late_multi)), WriteFile("late_id.geojson", Collection(late_id)),
      WriteFile("crs_after.geojson", crs_after), WriteFile("none.geojson", Collection(""))};
  for (const std::string& f : files) {
    Result<PolygonData> full = ReadPolygons(f, "code", {.repair = false});
    Result<PolygonData> quick = ReadPolygons(f, "code", {.repair = false, .attributes = false});
    ASSERT_EQ(full.has_value(), quick.has_value()) << f;
    if (!full) {
      EXPECT_EQ(quick.error().message, full.error().message);
      continue;
    }
    EXPECT_EQ(quick->layer.ids, full->layer.ids) << f;
    EXPECT_EQ(quick->layer.crs, full->layer.crs) << f;
    ASSERT_EQ(quick->layer.polygons.size(), full->layer.polygons.size());
    EXPECT_EQ(quick->layer.polygons.back().parts.size(), full->layer.polygons.back().parts.size()) << f;
  }
  EXPECT_EQ(ReadPolygons(files[0], "code", {.attributes = false})->layer.ids[251], "X251");
  EXPECT_EQ(ReadPolygons(files[1], "code", {.attributes = false})->layer.polygons.back().parts.size(), 2u);
  EXPECT_EQ(ReadPolygons(files[2], "code", {.attributes = false}).error().message,
            files[2] + ": feature 1: missing id in column 'code'");
  EXPECT_EQ(ReadPolygons(files[3], "code", {.attributes = false})->layer.crs, "EPSG:27700");
  EXPECT_EQ(ReadPolygons(files[4], "code", {.attributes = false}).error().message, files[4] + ": has no features");
  for (const auto& f : files) fs::remove(f);
}

double Dms(double d, double m, double s) { return d + m / 60 + s / 3600; }

// The Transverse Mercator projection onto the National Grid, against the
// worked example of Ordnance Survey, "A guide to coordinate systems in Great
// Britain" (the Transverse Mercator projection formulae): OSGB36 latitude 52°39'27.2531"N, longitude
// 1°43'4.5177"E is E 651409.903 m, N 313177.270 m. The guide quotes
// millimetres; PROJ agrees to better than 1 mm.
TEST(PolygonIo, ProjectsOsgb36ToTheNationalGridAsTheOsWorkedExample) {
  auto out = ReprojectPoints({{Dms(1, 43, 4.5177), Dms(52, 39, 27.2531)}}, "EPSG:4277", "EPSG:27700");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NEAR((*out)[0].x, 651409.903, 0.001);
  EXPECT_NEAR((*out)[0].y, 313177.270, 0.001);
}

// OSGB36 latitude and longitude (degrees) from geocentric X, Y, Z on the Airy
// 1830 ellipsoid, by the iteration in the same guide ("Converting between 3D
// Cartesian and ellipsoidal latitude, longitude and height coordinates").
geo::Point AiryLonLat(double x, double y, double z) {
  const double a = 6377563.396, b = 6356256.909, e2 = (a * a - b * b) / (a * a);
  const double p = std::hypot(x, y);
  double phi = std::atan(z / (p * (1 - e2)));
  for (int i = 0; i < 20; ++i) {
    const double nu = a / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi));
    phi = std::atan((z + e2 * nu * std::sin(phi)) / p);
  }
  return {std::atan2(y, x) * 180 / M_PI, phi * 180 / M_PI};
}

// Issue 8 item 7: the old test's 150 m tolerance also passed a transform
// without the OSGB36 datum shift (about 100 m here). This one takes the OS
// guide's worked examples for a point in Yorkshire: ETRS89 53°36'43.1653"N,
// 1°39'51.9920"W (h 299.800 m) is geocentric X 3790644.900, Y -110149.210,
// Z 5111482.970 (the guide's Cartesian worked example), which the OS Helmert
// transformation takes to OSGB36 X 3790269.549, Y -110038.064,
// Z 5111050.261 (its "Helmert transformation worked example"). GeoJSON
// coordinates (EPSG:4326) must land on that point's National Grid position
// within 1 m. PROJ without the OSTN15 grid (not in Debian's proj-data) uses
// the same OS Helmert parameters (EPSG:1314); OSTN15 itself would differ from
// the Helmert by up to a few metres, so this pins the Helmert path. On this
// machine PROJ is 7 mm from the OS figures, and 104 m without the shift.
// NOTE: the test passes its point at height 0, not 299.8 m; that moves the
// result by a few centimetres, well inside 1 m.
TEST(PolygonIo, ReprojectsWgs84ToTheNationalGridWithTheOsgb36DatumShift) {
  const geo::Point etrs89 = {-Dms(1, 39, 51.9920), Dms(53, 36, 43.1653)};
  const geo::Point osgb36 = AiryLonLat(3790269.549, -110038.064, 5111050.261);
  auto expected = ReprojectPoints({osgb36}, "EPSG:4277", "EPSG:27700");  // the projection tested above
  auto got = ReprojectPoints({etrs89}, "EPSG:4326", "EPSG:27700");
  auto no_shift = ReprojectPoints({etrs89}, "EPSG:4277", "EPSG:27700");  // as if WGS84 were OSGB36
  ASSERT_TRUE(expected && got && no_shift);
  const double error = std::hypot((*got)[0].x - (*expected)[0].x, (*got)[0].y - (*expected)[0].y);
  EXPECT_LT(error, 1.0) << "got " << (*got)[0].x << ", " << (*got)[0].y << "; expected " << (*expected)[0].x << ", "
                        << (*expected)[0].y;
  // Without the datum shift the same point is far outside that tolerance.
  const double unshifted = std::hypot((*no_shift)[0].x - (*expected)[0].x, (*no_shift)[0].y - (*expected)[0].y);
  EXPECT_GT(unshifted, 50.0);
}

// Issue 8 item 4: `hotspots --areas a.gpkg -o a.gpkg` replaced the polygons.
TEST(PolygonIo, WritingOverTheAreasReadIsRefused) {
  const std::string path = WriteFile("self.geojson", Collection(Feature("A", 0) + "," + Feature("B", 1)));
  std::ifstream before_in(path);
  const std::string before((std::istreambuf_iterator<char>(before_in)), std::istreambuf_iterator<char>());
  io::Run run({"hotspots", "--areas", path, "-o", path});
  Result<PolygonData> d = ReadPolygons(path, "code");
  ASSERT_TRUE(d) << d.error().message;
  Status s = WriteLayer(path, d->layer, d->attributes, "hotspots");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is also an input of this run"), std::string::npos) << s.message();
  std::ifstream after_in(path);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(after_in)), std::istreambuf_iterator<char>()), before);
  fs::remove(path);
}

}  // namespace
}  // namespace nhood::io
