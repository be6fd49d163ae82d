// Regression against R: lm / glm(binomial) with sandwich 3.0-2 vcovCL(type =
// "HC1") on fresh random data (src/nhood/evaluate/testdata/regression_oracle.R,
// run with Rscript at check time: these tests FAIL without Rscript and the
// sandwich package; scripts/debian-packages.txt installs them). Then the
// errors: collinearity, one cluster, separation, a non-0/1 outcome.
#include "nhood/evaluate/regression.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "nhood/base/rng.h"
#include "tests/support/csv_rows.h"

namespace nhood::evaluate {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Normal(Rng& rng) {
  const double u1 = 1.0 - rng.Uniform(), u2 = rng.Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

struct Scenario {
  std::string name;
  Family family = Family::kGaussian;
  bool weighted = false, clustered = true, missing = false;
  int n = 500, clusters = 15;
  double level = 0.95;
};

// Three predictors (a normal, a 0/1, a cluster-level one) and a cluster effect.
ModelData Generate(const Scenario& s, uint64_t seed) {
  Rng rng(seed);
  ModelData d;
  d.y_name = "y";
  d.x_names = {"x1", "x2", "x3"};
  d.x.assign(3, std::vector<double>(s.n));
  d.y.resize(s.n);
  std::vector<double> effect(s.clusters), level(s.clusters);
  for (int g = 0; g < s.clusters; ++g) {
    effect[g] = 0.5 * Normal(rng);
    level[g] = Normal(rng);
  }
  for (int i = 0; i < s.n; ++i) {
    const int g = static_cast<int>(rng.Bounded(s.clusters));
    char label[16];
    std::snprintf(label, sizeof label, "C%02d", g + 1);
    if (s.clustered) d.cluster.push_back(label);
    d.x[0][i] = Normal(rng) + 0.3 * effect[g];
    d.x[1][i] = rng.Uniform() < 0.4 ? 1 : 0;
    d.x[2][i] = level[g];
    const double eta = 0.2 + 0.7 * d.x[0][i] - 0.5 * d.x[1][i] + 0.3 * d.x[2][i] + effect[g];
    d.y[i] = s.family == Family::kGaussian ? eta + (1 + 0.5 * d.x[1][i]) * Normal(rng)
                                           : (rng.Uniform() < 1 / (1 + std::exp(-eta)) ? 1 : 0);
    if (s.weighted) d.weight.push_back(0.5 + 2.5 * rng.Uniform());
    if (s.missing && rng.Uniform() < 0.04) d.x[0][i] = kNaN;
    if (s.missing && rng.Uniform() < 0.03) d.y[i] = kNaN;
  }
  return d;
}

void WriteCsv(const ModelData& d, const std::string& path) {
  std::ofstream f(path);
  f << "y,x1,x2,x3" << (d.weight.empty() ? "" : ",w") << (d.cluster.empty() ? "" : ",g") << "\n";
  char buf[64];
  auto num = [&](double v) -> std::string {
    if (std::isnan(v)) return "NA";
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
  };
  for (size_t i = 0; i < d.y.size(); ++i) {
    f << num(d.y[i]) << ',' << num(d.x[0][i]) << ',' << num(d.x[1][i]) << ',' << num(d.x[2][i]);
    if (!d.weight.empty()) f << ',' << num(d.weight[i]);
    if (!d.cluster.empty()) f << ',' << d.cluster[i];
    f << "\n";
  }
}

class RegressionOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_regression_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!std::getenv("NHOOD_REGRESSION_KEEP")) fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(RegressionOracle, FreshRandomDataAgreeWithRLmGlmAndSandwichVcovCL) {
  ASSERT_EQ(std::system("Rscript -e 'suppressPackageStartupMessages(library(sandwich)); "
                        "stopifnot(packageVersion(\"sandwich\") == \"3.0.2\")' > /dev/null 2>&1"),
            0)
      << "Rscript with R sandwich 3.0-2 is needed (apt-get install r-base-core r-cran-sandwich; "
         "scripts/debian-packages.txt lists them)";
  const std::vector<Scenario> scenarios = {
      {.name = "lm"},
      {.name = "lm_weighted_missing", .weighted = true, .missing = true},
      {.name = "lm_few_clusters_90", .n = 120, .clusters = 5, .level = 0.9},
      {.name = "lm_no_cluster", .clustered = false},
      {.name = "glm", .family = Family::kBinomial},
      {.name = "glm_weighted_missing", .family = Family::kBinomial, .weighted = true, .missing = true},
      {.name = "glm_few_clusters", .family = Family::kBinomial, .n = 300, .clusters = 6},
  };
  uint64_t base = 20261202;
  if (const char* s = std::getenv("NHOOD_REGRESSION_SEED")) base = std::strtoull(s, nullptr, 10);
  size_t compared = 0;
  for (size_t k = 0; k < scenarios.size(); ++k) {
    const Scenario& s = scenarios[k];
    const ModelData d = Generate(s, base + k);
    const std::string in = (dir_ / (s.name + ".csv")).string(), out = (dir_ / (s.name + "_r.csv")).string();
    WriteCsv(d, in);
    const std::string cmd = "Rscript '" NHOOD_SOURCE_DIR "/src/nhood/evaluate/testdata/regression_oracle.R' '" + in +
                            "' '" + out + "' " + FamilyName(s.family) + " y x1,x2,x3 " + (s.weighted ? "w" : "-") +
                            " " + (s.clustered ? "g" : "-") + " " + std::to_string(s.level) + " > '" + out +
                            ".log' 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << s.name << ": R failed: " << cmd;
    Result<RegressionFit> fit = FitRegression(d, {.family = s.family, .level = s.level, .epsilon = 1e-13});
    ASSERT_TRUE(fit) << s.name << ": " << fit.error().message;
    const auto rows = test_support::ReadCsvRows(out);
    ASSERT_EQ(rows.size(), 4u) << s.name;
    ASSERT_EQ(fit->coefficients.size(), 4u);
    EXPECT_EQ(fit->n, std::stoul(rows[0].at("n"))) << s.name;
    EXPECT_EQ(fit->n_dropped, std::stoul(rows[0].at("n_dropped"))) << s.name;
    if (s.missing) {
      EXPECT_GT(fit->n_dropped, 0u) << s.name;
    }
    EXPECT_EQ(fit->clusters, std::stoul(rows[0].at("clusters"))) << s.name;
    EXPECT_EQ(fit->distribution, s.family == Family::kGaussian ? "t(" + std::to_string(fit->n - 4) + ")" : "normal");
    for (size_t j = 0; j < 4; ++j) {
      const Coefficient& c = fit->coefficients[j];
      EXPECT_EQ(c.term, rows[j].at("term")) << s.name;
      auto near = [&](double got, const char* col) {
        const double want = std::stod(rows[j].at(col));
        EXPECT_LE(std::fabs(got - want), 1e-8 * std::max(1.0, std::fabs(want)))
            << s.name << " (seed " << base + k << ") " << c.term << " " << col << ": nhood " << got << ", R " << want;
        ++compared;
      };
      near(c.estimate, "estimate");
      near(c.se, "se");
      near(c.p, "p");
      near(c.lower, "lower");
      near(c.upper, "upper");
      if (s.clustered) {
        near(c.se_cluster, "se_cluster");
        near(c.p_cluster, "p_cluster");
        near(c.lower_cluster, "lower_cluster");
        near(c.upper_cluster, "upper_cluster");
        EXPECT_EQ(c.df_cluster, static_cast<double>(fit->clusters - 1));
      } else {
        EXPECT_TRUE(std::isnan(c.se_cluster));
      }
    }
  }
  std::printf("regression: %zu values agree with R lm/glm + sandwich 3.0-2 to 1e-8\n", compared);
  EXPECT_GE(compared, 200u);
}

TEST(Regression, ClusterNormalReferenceUsesTheNormalQuantile) {
  const ModelData d = Generate({.name = "n"}, 7);
  Result<RegressionFit> t = FitRegression(d, {});
  Result<RegressionFit> z = FitRegression(d, {.cluster_df = ClusterDf::kNormal});
  ASSERT_TRUE(t && z);
  EXPECT_EQ(t->distribution_cluster, "t(14)");
  EXPECT_EQ(z->distribution_cluster, "normal");
  const Coefficient& c = z->coefficients[1];
  EXPECT_NEAR(c.upper_cluster - c.estimate, 1.959963984540054 * c.se_cluster, 1e-12);
  EXPECT_NEAR(c.p_cluster, std::erfc(std::fabs(c.estimate / c.se_cluster) / std::sqrt(2.0)), 1e-12);
  const Coefficient& ct = t->coefficients[1];
  EXPECT_NEAR(ct.upper_cluster - ct.estimate, 2.1447866879169273 * ct.se_cluster, 1e-10);  // qt(0.975, 14)
  EXPECT_EQ(c.se_cluster, ct.se_cluster);
}

TEST(Regression, CollinearPredictorIsNamed) {
  ModelData d = Generate({.name = "c"}, 8);
  d.x_names.push_back("x4");
  std::vector<double> x4(d.y.size());
  for (size_t i = 0; i < x4.size(); ++i) x4[i] = 2 * d.x[0][i] - d.x[1][i] + 1;
  d.x.push_back(x4);
  Result<RegressionFit> f = FitRegression(d, {});
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("predictor 'x4' is collinear with (Intercept), x1, x2, x3"), std::string::npos)
      << f.error().message;
  d.x.back().assign(d.y.size(), 3.0);  // constant: collinear with the intercept
  for (double& v : d.y) v = v > 0 ? 1 : 0;
  f = FitRegression(d, {.family = Family::kBinomial});
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("predictor 'x4' is collinear"), std::string::npos) << f.error().message;
}

TEST(Regression, OneClusterIsAnError) {
  ModelData d = Generate({.name = "o"}, 9);
  d.cluster.assign(d.y.size(), "P01");
  Result<RegressionFit> f = FitRegression(d, {});
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("one cluster ('P01')"), std::string::npos) << f.error().message;
}

TEST(Regression, SeparationIsAnErrorNamingThePredictor) {
  ModelData d = Generate({.name = "s", .family = Family::kBinomial}, 10);
  for (size_t i = 0; i < d.y.size(); ++i) d.y[i] = d.x[1][i];  // x2 predicts y perfectly
  Result<RegressionFit> f = FitRegression(d, {.family = Family::kBinomial});
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("separation"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().message.find("'x2'"), std::string::npos) << f.error().message;
}

TEST(Regression, BinomialNeedsZeroOneAndPositiveWeights) {
  ModelData d = Generate({.name = "b"}, 11);
  Result<RegressionFit> f = FitRegression(d, {.family = Family::kBinomial});
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("not 0 or 1"), std::string::npos) << f.error().message;
  d.weight.assign(d.y.size(), 1.0);
  d.weight[3] = 0;
  f = FitRegression(d, {});
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("row 4: weight 0 is not > 0"), std::string::npos) << f.error().message;
}

TEST(Regression, MissingValuesAreDroppedListwiseAndCounted) {
  ModelData d = Generate({.name = "m", .clustered = false}, 12);
  Result<RegressionFit> full = FitRegression(d, {});
  d.x[2][0] = kNaN;
  d.y[1] = kNaN;
  d.x[0][1] = kNaN;  // the same row twice: counted once
  Result<RegressionFit> f = FitRegression(d, {});
  ASSERT_TRUE(full && f);
  EXPECT_EQ(f->n_dropped, 2u);
  EXPECT_EQ(f->n, full->n - 2);
  EXPECT_NE(f->coefficients[1].estimate, full->coefficients[1].estimate);
}

}  // namespace
}  // namespace nhood::evaluate
