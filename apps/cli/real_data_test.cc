// The demo's job on the real Census 2021 file (failing when the data mirror
// is absent): every English LSOA gets a Wilson interval, and the
// England benchmark is the sum of the LSOAs, computed from the same file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "apps/cli/app.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

TEST(RealData, BadHealthAcrossEnglishLsoasWithEnglandBenchmark) {
  const fs::path input = test_support::DataDir() / "census/census2021_TS037_general_health_lsoa21.csv";
  ASSERT_TRUE(test_support::HaveData(input));
  const fs::path out = fs::temp_directory_path() / ("nhood_real_" + std::to_string(::getpid()) + ".csv");
  ASSERT_EQ(RunCli({"indicators", "proportion", "-i", input.string(), "--where", "code^=E01", "-x", "bad+very_bad",
                    "-n", "all", "--benchmark", "england", "--polarity", "low_is_good", "-o", out.string()}),
            0);
  Result<Table> t = io::ReadTable(out.string());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->num_rows(), 33755u);  // every English LSOA 2021
  Result<Table> raw = io::ReadTable(input.string());
  ASSERT_TRUE(raw);
  double x = 0, n = 0;
  const auto bad = *raw->GetNumbers("bad"), very_bad = *raw->GetNumbers("very_bad"), all = *raw->GetNumbers("all");
  const auto& code = raw->text(*raw->Find("code"));
  for (size_t r = 0; r < raw->num_rows(); ++r) {
    if (code[r].rfind("E01", 0) != 0) continue;
    x += bad[r] + very_bad[r];
    n += all[r];
  }
  const auto bench = *t->GetNumbers("benchmark_value");
  EXPECT_DOUBLE_EQ(bench[0], x / n);
  EXPECT_NEAR(x / n, 0.0515, 0.0001);  // ONS headline: 5.2% bad or very bad
  // Small counts are suppressed by default (DESIGN.md: below 10): exactly
  // the rows with fewer than 10 residents in bad or very bad health.
  const auto lo = *t->GetNumbers("lower99_8cl"), hi = *t->GetNumbers("upper99_8cl"), v = *t->GetNumbers("value");
  const auto& status = t->text(*t->Find("status"));
  const auto sum = *t->GetNumbersOrSum("bad+very_bad");
  size_t suppressed = 0, checked = 0;
  for (size_t r = 0; r < t->num_rows(); ++r) {
    ASSERT_EQ(status[r] == "suppressed", sum[r] < 10) << r;
    if (status[r] == "suppressed") {
      ASSERT_TRUE(std::isnan(v[r]) && std::isnan(lo[r]) && std::isnan(hi[r])) << r;
      ++suppressed;
      continue;
    }
    ASSERT_LE(lo[r], v[r]);
    ASSERT_GE(hi[r], v[r]);
    ++checked;
  }
  EXPECT_EQ(suppressed + checked, 33755u);
  EXPECT_GT(checked, 33000u);
  fs::remove(out);
  fs::remove(out.string() + ".provenance.json");
}

// Issue 8 item 3: the same file without --where also holds the 1,917 Welsh
// LSOAs. England's benchmark must stay England's (0.05154..., not the
// England-and-Wales 0.05248...), and stderr says how many rows it left out.
TEST(RealData, EnglandBenchmarkLeavesOutTheWelshLsoas) {
  const fs::path input = test_support::DataDir() / "census/census2021_TS037_general_health_lsoa21.csv";
  ASSERT_TRUE(test_support::HaveData(input));
  const fs::path out = fs::temp_directory_path() / ("nhood_real_ew_" + std::to_string(::getpid()) + ".csv");
  ::testing::internal::CaptureStderr();
  const int code = RunCli({"indicators", "proportion", "-i", input.string(), "-x", "bad+very_bad", "-n", "all",
                           "--benchmark", "england", "--polarity", "low_is_good", "-o", out.string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(code, 0) << err;
  Result<Table> t = io::ReadTable(out.string());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->num_rows(), 33755u + 1917u);  // Welsh rows are still computed and compared
  const double bench = (*t->GetNumbers("benchmark_value"))[0];
  EXPECT_NEAR(bench, 0.05154123638970949, 1e-15);  // the README's England figure
  EXPECT_NE(err.find("pooled over the 33755 rows with an England (E...) code in column 'code'; 1917 rows with other "
                     "codes"),
            std::string::npos)
      << err;
  fs::remove(out);
  fs::remove(out.string() + ".provenance.json");
}

// Issue 3's real runs: EB-smoothed bad health on LSOA 2021 and the IMD 2019
// health domain on LSOA 2011, written as GeoPackage and read back by GDAL.
TEST(RealData, HotspotsOnEnglishLsoasAsGeoPackage) {
  const fs::path data = test_support::DataDir();
  ASSERT_TRUE(test_support::HaveData(data / "boundaries/lsoa21_england_generalised.geojson"));
  const fs::path dir = fs::temp_directory_path() / ("nhood_real_hot_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  struct Run {
    std::vector<std::string> args;
    size_t rows;
  };
  const std::vector<Run> runs = {
      {{"hotspots", "--areas", (data / "boundaries/lsoa21_england_generalised.geojson").string(), "--areas-id",
        "lsoa21_code", "--data", (data / "census/census2021_TS037_general_health_lsoa21.csv").string(), "--id", "code",
        "--numerator", "bad+very_bad", "--denominator", "all", "--smooth", "eb", "--fdr", "0.05", "-o",
        (dir / "bad_health.gpkg").string()},
       33755},
      {{"hotspots", "--areas", (data / "boundaries/lsoa11_england_generalised.geojson").string(), "--areas-id",
        "lsoa11_code", "--data", (data / "imd2019/IoD2019_File9_Transformed_Scores.csv").string(), "--id",
        "LSOA code (2011)", "--value", "Health Score - exponentially transformed", "-o",
        (dir / "imd_health.gpkg").string()},
       32844},
  };
  for (const Run& r : runs) {
    ASSERT_EQ(RunCli(r.args), 0);
    Result<Table> t = io::ReadTable(r.args.back());
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->num_rows(), r.rows);
    for (const char* c : {"moran_i", "moran_p_sim", "moran_p_fdr", "cluster", "gistar_z", "gistar_p_sim"}) {
      EXPECT_TRUE(t->Find(c)) << c;
    }
    size_t high_high = 0;
    for (const auto& c : t->text(*t->Find("cluster"))) high_high += c == "High-High";
    EXPECT_GT(high_high, 1000u);  // poor health clusters strongly in England
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::cli
