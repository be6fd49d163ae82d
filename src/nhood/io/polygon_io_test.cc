#include "nhood/io/polygon_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

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

TEST(PolygonIo, ReprojectsToBritishNationalGrid) {
  // Greenwich observatory, about (538,875 E, 177,440 N) on the OSGB36 grid.
  auto out = ReprojectPoints({{-0.0014, 51.4778}}, "EPSG:4326", "EPSG:27700");
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_NEAR((*out)[0].x, 538875, 150);
  EXPECT_NEAR((*out)[0].y, 177440, 150);
}

}  // namespace
}  // namespace nhood::io
