// Aggregation to MSOAs against humaniverse/IMD's IMD 2019 MSOA table (Score,
// Proportion, Extent), a published implementation of the IoD Appendix N
// method. Missing data fails the test (tests/support/data_dir.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>

#include "nhood/atlas/aggregation.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood {
namespace {

namespace fs = std::filesystem;

TEST(HumaniverseAggregation, Imd2019ToMsoa) {
  const fs::path d = test_support::DataDir();
  auto read = [&](const char* file) {
    EXPECT_TRUE(test_support::HaveData(d / file));
    Result<Table> t = io::ReadTable((d / file).string());
    EXPECT_TRUE(t) << file << ": " << (t ? "" : t.error().message);
    return t ? *t : Table();
  };
  ASSERT_TRUE(test_support::HaveData(d / "imd2019/imd2019_msoa11_aggregated_scores_humaniverse.csv"));
  Table scores = read("imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv");
  Table file2 = read("imd2019/IoD2019_File2_Domains_of_Deprivation.csv");
  Table file6 = read("imd2019/IoD2019_File6_Population_Denominators.csv");
  Table lookup = read("lookups/lsoa11_msoa11_geographr.csv");
  Table oracle = read("imd2019/imd2019_msoa11_aggregated_scores_humaniverse.csv");
  ASSERT_FALSE(::testing::Test::HasFailure());
  ASSERT_EQ(scores.num_rows(), 32844u);  // every English LSOA 2011
  auto index = [](const Table& t, const std::string& col) {
    std::unordered_map<std::string, size_t> m;
    for (size_t r = 0; r < t.num_rows(); ++r) m[t.Cell(*t.Find(col), r)] = r;
    return m;
  };
  const auto at2 = index(file2, "LSOA code (2011)"), at6 = index(file6, "LSOA code (2011)"), atl = index(lookup, "lsoa11_code");
  const auto rank2 = *file2.GetNumbers("Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)");
  const auto decile2 = *file2.GetNumbers("Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)");
  const auto pop6 = *file6.GetNumbers("Total population: mid 2015 (excluding prisoners)");
  const auto score = *scores.GetNumbers("imd_score");
  std::vector<std::string> keys;
  std::vector<double> s, rk, dc, pop;
  for (size_t r = 0; r < scores.num_rows(); ++r) {
    const std::string id = scores.Cell(0, r);
    keys.push_back(lookup.Cell(*lookup.Find("msoa11_code"), atl.at(id)));
    s.push_back(score[r]);
    rk.push_back(rank2[at2.at(id)]);
    dc.push_back(decile2[at2.at(id)]);
    pop.push_back(pop6[at6.at(id)]);
  }
  atlas::Grouping g = atlas::GroupBy(keys);
  atlas::Aggregate a = *atlas::AggregateDeprivation(g, s, rk, dc, pop);
  std::unordered_map<std::string, size_t> ours;
  for (size_t k = 0; k < g.names.size(); ++k) ours[g.names[k]] = k;
  const auto want_s = *oracle.GetNumbers("Score"), want_p = *oracle.GetNumbers("Proportion"),
             want_e = *oracle.GetNumbers("Extent");
  ASSERT_EQ(oracle.num_rows(), g.names.size());
  ASSERT_EQ(oracle.num_rows(), 6791u);  // every English MSOA 2011
  size_t compared = 0;
  for (size_t r = 0; r < oracle.num_rows(); ++r) {
    ASSERT_TRUE(ours.count(oracle.Cell(0, r))) << "no aggregate for " << oracle.Cell(0, r);
    const size_t k = ours.at(oracle.Cell(0, r));
    ++compared;
    EXPECT_NEAR(a.score[k], want_s[r], 1e-9 * std::max(1.0, want_s[r])) << oracle.Cell(0, r);
    EXPECT_NEAR(a.proportion[k], want_p[r], 1e-12) << oracle.Cell(0, r);
    EXPECT_NEAR(a.extent[k], want_e[r], 1e-9) << oracle.Cell(0, r);
  }
  EXPECT_EQ(compared, oracle.num_rows());
}

}  // namespace
}  // namespace nhood
