#include "nhood/atlas/neighbourhood_atlas.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"

namespace nhood::atlas {
namespace {

// Four areas in a row (a 1 x 4 grid), two per given neighbourhood by
// default; everything else set by each test.
class AtlasFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    layer_ = geo::testing::Grid(1, 4);
    weights_ = *geo::ContiguityWeights(layer_, {.queen = false});
    AtlasAreas& a = in_.areas;
    a.ids = layer_.ids;
    a.names = {"Gateshead 001A", "Gateshead 001B", "Newcastle 001A", "Newcastle 001B"};
    a.population = {100, 300, 200, 200};
    a.local_authority = {"E08000037", "E08000037", "E08000021", "E08000021"};
    a.local_authority_name = {"Gateshead", "Gateshead", "Newcastle upon Tyne", "Newcastle upon Tyne"};
    a.ward = {"W1", "W1", "W2", "W2"};
    a.ward_name = {"Felling", "Felling", "Byker", "Byker"};
    a.double_disadvantage = {true, true, false, false};
    a.hotspot_cluster = {"High-High", "Not significant", "Low-Low", "Not significant"};
    for (size_t i = 0; i < 4; ++i) in_.population[a.ids[i]] = a.population[i];
    in_.imd_ids = a.ids;
    in_.imd_scores = {10, 20, 30, 40};
    in_.given = std::unordered_map<std::string, std::string>{
        {a.ids[0], "N1"}, {a.ids[1], "N1"}, {a.ids[2], "N2"}, {a.ids[3], "N2"}};
    in_.weights = &weights_;
    RiskIndicator v{.name = "Value", .column = "v"};
    v.value = {{a.ids[0], 1}, {a.ids[1], 1}, {a.ids[2], 3}, {a.ids[3], 3}};
    in_.risks = {v};
  }
  geo::PolygonLayer layer_;
  geo::SpatialWeights weights_;
  AtlasInput in_;
};

// Issue 12: names, an indicator reported but not in the risk score, the
// earlier IMD's change, the three-group comparison, and England's value
// over the IMD's areas only (a Census table may also hold Wales).
TEST_F(AtlasFixture, NamesChangeGroupsAndReportedOnlyIndicators) {
  const AtlasAreas& a = in_.areas;
  RiskIndicator ratio{.name = "Bad health", .column = "bad_health_sr", .counts = true};
  ratio.count = {{a.ids[0], {10, 100}}, {a.ids[1], {30, 300}}, {a.ids[2], {10, 200}}, {a.ids[3], {30, 200}},
                 {"W01000001", {1000, 1000}}};  // Welsh: not England
  ratio.expected = {{a.ids[0], 10}, {a.ids[1], 30}, {a.ids[2], 20}, {a.ids[3], 20}, {"W01000001", 10}};
  RiskIndicator reported = ratio;
  reported.column = "bad_health_sdr";
  reported.in_risk = false;
  reported.standardisation = "age and IMD 2019 decile";
  in_.risks.push_back(ratio);
  in_.risks.push_back(reported);
  in_.previous = PreviousDeprivation{"IMD 2019", a.ids, {40, 20, 30, 10}, {1, 3, 2, 4}};
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->names, (std::vector<std::string>{"Gateshead: Felling", "Newcastle upon Tyne: Byker"}));
  // England = (10 + 30 + 10 + 30) / (10 + 30 + 20 + 20) x 100: Wales left out.
  EXPECT_DOUBLE_EQ(r->indicators[1].england, 100);
  // The risk score is v and bad_health_sr; bad_health_sdr is reported only.
  Result<AtlasResult> without = [&] {
    AtlasInput in = in_;
    in.risks.pop_back();
    return ComputeAtlas(in);
  }();
  ASSERT_TRUE(without);
  EXPECT_EQ(r->risk_score, without->risk_score);
  EXPECT_FALSE(r->indicators[2].in_risk);
  // The earlier IMD: N1 (40, 20 by 100, 300) = 25 then, (10, 20) = 17.5 now.
  ASSERT_TRUE(r->change);
  EXPECT_DOUBLE_EQ(r->change->score_before[0], 25);
  EXPECT_DOUBLE_EQ(r->change->score_after[0], 17.5);
  EXPECT_EQ(r->area_previous_rank[0], 1);
  Result<Table> change = ChangeTable(*r);
  ASSERT_TRUE(change) << change.error().message;
  EXPECT_EQ(change->num_rows(), 2u);
  EXPECT_TRUE(change->Find("name") && change->Find("imd_decile1_share_change"));
  // Three groups over the areas: doubly disadvantaged (areas 0, 1), the other
  // most deprived decile (none here), the rest.
  ASSERT_EQ(r->groups.size(), 2u);
  EXPECT_EQ(r->group_areas, (std::vector<double>{2, 0, 2}));
  EXPECT_DOUBLE_EQ(r->groups[0].ratio[0].ratio.value, 100);  // (10 + 30) / (10 + 30)
  EXPECT_DOUBLE_EQ(r->groups[0].ratio[2].ratio.value, 100);  // (10 + 30) / (20 + 20)
  Result<Table> groups = GroupComparisonTable(*r);
  ASSERT_TRUE(groups);
  EXPECT_EQ(groups->num_rows(), 6u);
  EXPECT_NE(DescribeGroupComparison(*r).find("bad_health_sdr (standardised for age and IMD 2019 decile"),
            std::string::npos);
  // Per area and per neighbourhood tables carry the names and the ratios.
  Result<Table> nt = NeighbourhoodTable(*r);
  Result<Table> at = AreaTable(in_, *r);
  ASSERT_TRUE(nt && at);
  EXPECT_EQ(nt->name(1), "name");
  EXPECT_TRUE(at->Find("neighbourhood_name") && at->Find("bad_health_sr_upper95_0cl") && at->Find("imd_decile_previous"));
}

// Issue 8 item 3: an LSOA with no IMD score used to add 0 to its
// neighbourhood's population-weighted score: (100 x 10 + 300 x 0) / 400 =
// 2.5. Left out, the score is that of the scored LSOA: 10.
TEST_F(AtlasFixture, AnAreaWithoutAnImdScoreIsLeftOutNotZero) {
  in_.imd_scores[1] = NAN;
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_DOUBLE_EQ(r->imd_score[0], 10);
  EXPECT_DOUBLE_EQ(r->imd_score[1], (200 * 30 + 200 * 40) / 400.0);
  EXPECT_EQ(r->areas_without_imd, 1u);
  EXPECT_TRUE(std::isnan(r->area_imd_score[1]));
  // No scored area at all: no score, not 0.
  in_.imd_scores[0] = NAN;
  r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(std::isnan(r->imd_score[0]));
  EXPECT_NE(DescribeAtlas("t", *r, "given.csv", 2).find("2 LSOAs have no IMD score"), std::string::npos);
}

// Issue 8 item 3: a given neighbourhood across two local authorities used
// to take the authority of its first area. Both are listed now, the one
// with most residents first (Gateshead 100, Newcastle 200 + 200 here).
TEST_F(AtlasFixture, GivenNeighbourhoodsAcrossAuthoritiesListThemAll) {
  in_.given = std::unordered_map<std::string, std::string>{
      {in_.areas.ids[0], "N1"}, {in_.areas.ids[1], "N2"}, {in_.areas.ids[2], "N1"}, {in_.areas.ids[3], "N1"}};
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->ids, (std::vector<std::string>{"N1", "N2"}));
  EXPECT_EQ(r->local_authority[0], "E08000021; E08000037");
  EXPECT_EQ(r->local_authority_name[0], "Newcastle upon Tyne; Gateshead");
  EXPECT_EQ(r->local_authority[1], "E08000037");
  EXPECT_EQ(r->spanning_authorities, 1u);
  EXPECT_FALSE(r->contiguous);  // N1 = areas 0, 2, 3: area 0 does not touch 2
}

// Issue 8 item 3: with no [[risk]] every risk score was 0 and the priority
// list followed file order.
TEST_F(AtlasFixture, NoRiskIndicatorIsAnError) {
  in_.risks.clear();
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no [[risk]] indicator"), std::string::npos) << r.error().message;
}

// Risk by hand: three neighbourhoods with values 1, 2, 6 (mean 3, sd
// sqrt(7)) give z = -2/sqrt7, -1/sqrt7, 3/sqrt7; higher is worse, so N3
// ranks first, and with top = middle = 1/3 the tiers are 3, 2, 1. A
// second, higher-is-better indicator with weight 3 and values 6, 2, 1
// (z = 3/sqrt7, -1/sqrt7, -2/sqrt7) enters with its sign flipped.
TEST_F(AtlasFixture, RiskScoreOrderAndTiersByHand) {
  in_.given = std::unordered_map<std::string, std::string>{
      {in_.areas.ids[0], "N1"}, {in_.areas.ids[1], "N1"}, {in_.areas.ids[2], "N2"}, {in_.areas.ids[3], "N3"}};
  const auto& ids = in_.areas.ids;
  in_.risks[0].value = {{ids[0], 1}, {ids[1], 1}, {ids[2], 2}, {ids[3], 6}};
  in_.tier_top = 1.0 / 3;
  in_.tier_middle = 1.0 / 3;
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  const double s7 = std::sqrt(7.0);
  EXPECT_NEAR(r->risk_score[0], -2 / s7, 1e-12);
  EXPECT_NEAR(r->risk_score[1], -1 / s7, 1e-12);
  EXPECT_NEAR(r->risk_score[2], 3 / s7, 1e-12);
  EXPECT_EQ(r->priority_order, (std::vector<size_t>{2, 1, 0}));
  EXPECT_EQ(r->tier, (std::vector<double>{3, 2, 1}));
  RiskIndicator good{.name = "Good", .column = "g", .higher_is_worse = false, .weight = 3};
  good.value = {{ids[0], 6}, {ids[1], 6}, {ids[2], 2}, {ids[3], 1}};
  in_.risks.push_back(good);
  r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NEAR(r->risk_score[0], (-2 / s7 - 3 * 3 / s7) / 4, 1e-12);
  EXPECT_NEAR(r->risk_score[2], (3 / s7 + 3 * 2 / s7) / 4, 1e-12);
  EXPECT_EQ(r->priority_order[0], 2u);
}

// A count indicator: 10 of 100 in N1 gives the Wilson 95% interval
// 0.05523 to 0.17437, by hand: (p + z^2/2n +- z sqrt(p q / n + z^2 / 4n^2))
// / (1 + z^2 / n) with p = 0.1, n = 100, z = 1.959964.
TEST_F(AtlasFixture, CountIndicatorsCarryWilsonIntervals) {
  const auto& ids = in_.areas.ids;
  RiskIndicator c{.name = "Bad health", .column = "bad", .counts = true};
  c.count = {{ids[0], {4, 40}}, {ids[1], {6, 60}}, {ids[2], {30, 100}}, {ids[3], {30, 100}}};
  in_.risks = {c};
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  const IndicatorProfile& p = r->indicators[0];
  EXPECT_DOUBLE_EQ(p.value[0], 0.1);
  EXPECT_NEAR(p.lower95[0], 0.0552291, 1e-6);
  EXPECT_NEAR(p.upper95[0], 0.1743657, 1e-6);
  EXPECT_DOUBLE_EQ(p.england, 70.0 / 300);
  EXPECT_EQ(p.vs_england[0], "Better");  // 0.174 < 0.233, lower is better
  Result<Table> t = NeighbourhoodTable(*r);
  ASSERT_TRUE(t) << t.error().message;
  for (const char* col : {"bad", "bad_lower95_0cl", "bad_upper95_0cl", "bad_vs_england", "local_authority_name"}) {
    EXPECT_TRUE(t->Find(col)) << col;
  }
}

TEST_F(AtlasFixture, ProfilesAndNames) {
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->population, (std::vector<double>{400, 400}));
  EXPECT_DOUBLE_EQ(r->imd_score[0], (100 * 10 + 300 * 20) / 400.0);
  EXPECT_DOUBLE_EQ(r->double_disadvantage_share[0], 1);
  EXPECT_DOUBLE_EQ(r->hotspot_share[0], 0.25);  // only High-High counts
  EXPECT_DOUBLE_EQ(r->hotspot_share[1], 0);
  EXPECT_EQ(r->local_authority_name[1], "Newcastle upon Tyne");
  Result<Table> t = AreaTable(in_, *r);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->text(*t->Find("lsoa11_name"))[0], "Gateshead 001A");
  EXPECT_EQ(t->text(*t->Find("ward17_name"))[3], "Byker");
}

TEST_F(AtlasFixture, GivenNeighbourhoodsMustCoverTheExtent) {
  in_.given->erase(in_.areas.ids[3]);
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("assigns no neighbourhood to 1 areas"), std::string::npos) << r.error().message;
}

// Issue 8 item 6: the Methods text comes from the options of the run: a
// 99-permutation run without FDR used to be described as "999 ... FDR".
TEST_F(AtlasFixture, MethodsDescribeTheRunsOptions) {
  Result<AtlasResult> r = ComputeAtlas(in_);
  ASSERT_TRUE(r) << r.error().message;
  MethodsInput m{.permutations = 99, .seed = 7, .fdr = false, .alpha = 0.05, .hotspot_value = "CIDR",
                 .given_source = "my_neighbourhoods.csv"};
  std::string all;
  for (const std::string& line : DescribeMethods(m, *r)) all += line + "\n";
  EXPECT_NE(all.find("99 conditional permutations"), std::string::npos) << all;
  EXPECT_EQ(all.find("999"), std::string::npos) << all;
  EXPECT_NE(all.find("no FDR correction"), std::string::npos) << all;
  EXPECT_NE(all.find("seed 7"), std::string::npos) << all;
  EXPECT_NE(all.find("given by the user (my_neighbourhoods.csv)"), std::string::npos) << all;
  EXPECT_NE(all.find("weights v 1"), std::string::npos) << all;
  m.fdr = true;
  m.permutations = 999;
  all.clear();
  for (const std::string& line : DescribeMethods(m, *r)) all += line + "\n";
  EXPECT_NE(all.find("999 conditional permutations"), std::string::npos) << all;
  EXPECT_NE(all.find("Benjamini-Hochberg FDR 0.05"), std::string::npos) << all;
}

}  // namespace
}  // namespace nhood::atlas
