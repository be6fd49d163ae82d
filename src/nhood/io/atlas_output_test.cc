#include "nhood/io/atlas_output.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "nhood/io/polygon_io.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

// A square of side 0.1 degrees at (x, y) whose edges wiggle by 1e-5 degrees
// (~1 m) every 0.001 degrees: 401 vertices that simplification removes.
geo::Polygon Wiggly(double x, double y) {
  geo::Ring ring;
  auto edge = [&](double x0, double y0, double dx, double dy) {
    for (int i = 0; i < 100; ++i) {
      const double w = (i % 2) * 1e-5;
      ring.push_back({x0 + dx * i * 0.001 + (dy != 0 ? w : 0), y0 + dy * i * 0.001 + (dx != 0 ? w : 0)});
    }
  };
  edge(x, y, 1, 0);
  edge(x + 0.1, y, 0, 1);
  edge(x + 0.1, y + 0.1, -1, 0);
  edge(x, y + 0.1, 0, -1);
  ring.push_back(ring.front());
  geo::Polygon p;
  p.parts.push_back({ring});
  return p;
}

size_t Coordinates(const std::string& geojson) {
  size_t m = 0;
  for (char c : geojson) m += c == ',';
  return m;  // commas grow with the vertex count
}

class AtlasOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_atlas_output_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "neighbourhoods.csv")
        << "neighbourhood_id,local_authority,local_authority_name,population,lsoas,imd_score,hotspot_share,"
           "bad,bad_lower95_0cl,bad_upper95_0cl,bad_vs_england,cidr,risk_score,priority,tier\n"
           "N1,E1,\"Town, North\",100,1,20,0,0.1,0.09,0.11,Worse,120,1,1,1\n"
           "N2,E1,\"Town, North\",200,1,10,0,0.05,0.04,0.06,Similar,100,-1,2,2\n";
    std::ofstream(dir_ / "lsoas.csv") << "lsoa21_code,lsoa21_name,neighbourhood_id,population\n"
                                         "E01000001,Town 001A,N1,100\nE01000002,Town 001B,N2,200\n";
    geo::PolygonLayer nb, ls;
    nb.ids = {"N1", "N2"};
    nb.polygons = {Wiggly(-1.5, 54.5), Wiggly(-1.4, 54.5)};
    nb.crs = "EPSG:4326";
    ls = nb;
    ls.ids = {"E01000001", "E01000002"};
    Table nb_attr, ls_attr;
    ASSERT_TRUE(nb_attr.AddText("neighbourhood_id", nb.ids).ok());
    ASSERT_TRUE(ls_attr.AddText("lsoa21_code", ls.ids).ok());
    ASSERT_TRUE(WriteLayers((dir_ / "atlas.gpkg").string(),
                            {{&ls, &ls_attr, "lsoas"}, {&nb, &nb_attr, "neighbourhoods"}}).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }
  void WriteReport(const std::string& indicators) {
    std::ofstream(dir_ / "report.html")
        << "<html><head><title>nhood atlas: North &amp; East</title></head><body>"
           "<script type=\"application/json\" id=\"profiles\">{\"indicators\":" << indicators
        << ",\"rows\":[]}</script></body></html>";
  }
  fs::path dir_;
};

TEST_F(AtlasOutputTest, ReadsTablesIndicatorsAndTitle) {
  WriteReport(R"([{"england":0.05,"higher_is_worse":true,"label":"Bad health"},)"
              R"({"england":100,"higher_is_worse":false,"label":"CIDR <\/b>"}])");
  auto out = ReadAtlasOutput(dir_.string());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->title, "North & East");
  EXPECT_EQ(out->neighbourhoods.num_rows(), 2u);
  EXPECT_EQ(out->lsoas.num_rows(), 2u);
  ASSERT_EQ(out->indicators.size(), 2u);
  EXPECT_EQ(out->indicators[0].column, "bad");
  EXPECT_EQ(out->indicators[0].england, 0.05);
  EXPECT_EQ(out->indicators[1].column, "cidr");
  EXPECT_EQ(out->indicators[1].label, "CIDR </b>");
  EXPECT_FALSE(out->indicators[1].higher_is_worse);
  EXPECT_EQ(out->neighbourhoods_csv.substr(0, 17), "neighbourhood_id,");
}

TEST_F(AtlasOutputTest, IndicatorsThatDoNotMatchTheColumnsAreDropped) {
  WriteReport(R"([{"england":0.05,"label":"Only one"}])");
  auto out = ReadAtlasOutput(dir_.string());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_TRUE(out->indicators.empty());
}

TEST_F(AtlasOutputTest, IndicatorsCsvRoundTripsAndIsPreferredToTheReport) {
  WriteReport(R"([{"england":0.05,"higher_is_worse":true,"label":"From the report"},)"
              R"({"england":100,"higher_is_worse":false,"label":"CIDR"}])");
  std::vector<AtlasIndicatorInfo> written = {
      {.column = "bad", .label = "Bad health, \"quoted\", with commas", .england = 0.05, .higher_is_worse = true,
       .standardised = false, .unit = "proportion", .method = "Wilson score 95% interval", .source = "census/ts037.csv"},
      {.column = "cidr", .label = "CIDR", .england = std::nan(""), .higher_is_worse = false, .standardised = true,
       .unit = "ratio (England = 100)", .method = "indirect standardisation", .source = ""}};
  ASSERT_TRUE(WriteAtlasIndicators(written, (dir_ / "indicators.csv").string()).ok());
  auto back = ReadAtlasIndicators((dir_ / "indicators.csv").string());
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].label, written[0].label);
  EXPECT_EQ((*back)[0].england, 0.05);
  EXPECT_EQ((*back)[0].unit, "proportion");
  EXPECT_EQ((*back)[0].method, "Wilson score 95% interval");
  EXPECT_EQ((*back)[0].source, "census/ts037.csv");
  EXPECT_TRUE(std::isnan((*back)[1].england));
  EXPECT_FALSE((*back)[1].higher_is_worse);
  EXPECT_TRUE((*back)[1].standardised);
  auto out = ReadAtlasOutput(dir_.string());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->title, "North & East");  // still from the report
  ASSERT_EQ(out->indicators.size(), 2u);
  EXPECT_EQ(out->indicators[0].label, written[0].label);  // not "From the report"
  EXPECT_EQ(out->indicators[1].column, "cidr");
  EXPECT_EQ(out->indicators[1].method, "indirect standardisation");
}

TEST_F(AtlasOutputTest, BadIndicatorsCsvNamesFileRowAndColumn) {
  const std::string path = (dir_ / "indicators.csv").string();
  const std::string header = "key,name,unit,england,higher_is_worse,standardised,method,source\n";
  std::ofstream(path) << header << "bad,Bad,proportion,0.05,true,false,m,s\ncidr,CIDR,ratio,100,maybe,false,m,s\n";
  auto flag = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(flag.ok());
  EXPECT_EQ(flag.error().code, StatusCode::kInvalidArgument);
  EXPECT_NE(flag.error().message.find(path + ": row 2 (line 3), column 'higher_is_worse': 'maybe'"), std::string::npos)
      << flag.error().message;
  std::ofstream(path) << header << "bad,Bad,proportion,lots,true,false,m,s\n";
  auto number = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(number.ok());
  EXPECT_NE(number.error().message.find("row 1 (line 2), column 'england'"), std::string::npos) << number.error().message;
  std::ofstream(path) << header << "nope,Nope,proportion,1,true,false,m,s\n";
  auto column = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(column.ok());
  EXPECT_NE(column.error().message.find("'nope' is not a column of neighbourhoods.csv"), std::string::npos)
      << column.error().message;
  std::ofstream(path) << "key,name\nbad,Bad\n";
  auto missing = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("unit"), std::string::npos) << missing.error().message;
  std::ofstream(path) << header << "bad,Bad,proportion,1,true,false,m,s\nbad,Again,proportion,1,true,false,m,s\n";
  auto twice = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("'bad' appears twice"), std::string::npos) << twice.error().message;
}

TEST_F(AtlasOutputTest, SimplifiesPerZoomBandAndRounds) {
  auto out = ReadAtlasOutput(dir_.string());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->title, fs::path(dir_).filename().string());  // no report: the directory's name
  const LayerGeometry& g = out->neighbourhood_geometry;
  ASSERT_EQ(g.ids, (std::vector<std::string>{"N1", "N2"}));
  ASSERT_EQ(g.geometry.size(), ExplorerZoomBands().size());
  const std::string& coarse = g.geometry.front()[0];
  const std::string& fine = g.geometry.back()[0];
  EXPECT_LT(Coordinates(coarse) * 20, Coordinates(fine)) << coarse;
  EXPECT_NE(coarse.find("Polygon\""), std::string::npos);
  EXPECT_NE(coarse.find("-1.5"), std::string::npos);
  EXPECT_EQ(coarse.find("54.50001"), std::string::npos);  // 3 decimals at the coarsest band
  EXPECT_NE(fine.find("54.50001"), std::string::npos);    // the stored vertices at the finest
  EXPECT_NEAR(g.bbox[1][0], -1.4, 1e-9);
  EXPECT_NEAR(g.bbox[1][3], 54.6, 1e-4);
  EXPECT_EQ(out->lsoa_geometry.ids[1], "E01000002");
}

TEST_F(AtlasOutputTest, LsoasCanSkipTheCoarseBands) {
  AtlasReadOptions options;
  options.lsoa_first_band = [](const Table& lsoas, size_t row) -> size_t {
    return lsoas.Cell(0, row) == "E01000001" ? 0 : 2;
  };
  options.threads = 2;
  auto out = ReadAtlasOutput(dir_.string(), options);
  ASSERT_TRUE(out.ok()) << out.error().message;
  const LayerGeometry& g = out->lsoa_geometry;
  ASSERT_EQ(g.ids[1], "E01000002");
  EXPECT_FALSE(g.geometry[0][0].empty());
  EXPECT_TRUE(g.geometry[0][1].empty());
  EXPECT_TRUE(g.geometry[1][1].empty());
  EXPECT_FALSE(g.geometry[2][1].empty());
  EXPECT_FALSE(g.geometry[3][1].empty());
  EXPECT_FALSE(out->neighbourhood_geometry.geometry[0][1].empty());  // neighbourhoods: every band
}

TEST_F(AtlasOutputTest, MissingPiecesAreNamed) {
  auto none = ReadAtlasOutput((dir_ / "nope").string());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, StatusCode::kNotFound);
  fs::remove(dir_ / "atlas.gpkg");
  auto no_gpkg = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(no_gpkg.ok());
  EXPECT_NE(no_gpkg.error().message.find("atlas.gpkg"), std::string::npos);
  std::ofstream(dir_ / "lsoas.csv") << "code,neighbourhood_id\nE01000001,N1\n";
  auto no_code = ReadAtlasOutput(dir_.string());
  ASSERT_FALSE(no_code.ok());
  EXPECT_NE(no_code.error().message.find("lsoa11_code or lsoa21_code"), std::string::npos);
}

TEST(AtlasOutput, ZoomBands) {
  EXPECT_EQ(ZoomBandOf(-1), 0u);
  EXPECT_EQ(ZoomBandOf(7), 0u);
  EXPECT_EQ(ZoomBandOf(8), 1u);
  EXPECT_EQ(ZoomBandOf(11), 2u);
  EXPECT_EQ(ZoomBandOf(12), 3u);
  EXPECT_EQ(ZoomBandOf(19), 3u);
}

TEST(AtlasOutput, CsvTextQuotesOnlyWhenNeeded) {
  Table t;
  ASSERT_TRUE(t.AddText("name", {"Town, North", "Plain", "Say \"hi\""}).ok());
  ASSERT_TRUE(t.AddNumbers("value", {0.5, 2, std::nan("")}).ok());
  auto csv = CsvText(t);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(*csv, "name,value\n\"Town, North\",0.5\nPlain,2\n\"Say \"\"hi\"\"\",\n");
}

}  // namespace
}  // namespace nhood::io
