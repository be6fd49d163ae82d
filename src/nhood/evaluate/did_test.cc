#include "nhood/evaluate/did.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace nhood::evaluate {
namespace {

// Three treated areas (wards T1, T1, T2) and five comparison areas.
DidInput Small() {
  DidInput in;
  in.ids = {"t1", "t2", "t3", "c1", "c2", "c3", "c4", "c5"};
  in.treated = {true, true, true, false, false, false, false, false};
  in.cluster = {"T1", "T1", "T2", "C1", "C1", "C2", "C3", "C3"};
  in.persons_before = {100, 200, 300, 150, 250, 400, 100, 500};
  in.persons_after = {110, 190, 330, 160, 240, 420, 120, 480};
  DidOutcome o;
  o.name = "good";
  o.before = {40, 90, 120, 60, 125, 180, 30, 250};
  o.after = {50, 95, 150, 70, 120, 200, 40, 230};
  o.england_before = 5000;
  o.england_after = 5400;
  in.outcomes = {o};
  in.imd_decile = {1, 1, 2, 1, 2, 1, 2, 3};
  // One covariate: t1 ~ c1, t2 ~ c3, t3 ~ c5.
  in.covariates = {{"x", {1.0, 5.0, 9.0, 1.1, 3.0, 5.2, 7.0, 9.05}}};
  in.england_persons_before = 10000;
  in.england_persons_after = 10500;
  return in;
}

const DidEstimate& Find(const DidResult& r, const std::string& comparison) {
  for (const DidEstimate& e : r.estimates) {
    if (e.comparison == comparison) return e;
  }
  ADD_FAILURE() << "no " << comparison;
  return r.estimates.front();
}

TEST(EstimateDid, PointEstimatesByHand) {
  Result<DidResult> r = EstimateDid(Small(), {.replicates = 0});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->estimates.size(), 3u);
  const double tb = (40 + 90 + 120) / 600.0, ta = (50 + 95 + 150) / 630.0;
  const DidEstimate& e = Find(*r, "england");
  EXPECT_DOUBLE_EQ(e.treated_before, tb);
  EXPECT_DOUBLE_EQ(e.treated_after, ta);
  EXPECT_DOUBLE_EQ(e.comparison_before, 0.5);
  EXPECT_DOUBLE_EQ(e.comparison_after, 5400 / 10500.0);
  EXPECT_NEAR(e.did, (ta - tb) - (5400 / 10500.0 - 0.5), 1e-15);
  EXPECT_EQ(e.n_treated, 3u);
  EXPECT_EQ(e.n_comparison, 8u);
  EXPECT_TRUE(std::isnan(e.lower));

  // Decile mix of the treated (persons 2011): decile 1 300/600, decile 2 300/600.
  const double d1b = (60 + 180) / 550.0, d1a = (70 + 200) / 580.0;  // c1, c3
  const double d2b = (125 + 30) / 350.0, d2a = (120 + 40) / 360.0;  // c2, c4
  const DidEstimate& s = Find(*r, "similarly_deprived");
  EXPECT_NEAR(s.comparison_before, 0.5 * d1b + 0.5 * d2b, 1e-15);
  EXPECT_NEAR(s.comparison_after, 0.5 * d1a + 0.5 * d2a, 1e-15);
  EXPECT_EQ(s.n_comparison, 4u);  // decile 3 holds no treated area

  const DidEstimate& m = Find(*r, "matched");
  EXPECT_NEAR(m.comparison_before, (60 + 180 + 250) / (150.0 + 400 + 500), 1e-15);
  EXPECT_NEAR(m.comparison_after, (70 + 200 + 230) / (160.0 + 420 + 480), 1e-15);
  EXPECT_NEAR(m.did, (ta - tb) - (m.comparison_after - m.comparison_before), 1e-15);
  EXPECT_EQ(m.n_treated, 3u);
  EXPECT_EQ(m.n_comparison, 3u);
  EXPECT_EQ(r->treated_clusters, 2u);
  EXPECT_EQ(r->comparison_clusters, 3u);
}

// 400 areas in 80 wards (every 5th ward treated), shares that vary by ward.
DidInput Synthetic() {
  DidInput in;
  DidOutcome o{.name = "good"};
  std::vector<double> x;
  for (int u = 0; u < 400; ++u) {
    const int ward = u / 5;
    const bool treated = ward % 5 == 0;
    in.ids.push_back("a" + std::to_string(u));
    in.treated.push_back(treated);
    in.cluster.push_back("w" + std::to_string(ward));
    const double pb = 1000 + 300 * std::sin(u * 1.7), pa = pb * (1.02 + 0.05 * std::cos(u * 0.3));
    in.persons_before.push_back(pb);
    in.persons_after.push_back(pa);
    const double sb = 0.45 + 0.1 * std::sin(ward * 2.1) - (treated ? 0.05 : 0);
    o.before.push_back(pb * sb);
    o.after.push_back(pa * (sb + 0.01 + 0.02 * std::cos(ward * 0.7) + (treated ? 0.01 : 0)));
    o.england_before += o.before.back();
    o.england_after += o.after.back();
    in.england_persons_before += pb;
    in.england_persons_after += pa;
    in.imd_decile.push_back(1 + (ward * 7 + u) % 10);
    x.push_back(sb + 0.01 * std::sin(u * 3.3));
  }
  in.outcomes = {o};
  in.covariates = {{"baseline", x}, {"decile", std::vector<double>(in.imd_decile.begin(), in.imd_decile.end())}};
  return in;
}

TEST(EstimateDid, BootstrapIsReproducibleOnOneAndTwoThreads) {
  DidOptions o{.replicates = 499, .seed = 7};
  o.matching.ratio = 3;
  o.threads = 1;
  Result<DidResult> one = EstimateDid(Synthetic(), o);
  o.threads = 2;
  Result<DidResult> two = EstimateDid(Synthetic(), o);
  o.seed = 8;
  Result<DidResult> other = EstimateDid(Synthetic(), o);
  ASSERT_TRUE(one && two && other);
  bool differs = false;
  ASSERT_EQ(one->estimates.size(), 3u);
  EXPECT_EQ(one->failed_replicates, 0u);
  for (size_t i = 0; i < one->estimates.size(); ++i) {
    EXPECT_EQ(one->estimates[i].did, two->estimates[i].did);
    EXPECT_EQ(one->estimates[i].lower, two->estimates[i].lower);
    EXPECT_EQ(one->estimates[i].upper, two->estimates[i].upper);
    EXPECT_LE(one->estimates[i].lower, one->estimates[i].upper);
    differs = differs || one->estimates[i].lower != other->estimates[i].lower;
  }
  EXPECT_TRUE(differs) << "another seed should give other draws";
}

TEST(EstimateDid, IdenticalClustersGiveADegenerateInterval) {
  DidInput in = Small();
  // Every area: 40% before, 50% after: every replicate has the same DiD.
  for (size_t u = 0; u < in.ids.size(); ++u) {
    in.outcomes[0].before[u] = 0.4 * in.persons_before[u];
    in.outcomes[0].after[u] = 0.5 * in.persons_after[u];
  }
  Result<DidResult> r = EstimateDid(in, {.replicates = 99});
  ASSERT_TRUE(r);
  const DidEstimate& m = Find(*r, "matched");
  EXPECT_NEAR(m.did, 0, 1e-12);
  EXPECT_NEAR(m.lower, 0, 1e-12);
  EXPECT_NEAR(m.upper, 0, 1e-12);
  EXPECT_EQ(Find(*r, "england").failed_replicates, 0u);  // England is defined in every replicate
}

TEST(EstimateDid, RefusesBadInput) {
  DidInput negative = Small();
  negative.outcomes[0].after[4] = -1;
  Result<DidResult> r = EstimateDid(negative, {.replicates = 0});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("c2"), std::string::npos) << r.error().message;
  DidInput decile = Small();
  decile.imd_decile[0] = 11;
  EXPECT_FALSE(EstimateDid(decile, {.replicates = 0}));
  DidInput none = Small();
  none.treated.assign(8, false);
  EXPECT_FALSE(EstimateDid(none, {.replicates = 0}));
  EXPECT_FALSE(EstimateDid(Small(), {.replicates = -1}));
}

TEST(Type7Percentile, AgreesWithRQuantile) {
  // R: quantile(c(1, 2, 4, 8, 16), c(0.025, 0.5, 0.975)) -> 1.1 4.0 15.2
  const std::vector<double> v = {1, 2, 4, 8, 16};
  EXPECT_NEAR(Type7Percentile(v, 0.025), 1.1, 1e-12);
  EXPECT_NEAR(Type7Percentile(v, 0.5), 4.0, 1e-12);
  EXPECT_NEAR(Type7Percentile(v, 0.975), 15.2, 1e-12);
}

}  // namespace
}  // namespace nhood::evaluate
