#include "nhood/region/zoning_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace nhood::region {
namespace {

geo::Polygon Square(double x0, double y0, double side) {
  return {{geo::Part{geo::Ring{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}}}};
}

// Hand values: group 0 holds x = 1 (pop 1) and x = 3 (pop 3): weighted mean
// 2.5, weighted variance (1 * 2.25 + 3 * 0.25) / 4 = 0.75.
TEST(ZoningSummary, HeterogeneityIsThePopulationWeightedSd) {
  const std::vector<int32_t> group = {0, 0, 1, -1};
  const std::vector<double> pop = {1, 3, 5, 7}, x = {1, 3, 9, 100};
  const std::vector<double> sd = Heterogeneity(group, 2, pop, x);
  ASSERT_EQ(sd.size(), 2u);
  EXPECT_NEAR(sd[0], std::sqrt(0.75), 1e-12);
  EXPECT_EQ(sd[1], 0);
}

// Issue 8 item 1: `nhood regions` without [homogeneity] read an empty
// attribute vector out of bounds. No attribute now means NaN everywhere.
TEST(ZoningSummary, NoAttributeGivesNaNNotACrash) {
  const std::vector<int32_t> group = {0, 0, 1};
  const std::vector<double> pop = {4000, 4000, 9000};
  const std::vector<double> sd = Heterogeneity(group, 2, pop, {});
  ASSERT_EQ(sd.size(), 2u);
  EXPECT_TRUE(std::isnan(sd[0]) && std::isnan(sd[1]));
  Result<ZoningSummary> s = Summarise(group, 2, pop, {}, {Square(0, 0, 2), Square(5, 0, 1)}, 7000, 15000);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(std::isnan(s->mean_heterogeneity));
  EXPECT_EQ(s->population, (std::vector<double>{8000, 9000}));
  EXPECT_DOUBLE_EQ(s->share_within_bounds, 1.0);
  // Polsby-Popper of a square: 4 pi a^2 / (4 a)^2 = pi / 4.
  EXPECT_NEAR(s->polsby_popper[0], std::numbers::pi / 4, 1e-12);
  EXPECT_NEAR(s->mean_polsby_popper, std::numbers::pi / 4, 1e-12);
  ZoningReportInput in;
  const std::vector<std::string> names = {"A-001", "A-002"};
  in.ours = &*s;
  in.names = &names;
  const std::string text = DescribeZoning(in);
  EXPECT_NE(text.find("no homogeneity attribute configured"), std::string::npos) << text;
}

TEST(ZoningSummary, MismatchedInputsAreErrors) {
  EXPECT_FALSE(Summarise(std::vector<int32_t>{0}, 1, std::vector<double>{1, 2}, {}, {Square(0, 0, 1)}, 0, 1));
  EXPECT_FALSE(Summarise(std::vector<int32_t>{0}, 1, std::vector<double>{1}, {}, {}, 0, 1));
}

TEST(ZoningSummary, NamesNumberWithinEachNest) {
  Neighbourhoods n;
  n.count = 3;
  n.nest_of_region = {1, 0, 1};
  EXPECT_EQ(NeighbourhoodNames(n, {"E06000001", "E08000037"}),
            (std::vector<std::string>{"E08000037-001", "E06000001-001", "E08000037-002"}));
}

}  // namespace
}  // namespace nhood::region

namespace nhood::region {
namespace {

// A group whose polygons GEOS could not dissolve arrives empty: no
// Polsby-Popper for it (not 0, not a crash), counted and left out of the mean.
TEST(ZoningSummary, AnUndissolvedGroupHasNoCompactness) {
  const std::vector<int32_t> group = {0, 1};
  const std::vector<double> pop = {1, 1};
  geo::Polygon square{{geo::Part{geo::Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}};
  Result<ZoningSummary> s = Summarise(group, 2, pop, {}, {square, geo::Polygon{}}, 0, 10);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_TRUE(std::isnan(s->polsby_popper[1]));
  EXPECT_EQ(s->without_polygon, 1);
  EXPECT_NEAR(s->mean_polsby_popper, std::numbers::pi / 4, 1e-12);
}

}  // namespace
}  // namespace nhood::region
