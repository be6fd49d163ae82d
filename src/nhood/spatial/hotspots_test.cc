#include "nhood/spatial/hotspots.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/geo/contiguity.h"
#include "nhood/geo/test_shapes.h"
#include "nhood/spatial/spdep_permutation.h"
#include "nhood/stats/multiple_testing.h"

namespace nhood::spatial {
namespace {

// A 6 x 6 queen grid with a hot 2 x 2 corner, and its data table as text
// (as a CSV reader gives it), in reverse row order to exercise the join.
class Hotspots : public ::testing::Test {
 protected:
  void SetUp() override {
    nb_ = *geo::ContiguityWeights(geo::testing::Grid(6, 6));
    std::vector<std::string> id, value, cases, pop;
    for (int k = 35; k >= 0; --k) {
      const int r = k / 6, c = k % 6;
      id.push_back(nb_.ids()[k]);
      value.push_back(std::to_string((r < 2 && c < 2) ? 50 + r + c : (r * 5 + c * 3) % 7));
      cases.push_back(std::to_string((r * 6 + c) % 9));
      pop.push_back(std::to_string(1000 + 10 * c));
    }
    (void)data_.AddText("code", id);
    (void)data_.AddText("value", value);
    (void)data_.AddText("cases", cases);
    (void)data_.AddText("pop", pop);
    data_.set_source("data.csv");
  }
  std::vector<double> Column(const Table& t, const std::string& name) { return t.numbers(*t.Find(name)); }
  geo::SpatialWeights nb_;
  Table data_;
  HotspotOptions o_{.id = "code", .value = "value", .permutations = 499, .seed = 5};
};

TEST_F(Hotspots, HotCornerIsHighHighInTheAreasOrder) {
  Result<HotspotResult> r = ComputeHotspots(nb_, data_, o_);
  ASSERT_TRUE(r) << r.error().message;
  const Table& t = r->table;
  ASSERT_EQ(t.num_rows(), 36u);
  EXPECT_EQ(t.text(0), nb_.ids());
  const auto& cluster = t.text(*t.Find("cluster"));
  for (size_t i : {0, 1, 6, 7}) EXPECT_EQ(cluster[i], "High-High") << nb_.ids()[i];
  EXPECT_EQ(r->clusters.at("High-High") + r->clusters.at("Not significant") +
                (r->clusters.count("Low-Low") ? r->clusters.at("Low-Low") : 0) +
                (r->clusters.count("High-Low") ? r->clusters.at("High-Low") : 0) +
                (r->clusters.count("Low-High") ? r->clusters.at("Low-High") : 0),
            36u);
  EXPECT_NE(r->summary.find("nhood's scheme"), std::string::npos) << r->summary;
}

// Item 10 of issue 8: the documented rule is BH over the folded pseudo
// p-values, and clusters at --fdr use those adjusted values.
TEST_F(Hotspots, FdrIsBenjaminiHochbergOfTheFoldedPseudoP) {
  o_.fdr = true;
  o_.alpha = 0.05;
  Result<HotspotResult> r = ComputeHotspots(nb_, data_, o_);
  ASSERT_TRUE(r) << r.error().message;
  const auto p = Column(r->table, "moran_p_sim");
  const auto fdr = Column(r->table, "moran_p_fdr");
  const auto want = stats::BenjaminiHochberg(p);
  size_t compared = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(fdr[i], want[i]) << i;
    EXPECT_LE(p[i], 0.5 + 1.0 / 500);  // folded: never above (R/2 + 1)/(R + 1)
    ++compared;
  }
  EXPECT_EQ(compared, 36u);
  const auto& cluster = r->table.text(*r->table.Find("cluster"));
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(cluster[i] != "Not significant", fdr[i] <= 0.05) << i;
  }
  EXPECT_NE(r->summary.find("BH FDR (of the folded pseudo p-values) <= 0.05"), std::string::npos) << r->summary;
}

TEST_F(Hotspots, SpdepSchemeTakesLocalMoranPFromSpdepDraws) {
  o_.scheme = PermutationScheme::kSpdep;
  Result<HotspotResult> r = ComputeHotspots(nb_, data_, o_);
  ASSERT_TRUE(r) << r.error().message;
  std::vector<double> x(36);
  for (size_t k = 0; k < 36; ++k) x[35 - k] = std::stod(data_.text(1)[k]);
  auto spdep = *SpdepLocalMoranPermutation(x, nb_.RowStandardised(), 499, 5);
  EXPECT_EQ(Column(r->table, "moran_p_sim"), spdep.p_folded);
  EXPECT_EQ(Column(r->table, "moran_p_sim_rank"), spdep.p_rank);
  Result<HotspotResult> own = ComputeHotspots(nb_, data_, {.id = "code", .value = "value", .permutations = 499, .seed = 5});
  EXPECT_NE(Column(own->table, "moran_p_sim"), spdep.p_folded);  // the two schemes' draws differ
  EXPECT_NE(r->summary.find("localmoran_perm(nsim = 499, iseed = 5)"), std::string::npos) << r->summary;
  o_.draws = "shared";
  EXPECT_FALSE(ComputeHotspots(nb_, data_, o_).has_value());
  EXPECT_EQ(ParsePermutationScheme("spdeep").error().message, "--permutation-scheme 'spdeep': expected nhood or spdep");
}

// Rate-smoothing errors name the file, the row and the column (issue 8,
// item 11): the spatial module alone only knew the area.
TEST_F(Hotspots, RateErrorsNameFileRowAndColumn) {
  HotspotOptions o{.id = "code", .numerator = "cases", .denominator = "pop", .smooth = "eb", .permutations = 9};
  Table bad = data_;
  auto cases = bad.text(2);
  cases[3] = "-4";
  Table t;
  (void)t.AddText("code", bad.text(0));
  (void)t.AddText("cases", cases);
  (void)t.AddText("pop", bad.text(3));
  t.set_source("data.csv");
  Result<HotspotResult> r = ComputeHotspots(nb_, t, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "data.csv: row 4 (line 5), column 'cases': area 'r5c2' has a negative count (-4)");
  auto pop = bad.text(3);
  pop[0] = "0";
  Table u;
  (void)u.AddText("code", bad.text(0));
  (void)u.AddText("cases", bad.text(2));
  (void)u.AddText("pop", pop);
  u.set_source("data.csv");
  o.smooth = "eb-local";
  r = ComputeHotspots(nb_, u, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "data.csv: row 1 (line 2), column 'pop': area 'r5c5' has a population that is not positive (0)");
}

TEST(HotspotCluster, LabelsFromQuadrantIslandAndP) {
  EXPECT_EQ(Cluster("High-High", false, 0.01, 0.05), "High-High");
  EXPECT_EQ(Cluster("High-High", false, 0.05, 0.05), "High-High");
  EXPECT_EQ(Cluster("High-High", false, 0.051, 0.05), "Not significant");
  EXPECT_EQ(Cluster("Low-Low", false, NAN, 0.05), "Not significant");
  EXPECT_EQ(Cluster("Low-Low", true, 0.001, 0.05), "Isolated");
}

}  // namespace
}  // namespace nhood::spatial
