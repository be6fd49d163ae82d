#include "nhood/evaluate/matching.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace nhood::evaluate {
namespace {

// Units 0-1 treated; 2-5 comparison, on two covariates.
std::vector<Covariate> TwoCovariates() {
  return {{"a", {0.0, 10.0, 0.1, 9.0, 5.0, 20.0}}, {"b", {1.0, 2.0, 1.2, 2.5, 0.0, 7.0}}};
}
const std::vector<bool> kTreated = {true, true, false, false, false, false};

TEST(MahalanobisMatch, TakesTheNearestComparatorByHandComputedDistance) {
  Result<MatchingResult> r = MahalanobisMatch(TwoCovariates(), kTreated, {}, {.ratio = 1});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->pairs.size(), 2u);
  EXPECT_EQ(r->pairs[0].treated, 0u);
  EXPECT_EQ(r->pairs[0].comparison, 2u);
  EXPECT_EQ(r->pairs[1].treated, 1u);
  EXPECT_EQ(r->pairs[1].comparison, 3u);
  // Pooled within-group covariance by hand: treated (0,1),(10,2); comparison
  // (0.1,1.2),(9,2.5),(5,0),(20,7); S = (scatter_t + scatter_c) / (6 - 2).
  const double ta = 5, tb = 1.5, ca = (0.1 + 9 + 5 + 20) / 4, cb = (1.2 + 2.5 + 0 + 7) / 4;
  const std::vector<std::array<double, 2>> t = {{0, 1}, {10, 2}}, c = {{0.1, 1.2}, {9, 2.5}, {5, 0}, {20, 7}};
  double saa = 0, sab = 0, sbb = 0;
  for (const auto& v : t) saa += (v[0] - ta) * (v[0] - ta), sab += (v[0] - ta) * (v[1] - tb), sbb += (v[1] - tb) * (v[1] - tb);
  for (const auto& v : c) saa += (v[0] - ca) * (v[0] - ca), sab += (v[0] - ca) * (v[1] - cb), sbb += (v[1] - cb) * (v[1] - cb);
  saa /= 4, sab /= 4, sbb /= 4;
  const double det = saa * sbb - sab * sab;
  const double da = 0 - 0.1, db = 1 - 1.2;
  const double d2 = (sbb * da * da - 2 * sab * da * db + saa * db * db) / det;
  EXPECT_NEAR(r->pairs[0].distance, std::sqrt(d2), 1e-12);
  EXPECT_EQ(r->matched_treated, 2u);
  EXPECT_EQ(r->distinct_comparisons, 2u);
  EXPECT_DOUBLE_EQ(r->comparison_weight[2], 1.0);
  EXPECT_DOUBLE_EQ(r->comparison_weight[4], 0.0);
}

TEST(MahalanobisMatch, RatioSharesTheWeightAndReplacementReusesComparators) {
  // Both treated units sit by unit 2: with replacement both take it.
  std::vector<Covariate> cov = {{"a", {0.0, 0.05, 0.1, 9.0, 5.0, 20.0}}, {"b", {1.0, 1.1, 1.2, 2.5, 0.0, 7.0}}};
  Result<MatchingResult> with = MahalanobisMatch(cov, kTreated, {}, {.ratio = 2, .replacement = true});
  ASSERT_TRUE(with);
  EXPECT_EQ(with->pairs.size(), 4u);
  EXPECT_DOUBLE_EQ(with->pairs[0].weight, 0.5);
  EXPECT_DOUBLE_EQ(with->comparison_weight[2], 1.0);  // 0.5 from each treated unit
  Result<MatchingResult> without = MahalanobisMatch(cov, kTreated, {}, {.ratio = 1, .replacement = false});
  ASSERT_TRUE(without);
  ASSERT_EQ(without->pairs.size(), 2u);
  EXPECT_EQ(without->pairs[0].comparison, 2u);
  EXPECT_NE(without->pairs[1].comparison, 2u);  // used by the first treated unit
}

TEST(MahalanobisMatch, CaliperAndStrataLeaveFarTreatedUnitsUnmatched) {
  Result<MatchingResult> r = MahalanobisMatch(TwoCovariates(), kTreated, {0, 1, 1, 1, 0, 0}, {.ratio = 1});
  ASSERT_TRUE(r);
  // Treated 0 may only use 4 or 5 (its stratum).
  EXPECT_TRUE(r->pairs[0].comparison == 4u || r->pairs[0].comparison == 5u);
  Result<MatchingResult> tight = MahalanobisMatch(TwoCovariates(), kTreated, {0, 1, 1, 1, 0, 0},
                                                  {.ratio = 1, .caliper = 1e-6});
  ASSERT_TRUE(tight);
  EXPECT_EQ(tight->matched_treated, 0u);
  EXPECT_EQ(tight->unmatched_treated, 2u);
  EXPECT_TRUE(tight->pairs.empty());
}

TEST(MahalanobisMatch, SameOnOneAndTwoThreads) {
  std::vector<Covariate> cov(3);
  std::vector<bool> treated;
  for (int i = 0; i < 600; ++i) {
    treated.push_back(i % 7 == 0);
    for (int k = 0; k < 3; ++k) cov[k].values.push_back(std::sin(i * (k + 1.3)) + (treated.back() ? 0.3 : 0));
  }
  for (int k = 0; k < 3; ++k) cov[k].name = "x" + std::to_string(k);
  Result<MatchingResult> one = MahalanobisMatch(cov, treated, {}, {.ratio = 3, .threads = 1});
  Result<MatchingResult> two = MahalanobisMatch(cov, treated, {}, {.ratio = 3, .threads = 2});
  ASSERT_TRUE(one && two);
  ASSERT_EQ(one->pairs.size(), two->pairs.size());
  for (size_t i = 0; i < one->pairs.size(); ++i) {
    EXPECT_EQ(one->pairs[i].comparison, two->pairs[i].comparison);
    EXPECT_EQ(one->pairs[i].distance, two->pairs[i].distance);
  }
}

TEST(MahalanobisMatch, RefusesConstantOrCollinearCovariates) {
  std::vector<Covariate> constant = {{"a", {1, 2, 3, 4, 5, 6}}, {"flat", {1, 1, 1, 1, 1, 1}}};
  Result<MatchingResult> r = MahalanobisMatch(constant, kTreated, {}, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("'flat' does not vary"), std::string::npos) << r.error().message;
  std::vector<Covariate> twice = {{"a", {1, 2, 3, 4, 5, 7}}, {"a2", {2, 4, 6, 8, 10, 14}}};
  EXPECT_FALSE(MahalanobisMatch(twice, kTreated, {}, {}));
  std::vector<Covariate> missing = {{"a", {1, NAN, 3, 4, 5, 7}}};
  EXPECT_FALSE(MahalanobisMatch(missing, kTreated, {}, {}));
  EXPECT_FALSE(MahalanobisMatch(TwoCovariates(), kTreated, {}, {.ratio = 0}));
}

// Twelve units, two covariates; the oracle is R 4.2 glm():
//   x1 <- 1:12; x2 <- c(0.5, 1.5, 0.2, 2.2, 1.1, 0.3, 2.8, 1.9, 0.7, 2.5, 1.2, 3.0)
//   t <- c(0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1)
//   m <- glm(t ~ x1 + x2, family = binomial); fitted(m); m$iter  # 5 iterations
std::vector<Covariate> TwelveUnits() {
  return {{"x1", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
          {"x2", {0.5, 1.5, 0.2, 2.2, 1.1, 0.3, 2.8, 1.9, 0.7, 2.5, 1.2, 3.0}}};
}
const std::vector<bool> kTwelveTreated = {false, false, false, true, false, false,
                                          true,  false, true,  true, false, true};
constexpr double kGlmFitted[] = {0.026203335675528138, 0.185664535339500336, 0.022154242500241061,
                                 0.570161085851153326, 0.162493053707240626, 0.048235926590698398,
                                 0.886360389640873825, 0.626768429685624184, 0.168370618477093337,
                                 0.889537225217950311, 0.444512178425247428, 0.969538979011502211};

TEST(PropensityMatch, FittedScoresAreRGlmsLogisticRegression) {
  Result<MatchingResult> r = PropensityMatch(TwelveUnits(), kTwelveTreated, {}, {.ratio = 1});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->propensity.size(), 12u);
  for (size_t u = 0; u < 12; ++u) EXPECT_NEAR(r->propensity[u], kGlmFitted[u], 1e-10) << u;
  EXPECT_EQ(r->iterations, 5);  // as glm.fit, from the same start and with the same stopping rule
}

// Nearest on the logit, in units of its pooled SD; the caliper (0.2 SD,
// Austin 2011) leaves out a treated unit with no comparator that close.
TEST(PropensityMatch, MatchesOnTheLogitWithinACaliperInSdUnits) {
  auto logit = [](double p) { return std::log(p / (1 - p)); };
  std::vector<double> lt, lc;
  for (size_t u = 0; u < 12; ++u) (kTwelveTreated[u] ? lt : lc).push_back(logit(kGlmFitted[u]));
  auto var = [](const std::vector<double>& v) {
    double m = 0, s = 0;
    for (double x : v) m += x;
    m /= v.size();
    for (double x : v) s += (x - m) * (x - m);
    return s / (v.size() - 1);
  };
  const double sd = std::sqrt((var(lt) + var(lc)) / 2);
  Result<MatchingResult> r = PropensityMatch(TwelveUnits(), kTwelveTreated, {}, {.ratio = 1});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NEAR(r->logit_sd, sd, 1e-8);
  ASSERT_EQ(r->pairs.size(), 5u);  // no caliper: every treated unit matched
  for (const MatchedPair& p : r->pairs) {
    const double d = std::fabs(logit(kGlmFitted[p.treated]) - logit(kGlmFitted[p.comparison])) / sd;
    EXPECT_NEAR(p.distance, d, 1e-7);
    for (size_t c = 0; c < 12; ++c) {  // nothing untreated is nearer
      if (kTwelveTreated[c]) continue;
      EXPECT_GE(std::fabs(logit(kGlmFitted[p.treated]) - logit(kGlmFitted[c])) / sd, d - 1e-9) << p.treated;
    }
  }
  // Unit 3 (0.570) is nearest to unit 7 (0.627); unit 11 (0.970) has nothing near.
  EXPECT_EQ(r->pairs[0].treated, 3u);
  EXPECT_EQ(r->pairs[0].comparison, 7u);
  Result<MatchingResult> tight = PropensityMatch(TwelveUnits(), kTwelveTreated, {}, {.ratio = 1, .caliper = 0.2});
  ASSERT_TRUE(tight);
  for (const MatchedPair& p : tight->pairs) EXPECT_LE(p.distance, 0.2);
  EXPECT_GT(tight->unmatched_treated, 0u);
  EXPECT_FALSE(tight->treated_matched[11]);
  // Match() dispatches on the method.
  Result<MatchingResult> via = Match(TwelveUnits(), kTwelveTreated, {},
                                     {.method = MatchingMethod::kPropensity, .ratio = 1, .caliper = 0.2});
  ASSERT_TRUE(via);
  EXPECT_EQ(via->pairs.size(), tight->pairs.size());
  EXPECT_EQ(std::string(MatchingMethodName(MatchingMethod::kPropensity)), "propensity");
}

// Matching on the score improves balance on a confounded sample, and the
// answer is the same on one and on two threads.
TEST(PropensityMatch, ImprovesBalanceAndIsTheSameOnOneAndTwoThreads) {
  std::vector<Covariate> cov = {{"a", {}}, {"b", {}}};
  std::vector<bool> treated;
  for (int i = 0; i < 2000; ++i) {
    const double a = std::sin(i * 1.7) * 2, b = std::cos(i * 0.9 + 0.4);
    const double p = 1 / (1 + std::exp(-(-2 + 1.2 * a + 0.8 * b)));
    treated.push_back(std::fmod(std::fabs(std::sin(i * 12.9898) * 43758.5453), 1.0) < p);
    cov[0].values.push_back(a);
    cov[1].values.push_back(b);
  }
  Result<MatchingResult> one = PropensityMatch(cov, treated, {}, {.ratio = 1, .caliper = 0.2, .threads = 1});
  Result<MatchingResult> two = PropensityMatch(cov, treated, {}, {.ratio = 1, .caliper = 0.2, .threads = 2});
  ASSERT_TRUE(one && two) << (one ? two.error().message : one.error().message);
  ASSERT_EQ(one->pairs.size(), two->pairs.size());
  for (size_t i = 0; i < one->pairs.size(); ++i) EXPECT_EQ(one->pairs[i].comparison, two->pairs[i].comparison);
  for (const BalanceRow& b : BalanceTable(cov, treated, *one)) {
    EXPECT_GT(std::fabs(b.smd_before), 0.3) << b.covariate;
    EXPECT_LT(std::fabs(b.smd_after), 0.1) << b.covariate;
  }
}

TEST(PropensityMatch, RefusesSeparationAndConstantCovariates) {
  // x separates the groups: every treated unit above every comparison unit.
  std::vector<Covariate> separated = {{"x", {10, 11, 1, 2, 3, 4}}};
  Result<MatchingResult> r = PropensityMatch(separated, kTreated, {}, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("separate"), std::string::npos) << r.error().message;
  std::vector<Covariate> constant = {{"a", {1, 2, 3, 4, 5, 6}}, {"flat", {1, 1, 1, 1, 1, 1}}};
  r = PropensityMatch(constant, kTreated, {}, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("'flat' does not vary"), std::string::npos) << r.error().message;
}

TEST(BalanceTable, StandardisedMeanDifferencesByHand) {
  std::vector<Covariate> cov = {{"a", {1.0, 3.0, 0.0, 4.0, 8.0, 2.0}}};
  MatchingResult m;
  m.treated_matched = {true, true, false, false, false, false};
  m.comparison_weight = {0, 0, 0.5, 1.5, 0, 0};
  const std::vector<BalanceRow> b = BalanceTable(cov, kTreated, m);
  ASSERT_EQ(b.size(), 1u);
  // Treated mean 2, var 2; comparison mean 3.5, var (12.25+0.25+20.25+2.25)/3 = 35/3.
  const double sd = std::sqrt((2.0 + 35.0 / 3) / 2);
  EXPECT_DOUBLE_EQ(b[0].mean_treated, 2.0);
  EXPECT_DOUBLE_EQ(b[0].mean_comparison_before, 3.5);
  EXPECT_NEAR(b[0].smd_before, (2 - 3.5) / sd, 1e-15);
  EXPECT_DOUBLE_EQ(b[0].mean_comparison_after, (0.5 * 0 + 1.5 * 4) / 2.0);
  EXPECT_NEAR(b[0].smd_after, (2 - 3.0) / sd, 1e-15);
}

}  // namespace
}  // namespace nhood::evaluate
