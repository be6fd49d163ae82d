#include "nhood/atlas/atlas_profile.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::atlas {
namespace {

// Four neighbourhoods of one authority, an indicator with intervals (higher
// is worse) and a standardised ratio the atlas did not declare.
ExplorerAtlas FourNeighbourhoods() {
  ExplorerAtlas a;
  Table& t = a.neighbourhoods;
  EXPECT_TRUE(t.AddText("neighbourhood_id", {"N1", "N2", "N3", "N4"}).ok());
  EXPECT_TRUE(t.AddText("local_authority", {"E1", "E1", "E1", "E1"}).ok());
  EXPECT_TRUE(t.AddText("local_authority_name", {"Town", "Town", "Town", "Town"}).ok());
  EXPECT_TRUE(t.AddNumbers("population", {100, 200, 300, 400}).ok());
  EXPECT_TRUE(t.AddNumbers("bad", {1, 2, 3, 4}).ok());
  EXPECT_TRUE(t.AddNumbers("bad_lower95_0cl", {0.5, 1.5, 2.5, 3.5}).ok());
  EXPECT_TRUE(t.AddNumbers("bad_upper95_0cl", {1.5, 2.5, 3.5, 4.5}).ok());
  EXPECT_TRUE(t.AddText("bad_vs_england", {"Better", "Similar", "Worse", "Worse"}).ok());
  EXPECT_TRUE(t.AddNumbers("bad_health_sr", {90, 100, 120, 130}).ok());
  EXPECT_TRUE(t.AddNumbers("bad_health_sr_lower95_0cl", {80, 95, 110, 95}).ok());
  EXPECT_TRUE(t.AddNumbers("bad_health_sr_upper95_0cl", {95, 105, 130, 160}).ok());
  EXPECT_TRUE(t.AddNumbers("hotspot_share", {0, 0.5, 1, 0}).ok());
  EXPECT_TRUE(t.AddText("imd_score_change", {"1.5", "-2", "", "0"}).ok());
  Table& l = a.lsoas;
  EXPECT_TRUE(l.AddText("lsoa21_code", {"E01000001", "E01000002", "E01000003"}).ok());
  EXPECT_TRUE(l.AddText("lsoa21_name", {"Town 001A", "Town 001B", "Town 002A"}).ok());
  EXPECT_TRUE(l.AddText("neighbourhood_id", {"N1", "N2", "N1"}).ok());
  a.indicators = DetectIndicators(t, {{.key = "bad", .name = "Bad health", .england = 2.5},
                                      {.key = "absent", .name = "Not in the table"}});
  return a;
}

TEST(AtlasProfile, DetectsDeclaredThenIntervalColumns) {
  ExplorerAtlas a = FourNeighbourhoods();
  ASSERT_EQ(a.indicators.size(), 2u);
  EXPECT_EQ(a.indicators[0].key, "bad");
  EXPECT_EQ(a.indicators[0].england, 2.5);
  EXPECT_FALSE(a.indicators[0].standardised);
  EXPECT_EQ(a.indicators[1].key, "bad_health_sr");
  EXPECT_TRUE(a.indicators[1].standardised);
  EXPECT_EQ(a.indicators[1].england, 100);
  EXPECT_EQ(a.indicators[1].name, "Bad health, standardised for age (England = 100)");
}

TEST(AtlasProfile, ProfileHasValuesIntervalsComparisonsAndLsoas) {
  ExplorerAtlas a = FourNeighbourhoods();
  auto index = ProfileIndex::Build(a);
  ASSERT_TRUE(index.ok()) << index.error().message;
  auto p = index->Get("N1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "N1");
  EXPECT_EQ(p->local_authority, "E1");
  EXPECT_EQ(p->local_authority_name, "Town");
  EXPECT_EQ(p->population, 100);
  ASSERT_EQ(p->indicators.size(), 2u);
  EXPECT_EQ(p->indicators[0].value, 1);
  EXPECT_EQ(p->indicators[0].lower95, 0.5);
  EXPECT_EQ(p->indicators[0].upper95, 1.5);
  EXPECT_EQ(p->indicators[0].comparison, "Better");  // as written by the atlas
  EXPECT_EQ(p->indicators[1].comparison, "Better");  // 80-95 wholly below 100
  ASSERT_EQ(p->lsoas.num_rows(), 2u);
  EXPECT_EQ(p->lsoas.Cell(0, 0), "E01000001");
  EXPECT_EQ(p->lsoas.Cell(0, 1), "E01000003");
  // The measures: the known hot-spot share, then the optional numeric column.
  ASSERT_EQ(p->measures.size(), 2u);
  EXPECT_EQ(p->measures[0].key, "hotspot_share");
  EXPECT_EQ(p->measures[1].key, "imd_score_change");
  EXPECT_EQ(p->measures[1].value, 1.5);
  auto p3 = index->Get("N3");
  ASSERT_TRUE(p3.ok());
  EXPECT_TRUE(std::isnan(p3->measures[1].value));
  EXPECT_EQ(p3->indicators[1].comparison, "Worse");
  EXPECT_EQ(index->Get("N4")->indicators[1].comparison, "Similar");  // 95-160 spans 100
}

TEST(AtlasProfile, SpineIsCentredOnEnglandWorstLeft) {
  ExplorerAtlas a = FourNeighbourhoods();
  auto index = ProfileIndex::Build(a);
  ASSERT_TRUE(index.ok());
  const SpineBar s = index->Get("N4")->indicators[0].spine;
  ASSERT_TRUE(s.drawn);
  // Values 1..4, England 2.5: half width 1.5, worst (4) left, best (1) right.
  EXPECT_EQ(s.worst, 4);
  EXPECT_EQ(s.best, 1);
  EXPECT_DOUBLE_EQ(s.worst_position, 0);
  EXPECT_DOUBLE_EQ(s.best_position, 1);
  EXPECT_DOUBLE_EQ(s.position, 0);
  // R: quantile(1:4, c(.25, .75)) = 1.75, 3.25 (type 7).
  EXPECT_DOUBLE_EQ(s.q25, 1.75);
  EXPECT_DOUBLE_EQ(s.q75, 3.25);
  EXPECT_DOUBLE_EQ(s.q25_position, 0.5 - (3.25 - 2.5) / 3);
  EXPECT_DOUBLE_EQ(s.q75_position, 0.5 + (2.5 - 1.75) / 3);
  EXPECT_DOUBLE_EQ(index->Get("N2")->indicators[0].spine.position, 0.5 + 0.5 / 3);
}

TEST(AtlasProfile, SpinePositionFollowsPolarity) {
  EXPECT_DOUBLE_EQ(SpinePosition(3, 2, 1, true), 0.0);
  EXPECT_DOUBLE_EQ(SpinePosition(3, 2, 1, false), 1.0);
  EXPECT_DOUBLE_EQ(SpinePosition(2, 2, 1, true), 0.5);
  EXPECT_TRUE(std::isnan(SpinePosition(kNoValue, 2, 1, true)));
  EXPECT_DOUBLE_EQ(SpinePosition(7, 7, 0, true), 0.5);
}

TEST(AtlasProfile, ClassBreaksAreTypeSevenQuantiles) {
  // R: quantile(c(1:10, NA), c(.2, .4, .6, .8), na.rm = TRUE) = 2.8 4.6 6.4 8.2
  const std::vector<double> b = ClassBreaks({10, 9, 8, 7, 6, 5, 4, 3, 2, 1, kNoValue}, 5);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_DOUBLE_EQ(b[0], 2.8);
  EXPECT_DOUBLE_EQ(b[1], 4.6);
  EXPECT_DOUBLE_EQ(b[2], 6.4);
  EXPECT_DOUBLE_EQ(b[3], 8.2);
  EXPECT_TRUE(ClassBreaks({kNoValue}, 5).empty());
}

TEST(AtlasProfile, ComparisonIsMethodOne) {
  EXPECT_EQ(CompareWithEngland(101, 110, 100, true), "Worse");
  EXPECT_EQ(CompareWithEngland(101, 110, 100, false), "Better");
  EXPECT_EQ(CompareWithEngland(90, 99, 100, true), "Better");
  EXPECT_EQ(CompareWithEngland(90, 100, 100, true), "Similar");
  EXPECT_EQ(CompareWithEngland(kNoValue, 1, 100, true), "Not compared");
}

TEST(AtlasProfile, UnknownAndRepeatedIds) {
  ExplorerAtlas a = FourNeighbourhoods();
  auto index = ProfileIndex::Build(a);
  ASSERT_TRUE(index.ok());
  auto missing = index->Get("N9");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, StatusCode::kNotFound);
  ExplorerAtlas b;
  ASSERT_TRUE(b.neighbourhoods.AddText("neighbourhood_id", {"N1", "N1"}).ok());
  auto twice = ProfileIndex::Build(b);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, StatusCode::kInvalidArgument);
}

TEST(AtlasProfile, LsoaColumnsOfEitherVintage) {
  ExplorerAtlas a = FourNeighbourhoods();
  EXPECT_EQ(LsoaCodeColumn(a.lsoas), 0u);
  EXPECT_EQ(LsoaNameColumn(a.lsoas), 1u);
  Table t;
  ASSERT_TRUE(t.AddText("x", {"a"}).ok());
  ASSERT_TRUE(t.AddText("lsoa11_code", {"E01"}).ok());
  EXPECT_EQ(LsoaCodeColumn(t), 1u);
  EXPECT_FALSE(LsoaNameColumn(t).has_value());
}

}  // namespace
}  // namespace nhood::atlas
