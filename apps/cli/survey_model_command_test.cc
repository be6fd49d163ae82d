// `nhood survey model` and `nhood survey mediate` end to end: the command's
// output against R lm / glm + sandwich 3.0-2 (src/nhood/evaluate/testdata/
// regression_oracle.R, run with Rscript at check time; FAILS without it),
// the bootstrap's independence of the thread count, the demo report's models
// and mediation, and bad input (file, row and column named, exit 1, no output).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "apps/cli/app.h"
#include "nhood/io/table_io.h"
#include "tests/support/csv_rows.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

class SurveyModelCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_survey_model_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  int Run(std::vector<std::string> args) {
    ::testing::internal::CaptureStderr();
    const int code = RunCli(args);
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  fs::path dir_;
  std::string err_;
};

// Respondents in 12 projects: sessions attended, a power score, wellbeing, a 0/1 outcome, an age, a weight.
void WriteData(const std::string& path, uint64_t seed) {
  std::mt19937_64 gen(seed);
  auto u = [&] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  auto normal = [&] { return std::sqrt(-2 * std::log(1 - u())) * std::cos(2 * M_PI * u()); };
  std::vector<double> pe(12);
  for (double& e : pe) e = normal();
  std::ofstream f(path);
  f.precision(17);
  f << "project,sessions,power,wellbeing,belong,age,w,band\n";
  for (int i = 0; i < 400; ++i) {
    const int g = static_cast<int>(u() * 12);
    const double sessions = std::max(0.0, std::round(4 + 1.5 * pe[g] + 2 * normal()));
    const double age = std::round(18 + 60 * u());
    const double power = 0.3 * sessions + 0.3 * pe[g] + normal();
    const double wellbeing = 20 + 0.8 * power + 0.2 * sessions + 0.5 * pe[g] + 2 * normal();
    const double belong = u() < 1 / (1 + std::exp(-(-1 + 0.4 * power))) ? 1 : 0;
    f << "P" << g + 1 << ',' << sessions << ',' << power << ',';
    if (i % 37 == 5)
      f << "";  // a blank: left out listwise
    else
      f << wellbeing;
    const char* band = age < 45 ? "16-44" : age < 65 ? "45-64" : "65+";
    f << ',' << belong << ',' << age << ',' << 0.5 + 2 * u() << ',' << (i % 53 == 7 ? "" : band) << "\n";
  }
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST_F(SurveyModelCommand, ModelAgreesWithRThroughTheCommand) {
  ASSERT_EQ(std::system("Rscript -e 'suppressPackageStartupMessages(library(sandwich))' > /dev/null 2>&1"), 0)
      << "Rscript with R sandwich 3.0-2 is needed (apt-get install r-base-core r-cran-sandwich)";
  const std::string in = Path("in.csv");
  WriteData(in, 77);
  struct Case {
    std::string family, y, x, weight, factors;
  };
  for (const Case& c :
       {Case{"gaussian", "wellbeing", "sessions,power,age", "w", ""},
        Case{"gaussian", "wellbeing", "sessions,power", "", "band"}, Case{"binomial", "belong", "sessions,age", "", ""},
        Case{"binomial", "belong", "sessions", "w", "band"}}) {
    const std::string tag = c.family + c.weight + c.factors;
    const std::string out = Path(tag + ".csv"), r_out = Path(tag + "_r.csv");
    std::vector<std::string> args = {"survey", "model",     "--input", in,         "--y",    c.y,  "--x",
                                     c.x,      "--cluster", "project", "--family", c.family, "-o", out};
    if (!c.weight.empty()) args.insert(args.end(), {"--weight", c.weight});
    if (!c.factors.empty()) args.insert(args.end(), {"--factors", c.factors});
    ASSERT_EQ(Run(args), 0) << err_;
    EXPECT_NE(err_.find("CR1 cluster-robust se over 12 clusters"), std::string::npos) << err_;
    const std::string cmd = "Rscript '" NHOOD_SOURCE_DIR "/src/nhood/evaluate/testdata/regression_oracle.R' '" + in +
                            "' '" + r_out + "' " + c.family + " " + c.y + " " + c.x +
                            (c.factors.empty() ? "" : "," + c.factors) + " " + (c.weight.empty() ? "-" : c.weight) +
                            " project 0.95 > /dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const auto got = test_support::ReadCsvRows(out), want = test_support::ReadCsvRows(r_out);
    ASSERT_EQ(got.size(), want.size());
    ASSERT_GE(got.size(), 3u);
    if (!c.factors.empty()) {
      EXPECT_EQ(got[got.size() - 2].at("term"), "band45-64");  // 16-44 the reference, as R's factor()
      EXPECT_EQ(got.back().at("term"), "band65+");
    }
    for (size_t j = 0; j < got.size(); ++j) {
      EXPECT_EQ(got[j].at("term"), want[j].at("term"));
      for (const char* col : {"estimate", "se", "se_cluster", "lower_cluster", "upper_cluster", "p_cluster"}) {
        const double g = std::stod(got[j].at(col)), w = std::stod(want[j].at(col));
        EXPECT_LE(std::fabs(g - w), 1e-8 * std::max(1.0, std::fabs(w)))
            << c.family << " " << got[j].at("term") << " " << col << ": nhood " << g << ", R " << w;
      }
      EXPECT_EQ(got[j].at("n"), want[j].at("n"));
      EXPECT_EQ(got[j].at("distribution_cluster"), "t(11)");
    }
    EXPECT_NE(Slurp(out + ".provenance.json").find("CR1 on project"), std::string::npos);
  }
}

TEST_F(SurveyModelCommand, MediateIsTheSameOnAnyThreadCountAndDiffersBySeed) {
  const std::string in = Path("in.csv");
  WriteData(in, 78);
  auto run = [&](const std::string& out, const std::string& threads, const std::string& seed) {
    return Run({"survey", "mediate",   "--input",      in,      "--x",       "sessions", "--m",          "power",
                "--y",    "wellbeing", "--covariates", "age",   "--cluster", "project",  "--replicates", "200",
                "--seed", seed,        "--threads",    threads, "-o",        out});
  };
  ASSERT_EQ(run(Path("t1.csv"), "1", "4"), 0) << err_;
  ASSERT_EQ(run(Path("t2.csv"), "2", "4"), 0) << err_;
  ASSERT_EQ(run(Path("s5.csv"), "2", "5"), 0) << err_;
  EXPECT_EQ(Slurp(Path("t1.csv")), Slurp(Path("t2.csv")));
  EXPECT_NE(Slurp(Path("t1.csv")), Slurp(Path("s5.csv")));
  const auto rows = test_support::ReadCsvRows(Path("t1.csv"));
  ASSERT_EQ(rows.size(), 6u);
  const char* effects[] = {"a", "b", "indirect", "direct", "total", "proportion_mediated"};
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(rows[k].at("effect"), effects[k]);
    EXPECT_LE(std::stod(rows[k].at("lower")), std::stod(rows[k].at("estimate")));
    EXPECT_GE(std::stod(rows[k].at("upper")), std::stod(rows[k].at("estimate")));
  }
  EXPECT_NEAR(std::stod(rows[2].at("estimate")), std::stod(rows[0].at("estimate")) * std::stod(rows[1].at("estimate")),
              1e-12);
  EXPECT_GT(std::stod(rows[2].at("lower")), 0);      // a = 0.3, b = 0.8 in the generator
  EXPECT_EQ(rows[0].at("n_dropped"), "11") << err_;  // the blank wellbeing cells
  // A categorical covariate: path a is R's lm(power ~ sessions + band) coefficient.
  ASSERT_EQ(Run({"survey", "mediate", "--input", in, "--x", "sessions", "--m", "power", "--y", "wellbeing",
                 "--covariate-factors", "band", "--cluster", "project", "--replicates", "50", "-o", Path("f.csv")}),
            0)
      << err_;
  EXPECT_NE(err_.find("given band"), std::string::npos) << err_;
  // The mediation's rows are those complete in wellbeing too: R gets the same rows through a copy without them.
  const auto med = test_support::ReadCsvRows(Path("f.csv"));
  ASSERT_EQ(med.size(), 6u);
  {
    std::ifstream src(in);
    std::ofstream dst(Path("complete.csv"));
    std::string line;
    std::getline(src, line);
    dst << line << "\n";
    while (std::getline(src, line)) {
      if (line.find(",,") == std::string::npos && line.back() != ',') dst << line << "\n";
    }
  }
  const std::string cmd = "Rscript '" NHOOD_SOURCE_DIR "/src/nhood/evaluate/testdata/regression_oracle.R' '" +
                          Path("complete.csv") + "' '" + Path("a_r.csv") +
                          "' gaussian power sessions,band - project 0.95 > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const auto a = test_support::ReadCsvRows(Path("a_r.csv"));
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[2].at("term"), "band45-64");
  EXPECT_NEAR(std::stod(med[0].at("estimate")), std::stod(a[1].at("estimate")), 1e-10);
  EXPECT_NEAR(std::stod(med[0].at("se")), std::stod(a[1].at("se_cluster")), 1e-10);
  EXPECT_EQ(med[0].at("n"), a[0].at("n"));
}

TEST_F(SurveyModelCommand, DemoReportShowsModelsAndMediation) {
  const std::string demo = Path("demo.csv"), cb = Path("demo.toml"), out = Path("report");
  ASSERT_EQ(Run({"survey", "demo", "--seed", "1", "--output", demo, "--codebook-out", cb}), 0) << err_;
  ASSERT_EQ(Run({"survey", "report", "--input", demo, "--codebook", cb, "--output", out}), 0) << err_;
  const auto models = test_support::ReadCsvRows(out + "/models.csv"), med = test_support::ReadCsvRows(out + "/mediation.csv");
  ASSERT_EQ(models.size(), 7u);  // wellbeing: 4 terms; belonging: 3
  EXPECT_EQ(models[0].at("distribution_cluster"), "t(14)");
  ASSERT_EQ(med.size(), 6u);
  EXPECT_EQ(med[2].at("effect"), "indirect");
  EXPECT_GT(std::stod(med[2].at("lower")), 0) << "the demo's participation -> power -> wellbeing path";
  EXPECT_EQ(med[2].at("replicates"), "999");
  const std::string html = Slurp(out + "/report.html");
  EXPECT_NE(html.find("<table id=\"models\">"), std::string::npos);
  EXPECT_NE(html.find("<table id=\"mediation\">"), std::string::npos);
  EXPECT_NE(html.find("cluster-bootstrap replicates"), std::string::npos);
  const std::string prov = Slurp(out + "/provenance.json");
  EXPECT_NE(prov.find("participation_power_wellbeing: seed 1, 999 replicates"), std::string::npos) << prov;
}

struct BadCase {
  std::string name;
  std::vector<std::string> args;
  std::string message;
};

TEST_F(SurveyModelCommand, BadInputNamesFileRowAndColumnAndWritesNothing) {
  const std::string in = Path("in.csv");
  WriteData(in, 79);
  const std::string text = Path("text.csv");
  std::ofstream(text) << "project,sessions,wellbeing\nP1,3,20\nP2,lots,21\nP1,4,22\nP2,5,23\n";
  const std::string one = Path("one.csv");
  std::ofstream(one) << "project,sessions,wellbeing\nP1,3,20\nP1,2,21\nP1,4,22\nP1,5,25\n";
  const std::vector<BadCase> cases = {
      {"missing_x",
       {"survey", "model", "--input", in, "--y", "wellbeing", "--x", "sessions,nope"},
       in + ": column 'nope' not found"},
      {"missing_cluster",
       {"survey", "model", "--input", in, "--y", "wellbeing", "--x", "sessions", "--cluster", "area"},
       in + ": column 'area' not found"},
      {"text_x",
       {"survey", "model", "--input", text, "--y", "wellbeing", "--x", "sessions"},
       text + ": row 2 (line 3), column 'sessions': 'lots' is not a number"},
      {"one_cluster",
       {"survey", "model", "--input", one, "--y", "wellbeing", "--x", "sessions", "--cluster", "project"},
       "one cluster ('P1')"},
      {"not_binary",
       {"survey", "model", "--input", in, "--y", "wellbeing", "--x", "sessions", "--family", "binomial"},
       "is not 0 or 1"},
      {"collinear",
       {"survey", "model", "--input", in, "--y", "wellbeing", "--x", "sessions,sessions"},
       "predictor 'sessions' is collinear with (Intercept), sessions"},
      {"one_level_factor",
       {"survey", "model", "--input", one, "--y", "wellbeing", "--factors", "project"},
       one + ": column 'project': a factor needs at least 2 levels, it has 1"},
      {"mediate_missing_m",
       {"survey", "mediate", "--input", in, "--x", "sessions", "--m", "powr", "--y", "wellbeing", "--cluster",
        "project"},
       in + ": column 'powr' not found"},
      {"mediate_one_cluster",
       {"survey", "mediate", "--input", one, "--x", "sessions", "--m", "wellbeing", "--y", "sessions", "--cluster",
        "project"},
       "the cluster bootstrap needs at least 2"},
  };
  for (const BadCase& c : cases) {
    const std::string out = Path(c.name + ".csv");
    std::vector<std::string> args = c.args;
    args.insert(args.end(), {"-o", out});
    EXPECT_EQ(Run(args), 1) << c.name << ": " << err_;
    EXPECT_NE(err_.find(c.message), std::string::npos) << c.name << ": " << err_;
    EXPECT_FALSE(fs::exists(out)) << c.name;
  }
}

}  // namespace
}  // namespace nhood::cli
