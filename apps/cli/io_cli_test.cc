// The io edge through the real command (issue 8 items 3, 4 and 5): outputs
// that would replace an input are refused, every output records its
// provenance, and bad cells, ragged rows, duplicate lookup ids and degree
// coordinates without a CRS stop with exit 1, one line, and no output.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/cli/app.h"
#include "nhood/io/checksum.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

class IoCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nhood_iocli_" + std::to_string(::getpid()) + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    // A 3 x 3 grid of small squares in degrees near Newcastle, with data.
    std::ostringstream g, d;
    g << R"({"type":"FeatureCollection","features":[)";
    d << "code,value,cases,pop\n";
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) {
        const std::string id = "A" + std::to_string(r) + std::to_string(c);
        const double x = -1.6 + 0.01 * c, y = 54.9 + 0.01 * r;
        g << (r || c ? "," : "") << R"({"type":"Feature","properties":{"code":")" << id
          << R"("},"geometry":{"type":"Polygon","coordinates":[[[)" << x << "," << y << "],[" << x + 0.01 << "," << y
          << "],[" << x + 0.01 << "," << y + 0.01 << "],[" << x << "," << y + 0.01 << "],[" << x << "," << y
          << "]]]}}";
        d << id << "," << (r * 3 + c) % 4 << "," << r + c << ",100\n";
      }
    }
    g << "]}";
    areas_ = Write("areas.geojson", g.str());
    data_ = Write("data.csv", d.str());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream((dir_ / name).string(), std::ios::binary) << text;
    return (dir_ / name).string();
  }
  static std::string Slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  int Run(const std::vector<std::string>& args) {
    ::testing::internal::CaptureStderr();
    const int code = RunCli(args);
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  // No temporary or staging file left in the test directory.
  void ExpectNoLeftovers() const {
    for (const auto& e : fs::directory_iterator(dir_)) {
      EXPECT_NE(e.path().filename().string().rfind(".nhood-", 0), 0u) << e.path();
    }
  }
  // No string in the record is, or holds, an absolute path.
  static void ExpectNoAbsolutePath(const nlohmann::json& j) {
    if (j.is_string()) {
      const std::string s = j.get<std::string>();
      EXPECT_TRUE(s.empty() || (s.front() != '/' && s.find(" /") == std::string::npos && s.find("=/") == std::string::npos))
          << s;
    }
    if (j.is_structured()) {
      for (const auto& v : j) ExpectNoAbsolutePath(v);
    }
  }
  fs::path dir_;
  std::string areas_, data_, err_;
};

// `-i x.csv -o x.csv` replaced the input.
TEST_F(IoCli, IndicatorsOutputThatIsTheInputIsRefused) {
  const std::string before = Slurp(data_);
  EXPECT_EQ(Run({"indicators", "proportion", "-i", data_, "-x", "cases", "-n", "pop", "-o", data_}), 1);
  EXPECT_NE(err_.find(data_ + ": is also an input of this run"), std::string::npos) << err_;
  EXPECT_EQ(Slurp(data_), before);
  EXPECT_FALSE(fs::exists(data_ + ".provenance.json"));
  ExpectNoLeftovers();
}

// `hotspots --areas a.gpkg -o a.gpkg` replaced the polygons.
TEST_F(IoCli, HotspotsOutputThatIsTheAreasFileIsRefused) {
  const std::string before = Slurp(areas_);
  EXPECT_EQ(Run({"hotspots", "--areas", areas_, "--data", data_, "--id", "code", "--value", "value", "-o", areas_}),
            1);
  EXPECT_NE(err_.find(areas_ + ": is also an input of this run"), std::string::npos) << err_;
  EXPECT_EQ(Slurp(areas_), before);
  ExpectNoLeftovers();
}

// Item 5: `nhood weights` wrote no provenance at all; the others recorded
// absolute paths, no checksums and a hard-coded version.
TEST_F(IoCli, EveryOutputRecordsItsInputsWithChecksumsAndNoAbsolutePaths) {
  const std::string edges = (dir_ / "edges.csv").string();
  ASSERT_EQ(Run({"weights", "--areas", areas_, "--id", "code", "--type", "queen", "-o", edges}), 0) << err_;
  const std::string text = Slurp(edges + ".provenance.json");
  ASSERT_FALSE(text.empty());
  const nlohmann::json j = nlohmann::json::parse(text);
  ExpectNoAbsolutePath(j);  // given absolute paths, none recorded
  EXPECT_NE(j["tool"].get<std::string>().find("nhood "), std::string::npos);
  EXPECT_EQ(j["subcommand"], "weights");
  EXPECT_EQ(j["options"]["--type"], "queen");
  ASSERT_EQ(j["inputs"].size(), 1u);
  EXPECT_EQ(j["inputs"][0]["sha256"], io::Sha256(Slurp(areas_)));
  EXPECT_EQ(j["inputs"][0]["bytes"], static_cast<long long>(fs::file_size(areas_)));
  EXPECT_EQ(fs::path(j["inputs"][0]["path"].get<std::string>()).filename(), "areas.geojson");
}

// Item 3: "inf" went into the statistics, and a ragged row was read silently.
TEST_F(IoCli, NonFiniteCellsAndRaggedRowsStopTheRun) {
  const std::string out = (dir_ / "out.csv").string();
  const std::string inf = Write("inf.csv", "code,cases,pop\nA,1,100\nB,Infinity,100\n");
  EXPECT_EQ(Run({"indicators", "proportion", "-i", inf, "-x", "cases", "-n", "pop", "-o", out}), 1);
  EXPECT_EQ(err_, "nhood: " + inf + ": row 2 (line 3), column 'cases': 'Infinity' is not a finite number\n");
  const std::string ragged = Write("ragged.csv", "code,cases,pop\nA,1,100\nB,2,100,7\n");
  EXPECT_EQ(Run({"indicators", "proportion", "-i", ragged, "-x", "cases", "-n", "pop", "-o", out}), 1);
  EXPECT_NE(err_.find(ragged + ": row 2 (line 3): 4 fields where the header has 3"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out));
  ExpectNoLeftovers();
}

// Item 3: distance weights over degrees with no CRS linked everything within
// "2000 degrees".
TEST_F(IoCli, DistanceWeightsOverDegreesWithoutACrsAreRefused) {
  Result<io::PolygonData> d = io::ReadPolygons(areas_, "code");
  ASSERT_TRUE(d) << d.error().message;
  d->layer.crs.clear();  // as a Shapefile without its .prj
  const std::string nocrs = (dir_ / "nocrs.gpkg").string();
  ASSERT_TRUE(io::WriteLayer(nocrs, d->layer, d->attributes, "areas").ok());
  const std::string out = (dir_ / "w.csv").string();
  EXPECT_EQ(Run({"weights", "--areas", nocrs, "--id", "code", "--type", "distance:2000", "-o", out}), 1);
  EXPECT_NE(err_.find("--weights distance:2000: the areas have no coordinate system and their coordinates"),
            std::string::npos)
      << err_;
  EXPECT_FALSE(fs::exists(out));
  // With its CRS the same areas are reprojected to metres and accepted.
  EXPECT_EQ(Run({"weights", "--areas", areas_, "--id", "code", "--type", "distance:2000", "-o", out}), 0) << err_;
}


// Item 4: `nhood regions` wrote its files one by one into the directory, so
// a failure part-way left new files beside old ones. Now the directory is
// replaced whole, with one provenance record, and the user's own files kept.
TEST_F(IoCli, RegionsReplacesItsDirectoryWholeWithOneRecord) {
  const fs::path data = test_support::DataDir();
  ASSERT_TRUE(test_support::HaveData(data / "boundaries/lsoa11_england_generalised.geojson"));
  const fs::path out = dir_ / "regions";
  fs::create_directories(out);
  Write("regions/neighbourhoods.csv", "old\n");
  Write("regions/notes.txt", "mine\n");
  const std::string config = (fs::path(NHOOD_SOURCE_DIR) / "examples/england-neighbourhoods.toml").string();
  ASSERT_EQ(Run({"regions", "--config", config, "--data-dir", data.string(), "--output", out.string()}), 0) << err_;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"neighbourhood_summary.csv", "neighbourhoods.csv", "notes.txt",
                                             "provenance.json"}));
  EXPECT_EQ(Slurp((out / "notes.txt").string()), "mine\n");
  const nlohmann::json j = nlohmann::json::parse(Slurp((out / "provenance.json").string()));
  ExpectNoAbsolutePath(j);
  ASSERT_EQ(j["files"].size(), 2u);
  EXPECT_EQ(j["files"][1]["name"], "neighbourhoods.csv");
  EXPECT_EQ(j["files"][1]["sha256"], io::Sha256(Slurp((out / "neighbourhoods.csv").string())));
  // The configuration and the boundaries, the latter as a catalogued dataset.
  bool config_seen = false, boundaries_seen = false;
  for (const auto& in : j["inputs"]) {
    config_seen |= in["sha256"] == io::Sha256(Slurp(config));
    if (in["path"] == "boundaries/lsoa11_england_generalised.geojson") {
      boundaries_seen = true;
      EXPECT_EQ(in["relative_to"], "data directory");
      EXPECT_TRUE(in.contains("dataset"));
    }
  }
  EXPECT_TRUE(config_seen && boundaries_seen) << j["inputs"].dump(1);
  ExpectNoLeftovers();
  // An output directory that holds an input (here the configuration) is
  // refused and left as it was.
  const std::string copy = Write("regions/my.toml", Slurp(config));
  EXPECT_EQ(Run({"regions", "--config", copy, "--data-dir", data.string(), "--output", out.string()}), 1);
  EXPECT_NE(err_.find("holds an input of this run"), std::string::npos) << err_;
  EXPECT_EQ(Slurp((out / "notes.txt").string()), "mine\n");
  EXPECT_TRUE(fs::exists(out / "provenance.json"));
  ExpectNoLeftovers();
}

}  // namespace
}  // namespace nhood::cli
