#include "nhood/atlas/composite_index.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/base/rng.h"

namespace nhood::atlas {
namespace {

TEST(CompositeIndex, ExponentialTransformRange) {
  const double s[] = {1, 2, 3, 4};
  auto x = ExponentialTransform(s);
  EXPECT_NEAR(x[3], 100, 1e-9);  // the most deprived: R = 1 gives 100
  EXPECT_LT(x[0], x[1]);
  EXPECT_NEAR(x[0], -23 * std::log(1 - 0.25 * (1 - std::exp(-100.0 / 23))), 1e-12);
}

TEST(CompositeIndex, RanksAndDeciles) {
  std::vector<double> s(20);
  for (int i = 0; i < 20; ++i) s[i] = i;
  Ranking r = RankDescending(s);
  EXPECT_EQ(r.rank[19], 1);
  EXPECT_EQ(r.decile[19], 1);
  EXPECT_EQ(r.decile[18], 1);
  EXPECT_EQ(r.decile[17], 2);
  EXPECT_EQ(r.decile[0], 10);
}

TEST(CompositeIndex, StandardisationAndPca) {
  const double x[] = {1, 2, 2, 4};
  auto rn = RankNormalScores(x);
  EXPECT_DOUBLE_EQ(rn[1], rn[2]);  // ties share the average rank
  EXPECT_LT(rn[0], 0);
  auto z = ZScores(x);
  EXPECT_NEAR(z[0] + z[1] + z[2] + z[3], 0, 1e-12);
  std::vector<std::vector<double>> cols = {{1, 2, 3, 4, 5}, {2, 4, 6, 8, 11}, {5, 3, 4, 1, 2}};
  auto w = *PrincipalComponentWeights(cols);
  EXPECT_NEAR(w[0] + w[1] + w[2], 1, 1e-12);
  // Against an eigenvector found independently: power iteration on the
  // correlation matrix computed here. The third indicator loads
  // negatively, so it gets weight 0 and the others share 1 in the ratio of
  // their loadings.
  {
    const size_t p = cols.size(), n = cols[0].size();
    std::vector<std::vector<double>> std_cols = cols;
    for (auto& c : std_cols) {
      double mean = 0, ss = 0;
      for (double v : c) mean += v / n;
      for (double v : c) ss += (v - mean) * (v - mean);
      for (double& v : c) v = (v - mean) / std::sqrt(ss);
    }
    std::vector<std::vector<double>> r(p, std::vector<double>(p, 0));
    for (size_t a = 0; a < p; ++a) {
      for (size_t b = 0; b < p; ++b) {
        for (size_t i = 0; i < n; ++i) r[a][b] += std_cols[a][i] * std_cols[b][i];
      }
    }
    std::vector<double> v(p, 1.0);
    for (int iter = 0; iter < 2000; ++iter) {
      std::vector<double> next(p, 0);
      double norm = 0;
      for (size_t a = 0; a < p; ++a) {
        for (size_t b = 0; b < p; ++b) next[a] += r[a][b] * v[b];
        norm += next[a] * next[a];
      }
      for (size_t a = 0; a < p; ++a) v[a] = next[a] / std::sqrt(norm);
    }
    ASSERT_GT(v[0], 0);
    ASSERT_GT(v[1], 0);
    ASSERT_LT(v[2], 0);
    EXPECT_NEAR(w[0], v[0] / (v[0] + v[1]), 1e-9);
    EXPECT_NEAR(w[1], v[1] / (v[0] + v[1]), 1e-9);
    EXPECT_EQ(w[2], 0);
  }
  // And a case solved by hand: with orthogonal contrasts u, v, t over four
  // areas, x1 = 2u + v and x2 = 2u - v correlate at (4 - 1) / (4 + 1) = 0.6
  // and x3 = t with neither, so the correlation matrix has eigenvalues 1.6,
  // 1, 0.4 and first eigenvector (1, 1, 0) / sqrt 2: weights 1/2, 1/2, 0.
  {
    const double u[] = {1, 1, -1, -1}, v[] = {1, -1, 1, -1}, t[] = {1, -1, -1, 1};
    std::vector<std::vector<double>> x(3, std::vector<double>(4));
    for (int i = 0; i < 4; ++i) {
      x[0][i] = 2 * u[i] + v[i];
      x[1][i] = 2 * u[i] - v[i];
      x[2][i] = t[i];
    }
    auto hand = *PrincipalComponentWeights(x);
    EXPECT_NEAR(hand[0], 0.5, 1e-12);
    EXPECT_NEAR(hand[1], 0.5, 1e-12);
    EXPECT_NEAR(hand[2], 0, 1e-12);
  }
  EXPECT_FALSE(PrincipalComponentWeights({{1, 2, 3}}).has_value());
  EXPECT_FALSE(ParseStandardise("log").has_value());
}

// A one-factor model with known loadings: x_j = l_j f + e_j, var(e_j) =
// 1 - l_j^2. Bartlett weights are proportional to l_j / (1 - l_j^2).
TEST(CompositeIndex, FactorAnalysisRecoversLoadings) {
  nhood::Rng rng(7);
  auto normal = [&rng] {  // Box-Muller from the seeded generator
    const double u1 = rng.Uniform() + 1e-300, u2 = rng.Uniform();
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.141592653589793 * u2);
  };
  const double l[3] = {0.9, 0.7, 0.5};
  std::vector<std::vector<double>> cols(3, std::vector<double>(20000));
  for (size_t i = 0; i < 20000; ++i) {
    const double f = normal();
    for (int j = 0; j < 3; ++j) cols[j][i] = l[j] * f + std::sqrt(1 - l[j] * l[j]) * normal();
  }
  auto w = *FactorAnalysisWeights(cols);
  double expect[3], total = 0;
  for (int j = 0; j < 3; ++j) total += expect[j] = l[j] / (1 - l[j] * l[j]);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(w[j], expect[j] / total, 0.02) << j;
  EXPECT_FALSE(FactorAnalysisWeights({{1, 2, 3}}).has_value());
}

// A whole index by hand: domain A a ready score (weight 0.6), domain B two
// z-scored indicators with equal weights, the second higher-is-better
// (weight 0.4). Area 2 is worst on everything, so it ranks first.
TEST(CompositeIndex, WholeIndexByHand) {
  IndexDomain a{.name = "a", .weight = 0.6, .score = {1, 2, 9}};
  IndexDomain b{.name = "b", .weight = 0.4, .standardise = Standardise::kZScore,
                .indicator_weights = IndicatorWeights::kEqual};
  b.indicators = {{.values = {1, 2, 3}}, {.values = {3, 2, 1}, .higher_is_worse = false}};
  Result<CompositeIndexResult> r = ComputeCompositeIndex({a, b});
  ASSERT_TRUE(r) << r.error().message;
  // z of (1, 2, 3) is (-1, 0, 1); the negated z of (3, 2, 1) is the same.
  EXPECT_EQ(r->domain_scores[1], (std::vector<double>{-1, 0, 1}));
  EXPECT_NEAR(r->score[0], 0.6 * 1 - 0.4, 1e-12);
  EXPECT_NEAR(r->score[1], 0.6 * 2, 1e-12);
  EXPECT_NEAR(r->score[2], 0.6 * 9 + 0.4, 1e-12);
  EXPECT_EQ(r->ranking.rank, (std::vector<double>{3, 2, 1}));
  a.score[1] = NAN;
  r = ComputeCompositeIndex({a, b}, {"f.csv: row 1", "f.csv: row 2", "f.csv: row 3"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "f.csv: row 2: domain 'a' has no value; every area needs one");
}

}  // namespace
}  // namespace nhood::atlas
