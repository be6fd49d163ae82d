// The demo's job on the real Census 2021 file (skipped when the shared data
// mirror is absent): every English LSOA gets a Wilson interval, and the
// England benchmark is the sum of the LSOAs, computed from the same file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "apps/cli/app.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

TEST(RealData, BadHealthAcrossEnglishLsoasWithEnglandBenchmark) {
  const char* shared = std::getenv("NHOOD_SHARED_DIR");
  const fs::path input =
      fs::path(shared ? shared : "../shared") / "data/census/census2021_TS037_general_health_lsoa21.csv";
  if (!fs::exists(input)) GTEST_SKIP() << "no shared data at " << input;
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
  const auto lo = *t->GetNumbers("lower99_8cl"), hi = *t->GetNumbers("upper99_8cl"), v = *t->GetNumbers("value");
  for (size_t r = 0; r < t->num_rows(); ++r) {
    ASSERT_LE(lo[r], v[r]);
    ASSERT_GE(hi[r], v[r]);
  }
  fs::remove(out);
  fs::remove(out.string() + ".provenance.json");
}

}  // namespace
}  // namespace nhood::cli
