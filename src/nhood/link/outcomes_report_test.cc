#include "nhood/link/outcomes_report.h"

#include <cmath>

#include <gtest/gtest.h>

#include "nhood/link/swemwbs.h"

namespace nhood::link {
namespace {

using namespace std::chrono;

// R 4.x: qt(0.975, df) for df = 4, 5 and 9.
constexpr double kT4 = 2.7764451051977987, kT5 = 2.5705818366147395, kT9 = 2.2621571627409915;
constexpr double kZ95 = 1.959963984540054;  // qnorm(0.975)

Outcome Ons4(int64_t id, int64_t resident, Timepoint t, Date d, int life, int anxiety = 5) {
  Outcome o;
  o.id = id;
  o.resident_id = resident;
  o.referral_id = resident;
  o.measure = Measure::kOns4;
  o.timepoint = t;
  o.date = d;
  o.items = {life, 5, 5, anxiety};
  return o;
}

// n residents with life satisfaction 4 at baseline and 4 + d[i] at follow-up.
std::vector<Outcome> Pairs(const std::vector<int>& d) {
  std::vector<Outcome> out;
  int64_t id = 1;
  for (size_t i = 0; i < d.size(); ++i) {
    const int64_t resident = static_cast<int64_t>(i) + 1;
    out.push_back(Ons4(id++, resident, Timepoint::kBaseline, 2025y / March / 1d, 4));
    out.push_back(Ons4(id++, resident, Timepoint::kFollowUp, 2025y / June / 1d, 4 + d[i]));
  }
  return out;
}

double Wilson(double x, double n, bool upper) {
  const double z = kZ95, s = z * std::sqrt(z * z + 4 * x * (1 - x / n));
  return (2 * x + z * z + (upper ? s : -s)) / (2 * (n + z * z));
}

TEST(FindReportMeasure, KnowsTheSixMeasuresAndNamesTheField) {
  EXPECT_EQ(ReportMeasures().size(), 6u);
  EXPECT_TRUE(FindReportMeasure("ons4_anxiety")->lower_is_better);
  EXPECT_DOUBLE_EQ(FindReportMeasure("swemwbs")->meaningful_change, 3.0);
  Result<ReportMeasure> bad = FindReportMeasure("wemwbs");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "measure");
}

TEST(ComputeOutcomesReport, PairedMeanChangeWithTheTInterval) {
  // d = 2 1 0 3 1 -1: mean 1, sd sqrt(2), n 6.
  const std::vector<Outcome> o = Pairs({2, 1, 0, 3, 1, -1});
  OutcomesReport r = ComputeOutcomesReport(o, *FindReportMeasure("ons4_life_satisfaction"));
  EXPECT_EQ(r.paired_n, 6);
  EXPECT_EQ(r.baseline_n, 6);
  EXPECT_EQ(r.follow_up_n, 6);
  EXPECT_EQ(r.lost_n, 0);
  const double half = kT5 * std::sqrt(2.0) / std::sqrt(6.0);
  EXPECT_NEAR(*r.mean_change, 1.0, 1e-12);
  EXPECT_NEAR(*r.lower95, 1.0 - half, 1e-9);
  EXPECT_NEAR(*r.upper95, 1.0 + half, 1e-9);
  EXPECT_NEAR(*r.sd_change, std::sqrt(2.0), 1e-12);
  // 4 of 6 improved by >= 1: 4 people (and the 2 who did not) are withheld.
  EXPECT_FALSE(r.improved_n);
  EXPECT_FALSE(r.improved_share);
  EXPECT_FALSE(r.improved_lower95);
  EXPECT_GE(r.suppressed, 4);
}

TEST(ComputeOutcomesReport, ImprovedShareWithTheWilsonInterval) {
  // 10 pairs, 6 improve by >= 1 (one by exactly 1), 4 do not... 4 would be
  // withheld, so make it 5 and 5.
  const std::vector<Outcome> o = Pairs({1, 2, 3, 1, 2, 0, 0, -1, 0, 0});
  OutcomesReport r = ComputeOutcomesReport(o, *FindReportMeasure("ons4_life_satisfaction"));
  ASSERT_EQ(r.paired_n, 10);
  EXPECT_EQ(r.improved_n, 5);
  EXPECT_NEAR(*r.improved_share, 0.5, 1e-15);
  EXPECT_NEAR(*r.improved_lower95, Wilson(5, 10, false), 1e-12);
  EXPECT_NEAR(*r.improved_upper95, Wilson(5, 10, true), 1e-12);
  // mean 0.8; sd of 1 2 3 1 2 0 0 -1 0 0.
  double ss = 0;
  for (double d : {1, 2, 3, 1, 2, 0, 0, -1, 0, 0}) ss += (d - 0.8) * (d - 0.8);
  const double sd = std::sqrt(ss / 9);
  EXPECT_NEAR(*r.lower95, 0.8 - kT9 * sd / std::sqrt(10.0), 1e-9);
  EXPECT_EQ(r.suppressed, 0);
}

TEST(ComputeOutcomesReport, SuppressionAtFourFiveAndSixPairs) {
  for (int n : {4, 5, 6}) {
    std::vector<int> d(static_cast<size_t>(n), 1);
    d[0] = 3;
    OutcomesReport r = ComputeOutcomesReport(Pairs(d), *FindReportMeasure("ons4_life_satisfaction"));
    if (n == 4) {
      EXPECT_FALSE(r.paired_n) << n;
      EXPECT_FALSE(r.baseline_n) << n;
      EXPECT_FALSE(r.mean_change) << n;
      EXPECT_FALSE(r.lower95) << n;
      EXPECT_FALSE(r.improved_share) << n;
      EXPECT_GT(r.suppressed, 0) << n;
      ASSERT_FALSE(r.suppressed_fields.empty());
      EXPECT_EQ(r.suppressed_fields[0], "baseline_n");
    } else {
      EXPECT_EQ(r.paired_n, n);
      const double mean = (3.0 + (n - 1)) / n;
      EXPECT_NEAR(*r.mean_change, mean, 1e-12) << n;
      EXPECT_TRUE(r.lower95) << n;
      // All n improved: the not-improved count is 0, not withheld.
      EXPECT_EQ(r.improved_n, n);
      EXPECT_NEAR(*r.improved_share, 1.0, 1e-15);
      EXPECT_EQ(r.suppressed, 0) << n;
    }
  }
  // t interval at n = 5 against R's qt.
  OutcomesReport five = ComputeOutcomesReport(Pairs({3, 1, 1, 1, 1}), *FindReportMeasure("ons4_life_satisfaction"));
  const double sd = std::sqrt((4 * 0.4 * 0.4 + 1.6 * 1.6) / 4);
  EXPECT_NEAR(*five.upper95, 1.4 + kT4 * sd / std::sqrt(5.0), 1e-9);
}

TEST(ComputeOutcomesReport, AnxietyImprovesDownwards) {
  std::vector<Outcome> o;
  int64_t id = 1;
  for (int64_t res = 1; res <= 6; ++res) {
    o.push_back(Ons4(id++, res, Timepoint::kBaseline, 2025y / March / 1d, 5, 7));
    o.push_back(Ons4(id++, res, Timepoint::kFollowUp, 2025y / May / 1d, 5, res <= 5 ? 5 : 8));
  }
  OutcomesReport r = ComputeOutcomesReport(o, *FindReportMeasure("ons4_anxiety"));
  EXPECT_EQ(r.paired_n, 6);
  EXPECT_NEAR(*r.mean_change, (5 * -2.0 + 1.0) / 6, 1e-12);  // negative: better
  // Five went down by 2 (improved); one went up. 1 not improved is withheld.
  EXPECT_FALSE(r.improved_share);
  OutcomesReport life = ComputeOutcomesReport(o, *FindReportMeasure("ons4_life_satisfaction"));
  EXPECT_NEAR(*life.mean_change, 0.0, 1e-15);
}

TEST(ComputeOutcomesReport, SwemwbsUsesTheMetricScoreAndPairsPerResident) {
  std::vector<Outcome> o;
  auto swemwbs = [&](int64_t id, int64_t res, Timepoint t, Date d, int item) {
    Outcome x;
    x.id = id;
    x.resident_id = res;
    x.measure = Measure::kSwemwbs;
    x.timepoint = t;
    x.date = d;
    x.items = std::vector<int>(7, item);
    o.push_back(x);
  };
  // Resident 1: two baselines (the earliest counts) and two follow-ups (the latest counts).
  swemwbs(1, 1, Timepoint::kBaseline, 2025y / February / 1d, 2);  // raw 14 → 15.32
  swemwbs(2, 1, Timepoint::kBaseline, 2025y / March / 1d, 5);
  swemwbs(3, 1, Timepoint::kFollowUp, 2025y / April / 1d, 5);
  swemwbs(4, 1, Timepoint::kFollowUp, 2025y / June / 1d, 3);  // raw 21 → 19.25
  // Resident 2: lost to follow-up. Resident 3: a follow-up before any baseline only.
  swemwbs(5, 2, Timepoint::kBaseline, 2025y / March / 1d, 4);
  swemwbs(6, 3, Timepoint::kFollowUp, 2025y / March / 1d, 4);
  swemwbs(7, 3, Timepoint::kBaseline, 2025y / April / 1d, 4);
  OutcomesReport r = ComputeOutcomesReport(o, *FindReportMeasure("swemwbs"), {.suppression = {.below = 1}});
  EXPECT_EQ(r.baseline_n, 3);
  EXPECT_EQ(r.follow_up_n, 2);
  EXPECT_EQ(r.paired_n, 1);
  EXPECT_EQ(r.lost_n, 2);
  EXPECT_NEAR(*r.mean_change, kSwemwbsMetric[21 - 7] - kSwemwbsMetric[14 - 7], 1e-12);
  EXPECT_FALSE(r.lower95);  // one pair: no interval, and not a suppression
  EXPECT_EQ(r.improved_n, 1);  // 3.93 metric points
  EXPECT_EQ(r.suppressed, 0);
  // The period keeps only records dated in it: from April, resident 1's
  // baseline is gone.
  OutcomesReport april =
      ComputeOutcomesReport(o, *FindReportMeasure("swemwbs"), {.from = 2025y / April / 1d, .suppression = {.below = 1}});
  EXPECT_EQ(april.baseline_n, 1);
  EXPECT_EQ(april.paired_n, 0);
  EXPECT_EQ(april.follow_up_without_baseline_n, 1);
}

TEST(ComputeOutcomesReport, LostToFollowUpCompareAtBaseline) {
  std::vector<Outcome> o = Pairs({1, 1, 1, 1, 1, 1});
  int64_t id = 100;
  for (int64_t res = 50; res < 57; ++res) o.push_back(Ons4(id++, res, Timepoint::kBaseline, 2025y / March / 1d, 2));
  OutcomesReport r = ComputeOutcomesReport(o, *FindReportMeasure("ons4_life_satisfaction"));
  EXPECT_EQ(r.lost_n, 7);
  EXPECT_EQ(r.baseline_lost.n, 7);
  EXPECT_NEAR(*r.baseline_lost.mean, 2.0, 1e-15);
  EXPECT_NEAR(*r.baseline_kept.mean, 4.0, 1e-15);
  ReportTable c = CompletenessTable(r);
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(c.rows[1][1]), "lost_to_follow_up");
}

TEST(ComputeOutcomesReport, AWithheldPartWithholdsItsComplement) {
  // 10 with a baseline, 7 paired, 3 lost: lost is withheld, and paired with
  // it (10 - 7 = 3), and so is everything over the pairs.
  std::vector<Outcome> o = Pairs({1, 1, 1, 1, 1, 1, 1});
  int64_t id = 100;
  for (int64_t res = 50; res < 53; ++res) o.push_back(Ons4(id++, res, Timepoint::kBaseline, 2025y / March / 1d, 2));
  OutcomesReport r = ComputeOutcomesReport(o, *FindReportMeasure("ons4_life_satisfaction"));
  EXPECT_EQ(r.baseline_n, 10);
  EXPECT_FALSE(r.lost_n);
  EXPECT_FALSE(r.paired_n);
  EXPECT_FALSE(r.mean_change);
  ReportTable t = OutcomesTable(r);
  EXPECT_EQ(t.suppressed_cells, r.suppressed);
  EXPECT_EQ(t.columns.size(), t.rows[0].size());
}

}  // namespace
}  // namespace nhood::link
