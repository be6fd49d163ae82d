#include "nhood/link/reach_report.h"

#include <cmath>

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

constexpr double kZ95 = 1.959963984540054;

Table Atlas() {
  Table t;
  EXPECT_TRUE(t.AddText("lsoa11_code", {"E01000001", "E01000002", "E01000003", "E01000004"}).ok());
  EXPECT_TRUE(t.AddText("neighbourhood_id", {"N1", "N1", "N2", "N2"}).ok());
  EXPECT_TRUE(t.AddText("population", {"1000", "1000", "1500", "500"}).ok());
  EXPECT_TRUE(t.AddText("core20", {"true", "false", "false", "true"}).ok());
  EXPECT_TRUE(t.AddText("double_disadvantage", {"true", "false", "false", "false"}).ok());
  t.set_source("atlas/lsoas.csv");
  return t;
}

TEST(ReachAreasFromTable, ReadsTheAtlasColumnsAndNamesBadCells) {
  Result<std::vector<ReachArea>> areas = ReachAreasFromTable(Atlas());
  ASSERT_TRUE(areas.has_value()) << areas.error().message;
  ASSERT_EQ(areas->size(), 4u);
  EXPECT_TRUE((*areas)[0].core20);
  EXPECT_EQ((*areas)[2].neighbourhood_id, "N2");
  Table bad = Atlas();
  Table flags;
  ASSERT_TRUE(flags.AddText("lsoa21_code", {"E01000001", "E01000002"}).ok());
  ASSERT_TRUE(flags.AddText("population", {"10", "20"}).ok());
  ASSERT_TRUE(flags.AddText("core20", {"true", "maybe"}).ok());
  ASSERT_TRUE(flags.AddText("double_disadvantage", {"true", "false"}).ok());
  flags.set_source("x/lsoas.csv");
  Result<std::vector<ReachArea>> e = ReachAreasFromTable(flags);
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().message.find("x/lsoas.csv: row 2"), std::string::npos) << e.error().message;
  EXPECT_NE(e.error().message.find("'core20'"), std::string::npos) << e.error().message;
  Table no_code;
  ASSERT_TRUE(no_code.AddText("population", {"1"}).ok());
  EXPECT_EQ(ReachAreasFromTable(no_code).error().code, StatusCode::kNotFound);
}

TEST(ComputeReach, SharesAgainstThePopulationWithWilsonIntervals) {
  const std::vector<ReachArea> areas = *ReachAreasFromTable(Atlas());
  // 12 residents: 6 in E01000001 (core20, dd), 5 in E01000004 (core20),
  // 0 elsewhere in the atlas... plus 5 not in the atlas and 5 without an LSOA.
  std::vector<std::string> lsoas;
  for (int i = 0; i < 6; ++i) lsoas.push_back("E01000001");
  for (int i = 0; i < 5; ++i) lsoas.push_back("E01000004");
  for (int i = 0; i < 6; ++i) lsoas.push_back("E01000003");
  for (int i = 0; i < 5; ++i) lsoas.push_back("E01999999");
  for (int i = 0; i < 5; ++i) lsoas.push_back("");
  ReachReport r = ComputeReach(lsoas, areas);
  EXPECT_EQ(r.residents_served, 27);
  EXPECT_EQ(r.residents_matched, 17);
  EXPECT_EQ(r.residents_outside_atlas, 5);
  EXPECT_EQ(r.residents_without_lsoa, 5);
  EXPECT_DOUBLE_EQ(r.population_total, 4000);
  ASSERT_EQ(r.rows.size(), 2u);
  const ReachRow& core20 = r.rows[0];
  EXPECT_EQ(core20.residents, 11);
  EXPECT_NEAR(*core20.share, 11.0 / 17, 1e-15);
  EXPECT_DOUBLE_EQ(core20.population_share, 1500.0 / 4000);
  EXPECT_NEAR(*core20.ratio, (11.0 / 17) / (1500.0 / 4000), 1e-12);
  const double x = 11, n = 17, z = kZ95;
  EXPECT_NEAR(*core20.lower95, (2 * x + z * z - z * std::sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z)), 1e-12);
  EXPECT_NEAR(*core20.upper95, (2 * x + z * z + z * std::sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z)), 1e-12);
  const ReachRow& dd = r.rows[1];
  EXPECT_EQ(dd.residents, 6);
  EXPECT_DOUBLE_EQ(dd.population_share, 0.25);
  EXPECT_EQ(r.suppressed, 0);
}

TEST(ComputeReach, SuppressionAtFourFiveAndSixResidents) {
  const std::vector<ReachArea> areas = *ReachAreasFromTable(Atlas());
  for (int k : {4, 5, 6}) {
    std::vector<std::string> lsoas(static_cast<size_t>(k), "E01000001");  // core20 and dd
    for (int i = 0; i < 10; ++i) lsoas.push_back("E01000003");
    ReachReport r = ComputeReach(lsoas, areas);
    EXPECT_EQ(r.residents_matched, k + 10);
    if (k == 4) {
      EXPECT_FALSE(r.rows[0].residents) << k;
      EXPECT_FALSE(r.rows[0].share) << k;
      EXPECT_FALSE(r.rows[0].lower95) << k;
      EXPECT_FALSE(r.rows[1].residents) << k;
      EXPECT_GT(r.suppressed, 0);
      ReportTable t = ReachTable(r);
      EXPECT_EQ(t.suppressed_cells, r.suppressed);
      EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[0][4]));  // kept as an empty cell
      EXPECT_EQ(t.columns.back(), "suppressed");
      EXPECT_EQ(std::get<int64_t>(t.rows[0].back()), 5);  // residents, share, lower95, upper95, ratio
    } else {
      EXPECT_EQ(r.rows[0].residents, k) << k;
      EXPECT_NEAR(*r.rows[0].share, k / (k + 10.0), 1e-15);
      EXPECT_EQ(r.suppressed, 0) << k;
    }
  }
}

}  // namespace
}  // namespace nhood::link
