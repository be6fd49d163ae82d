// `nhood value` through the real command: the Green Book's WELLBY example,
// the SROI chain from a configuration, and bad input (exit 1, or 2 for
// usage) that writes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "apps/cli/app.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

class ValueCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_value_" + std::to_string(::getpid()) +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    out_ = (dir_ / "out.csv").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& content, const std::string& name) {
    std::ofstream((dir_ / name).string(), std::ios::binary) << content;
    return (dir_ / name).string();
  }
  static std::string Read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }
  int Run(std::vector<std::string> args) {
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    const int code = RunCli(args);
    out_text_ = ::testing::internal::GetCapturedStdout();
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  int Wellby(std::vector<std::string> extra) {
    std::vector<std::string> args = {"value", "wellby"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args);
  }
  fs::path dir_;
  std::string out_, out_text_, err_;
};

// HM Treasury Wellbeing Guidance (2021): 0.2 points, one person, one year =
// £2,600 (2019 prices), range £2,000-£3,200.
TEST_F(ValueCommand, WellbyGreenBookExamplePrintsAndWrites) {
  ASSERT_EQ(Wellby({"--people", "1", "--ls-change", "0.2", "--years", "1", "-o", out_}), 0) << err_;
  EXPECT_EQ(out_text_, "central,low,high\n2600,2000,3200\n");
  EXPECT_EQ(Read(out_), "central,low,high\n2600,2000,3200\n");
  const std::string prov = Read(out_ + ".provenance.json");
  EXPECT_NE(prov.find("December 2025"), std::string::npos) << prov;
  EXPECT_NE(prov.find("year 0 undiscounted"), std::string::npos) << prov;
}

// 100 x 0.5 x (1 + 1/1.015 + 1/1.015^2) x £13,000 = £1,921,324.2252905923.
TEST_F(ValueCommand, WellbyDiscountsOverYears) {
  ASSERT_EQ(Wellby({"--people", "100", "--ls-change", "0.5", "--years", "3"}), 0) << err_;
  const std::string row = out_text_.substr(out_text_.find('\n') + 1);
  EXPECT_NEAR(std::stod(row), 1921324.2252905923, 1e-6) << out_text_;
}

// SWEMWBS 2 points x 0.26 = 0.52 life-satisfaction points x £13,000 = £6,760.
TEST_F(ValueCommand, WellbyFromSwemwbs) {
  ASSERT_EQ(Wellby({"--people", "1", "--change", "2", "--measure", "swemwbs", "--years", "1"}), 0) << err_;
  EXPECT_EQ(out_text_, "central,low,high\n6760,5200,8320\n");
}

TEST_F(ValueCommand, WellbyBadInputExitsOneAndWritesNothing) {
  const std::vector<std::vector<std::string>> cases = {
      {"--people=-5", "--ls-change", "0.2", "--years", "1"},
      {"--people", "-5", "--ls-change", "0.2", "--years", "1"},
      {"--people", "1", "--ls-change", "0.2", "--years", "0"},
      {"--people", "1", "--ls-change", "0.2", "--years", "1", "--price-year", "2031"},
      {"--people", "1", "--change", "2", "--measure", "anxiety", "--years", "1"},
      {"--people", "1", "--ls-change", "0.2", "--years", "1", "--discount", "1.5"},
  };
  const char* expected[] = {"people -5 must be a positive number",
                            "people -5 must be a positive number",
                            "years 0 must be",
                            "unknown price year 2031",
                            "unknown wellbeing measure 'anxiety'",
                            "discount rate 1.5"};
  for (size_t i = 0; i < cases.size(); ++i) {
    std::vector<std::string> args = cases[i];
    args.insert(args.end(), {"-o", out_});
    EXPECT_EQ(Wellby(args), 1) << i << ": " << err_;
    EXPECT_NE(err_.find(expected[i]), std::string::npos) << err_;
    EXPECT_EQ(out_text_, "") << i;
    EXPECT_FALSE(fs::exists(out_)) << i;
  }
}

TEST_F(ValueCommand, WellbyUsageErrorsExitTwo) {
  EXPECT_EQ(Wellby({"--people", "1", "--years", "1"}), 2) << err_;
  EXPECT_EQ(Wellby({"--people", "1", "--ls-change", "0.2", "--change", "1", "--measure", "swemwbs", "--years", "1"}),
            2);
  EXPECT_EQ(Wellby({"--people", "1", "--ls-change", "0.2", "--years", "two"}), 2);
  EXPECT_EQ(Wellby({"--people", "1", "--ls-change", "0.2", "--years", "1", "-o", (dir_ / "x.txt").string()}), 2);
  EXPECT_FALSE(fs::exists(dir_ / "x.txt"));
}

constexpr const char* kSroiConfig = R"([sroi]
investment = 100000
price_year = 2019
discount_rate = 0.035

[[outcome]]
name = "wellbeing"
quantity = 100
proxy = 1000
deadweight = 0.2
attribution = 0.25
displacement = 0.1
drop_off = 0.5
duration = 2
)";

// The hand-worked chain of sroi_test.cc through the command: present value
// 54,000/1.035 + 27,000/1.035^2 = 77,378.70195337114; ratio 0.7737870195337114.
TEST_F(ValueCommand, SroiWritesChainAndSensitivity) {
  const std::string config = Write(kSroiConfig, "sroi.toml");
  ASSERT_EQ(Run({"value", "sroi", "--config", config, "-o", out_}), 0) << err_;
  const std::string chain = Read(out_);
  EXPECT_EQ(chain.substr(0, chain.find('\n')), "outcome,step,description,rate,value");
  EXPECT_NE(chain.find("less deadweight (would have happened anyway),0.2,80000"), std::string::npos) << chain;
  EXPECT_NE(chain.find("77378.70195337"), std::string::npos) << chain;
  EXPECT_NE(chain.find("0.77378701953371"), std::string::npos) << chain;
  const std::string sens = Read((dir_ / "out_sensitivity.csv").string());
  EXPECT_EQ(sens.substr(0, sens.find('\n')),
            "rank,assumption,outcome,base,low,high,range,ratio_base,ratio_at_low,ratio_at_high,swing");
  EXPECT_NE(sens.find("deadweight,wellbeing,0.2,0.1,0.3"), std::string::npos) << sens;
  EXPECT_TRUE(fs::exists(out_ + ".provenance.json"));
}

TEST_F(ValueCommand, SroiExampleConfigRuns) {
  const std::string example = std::string(NHOOD_SOURCE_DIR) + "/examples/sroi-example.toml";
  ASSERT_EQ(Run({"value", "sroi", "--config", example, "-o", out_}), 0) << err_;
  EXPECT_NE(Read(out_).find("WELLBY: 0.3 life-satisfaction points"), std::string::npos);
  EXPECT_NE(Read((dir_ / "out_sensitivity.csv").string()).find("Green Book WELLBY range"), std::string::npos);
}

// The example with --report: one self-contained page with the chain and the
// tornado chart whose bars are the rows of FILE_sensitivity, in its order.
TEST_F(ValueCommand, SroiReportIsOnePageWithTheChainAndTheTornado) {
  const std::string example = std::string(NHOOD_SOURCE_DIR) + "/examples/sroi-example.toml";
  const std::string report = (dir_ / "sroi.html").string();
  ASSERT_EQ(Run({"value", "sroi", "--config", example, "-o", out_, "--report", report}), 0) << err_;
  const std::string html = Read(report);
  EXPECT_NE(html.find("<title>nhood value sroi: Community wellbeing programme (illustrative)</title>"),
            std::string::npos);
  EXPECT_NE(html.find("<table id=\"chain\""), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"tornado\""), std::string::npos);
  // Drawn by Observable Plot, embedded (report::EmbedPlotCharts); nothing fetched.
  EXPECT_NE(html.find("data-nhood-chart=\"tornado\""), std::string::npos);
  EXPECT_NE(html.find("Plot"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find(NHOOD_SOURCE_DIR), std::string::npos);  // no machine path in a shared output
  EXPECT_NE(html.find("discount_rate (1.5% to 3.5%)"), std::string::npos);  // rates without floating-point noise
  EXPECT_TRUE(fs::exists(report + ".provenance.json"));
  // The bars in the sensitivity file's order, with its ratios.
  Result<Table> sens = io::ReadTable((dir_ / "out_sensitivity.csv").string());
  ASSERT_TRUE(sens) << sens.error().message;
  size_t at = 0, rows = 0;
  for (size_t r = 0; r < sens->num_rows(); ++r) {
    const std::string rank = sens->Cell(*sens->Find("rank"), r), what = sens->Cell(*sens->Find("assumption"), r);
    const double at_low = std::stod(sens->Cell(*sens->Find("ratio_at_low"), r));
    const double at_high = std::stod(sens->Cell(*sens->Find("ratio_at_high"), r));
    at = html.find("<g class=\"bar\" data-rank=\"" + rank + "\" data-assumption=\"" + what + "\"", at);
    ASSERT_NE(at, std::string::npos) << rank << " " << what;
    const size_t low = html.find("data-ratio-low=\"", at) + 16, high = html.find("data-ratio-high=\"", at) + 17;
    EXPECT_NEAR(std::stod(html.substr(low)), at_low, 1e-9 * std::fabs(at_low)) << what;
    EXPECT_NEAR(std::stod(html.substr(high)), at_high, 1e-9 * std::fabs(at_high)) << what;
    ++rows;
  }
  EXPECT_GE(rows, 10u);
  // A report that is not .html is a usage error, and nothing is written.
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  EXPECT_EQ(Run({"value", "sroi", "--config", example, "-o", out_, "--report", (dir_ / "r.pdf").string()}), 2);
  EXPECT_NE(err_.find("--report"), std::string::npos) << err_;
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(ValueCommand, SroiBadConfigNamesFileKeyAndAllowedValues) {
  struct Case {
    std::string from, to, expected;
  };
  const Case cases[] = {
      {"deadweight = 0.2", "deadweight = 1.5",
       ": outcome 1 ('wellbeing'): deadweight = 1.5: allowed a proportion from 0 to 1"},
      {"drop_off = 0.5", "dropoff = 0.5", ": line 13: outcome 1 ('wellbeing'): dropoff: unknown key (allowed: name,"},
      {"price_year = 2019", "price_year = 2031", "[sroi]: price_year: unknown price year 2031"},
      {"proxy = 1000", "wellbeing_change = 2\nwellbeing_measure = \"ghq12\"",
       "wellbeing_measure: unknown wellbeing measure 'ghq12'"},
      {"attribution = 0.25\n", "", "attribution: required (a proportion from 0 to 1"},
      {"duration = 2", "duration = 2.5", "duration: expected a whole number"},
      // A key of the wrong type is an error naming the line, never its default.
      {"investment = 100000", "investment = \"100000\"", ": line 2: [sroi]: investment: expected a number"},
      {"discount_rate = 0.035", "discount_rate = \"0.035\"", ": line 4: [sroi]: discount_rate: expected a number"},
      {"drop_off = 0.5", "drop_off = 0.5\ndrop_off_range = \"0.4-0.6\"",
       ": line 14: outcome 1 ('wellbeing'): drop_off_range: expected [low, high], two numbers"},
      {"[[outcome]]", "[outcome]", ": top level: [[outcome]]: required: one [[outcome]] table per outcome"},
  };
  for (const Case& c : cases) {
    std::string text = kSroiConfig;
    text.replace(text.find(c.from), c.from.size(), c.to);
    const std::string config = Write(text, "bad.toml");
    EXPECT_EQ(Run({"value", "sroi", "--config", config, "-o", out_}), 1) << c.to;
    EXPECT_NE(err_.find(config + ":"), std::string::npos) << err_;
    EXPECT_NE(err_.find(c.expected), std::string::npos) << err_;
    EXPECT_FALSE(fs::exists(out_));
    EXPECT_FALSE(fs::exists(dir_ / "out_sensitivity.csv"));
  }
  // A bad configuration writes no report either.
  std::string text = kSroiConfig;
  text.replace(text.find("deadweight = 0.2"), 16, "deadweight = 2");
  const std::string config = Write(text, "bad.toml");
  const std::string report = (dir_ / "r.html").string();
  EXPECT_EQ(Run({"value", "sroi", "--config", config, "-o", out_, "--report", report}), 1);
  EXPECT_FALSE(fs::exists(report));
}

constexpr const char* kNeighbourhoods =
    "neighbourhood_id,local_authority,population,tier\nN1,E06000001,10000,1\nN2,E06000001,5000,1\nN3,E06000002,20000,"
    "2\n";

// £30,000 community-led of £45,000 against a £5m budget: 0.6% of the budget,
// goal £50,000, £20,000 short; tier 1 (15,000 people) £2 community-led per head.
TEST_F(ValueCommand, LedgerAgainstGoalAndPerHeadByClass) {
  const std::string spend =
      Write("programme,amount,community_led,neighbourhood_id\nA,20000,yes,N1\nB,10000,Yes,N2\nC,15000,no,N2\nD,0,no,\n",
            "spend.csv");
  const std::string nb = Write(kNeighbourhoods, "neighbourhoods.csv");
  ASSERT_EQ(Run({"value", "ledger", "--spend", spend, "--ics-budget", "5000000", "--neighbourhoods", nb, "-o", out_}),
            0)
      << err_;
  const std::string summary = Read(out_);
  EXPECT_NE(summary.find("community_led_spend,30000\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("goal_amount,50000\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("community_led_share,0.006\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("gap_to_goal,20000\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("goal_met,0\n"), std::string::npos) << summary;
  const std::string by = Read((dir_ / "out_by_class.csv").string());
  EXPECT_EQ(by,
            "tier,neighbourhoods,population,community_led_spend,total_spend,community_led_per_head,total_per_head\n"
            "1,2,15000,30000,45000,2,3\n"
            "2,1,20000,0,0,0,0\n"
            "not in a neighbourhood,0,,0,0,,\n");
}

TEST_F(ValueCommand, LedgerBadInputNamesFileRowAndColumn) {
  const std::string nb = Write(kNeighbourhoods, "neighbourhoods.csv");
  struct Case {
    std::string spend, expected;
  };
  const Case cases[] = {
      {"amount,community_led,neighbourhood_id\n100,yes,N1\n-5,no,N1\n",
       "row 2 (line 3), column 'amount': '-5' is not an amount of 0 or more"},
      {"amount,community_led,neighbourhood_id\n100,maybe,N1\n",
       "row 1 (line 2), column 'community_led': 'maybe' is not yes or no"},
      {"amount,community_led,neighbourhood_id\n100,yes,N9\n",
       "row 1 (line 2), column 'neighbourhood_id': 'N9' is not a neighbourhood of " + nb},
      {"amount,neighbourhood_id\n100,N1\n", "column 'community_led' not found"},
  };
  for (const Case& c : cases) {
    const std::string spend = Write(c.spend, "spend.csv");
    EXPECT_EQ(Run({"value", "ledger", "--spend", spend, "--ics-budget", "5000000", "--neighbourhoods", nb, "-o", out_}),
              1);
    EXPECT_NE(err_.find(spend), std::string::npos) << err_;
    EXPECT_NE(err_.find(c.expected), std::string::npos) << err_;
    EXPECT_FALSE(fs::exists(out_));
    EXPECT_FALSE(fs::exists(dir_ / "out_by_class.csv"));
  }
  const std::string spend = Write("amount,community_led\n100,yes\n", "ok.csv");
  EXPECT_EQ(Run({"value", "ledger", "--spend", spend, "--ics-budget", "0", "-o", out_}), 1);
  EXPECT_NE(err_.find("ICS budget 0 must be more than 0"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
}

}  // namespace
}  // namespace nhood::cli
