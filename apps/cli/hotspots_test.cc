// `nhood hotspots` and `nhood weights` through the real command on a small
// hand-made grid: results, reproducibility and every bad input the issue
// names (clear error, exit 1, no output).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <cmath>

#include "apps/cli/app.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

class HotspotsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nhood_hot_" + std::to_string(::getpid()) + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    // A 6 x 6 grid of unit squares A00..A55 plus a detached square ISL.
    std::ostringstream g;
    g << R"({"type":"FeatureCollection","features":[)";
    std::ostringstream d;
    d << "code,value,cases,pop\n";
    for (int r = 0; r < 6; ++r) {
      for (int c = 0; c < 6; ++c) {
        const std::string id = "A" + std::to_string(r) + std::to_string(c);
        g << R"({"type":"Feature","properties":{"code":")" << id << R"("},"geometry":{"type":"Polygon","coordinates":[[[)"
          << c << "," << r << "],[" << c + 1 << "," << r << "],[" << c + 1 << "," << r + 1 << "],[" << c << ","
          << r + 1 << "],[" << c << "," << r << "]]]}},";
        const double v = (r < 2 && c < 2) ? 50 + r + c : (r * 5 + c * 3) % 7;
        d << id << "," << v << "," << (r * 6 + c) % 9 << "," << 1000 + 10 * c << "\n";
      }
    }
    g << R"({"type":"Feature","properties":{"code":"ISL"},"geometry":{"type":"Polygon","coordinates":[[[20,20],[21,20],[21,21],[20,21],[20,20]]]}}]})";
    d << "ISL,3,1,900\n";
    areas_ = Write("areas.geojson", g.str());
    data_ = Write("data.csv", d.str());
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream((dir_ / name).string()) << text;
    return (dir_ / name).string();
  }
  int Run(std::vector<std::string> args) {
    ::testing::internal::CaptureStderr();
    const int code = RunCli(args);
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  int Hotspots(const std::string& data, const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"hotspots", "--areas", areas_, "--data", data, "--id", "code", "-o", out};
    if (std::find(extra.begin(), extra.end(), "--numerator") == extra.end()) a.insert(a.end(), {"--value", "value"});
    a.insert(a.end(), extra.begin(), extra.end());
    return Run(a);
  }
  fs::path dir_;
  std::string areas_, data_, err_;
};

TEST_F(HotspotsCli, FindsTheHotCornerAndFlagsTheIsland) {
  const std::string out = (dir_ / "hot.csv").string();
  ASSERT_EQ(Hotspots(data_, out, {"--permutations", "999", "--seed", "7"}), 0) << err_;
  Result<Table> t = io::ReadTable(out);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 37u);
  const auto& cluster = t->text(*t->Find("cluster"));
  EXPECT_EQ(cluster[0], "High-High");  // A00
  EXPECT_EQ(cluster[36], "Isolated");  // ISL
  EXPECT_EQ(t->text(*t->Find("moran_p_sim"))[36], "");  // no p-value for an island
  EXPECT_NE(err_.find("global Moran's I"), std::string::npos);
  EXPECT_NE(err_.find("1 island(s)"), std::string::npos);
  EXPECT_TRUE(fs::exists(out + ".provenance.json"));
}

TEST_F(HotspotsCli, SameSeedSameFileOnAnyThreads) {
  const std::string a = (dir_ / "a.csv").string(), b = (dir_ / "b.csv").string();
  ASSERT_EQ(Hotspots(data_, a, {"--threads", "1", "--seed", "3"}), 0) << err_;
  ASSERT_EQ(Hotspots(data_, b, {"--threads", "2", "--seed", "3"}), 0) << err_;
  std::ifstream fa(a), fb(b);
  std::string sa((std::istreambuf_iterator<char>(fa)), {}), sb((std::istreambuf_iterator<char>(fb)), {});
  EXPECT_EQ(sa, sb);
}

TEST_F(HotspotsCli, RatesWithEmpiricalBayesAndGeoPackageOutput) {
  const std::string out = (dir_ / "hot.gpkg").string();
  ASSERT_EQ(Hotspots(data_, out, {"--numerator", "cases", "--denominator", "pop", "--smooth", "eb"}), 0) << err_;
  Result<Table> t = io::ReadTable(out);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->num_rows(), 37u);
  EXPECT_TRUE(t->Find("gistar_p_fdr"));
}

TEST_F(HotspotsCli, BadInputGivesOneClearErrorAndNoOutput) {
  const std::string out = (dir_ / "bad.csv").string();
  // An area missing from the data.
  EXPECT_EQ(Hotspots(Write("missing.csv", "code,value\nA00,1\n"), out), 1);
  EXPECT_NE(err_.find("36 of 37 areas have no row in column 'code'"), std::string::npos) << err_;
  // An area twice in the data.
  std::ifstream in(data_);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(Hotspots(Write("dup.csv", all + "A00,9,1,10\n"), out), 1);
  EXPECT_NE(err_.find("area 'A00' appears more than once"), std::string::npos) << err_;
  // A missing value.
  std::string nan = all;
  nan.replace(nan.find("A01,"), 6, "A01,NA");
  EXPECT_EQ(Hotspots(Write("nan.csv", nan), out), 1);
  EXPECT_NE(err_.find("area 'A01' has no value"), std::string::npos) << err_;
  // A weights file naming an unknown area.
  EXPECT_EQ(Hotspots(data_, out, {"--weights", Write("w.csv", "from,to\nA00,ZZZ\n")}), 1);
  EXPECT_NE(err_.find("unknown area 'ZZZ'"), std::string::npos) << err_;
  // A geometry file with no features.
  areas_ = Write("none.geojson", R"({"type":"FeatureCollection","features":[]})");
  EXPECT_EQ(Hotspots(data_, out), 1);
  EXPECT_NE(err_.find("has no features"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(HotspotsCli, WeightsCommandWritesEdgesAndGal) {
  const std::string edges = (dir_ / "e.csv").string(), gal = (dir_ / "w.gal").string();
  ASSERT_EQ(Run({"weights", "--areas", areas_, "--id", "code", "--type", "rook", "-o", edges}), 0) << err_;
  Result<Table> t = io::ReadTable(edges);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->num_rows(), 120u);  // 6 x 6 rook grid: 2 x 60 links
  ASSERT_EQ(Run({"weights", "--areas", areas_, "--id", "code", "--type", "knn:2", "--link-islands", "-o", gal}), 0) << err_;
  EXPECT_NE(err_.find("2 nearest neighbours"), std::string::npos) << err_;
}

// Issue 8 item 10: `--permutation-scheme spdep` gives spdep's own
// localmoran_perm p-values, checked through the command against the
// reference case spdep 1.2-7 wrote (moran_grid: queen, nsim 999, iseed 42),
// every row matched by id and counted. The default scheme says it is not
// spdep's, and its p-values differ.
TEST_F(HotspotsCli, SpdepSchemeReproducesSpdepLocalmoranPerm) {
  const fs::path cases = test_support::ReferenceDir() / "cases";
  ASSERT_TRUE(test_support::HaveData(cases / "moran_grid.geojson"));
  const std::string out = (dir_ / "grid.csv").string(), own = (dir_ / "own.csv").string();
  const std::vector<std::string> common = {"hotspots", "--areas", (cases / "moran_grid.geojson").string(),
                                           "--data", (cases / "moran_grid_input.csv").string(), "--id", "code",
                                           "--value", "value", "--permutations", "999", "--seed", "42"};
  std::vector<std::string> a = common;
  a.insert(a.end(), {"--permutation-scheme", "spdep", "-o", out});
  ASSERT_EQ(Run(a), 0) << err_;
  EXPECT_NE(err_.find("reproduce spdep localmoran_perm(nsim = 999, iseed = 42)"), std::string::npos) << err_;
  std::vector<std::string> b = common;
  b.insert(b.end(), {"-o", own});
  ASSERT_EQ(Run(b), 0) << err_;
  EXPECT_NE(err_.find("not spdep's draws"), std::string::npos) << err_;
  Result<Table> got = io::ReadTable(out), mine = io::ReadTable(own);
  Result<Table> want = io::ReadTable((cases / "moran_grid_expected.csv").string(), {.allow_non_finite = true});  // R's NaN
  ASSERT_TRUE(got && mine && want);
  std::map<std::string, size_t> row;
  for (size_t r = 0; r < got->num_rows(); ++r) row[got->Cell(0, r)] = r;
  auto number = [](const Table& t, const std::string& column, size_t r) {
    return *ParseNumber(t.Cell(*t.Find(column), r));
  };
  size_t matched = 0, differ = 0;
  for (size_t r = 0; r < want->num_rows(); ++r) {
    const std::string id = want->Cell(0, r);
    ASSERT_TRUE(row.count(id)) << id;
    const size_t g = row[id];
    for (auto [ours, theirs] : {std::pair{"moran_p_sim", "P_folded_sim"}, std::pair{"moran_p_sim_rank", "P_sim"},
                                std::pair{"moran_z_sim", "Z_Ii_perm"}}) {
      const double e = number(*want, theirs, r);
      if (std::isnan(e)) {  // the island: no draws, no p-value, in both
        EXPECT_TRUE(std::isnan(number(*got, ours, g))) << id << " " << ours;
        continue;
      }
      EXPECT_NEAR(number(*got, ours, g), e, 1e-9 * std::max(1.0, std::fabs(e))) << id << " " << ours;
    }
    differ += number(*mine, "moran_p_sim", g) != number(*want, "P_folded_sim", r);
    ++matched;
  }
  EXPECT_EQ(matched, 101u);  // 100 grid cells and the island
  EXPECT_GT(differ, 10u);
}

TEST_F(HotspotsCli, HelpSaysWhosePValuesAndWhatFdrAdjusts) {
  ::testing::internal::CaptureStdout();
  RunCli({"hotspots", "--help"});
  const std::string help = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(help.find("--permutation-scheme"), std::string::npos) << help;
  EXPECT_NE(help.find("not spdep's draws"), std::string::npos) << help;
  EXPECT_NE(help.find("Benjamini-Hochberg applied to the folded pseudo p-values"), std::string::npos) << help;
  EXPECT_EQ(Hotspots(data_, (dir_ / "x.csv").string(), {"--permutation-scheme", "spdeep"}), 2);
  EXPECT_NE(err_.find("--permutation-scheme: spdeep not in {nhood,spdep}"), std::string::npos) << err_;
}

}  // namespace
}  // namespace nhood::cli
