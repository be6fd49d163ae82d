// Mediation: the paths a, b, c' against R lm (and their CR1 se against
// sandwich::vcovCL) through testdata/regression_oracle.R at check time (FAILS
// without Rscript and sandwich); the bootstrap's percentiles against R
// quantile(type = 7); its determinism for a seed on any thread count.
#include "nhood/evaluate/mediation.h"

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

double Normal(Rng& rng) {
  const double u1 = 1.0 - rng.Uniform(), u2 = rng.Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

// participation -> power -> wellbeing, with age as a covariate and a project effect on each.
MediationData Generate(uint64_t seed, int n = 600, int projects = 20) {
  Rng rng(seed);
  MediationData d;
  d.x_name = "participation";
  d.m_name = "power";
  d.y_name = "wellbeing";
  d.covariate_names = {"age"};
  d.covariates.resize(1);
  std::vector<double> px(projects), pm(projects), py(projects);
  for (int g = 0; g < projects; ++g) {
    px[g] = Normal(rng);
    pm[g] = 0.4 * Normal(rng);
    py[g] = 0.4 * Normal(rng);
  }
  for (int i = 0; i < n; ++i) {
    const int g = static_cast<int>(rng.Bounded(projects));
    d.cluster.push_back("P" + std::to_string(g + 1));
    const double age = 20 + 60 * rng.Uniform();
    const double x = std::max(0.0, std::round(3 + 2 * px[g] + 2 * Normal(rng)));
    const double m = 0.5 * x + pm[g] + 0.01 * age + Normal(rng);
    const double y = 0.4 * m + 0.2 * x + py[g] - 0.005 * age + Normal(rng);
    d.x.push_back(x);
    d.m.push_back(m);
    d.y.push_back(y);
    d.covariates[0].push_back(age);
  }
  return d;
}

class MediationOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_mediation_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(MediationOracle, PathsAgreeWithRLmAndPercentilesWithRQuantile) {
  ASSERT_EQ(std::system("Rscript -e 'suppressPackageStartupMessages(library(sandwich))' > /dev/null 2>&1"), 0)
      << "Rscript with R sandwich 3.0-2 is needed (apt-get install r-base-core r-cran-sandwich)";
  const MediationData d = Generate(20261202);
  Result<MediationResult> r = FitMediation(d, {.replicates = 199, .seed = 5});
  ASSERT_TRUE(r) << r.error().message;
  {
    std::ofstream f(Path("in.csv"));
    f.precision(17);
    f << "participation,power,wellbeing,age,g\n";
    for (size_t i = 0; i < d.x.size(); ++i) {
      f << d.x[i] << ',' << d.m[i] << ',' << d.y[i] << ',' << d.covariates[0][i] << ',' << d.cluster[i] << "\n";
    }
  }
  const std::string script =
      "Rscript '" NHOOD_SOURCE_DIR "/src/nhood/evaluate/testdata/regression_oracle.R' '" + Path("in.csv") + "' ";
  ASSERT_EQ(
      std::system(
          (script + "'" + Path("m.csv") + "' gaussian power participation,age - g 0.95 > /dev/null 2>&1").c_str()),
      0);
  ASSERT_EQ(std::system((script + "'" + Path("y.csv") +
                         "' gaussian wellbeing participation,power,age - g 0.95 > /dev/null 2>&1")
                            .c_str()),
            0);
  const auto m = test_support::ReadCsvRows(Path("m.csv")), y = test_support::ReadCsvRows(Path("y.csv"));
  ASSERT_EQ(m.size(), 3u);
  ASSERT_EQ(y.size(), 4u);
  auto near = [](double got, const std::string& want, const char* what) {
    const double w = std::stod(want);
    EXPECT_LE(std::fabs(got - w), 1e-8 * std::max(1.0, std::fabs(w))) << what << ": nhood " << got << ", R " << w;
  };
  near(r->a, m[1].at("estimate"), "a");
  near(r->c_prime, y[1].at("estimate"), "c'");
  near(r->b, y[2].at("estimate"), "b");
  near(r->mediator_model.coefficients[1].se_cluster, m[1].at("se_cluster"), "CR1 se of a");
  near(r->outcome_model.coefficients[2].se_cluster, y[2].at("se_cluster"), "CR1 se of b");
  EXPECT_NEAR(r->c_fitted, r->c_prime + r->a * r->b, 1e-10);  // least squares on one sample
  EXPECT_NEAR(r->effects[0].estimate, r->a * r->b, 1e-15);
  EXPECT_NEAR(r->effects[2].estimate, r->c_prime + r->a * r->b, 1e-15);
  // The percentile interval and bootstrap se of each effect, against R.
  {
    std::ofstream f(Path("boot.csv"));
    f.precision(17);
    f << "indirect,direct,total,proportion_mediated\n";
    for (size_t k = 0; k < 199; ++k) {
      for (int e = 0; e < 4; ++e) f << (e ? "," : "") << r->effects[e].replicates[k];
      f << "\n";
    }
  }
  const std::string q = "Rscript -e 'b <- read.csv(\"" + Path("boot.csv") +
                        "\"); o <- t(sapply(b, function(v) c(quantile(v, c(0.025, 0.975), type = 7), sd(v)))); "
                        "write.csv(data.frame(lower = sprintf(\"%.17g\", o[, 1]), upper = sprintf(\"%.17g\", o[, 2]), "
                        "se = sprintf(\"%.17g\", o[, 3])), \"" +
                        Path("q.csv") + "\", row.names = FALSE, quote = FALSE)'";
  ASSERT_EQ(std::system(q.c_str()), 0);
  const auto qs = test_support::ReadCsvRows(Path("q.csv"));
  ASSERT_EQ(qs.size(), 4u);
  for (int e = 0; e < 4; ++e) {
    near(r->effects[e].lower, qs[e].at("lower"), r->effects[e].name.c_str());
    near(r->effects[e].upper, qs[e].at("upper"), r->effects[e].name.c_str());
    near(r->effects[e].se_boot, qs[e].at("se"), r->effects[e].name.c_str());
  }
  // A real indirect effect (a = 0.5, b = 0.4 in the generator) is found, with an interval away from 0.
  EXPECT_GT(r->effects[0].lower, 0.05);
  EXPECT_LT(r->effects[0].lower, r->effects[0].estimate);
  EXPECT_GT(r->effects[0].upper, r->effects[0].estimate);
  EXPECT_EQ(r->failed, 0);
  EXPECT_EQ(r->clusters, 20u);
}

TEST(Mediation, SameSeedSameAnswerOnAnyThreadCount) {
  const MediationData d = Generate(3);
  Result<MediationResult> one = FitMediation(d, {.replicates = 64, .seed = 11, .threads = 1});
  Result<MediationResult> three = FitMediation(d, {.replicates = 64, .seed = 11, .threads = 3});
  Result<MediationResult> other = FitMediation(d, {.replicates = 64, .seed = 12, .threads = 3});
  ASSERT_TRUE(one && three && other);
  for (int e = 0; e < 4; ++e) {
    EXPECT_EQ(one->effects[e].replicates, three->effects[e].replicates) << e;
    EXPECT_EQ(one->effects[e].lower, three->effects[e].lower);
    EXPECT_EQ(one->effects[e].upper, three->effects[e].upper);
    EXPECT_NE(one->effects[e].replicates, other->effects[e].replicates) << e;
  }
}

TEST(Mediation, ReplicateIsTheFitOnTheDrawnClusters) {
  const MediationData d = Generate(4, 200, 8);
  Result<MediationResult> r = FitMediation(d, {.replicates = 3, .seed = 9, .threads = 2});
  ASSERT_TRUE(r);
  // Replicate 1 by hand: 8 draws from StreamRng(9, 1) over the clusters in label order.
  std::map<std::string, std::vector<size_t>> by;
  for (size_t i = 0; i < d.cluster.size(); ++i) by[d.cluster[i]].push_back(i);
  std::vector<const std::vector<size_t>*> cl;
  for (const auto& [k, v] : by) cl.push_back(&v);
  StreamRng rng(9, 1);
  ModelData md, yd;
  md.x.resize(2);
  yd.x.resize(3);
  md.x_names = {"x", "age"};
  yd.x_names = {"x", "m", "age"};
  for (size_t k = 0; k < cl.size(); ++k) {
    for (size_t i : *cl[rng.Bounded(cl.size())]) {
      md.y.push_back(d.m[i]);
      md.x[0].push_back(d.x[i]);
      md.x[1].push_back(d.covariates[0][i]);
      yd.y.push_back(d.y[i]);
      yd.x[0].push_back(d.x[i]);
      yd.x[1].push_back(d.m[i]);
      yd.x[2].push_back(d.covariates[0][i]);
    }
  }
  Result<RegressionFit> mf = FitRegression(md, {}), yf = FitRegression(yd, {});
  ASSERT_TRUE(mf && yf);
  const double ab = mf->coefficients[1].estimate * yf->coefficients[2].estimate;
  EXPECT_DOUBLE_EQ(r->effects[0].replicates[1], ab);
  EXPECT_DOUBLE_EQ(r->effects[1].replicates[1], yf->coefficients[1].estimate);
}

TEST(Mediation, MissingRowsLeaveBothModelsAndOneClusterIsAnError) {
  MediationData d = Generate(5, 300, 10);
  d.m[0] = std::numeric_limits<double>::quiet_NaN();
  d.covariates[0][1] = std::numeric_limits<double>::quiet_NaN();
  Result<MediationResult> r = FitMediation(d, {.replicates = 20});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->n_dropped, 2u);
  EXPECT_EQ(r->mediator_model.n, 298u);
  EXPECT_EQ(r->outcome_model.n, 298u);
  d.cluster.assign(d.cluster.size(), "P1");
  r = FitMediation(d, {.replicates = 20});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("at least 2"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace nhood::evaluate
