// model_report: the codebook's [model] / [mediation] sections (forms,
// defaults, errors naming file, section and key), how variable names
// resolve (scale, item code or agreement, data column), the output tables'
// columns, and the demo report's models and mediation.
#include "nhood/evaluate/model_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "nhood/evaluate/survey_demo.h"
#include "nhood/evaluate/survey_report.h"

namespace nhood::evaluate {
namespace {

namespace fs = std::filesystem;

class ModelReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_model_report_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "cb.toml").string();
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

TEST_F(ModelReportTest, SectionsAsOneTableOrManyWithDefaults) {
  const std::string path = Write(R"(
[model]
y = "wellbeing"
x = "sessions"
[[mediation]]
x = "sessions"
m = "power"
y = "wellbeing"
cluster = "project"
[[mediation]]
name = "second"
x = "a"
m = "b"
y = "c"
covariates = ["age", "wave"]
cluster = "project"
weight = "w"
replicates = 99
seed = 7
)");
  Result<ModelSpecs> s = LoadModelSpecs(path);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->models.size(), 1u);
  EXPECT_EQ(s->models[0].name, "model_1");
  EXPECT_EQ(s->models[0].x, std::vector<std::string>{"sessions"});
  EXPECT_EQ(s->models[0].family, Family::kGaussian);
  EXPECT_TRUE(s->models[0].cluster.empty());
  ASSERT_EQ(s->mediations.size(), 2u);
  EXPECT_EQ(s->mediations[0].name, "mediation_1");
  EXPECT_EQ(s->mediations[0].replicates, 999);
  EXPECT_EQ(s->mediations[0].seed, 1u);
  EXPECT_EQ(s->mediations[1].covariates, (std::vector<std::string>{"age", "wave"}));
  EXPECT_EQ(s->mediations[1].replicates, 99);
  EXPECT_EQ(s->mediations[1].seed, 7u);
  EXPECT_EQ(s->mediations[1].weight, "w");
  // A codebook without the sections has none.
  Result<ModelSpecs> none = LoadModelSpecs(Write("[groups]\ncolumns = [\"project\"]\n"));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(ModelReportTest, BadSectionsNameFileSectionAndKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[model]\ny = \"a\"\npredictors = [\"b\"]\n", "[model] 1: unknown key 'predictors'"},
      {"[model]\nx = [\"b\"]\n", "[model] 1: 'y' is required"},
      {"[model]\ny = \"a\"\nx = [\"b\"]\nfamily = \"poisson\"\n", "family 'poisson' is not gaussian or binomial"},
      {"[model]\ny = \"a\"\nx = []\n", "[model] 1: 'x' names no variable"},
      {"[[mediation]]\nx = \"a\"\nm = \"b\"\ny = \"c\"\n", "[mediation] 1: 'cluster' is required"},
      {"[[mediation]]\nx = \"a\"\nm = \"b\"\ny = \"c\"\ncluster = \"g\"\nreplicates = 0\n",
       "[mediation] 1: 'replicates' must be a whole number >= 1"},
      {"model = 3\n", "'model' must be a table"},
  };
  for (const auto& [text, message] : cases) {
    const std::string path = Write(text);
    Result<ModelSpecs> s = LoadModelSpecs(path);
    ASSERT_FALSE(s) << text;
    EXPECT_NE(s.error().message.find(path + ": "), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find(message), std::string::npos) << s.error().message;
  }
}

TEST_F(ModelReportTest, NamesResolveToScalesItemsOrColumns) {
  const std::string path = Write(R"(
[responses.agree4]
labels = ["Definitely agree", "Tend to agree", "Tend to disagree", "Definitely disagree"]
codes = [4, 3, 2, 1]
agree = ["Definitely agree", "Tend to agree"]
[[items]]
name = "belong"
responses = "agree4"
[[items]]
name = "influence"
responses = "agree4"
[[scales]]
name = "power"
method = "mean"
items = ["belong", "influence"]
)");
  Result<Codebook> cb = LoadCodebook(path);
  ASSERT_TRUE(cb) << cb.error().message;
  Table t;
  ASSERT_TRUE(t.AddText("belong", {"Definitely agree", "Tend to disagree", ""}).ok());
  ASSERT_TRUE(t.AddText("influence", {"Tend to agree", "Definitely disagree", "Tend to agree"}).ok());
  ASSERT_TRUE(t.AddText("sessions", {"3", "", "NA"}).ok());
  Result<ScoredSurvey> sc = ApplyCodebook(*cb, t);
  ASSERT_TRUE(sc);
  Result<std::vector<double>> power = ModelVariable("power", t, &*cb, &*sc, false);
  ASSERT_TRUE(power);
  EXPECT_DOUBLE_EQ((*power)[0], 3.5);
  EXPECT_DOUBLE_EQ((*power)[1], 1.5);
  EXPECT_TRUE(std::isnan((*power)[2]));
  Result<std::vector<double>> code = ModelVariable("belong", t, &*cb, &*sc, false);
  Result<std::vector<double>> agree = ModelVariable("belong", t, &*cb, &*sc, true);
  ASSERT_TRUE(code && agree);
  EXPECT_EQ((*code)[0], 4);
  EXPECT_EQ((*code)[1], 2);
  EXPECT_EQ((*agree)[0], 1);
  EXPECT_EQ((*agree)[1], 0);
  Result<std::vector<double>> sessions = ModelVariable("sessions", t, &*cb, &*sc, false);
  ASSERT_TRUE(sessions);
  EXPECT_EQ((*sessions)[0], 3);
  EXPECT_TRUE(std::isnan((*sessions)[1]) && std::isnan((*sessions)[2]));
  Result<std::vector<double>> nope = ModelVariable("nope", t, &*cb, &*sc, false);
  ASSERT_FALSE(nope);
  EXPECT_NE(nope.error().message.find("column 'nope' not found (and 'nope' is no item or scale of " + path + ")"),
            std::string::npos)
      << nope.error().message;
}

TEST_F(ModelReportTest, DemoReportHasModelsAndANonTrivialMediation) {
  const std::string path = Write(SurveyDemoCodebook());
  Result<Codebook> cb = LoadCodebook(path);
  Result<ModelSpecs> specs = LoadModelSpecs(path);
  Result<Table> demo = MakeSurveyDemo({.seed = 3});
  ASSERT_TRUE(cb && specs && demo);
  ASSERT_EQ(specs->models.size(), 2u);
  ASSERT_EQ(specs->mediations.size(), 1u);
  specs->mediations[0].replicates = 99;
  Result<SurveyReport> rep = MakeSurveyReport(*cb, *demo, {}, {.models = *specs, .threads = 2});
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->models.num_rows(), 7u);
  EXPECT_EQ(rep->models.names(),
            (std::vector<std::string>{"model", "family", "term", "estimate", "se", "lower", "upper", "p",
                                      "distribution", "se_cluster", "lower_cluster", "upper_cluster", "p_cluster",
                                      "distribution_cluster", "n", "n_dropped", "clusters", "level"}));
  ASSERT_EQ(rep->mediation.num_rows(), 6u);
  Result<Table::Numbers> est = rep->mediation.GetNumbers("estimate"), lower = rep->mediation.GetNumbers("lower");
  ASSERT_TRUE(est && lower);
  EXPECT_GT((*est)[0], 0);    // a: participation raises community power
  EXPECT_GT((*est)[1], 0);    // b: community power raises wellbeing
  EXPECT_GT((*lower)[2], 0);  // the indirect effect's interval excludes 0
  bool noted = false;
  for (const std::string& n : rep->notes) noted = noted || n.find("cluster-bootstrap replicates") != std::string::npos;
  EXPECT_TRUE(noted);
  // Without the sections the tables are empty and the report is as before.
  Result<SurveyReport> plain = MakeSurveyReport(*cb, *demo, {}, {});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->models.num_rows(), 0u);
  EXPECT_EQ(plain->mediation.num_rows(), 0u);
}

}  // namespace
}  // namespace nhood::evaluate
