// Unit tests of the survey numerics. The full agreement with R survey 4.1-1
// (the shared cases and fresh random designs) runs through the `nhood survey
// estimate` command in apps/cli/survey_command_test.cc.
#include <gtest/gtest.h>

#include <cmath>

#include "nhood/stats/survey_ciprop.h"
#include "nhood/stats/survey_design.h"
#include "nhood/stats/survey_estimate.h"
#include "nhood/stats/survey_rake.h"

namespace nhood::stats {
namespace {

TEST(InverseFmmSpline, MatchesRSplineThenApprox) {
  // R 4.2.2: x <- c(-0.5,-0.3,-0.1,0,0.2,0.35,0.6); y <- c(-2.9,-1.7,-0.6,0,1.1,1.9,3.2)
  // sp <- spline(x, y); approx(sp$y, sp$x, xout = c(-2.5, -1.2345, 0.3, 2.9))$y
  const std::vector<double> x = {-0.5, -0.3, -0.1, 0, 0.2, 0.35, 0.6};
  const std::vector<double> y = {-2.9, -1.7, -0.6, 0, 1.1, 1.9, 3.2};
  const std::vector<double> at = {-2.5, -1.2345, 0.3, 2.9, 3.5};
  const std::vector<double> got = InverseFmmSpline(x, y, at);
  EXPECT_NEAR(got[0], -0.43808632518698642, 1e-15);
  EXPECT_NEAR(got[1], -0.21384734694342397, 1e-15);
  EXPECT_NEAR(got[2], 0.052170175600769829, 1e-15);
  EXPECT_NEAR(got[3], 0.54154273861612279, 1e-15);
  EXPECT_TRUE(std::isnan(got[4]));  // outside the range: approx's rule = 1
}

DesignInput TwoStrata() {
  DesignInput in;
  in.weight = {10, 20, 10, 30, 15, 15};
  in.stratum = {"a", "a", "a", "b", "b", "b"};
  in.psu = {"1", "1", "2", "1", "2", "3"};
  return in;
}

TEST(SurveyDesign, VarianceByHand) {
  // Total of y with influence w*y: PSU totals a: {30, 10}, b: {30, 15, 15}.
  // V = 2/1 * ((30-20)^2 + (10-20)^2) + 3/2 * ((30-20)^2 + 2 (15-20)^2) = 400 + 225.
  Result<SurveyDesign> d = MakeSurveyDesign(TwoStrata());
  ASSERT_TRUE(d) << d.error().message;
  const std::vector<double> x = {10, 20, 10, 30, 15, 15};
  EXPECT_DOUBLE_EQ(DesignVariance(*d, x, {1, 1}), 625.0);
  EXPECT_EQ(d->stratum_psus, (std::vector<int>{2, 3}));
}

TEST(SurveyDesign, RefusesBadWeightsAndLonelyPsuUnderFail) {
  DesignInput in = TwoStrata();
  in.weight[4] = 0;
  in.where = [](size_t r) { return "s.csv: row " + std::to_string(r + 1); };
  Result<SurveyDesign> d = MakeSurveyDesign(in);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("s.csv: row 5, column 'weight'"), std::string::npos) << d.error().message;
  in = TwoStrata();
  in.psu = {"1", "1", "1", "1", "2", "3"};  // stratum a has one PSU
  d = MakeSurveyDesign(in);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("stratum 'a' has only one PSU"), std::string::npos) << d.error().message;
  in.lonely = LonelyPsu::kCertainty;
  d = MakeSurveyDesign(in);
  ASSERT_TRUE(d);
  // Certainty: stratum a contributes 0; adjust: its total squared (about 0).
  EXPECT_DOUBLE_EQ(DesignVariance(*d, std::vector<double>{1, 1, 1, 3, 1, 2}, {1, 1}), 1.5 * (1 + 1 + 0));
  d->lonely = LonelyPsu::kAdjust;
  EXPECT_DOUBLE_EQ(DesignVariance(*d, std::vector<double>{1, 1, 1, 3, 1, 2}, {1, 1}), 9 + 3.0);
  d->lonely = LonelyPsu::kAverage;  // a is dropped, b scaled by 2 strata / 1
  EXPECT_DOUBLE_EQ(DesignVariance(*d, std::vector<double>{1, 1, 1, 3, 1, 2}, {1, 1}), 2 * 3.0);
}

TEST(SurveyRake, MatchesBothMarginsAfterConvergence) {
  Result<SurveyDesign> d = MakeSurveyDesign(TwoStrata());
  ASSERT_TRUE(d);
  std::vector<RakeMargin> m(2);
  m[0] = {{0, 1, 0, 1, 0, 1}, {60, 40}};
  m[1] = {{0, 0, 1, 1, 1, 0}, {30, 70}};
  Result<RakeReport> rep = Rake(&*d, m);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_TRUE(rep->converged);
  double s0 = 0, s1 = 0;
  for (size_t r = 0; r < 6; ++r) (m[0].level[r] == 0 ? s0 : s1) += d->weight[r];
  EXPECT_NEAR(s0, 60, 1.0);
  EXPECT_NEAR(s1, 40, 1.0);
  EXPECT_EQ(d->raking.size(), 2u);
}

TEST(SurveyEstimate, WeightedMeanTotalAndDegf) {
  Result<SurveyDesign> d = MakeSurveyDesign(TwoStrata());
  ASSERT_TRUE(d);
  const std::vector<double> y = {1, 0, 1, 0, 1, NAN};
  const std::vector<int> dom = {0, 0, 0, 0, 0, 0};
  auto e = EstimateDomains(*d, y, dom, 1, {.proportions = true});
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)[0].n, 5);  // the missing y is left out (na.rm)
  EXPECT_DOUBLE_EQ((*e)[0].sum_w, 85);
  EXPECT_DOUBLE_EQ((*e)[0].mean, 35.0 / 85);
  EXPECT_DOUBLE_EQ((*e)[0].total, 35);
  EXPECT_EQ((*e)[0].degf, 4 - 2);  // PSUs touched minus strata touched
  for (int m = 0; m < 6; ++m) {
    EXPECT_LT((*e)[0].ciprop.lower[m], (*e)[0].mean) << kCipropMethodNames[m];
    EXPECT_GT((*e)[0].ciprop.upper[m], (*e)[0].mean) << kCipropMethodNames[m];
  }
}

}  // namespace
}  // namespace nhood::stats
