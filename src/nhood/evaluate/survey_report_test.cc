// survey_report and survey_demo: hand-computed estimates, benchmark
// differences, Benjamini-Hochberg, waves, panel and retention; the demo's
// determinism and shape. (The demo against the shipped benchmarks, through
// the command, is in apps/cli/survey_command_test.cc.)
#include "nhood/evaluate/survey_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "nhood/evaluate/survey_demo.h"
#include "nhood/evaluate/survey_html.h"

namespace nhood::evaluate {
namespace {

namespace fs = std::filesystem;

class SurveyReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_survey_report_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Codebook Load(const std::string& text) {
    const std::string path = (dir_ / "cb.toml").string();
    std::ofstream(path) << text;
    Result<Codebook> cb = LoadCodebook(path);
    EXPECT_TRUE(cb.ok()) << cb.error().message;
    return *cb;
  }
  static Table Data(const std::vector<std::pair<std::string, std::vector<std::string>>>& cols) {
    Table t;
    for (const auto& [name, v] : cols) EXPECT_TRUE(t.AddText(name, v).ok());
    return t;
  }
  fs::path dir_;
};

constexpr char kBase[] = R"(
[responses.yesno]
labels = ["No", "Yes"]
agree = ["Yes"]
missing = ["Don't know"]
[responses.ons]
min = 0
max = 10
[[items]]
name = "q"
responses = "yesno"
[[items]]
name = "ls"
responses = "ons"
)";

double Get(const Table& t, const char* col, size_t row) { return (*t.GetNumbers(col))[row]; }
std::string Text(const Table& t, const char* col, size_t row) { return t.Cell(*t.Find(col), row); }

// 7 of 10 agree (one "Don't know" left out and counted): Wilson 95% by hand
// (0.3967781, 0.8922087, as R prop.test(7, 10, correct = FALSE)); against 0.5 (taken as known) and 0.9 (interval
// 0.85-0.95): differences, z, p and BH by hand.
TEST_F(SurveyReportTest, WilsonEstimateBenchmarksAndBhByHand) {
  const Codebook cb = Load(kBase);
  const Table t = Data({{"q", {"Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "No", "No", "No", "Don't know"}},
                        {"ls", {"5", "6", "7", "8", "9", "5", "6", "7", "8", "9", ""}}});
  std::vector<Benchmark> b(2);
  b[0].measure = "q", b[0].name = "low", b[0].value = 0.5;
  b[1].measure = "q", b[1].name = "high", b[1].value = 0.9, b[1].lower = 0.85, b[1].upper = 0.95;
  Result<SurveyReport> r = MakeSurveyReport(cb, t, b, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.num_rows(), 2u);  // q (agree share) and ls (a numeric item in no scale: its mean)
  EXPECT_EQ(Text(r->items, "measure", 0), "q");
  EXPECT_EQ(Get(r->items, "n", 0), 10);
  EXPECT_EQ(Get(r->items, "n_missing", 0), 1);
  EXPECT_DOUBLE_EQ(Get(r->items, "estimate", 0), 0.7);
  EXPECT_NEAR(Get(r->items, "lower", 0), 0.39677814746114537, 1e-9);
  EXPECT_NEAR(Get(r->items, "upper", 0), 0.8922087325936989, 1e-9);
  EXPECT_EQ(Text(r->items, "method", 0), "Wilson");
  EXPECT_DOUBLE_EQ(Get(r->items, "estimate", 1), 7.0);  // mean of ls over its 10 answers
  // Missing codes are reported.
  ASSERT_EQ(r->missing.num_rows(), 2u);
  EXPECT_EQ(Text(r->missing, "code", 0), "Don't know");
  EXPECT_EQ(Get(r->missing, "count", 0), 1);
  EXPECT_EQ(Text(r->missing, "code", 1), "(blank)");
  // Benchmarks.
  ASSERT_EQ(r->benchmarks.num_rows(), 2u);
  EXPECT_NEAR(Get(r->benchmarks, "difference", 0), 0.2, 1e-12);
  EXPECT_NEAR(Get(r->benchmarks, "z", 0), 1.3801311186847085, 1e-9);
  EXPECT_NEAR(Get(r->benchmarks, "p", 0), 0.16754627748861717, 1e-9);
  EXPECT_NEAR(Get(r->benchmarks, "lower95", 0), -0.0840257650893253, 1e-9);
  EXPECT_NEAR(Get(r->benchmarks, "upper95", 0), 0.4840257650893253, 1e-9);
  EXPECT_EQ(Text(r->benchmarks, "benchmark_se_from", 0), "none (taken as known)");
  EXPECT_NEAR(Get(r->benchmarks, "z", 1), -1.359230394365345, 1e-9);
  EXPECT_NEAR(Get(r->benchmarks, "p", 1), 0.1740735927479673, 1e-9);
  EXPECT_EQ(Text(r->benchmarks, "benchmark_se_from", 1), "published interval");
  // BH: the smaller p (0.1675 * 2 / 1 = 0.335) is capped by the larger's 0.1741.
  EXPECT_NEAR(Get(r->benchmarks, "p_bh", 0), 0.1740735927479673, 1e-9);
  EXPECT_NEAR(Get(r->benchmarks, "p_bh", 1), 0.1740735927479673, 1e-9);
  ASSERT_FALSE(r->notes.empty());
  EXPECT_NE(r->notes[0].find("Not a causal comparison"), std::string::npos);
  const std::string html = SurveyReportHtml(*r, "t <&>");
  EXPECT_NE(html.find("Not a causal comparison"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("t &lt;&amp;&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);  // no executable script, only chart data (chart_figure.h)
  EXPECT_NE(html.find("<figure class=\"chart\" data-nhood-chart=\"dot-interval\"><script type=\"application/json\">"),
            std::string::npos);
}

// Waves a (wave 1: a,b,c,d) and (wave 2: a,b,e): paired differences of ls
// (2, 3 -> 2.5, se 0.5), retention 2 of 4, kept vs lost at baseline
// (5.5 vs 8, Welch se sqrt(0.5/2 + 2/2)), cross-sectional change 19/3 - 6.75.
TEST_F(SurveyReportTest, WavesPanelAndRetentionByHand) {
  const Codebook cb = Load(std::string(kBase) + "[waves]\ncolumn = \"wave\"\nid = \"id\"\n");
  const Table t = Data({{"id", {"a", "b", "c", "d", "a", "b", "e"}},
                        {"wave", {"1", "1", "1", "1", "2", "2", "2"}},
                        {"q", {"Yes", "No", "Yes", "No", "Yes", "Yes", "No"}},
                        {"ls", {"5", "6", "7", "9", "7", "9", "3"}}});
  Result<SurveyReport> r = MakeSurveyReport(cb, t, {}, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->waves.num_rows(), 2u);
  EXPECT_EQ(Text(r->waves, "measure", 1), "ls");
  EXPECT_NEAR(Get(r->waves, "estimate_from", 1), 6.75, 1e-12);
  EXPECT_NEAR(Get(r->waves, "difference", 1), 19.0 / 3 - 6.75, 1e-12);
  EXPECT_NEAR(Get(r->waves, "difference", 0), 2.0 / 3 - 0.5, 1e-12);
  ASSERT_EQ(r->panel.num_rows(), 2u);
  EXPECT_EQ(Get(r->panel, "n_pairs", 1), 2);
  EXPECT_NEAR(Get(r->panel, "mean_difference", 1), 2.5, 1e-12);
  EXPECT_NEAR(Get(r->panel, "upper95", 1) - Get(r->panel, "lower95", 1), 2 * 1.959963984540054 * 0.5, 1e-9);
  ASSERT_EQ(r->retention.num_rows(), 2u);
  EXPECT_EQ(Get(r->retention, "n_baseline", 1), 4);
  EXPECT_EQ(Get(r->retention, "n_retained", 1), 2);
  EXPECT_EQ(Get(r->retention, "n_lost", 1), 2);
  EXPECT_NEAR(Get(r->retention, "baseline_retained", 1), 5.5, 1e-12);
  EXPECT_NEAR(Get(r->retention, "baseline_lost", 1), 8.0, 1e-12);
  EXPECT_NEAR(Get(r->retention, "upper95", 1) - Get(r->retention, "difference", 1),
              1.959963984540054 * std::sqrt(0.25 + 1.0), 1e-9);
}

// A respondent twice in one wave is an error naming the row and column.
TEST_F(SurveyReportTest, DuplicatePanelIdIsAnError) {
  const Codebook cb = Load(std::string(kBase) + "[waves]\ncolumn = \"wave\"\nid = \"id\"\n");
  const Table t = Data({{"id", {"a", "a"}}, {"wave", {"1", "1"}}, {"q", {"Yes", "No"}}, {"ls", {"1", "2"}}});
  Result<SurveyReport> r = MakeSurveyReport(cb, t, {}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("row 2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("column 'id'"), std::string::npos) << r.error().message;
}

// With [design] weight: the weighted share, svyciprop's logit interval; a weight of 0 is refused.
TEST_F(SurveyReportTest, DesignBasedWithWeights) {
  const Codebook cb = Load(std::string(kBase) + "[design]\nweight = \"w\"\n");
  const Table t = Data({{"q", {"Yes", "No", "Yes", "No"}}, {"ls", {"1", "2", "3", "4"}}, {"w", {"3", "1", "1", "1"}}});
  Result<SurveyReport> r = MakeSurveyReport(cb, t, {}, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_DOUBLE_EQ(Get(r->items, "estimate", 0), 4.0 / 6);
  EXPECT_DOUBLE_EQ(Get(r->items, "estimate", 1), (3 + 2 + 3 + 4) / 6.0);
  EXPECT_EQ(Text(r->items, "method", 0), "svyciprop logit");
  EXPECT_LT(Get(r->items, "lower", 0), 4.0 / 6);
  const Table bad = Data({{"q", {"Yes", "No"}}, {"ls", {"1", "2"}}, {"w", {"1", "0"}}});
  Result<SurveyReport> e = MakeSurveyReport(cb, bad, {}, {});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("column 'w'"), std::string::npos) << e.error().message;
}

TEST_F(SurveyReportTest, BenchmarkForAnUnknownMeasureIsAnError) {
  const Codebook cb = Load(kBase);
  const Table t = Data({{"q", {"Yes", "No"}}, {"ls", {"1", "2"}}});
  std::vector<Benchmark> b(1);
  b[0].measure = "nope", b[0].name = "england", b[0].value = 0.5, b[0].location = "b.csv: row 1 (line 2)";
  Result<SurveyReport> r = MakeSurveyReport(cb, t, b, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("b.csv: row 1 (line 2), column 'measure'"), std::string::npos);
}

// The demo: deterministic for a seed, ~3,000 respondents, 15 projects, 2 waves, a panel; its codebook reads it.
TEST_F(SurveyReportTest, DemoIsDeterministicAndShaped) {
  Result<Table> a = MakeSurveyDemo({.seed = 42}), b = MakeSurveyDemo({.seed = 42}), c = MakeSurveyDemo({.seed = 43});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_EQ(a->num_rows(), b->num_rows());
  bool same = true, differs = a->num_rows() != c->num_rows();
  for (size_t col = 0; col < a->num_columns(); ++col) {
    for (size_t r = 0; r < a->num_rows(); ++r) {
      same = same && a->Cell(col, r) == b->Cell(col, r);
      if (!differs && r < c->num_rows()) differs = a->Cell(col, r) != c->Cell(col, r);
    }
  }
  EXPECT_TRUE(same);
  EXPECT_TRUE(differs);
  EXPECT_GT(a->num_rows(), 2800u);
  EXPECT_LT(a->num_rows(), 3200u);
  std::set<std::string> projects, waves;
  for (size_t r = 0; r < a->num_rows(); ++r) {
    projects.insert(Text(*a, "project", r));
    waves.insert(Text(*a, "wave", r));
  }
  EXPECT_EQ(projects.size(), 15u);
  EXPECT_EQ(waves, (std::set<std::string>{"1", "2"}));
  const Codebook cb = Load(SurveyDemoCodebook());
  Result<SurveyReport> r = MakeSurveyReport(cb, *a, {}, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_GT(r->panel.num_rows(), 0u);
  EXPECT_GT(Get(r->retention, "n_retained", 0), 400);  // about a third of wave 1 kept
  EXPECT_GT(r->missing.num_rows(), 10u);               // missing codes and blanks present and reported
}

}  // namespace
}  // namespace nhood::evaluate
