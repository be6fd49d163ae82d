// The chart figures of the survey and DiD reports carry the report's own
// numbers: the rows of each figure's JSON (chart_figure.h), read back from
// the page, against the inputs (hand-made, values checked by hand).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nhood/evaluate/did_report.h"
#include "nhood/evaluate/survey_html.h"
#include "nhood/evaluate/survey_report.h"

namespace nhood::evaluate {
namespace {

using nlohmann::json;

// Every chart figure's data on the page, in page order.
std::vector<json> Charts(const std::string& html) {
  std::vector<json> out;
  const std::string open = "<script type=\"application/json\">";
  for (size_t a = html.find(open); a != std::string::npos; a = html.find(open, a + 1)) {
    const size_t b = html.find("</script>", a);
    out.push_back(json::parse(html.substr(a + open.size(), b - a - open.size())));
  }
  return out;
}

DidEstimate Estimate(const char* comparison, double tb, double ta, double cb, double ca, double did, double lo,
                     double hi) {
  DidEstimate e;
  e.comparison = comparison;
  e.outcome = "very_good_health";
  e.treated_before = tb, e.treated_after = ta, e.comparison_before = cb, e.comparison_after = ca;
  e.did = did, e.lower = lo, e.upper = hi;
  return e;
}

TEST(ReportCharts, DidFiguresHoldTheDidInPointsAndTheSharesOfEachGroup) {
  DidReportInput in;
  in.title = "t";
  // Matched: fewer treated areas matched, so their treated shares differ and are drawn as their own line.
  in.estimates = {Estimate("england", 0.40, 0.42, 0.47, 0.485, 0.005, -0.001, 0.011),
                  Estimate("matched", 0.41, 0.43, 0.41, 0.425, 0.005, 0.001, std::nan(""))};
  const std::vector<json> charts = Charts(RenderDidReport(in));
  ASSERT_EQ(charts.size(), 2u);
  const json& did = charts[0];
  EXPECT_EQ(did["kind"], "dot-interval");
  EXPECT_EQ(did["title"], "Very good health: difference-in-differences by comparison");
  EXPECT_EQ(did["zero_rule"], true);
  ASSERT_EQ(did["rows"].size(), 2u);
  EXPECT_EQ(did["rows"][0]["label"], "England");
  EXPECT_NEAR(did["rows"][0]["value"].get<double>(), 0.5, 1e-12);  // points
  EXPECT_NEAR(did["rows"][0]["lower"].get<double>(), -0.1, 1e-12);
  EXPECT_NEAR(did["rows"][0]["upper"].get<double>(), 1.1, 1e-12);
  EXPECT_EQ(did["rows"][1]["label"], "Matched comparators");
  EXPECT_TRUE(did["rows"][1]["upper"].is_null());

  const json& shares = charts[1];
  EXPECT_EQ(shares["kind"], "before-after");
  EXPECT_EQ(shares["percent"], true);
  const std::vector<std::tuple<std::string, std::string, double>> want = {
      {"Treated areas", "2011", 0.40}, {"Treated areas", "2021", 0.42},
      {"England", "2011", 0.47},       {"England", "2021", 0.485},
      {"Treated areas (Matched comparators)", "2011", 0.41}, {"Treated areas (Matched comparators)", "2021", 0.43},
      {"Matched comparators", "2011", 0.41}, {"Matched comparators", "2021", 0.425}};
  ASSERT_EQ(shares["rows"].size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(shares["rows"][i]["series"], std::get<0>(want[i])) << i;
    EXPECT_EQ(shares["rows"][i]["period"], std::get<1>(want[i])) << i;
    EXPECT_DOUBLE_EQ(shares["rows"][i]["value"].get<double>(), std::get<2>(want[i])) << i;
  }
}

TEST(ReportCharts, DidTreatedSharesAreDrawnOnceWhenEveryComparisonSharesThem) {
  DidReportInput in;
  in.estimates = {Estimate("england", 0.40, 0.42, 0.47, 0.485, 0.005, -0.001, 0.011),
                  Estimate("similarly_deprived", 0.40, 0.42, 0.45, 0.46, 0.01, 0.0, 0.02)};
  const std::vector<json> charts = Charts(RenderDidReport(in));
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[1]["rows"].size(), 6u);  // treated, England, similarly deprived; 2011 and 2021
}

class SurveyCharts : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("nhood_report_charts_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

// Waves: q agrees 2 of 4 at wave 1, 2 of 3 at wave 2; ls means 6.75 and 19/3 (as survey_report_test).
// Benchmarks for q: the survey estimate row first, then each benchmark with its interval.
TEST_F(SurveyCharts, DotPlotAndWaveFiguresHoldTheReportsEstimates) {
  const std::string path = (dir_ / "cb.toml").string();
  std::ofstream(path) << "[responses.yesno]\nlabels = [\"No\", \"Yes\"]\nagree = [\"Yes\"]\n"
                         "[responses.ons]\nmin = 0\nmax = 10\n[[items]]\nname = \"q\"\nresponses = \"yesno\"\n"
                         "[[items]]\nname = \"ls\"\nresponses = \"ons\"\n[waves]\ncolumn = \"wave\"\n";
  Result<Codebook> cb = LoadCodebook(path);
  ASSERT_TRUE(cb.ok()) << cb.error().message;
  Table t;
  ASSERT_TRUE(t.AddText("wave", {"1", "1", "1", "1", "2", "2", "2"}).ok());
  ASSERT_TRUE(t.AddText("q", {"Yes", "No", "Yes", "No", "Yes", "Yes", "No"}).ok());
  ASSERT_TRUE(t.AddText("ls", {"5", "6", "7", "9", "7", "9", "3"}).ok());
  std::vector<Benchmark> b(2);
  b[0].measure = "q", b[0].name = "low", b[0].value = 0.5;
  b[1].measure = "q", b[1].name = "high", b[1].value = 0.9, b[1].lower = 0.85, b[1].upper = 0.95;
  Result<SurveyReport> r = MakeSurveyReport(*cb, t, b, {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::vector<json> charts = Charts(SurveyReportHtml(*r, "t"));
  ASSERT_EQ(charts.size(), 3u);  // the proportions dot plot (no benchmark for a mean), waves of q, waves of ls

  const json& dots = charts[0];
  EXPECT_EQ(dots["kind"], "dot-interval");
  EXPECT_EQ(dots["percent"], true);
  ASSERT_EQ(dots["rows"].size(), 3u);
  EXPECT_EQ(dots["rows"][0]["series"], "survey");
  EXPECT_DOUBLE_EQ(dots["rows"][0]["value"].get<double>(), 4.0 / 7);
  EXPECT_DOUBLE_EQ(dots["rows"][0]["lower"].get<double>(), (*r->items.GetNumbers("lower"))[0]);
  EXPECT_EQ(dots["rows"][1]["series"], "low");
  EXPECT_DOUBLE_EQ(dots["rows"][1]["value"].get<double>(), 0.5);
  EXPECT_TRUE(dots["rows"][1]["lower"].is_null());
  EXPECT_EQ(dots["rows"][2]["series"], "high");
  EXPECT_DOUBLE_EQ(dots["rows"][2]["upper"].get<double>(), 0.95);

  const json& q = charts[1];
  EXPECT_EQ(q["kind"], "before-after");
  ASSERT_EQ(q["rows"].size(), 2u);
  EXPECT_EQ(q["rows"][0]["series"], "q");
  EXPECT_EQ(q["rows"][0]["period"], "wave 1");
  EXPECT_NEAR(q["rows"][0]["value"].get<double>(), 0.5, 1e-12);
  EXPECT_EQ(q["rows"][1]["period"], "wave 2");
  EXPECT_NEAR(q["rows"][1]["value"].get<double>(), 2.0 / 3, 1e-12);
  const json& ls = charts[2];
  EXPECT_EQ(ls["percent"], false);
  ASSERT_EQ(ls["rows"].size(), 2u);
  EXPECT_NEAR(ls["rows"][0]["value"].get<double>(), 6.75, 1e-12);
  EXPECT_NEAR(ls["rows"][1]["value"].get<double>(), 19.0 / 3, 1e-12);
}

}  // namespace
}  // namespace nhood::evaluate
