#include "nhood/atlas/ward_classification.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::atlas {
namespace {

// Ten wards of two LSOAs each (LSOA Lk belongs to ward W(k / 2)); at 10%
// one ward is flagged on each measure. W9 is the most deprived
// (LSOA scores 90 and 110, weights 1 and 3: (90 + 330) / 4 = 105) and the
// most in need, so it alone is doubly disadvantaged.
ClassificationInput TenWards() {
  ClassificationInput in;
  for (int w = 0; w < 10; ++w) {
    in.units.push_back("W" + std::to_string(w));
    in.need.push_back(w);
    for (int k = 0; k < 2; ++k) {
      const std::string id = "L" + std::to_string(2 * w + k);
      in.small_ids.push_back(id);
      in.small_score.push_back(10 * w + (k ? 20 : 0));
      in.unit_of[id] = "W" + std::to_string(w);
      in.population[id] = k ? 3 : 1;
    }
  }
  in.small_ids.push_back("L99");  // not in the lookup: left out, counted
  in.small_score.push_back(1000);
  in.percent = 10;
  return in;
}

TEST(WardClassification, FlagsTheUnitsHighOnBoth) {
  ClassificationInput in = TenWards();
  in.published = {"FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "FALSE", "TRUE", "TRUE"};
  Result<Classification> c = Classify(in);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_DOUBLE_EQ(c->deprivation[9], 105);
  EXPECT_DOUBLE_EQ(c->deprivation[0], 15);
  EXPECT_EQ(c->flagged, 1u);
  EXPECT_TRUE(c->flag[9]);
  EXPECT_EQ(c->small_areas_left_out, 1u);
  ASSERT_TRUE(c->compared);
  EXPECT_EQ(c->confusion[1][1], 1);  // W9
  EXPECT_EQ(c->confusion[0][1], 1);  // W8, published only
  EXPECT_EQ(c->confusion[0][0], 8);
  in.percent = 0;
  EXPECT_FALSE(Classify(in));
}

// Health in the three groups: doubly disadvantaged W9 (20 of 100),
// other equally deprived none at 10% of 10 wards... so make the
// deprivation cut 20%: W8 is deprived but not in need enough.
TEST(WardClassification, HealthRateRatiosAcrossTheGroups) {
  ClassificationInput in = TenWards();
  in.percent = 20;  // two wards per measure: W8, W9 on both -> both flagged
  in.need[8] = -1;  // W8 no longer in need: "other equally deprived"
  Result<Classification> c = Classify(in);
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c->flag[9]);
  ASSERT_FALSE(c->flag[8]);
  const SmallAreaGroups g = GroupSmallAreas(in, *c);
  EXPECT_EQ(g.group.at("L18"), 0);
  EXPECT_EQ(g.group.at("L16"), 1);
  EXPECT_EQ(g.group.at("L0"), 2);
  AreaIndicatorValues bad{.name = "Bad health", .counts = true};
  bad.count = {{"L18", {10, 50}}, {"L19", {10, 50}}, {"L16", {5, 50}}, {"L17", {5, 50}}};
  for (int k = 0; k < 16; ++k) bad.count["L" + std::to_string(k)] = {5, 50};
  const HealthComparison h = CompareHealth(bad, g);
  EXPECT_DOUBLE_EQ(h.group_value[0], 0.2);
  EXPECT_DOUBLE_EQ(h.group_value[1], 0.1);
  EXPECT_DOUBLE_EQ(h.group_value[2], 0.1);
  EXPECT_DOUBLE_EQ(h.vs_deprived.ratio, 2);
  EXPECT_EQ(h.measure, "ratio");
  Result<Table> t = HealthTable({h});
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->num_rows(), 1u);
  EXPECT_TRUE(t->Find("vs_rest_significance"));
}

}  // namespace
}  // namespace nhood::atlas
