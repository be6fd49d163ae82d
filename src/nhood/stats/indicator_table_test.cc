#include "nhood/stats/indicator_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nhood/stats/proportion.h"

namespace nhood::stats {
namespace {

// Two English LSOAs and one Welsh one, as text (as read from a CSV).
Table EnglandAndWales() {
  Table t;
  (void)t.AddText("code", {"E01000001", "W01000002", "E01000003"});
  (void)t.AddText("name", {"City 001A", "Anglesey 002B", "City 001C"});
  (void)t.AddText("x", {"30", "200", "50"});
  (void)t.AddText("n", {"1000", "1000", "1000"});
  t.set_source("areas.csv");
  return t;
}

IndicatorOptions ProportionOptions() {
  IndicatorOptions o;
  o.statistic = "proportion";
  o.numerator = "x";
  o.denominator = "n";
  o.benchmark = "england";
  o.polarity = "low_is_good";
  return o;
}

// Issue 8 item 3: a file holding Welsh rows pooled England and Wales.
TEST(IndicatorTable, EnglandBenchmarkPoolsOnlyTheEnglandRowsAndSaysSo) {
  Result<IndicatorResult> r = ComputeIndicator(EnglandAndWales(), ProportionOptions());
  ASSERT_TRUE(r) << r.error().message;
  const Table& t = r->table;
  const auto& bench = t.numbers(*t.Find("benchmark_value"));
  ASSERT_EQ(bench.size(), 3u);
  EXPECT_DOUBLE_EQ(bench[0], 80.0 / 2000);  // not 280 / 3000
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0],
            "benchmark england: pooled over the 2 rows with an England (E...) code in column 'code'; 1 rows with "
            "other codes (e.g. Wales, W...) are left out of the benchmark but still compared");
  // The Welsh row is still computed and compared (0.2 against 0.04, outside
  // the 99.8% limits: method 17 says Worst).
  EXPECT_EQ(t.text(*t.Find("rag"))[1], "Worst");
  // The same benchmark as the England rows alone.
  Table england = *ApplyWhere(EnglandAndWales(), "code^=E");
  Result<IndicatorResult> e = ComputeIndicator(england, ProportionOptions());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->table.numbers(*e->table.Find("benchmark_value"))[0], bench[0]);
  EXPECT_TRUE(e->notes.empty());
}

TEST(IndicatorTable, EnglandRowsNeedACodeColumn) {
  Table t;
  (void)t.AddText("place", {"a", "b"});
  (void)t.AddText("x", {"1", "2"});
  EnglandRows none = FindEnglandRows(t);
  EXPECT_EQ(none.column, "");
  EXPECT_EQ(none.rows, (std::vector<size_t>{0, 1}));
  Table w;
  (void)w.AddText("code", {"W01000001", "W01000002"});
  (void)w.AddText("x", {"1", "2"});
  (void)w.AddText("n", {"10", "20"});
  w.set_source("wales.csv");
  Result<IndicatorResult> r = ComputeIndicator(w, ProportionOptions());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--benchmark england: wales.csv has no row with an England (E...) code in column 'code'");
}

// Issue 8 item 3: overflow to a non-finite pooled sum is an error.
TEST(IndicatorTable, OverflowingPooledSumsAreErrors) {
  Table t;
  (void)t.AddText("code", {"E01000001", "E01000002"});
  (void)t.AddText("g", {"A", "A"});
  (void)t.AddText("x", {"1e308", "1e308"});
  (void)t.AddText("n", {"1.5e308", "1.5e308"});
  t.set_source("big.csv");
  IndicatorOptions o = ProportionOptions();
  Result<IndicatorResult> r = ComputeIndicator(t, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "big.csv, column 'x': the sum over the England rows overflows (it is not a finite number)");
  o.benchmark = "";
  o.group = {"g"};
  r = ComputeIndicator(t, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "big.csv, column 'x': the sum over the group of row 1 (line 2) overflows (it is not a finite number)");
}

TEST(IndicatorTable, SuppressBlanksSmallCountsKeepsTheRowAndTheCount) {
  std::vector<Estimate> e = {Proportion(9, 100, {.confidence = {0.95}}), Proportion(10, 100, {.confidence = {0.95}})};
  Suppress(e, kDefaultSuppressBelow);
  EXPECT_TRUE(std::isnan(e[0].value));
  EXPECT_TRUE(std::isnan(e[0].intervals[0].lower));
  EXPECT_EQ(e[0].status, "suppressed");
  EXPECT_EQ(e[0].numerator, 9);
  EXPECT_DOUBLE_EQ(e[1].value, 0.1);
  EXPECT_EQ(e[1].status, "");
  std::vector<Estimate> kept = {Proportion(1, 100, {.confidence = {0.95}})};
  Suppress(kept, 0);
  EXPECT_DOUBLE_EQ(kept[0].value, 0.01);
  // Through ComputeIndicator: the row stays, its value is blank.
  IndicatorOptions o = ProportionOptions();
  o.benchmark = "";
  o.suppress_below = 40;
  Result<IndicatorResult> r = ComputeIndicator(EnglandAndWales(), o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->table.num_rows(), 3u);
  EXPECT_EQ(r->table.text(*r->table.Find("status")), (std::vector<std::string>{"suppressed", "ok", "ok"}));
}

TEST(IndicatorTable, AddBenchmarkComparesWithANumberOrANamedArea) {
  Table out = EnglandAndWales();
  std::vector<Estimate> e;
  for (double x : {30.0, 200.0, 50.0}) e.push_back(Proportion(x, 1000, {.confidence = {0.95, 0.998}}));
  IndicatorOptions o = ProportionOptions();
  o.benchmark = "Anglesey 002B";
  ASSERT_TRUE(AddBenchmark(out, e, Estimate{}, o).ok());
  EXPECT_EQ(out.numbers(*out.Find("benchmark_value"))[0], 0.2);
  EXPECT_EQ(out.text(*out.Find("rag"))[0], "Best");  // 0.03 against 0.2, outside the 99.8% limits
  o.benchmark = "nowhere";
  Table again = EnglandAndWales();
  EXPECT_FALSE(AddBenchmark(again, e, Estimate{}, o).ok());
}

}  // namespace
}  // namespace nhood::stats
