// `nhood survey estimate` against R survey 4.1-1, through the command itself:
// the frozen survey_* cases of the reference cases (tests/support/data_dir.h), and fresh random
// designs generated here (strata, clusters, domains, weights, lonely PSUs,
// missing values, fpc, raking) and estimated by both nhood and
// src/nhood/stats/testdata/survey_estimates.R. Without Rscript or the R
// survey package these tests FAIL (scripts/debian-packages.txt installs them).
// Also: bad input gives one error naming file, row and column, exit 1, no output.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <readstat.h>

#include "apps/cli/app.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

class SurveyCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_survey_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  // NHOOD_SURVEY_KEEP=1 keeps the generated designs and both outputs for inspection.
  void TearDown() override {
    if (!std::getenv("NHOOD_SURVEY_KEEP")) fs::remove_all(dir_);
  }
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

struct Comparison {
  size_t rows_matched = 0, values_compared = 0;
  std::string failures;
};

// Every column of `expected`, row by row matched on `domain`, within
// |got - expected| <= tol * max(1, |expected|); empty matches empty.
Comparison Compare(const std::string& got_path, const std::string& expected_path, double tol) {
  Comparison c;
  Result<Table> got = io::ReadTable(got_path);
  Result<Table> exp = io::ReadTable(expected_path);
  if (!got || !exp) {
    c.failures = "cannot read " + (got ? expected_path : got_path);
    return c;
  }
  if (got->num_rows() != exp->num_rows()) {
    c.failures += "rows: got " + std::to_string(got->num_rows()) + ", expected " + std::to_string(exp->num_rows()) + "\n";
  }
  if (got->names() != exp->names()) c.failures += "columns differ\n";
  const size_t gd = *got->Find("domain"), ed = *exp->Find("domain");
  std::map<std::string, size_t> got_row;
  for (size_t r = 0; r < got->num_rows(); ++r) got_row[got->Cell(gd, r)] = r;
  for (size_t r = 0; r < exp->num_rows(); ++r) {
    const std::string dom = exp->Cell(ed, r);
    auto it = got_row.find(dom);
    if (it == got_row.end()) {
      c.failures += "domain " + dom + " missing\n";
      continue;
    }
    bool row_ok = true;
    // A domain whose respondents all lack y: survey writes 0 for the mean, its se and limits, nhood
    // leaves them empty; n, sum_w, degf, total and se_total must still agree.
    const bool empty_domain = exp->Find("n") && exp->Cell(*exp->Find("n"), r) == "0";
    // A domain where every y is 1 (or 0): survey's mean misses 1 by rounding in some designs, and
    // its deff and asin/beta/xlogit limits are then rounding noise (deff 7.8e31 in one seed);
    // nhood takes the mean exactly and leaves those empty. Everything else must agree.
    const std::string mean_text = exp->Find("mean") ? exp->Cell(*exp->Find("mean"), r) : "";
    const double mean_value = mean_text.empty() ? NAN : std::strtod(mean_text.c_str(), nullptr);
    const bool constant_domain = std::fabs(mean_value) < 1e-12 || std::fabs(mean_value - 1) < 1e-12;
    for (size_t col = 0; col < exp->num_columns(); ++col) {
      if (col == ed) continue;
      const std::string name = exp->name(col);
      if (empty_domain && name != "n" && name != "sum_w" && name != "degf" && name != "total" && name != "se_total") {
        continue;
      }
      if (constant_domain && (name == "deff" || name.rfind("asin_", 0) == 0 || name.rfind("beta_", 0) == 0 ||
                              name.rfind("xlogit_", 0) == 0)) {
        continue;
      }
      auto gc = got->Find(name);
      if (!gc) {
        row_ok = false;
        continue;
      }
      const std::string es = exp->Cell(col, r), gs = got->Cell(*gc, it->second);
      ++c.values_compared;
      if (es.empty() || es == "NA") {
        if (!(gs.empty() || gs == "NA")) {
          row_ok = false;
          c.failures += dom + " " + name + ": got " + gs + ", expected NA\n";
        }
        continue;
      }
      const double e = std::strtod(es.c_str(), nullptr), g = gs.empty() ? NAN : std::strtod(gs.c_str(), nullptr);
      if (!(std::fabs(g - e) <= tol * std::max(1.0, std::fabs(e)))) {
        row_ok = false;
        c.failures += dom + " " + name + ": got " + gs + ", expected " + es + "\n";
      }
    }
    if (row_ok) ++c.rows_matched;
  }
  return c;
}


std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') quoted = !quoted;
    else if (ch == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (ch != '\r') cur += ch;
  }
  out.push_back(cur);
  return out;
}

TEST_F(SurveyCommand, SharedCasesThroughTheCommand) {
  ASSERT_TRUE(test_support::HaveData(test_support::ReferenceDir() / "cases" / "manifest.csv"));
  const std::string cases = (test_support::ReferenceDir() / "cases").string();
  std::ifstream manifest(cases + "/manifest.csv");
  ASSERT_TRUE(manifest) << "no " << cases << "/manifest.csv";
  std::string line;
  std::getline(manifest, line);
  const std::vector<std::string> header = SplitCsvLine(line);
  auto col = [&](const std::string& n) { return std::find(header.begin(), header.end(), n) - header.begin(); };
  size_t n_cases = 0, rows = 0;
  while (std::getline(manifest, line)) {
    const std::vector<std::string> f = SplitCsvLine(line);
    if (f.empty() || f[0].rfind("survey_", 0) != 0) continue;
    ++n_cases;
    const std::string out = Path(f[0] + ".csv");
    std::vector<std::string> args = {"survey", "estimate", "--input", cases + "/" + f[col("input")], "--y", "y",
                                     "--weight", "weight", "--output", out};
    std::istringstream opts(f[col("args")]);
    for (std::string o; opts >> o;) {
      const size_t eq = o.find('=');
      std::string value = o.substr(eq + 1);
      const size_t at = value.find("{cases}");
      if (at != std::string::npos) value.replace(at, 7, cases);
      args.push_back(o.substr(0, eq));
      args.push_back(value);
    }
    ASSERT_EQ(Run(args), 0) << f[0] << ": " << err_;
    const double tol = std::strtod(f[col("tolerance")].c_str(), nullptr);
    const std::string expected = cases + "/" + f[col("expected")];
    Comparison c = Compare(out, expected, tol);
    Result<Table> exp = io::ReadTable(expected);
    ASSERT_TRUE(exp);
    EXPECT_EQ(c.failures, "") << f[0];
    EXPECT_EQ(c.rows_matched, exp->num_rows()) << f[0];
    EXPECT_EQ(c.values_compared, exp->num_rows() * (exp->num_columns() - 1)) << f[0];
    rows += c.rows_matched;
  }
  EXPECT_EQ(n_cases, 3u);
  EXPECT_EQ(rows, 7u);  // 3 + 1 + 3 domains
}

// A random design: what the generator varies.
struct Scenario {
  std::string name, lonely = "fail";
  bool strata = true, psu = true, domain = true, rake = false, binary = true, lonely_stratum = false;
  std::string fpc;  // "", "count" or "fraction"
  std::string level = "0.95";
};

struct Generated {
  std::vector<std::string> args;  // the design options, as --name value pairs
};

class Random {
 public:
  explicit Random(uint64_t seed) : g_(seed) {}
  double U() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  int Int(int lo, int hi) { return lo + static_cast<int>(U() * (hi - lo + 1)); }
 private:
  std::mt19937_64 g_;
};

// Writes input.csv (and margins.csv) for `s`; returns the design options.
std::vector<std::string> Generate(const Scenario& s, uint64_t seed, const fs::path& dir) {
  Random rng(seed);
  const int num_strata = s.strata ? rng.Int(3, 7) : 1;
  std::ostringstream csv;
  csv << "stratum,psu,w,dom,sex,age,fpc,y\n";
  const char* sexes[] = {"F", "M"};
  const char* ages[] = {"16-44", "45-64", "65+"};
  double sum_w = 0;
  for (int h = 0; h < num_strata; ++h) {
    int psus = s.psu ? rng.Int(2, 6) : 1;
    if (s.lonely_stratum && h == 1) psus = 1;
    const double p_h = 0.15 + 0.7 * rng.U();
    const int pop = psus + rng.Int(0, 12) + (psus == 1 ? 1 : 0);
    for (int j = 0; j < psus; ++j) {
      const int rows = s.psu ? rng.Int(1, 14) : rng.Int(30, 80);
      const double p_j = std::clamp(p_h + 0.2 * (rng.U() - 0.5), 0.02, 0.98);
      for (int i = 0; i < rows; ++i) {
        const double w = std::round((5 + 495 * rng.U()) * 100) / 100;
        sum_w += w;
        // Domain C is rare, so it often meets one PSU of a stratum (a lonely PSU only in the domain).
        const double u = rng.U();
        const char* dom = u < 0.45 ? "A" : (u < 0.9 ? "B" : "C");
        csv << "S" << h << ",P" << j << "," << w << "," << dom << "," << sexes[rng.Int(0, 1)] << ","
            << ages[rng.Int(0, 2)] << ",";
        if (s.fpc == "count") csv << pop;
        else csv << std::to_string(psus) + "/" << pop;  // replaced below for fractions
        csv << ",";
        if (rng.U() < 0.06) {
          csv << "";  // missing y
        } else if (s.binary) {
          csv << (rng.U() < p_j ? 1 : 0);
        } else {
          csv << std::round((10 + 40 * p_j + 15 * (rng.U() - 0.5)) * 1000) / 1000;
        }
        csv << "\n";
      }
    }
  }
  std::string text = csv.str();
  if (s.fpc == "fraction") {
    // "n/N" -> the sampling fraction n/N written in full precision.
    std::string out;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    out += line + "\n";
    while (std::getline(in, line)) {
      std::vector<std::string> f = SplitCsvLine(line);
      const size_t slash = f[6].find('/');
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", std::stod(f[6].substr(0, slash)) / std::stod(f[6].substr(slash + 1)));
      f[6] = buf;
      for (size_t k = 0; k < f.size(); ++k) out += f[k] + (k + 1 < f.size() ? "," : "\n");
    }
    text = out;
  }
  std::ofstream(dir / "input.csv") << text;
  std::vector<std::string> args = {"--y", "y", "--weight", "w", "--lonely-psu", s.lonely, "--level", s.level};
  if (s.strata) args.insert(args.end(), {"--strata", "stratum"});
  if (s.psu) args.insert(args.end(), {"--psu", "psu"});
  if (s.domain) args.insert(args.end(), {"--domain", "dom"});
  if (!s.fpc.empty()) args.insert(args.end(), {"--fpc", "fpc"});
  if (s.rake) {
    const double pop = sum_w * (1.5 + rng.U());
    const double f = 0.45 + 0.1 * rng.U(), a1 = 0.3 + 0.2 * rng.U(), a2 = 0.25 + 0.1 * rng.U();
    std::ofstream m(dir / "margins.csv");
    m.precision(17);
    m << "variable,level,total\n"
      << "sex,F," << pop * f << "\nsex,M," << pop * (1 - f) << "\n"
      << "age,16-44," << pop * a1 << "\nage,45-64," << pop * a2 << "\nage,65+," << pop * (1 - a1 - a2) << "\n";
    args.insert(args.end(), {"--rake", (dir / "margins.csv").string()});
  }
  return args;
}

TEST_F(SurveyCommand, FreshRandomDesignsAgreeWithRSurvey) {
  const std::string script = NHOOD_SOURCE_DIR "/src/nhood/stats/testdata/survey_estimates.R";
  ASSERT_EQ(std::system("Rscript -e 'suppressPackageStartupMessages(library(survey)); "
                        "stopifnot(packageVersion(\"survey\") == \"4.1.1\")' > /dev/null 2>&1"),
            0)
      << "Rscript with R survey 4.1-1 is needed (apt-get install r-base-core r-cran-survey; "
         "scripts/install-deps.sh does it)";
  std::vector<Scenario> scenarios = {
      {.name = "adjust", .lonely = "adjust", .lonely_stratum = true},
      {.name = "average", .lonely = "average", .lonely_stratum = true},
      {.name = "certainty", .lonely = "certainty", .lonely_stratum = true},
      {.name = "remove_fpc_count", .lonely = "remove", .lonely_stratum = true, .fpc = "count"},
      {.name = "fpc_fraction", .fpc = "fraction"},
      {.name = "weights_only", .strata = false, .psu = false},
      {.name = "clusters_only", .strata = false},
      {.name = "continuous_y", .binary = false},
      {.name = "level_90", .lonely = "adjust", .lonely_stratum = true, .level = "0.9"},
      {.name = "raked", .lonely = "certainty", .rake = true, .lonely_stratum = true},
      {.name = "raked_average", .lonely = "average", .rake = true, .lonely_stratum = true},
      {.name = "raked_no_domain", .domain = false, .rake = true},
  };
  uint64_t base = 20261201;
  if (const char* s = std::getenv("NHOOD_SURVEY_SEED")) base = std::strtoull(s, nullptr, 10);
  // Every design first, then R once for all of them (--batch: R and the survey package load once).
  std::vector<std::vector<std::string>> designs;
  const std::string jobs = Path("jobs.txt");
  {
    std::ofstream job_file(jobs);
    for (size_t k = 0; k < scenarios.size(); ++k) {
      const fs::path dir = dir_ / scenarios[k].name;
      fs::create_directories(dir);
      designs.push_back(Generate(scenarios[k], base + k, dir));
      job_file << (dir / "input.csv").string() << '\t' << (dir / "r.csv").string();
      for (size_t i = 0; i < designs.back().size(); i += 2) job_file << '\t' << designs.back()[i] << '=' << designs.back()[i + 1];
      job_file << '\n';
    }
  }
  const std::string r_cmd = "Rscript '" + script + "' --batch '" + jobs + "' > '" + Path("r.log") + "' 2>&1";
  ASSERT_EQ(std::system(r_cmd.c_str()), 0) << "R failed: " << r_cmd << " (log " << Path("r.log") << ")";
  size_t total_rows = 0, total_values = 0;
  for (size_t k = 0; k < scenarios.size(); ++k) {
    const Scenario& s = scenarios[k];
    const uint64_t seed = base + k;
    const fs::path dir = dir_ / s.name;
    ASSERT_FALSE(fs::exists(dir / "r.csv.error")) << s.name << " (seed " << seed << "): R stopped: "
                                                  << std::ifstream(dir / "r.csv.error").rdbuf();
    const std::string input = (dir / "input.csv").string();
    std::vector<std::string> args = {"survey", "estimate", "--input", input, "--output", (dir / "nhood.csv").string()};
    args.insert(args.end(), designs[k].begin(), designs[k].end());
    ASSERT_EQ(Run(args), 0) << s.name << ": " << err_;
    Comparison c = Compare((dir / "nhood.csv").string(), (dir / "r.csv").string(), s.rake ? 1e-8 : 1e-9);
    Result<Table> r = io::ReadTable((dir / "r.csv").string());
    ASSERT_TRUE(r) << s.name << ": " << r.error().message;
    EXPECT_EQ(c.failures, "") << s.name << " (seed " << seed << ")";
    EXPECT_EQ(c.rows_matched, r->num_rows()) << s.name;
    EXPECT_EQ(r->num_columns(), s.binary ? 23u : 11u) << s.name;
    total_rows += c.rows_matched;
    total_values += c.values_compared;
  }
  std::printf("survey: %zu domain rows, %zu values agree with R survey 4.1-1\n", total_rows, total_values);
  EXPECT_GE(total_rows, 30u);
}

// Under --lonely-psu fail, a stratum with one PSU stops both R and nhood.
TEST_F(SurveyCommand, LonelyPsuUnderFailStopsLikeR) {
  const std::string in = Path("in.csv");
  std::ofstream(in) << "stratum,psu,w,y\nS1,P1,10,1\nS1,P2,20,0\nS2,P1,15,1\nS2,P1,5,0\n";
  const std::string out = Path("out.csv");
  EXPECT_EQ(Run({"survey", "estimate", "--input", in, "--y", "y", "--weight", "w", "--strata", "stratum", "--psu",
                 "psu", "--output", out}),
            1);
  EXPECT_NE(err_.find(in + ": row 3 (line 4), column 'stratum': stratum 'S2' has only one PSU"), std::string::npos)
      << err_;
  EXPECT_FALSE(fs::exists(out));
  const std::string r_cmd = "Rscript '" NHOOD_SOURCE_DIR "/src/nhood/stats/testdata/survey_estimates.R' '" + in +
                            "' '" + Path("r.csv") + "' --y=y --weight=w --strata=stratum --psu=psu > " +
                            Path("r.log") + " 2>&1";
  EXPECT_NE(std::system(r_cmd.c_str()), 0);
  std::ifstream log(Path("r.log"));
  std::stringstream ss;
  ss << log.rdbuf();
  EXPECT_NE(ss.str().find("has only one PSU"), std::string::npos) << ss.str();
}

struct BadCase {
  std::string name, csv;
  std::vector<std::string> extra;
  std::string message;
};

TEST_F(SurveyCommand, BadInputNamesFileRowAndColumnAndWritesNothing) {
  const std::vector<BadCase> cases = {
      {"zero_weight", "stratum,psu,w,y\nS1,P1,10,1\nS1,P2,0,0\n", {}, "row 2 (line 3), column 'w': weight 0 is not > 0"},
      {"negative_weight", "stratum,psu,w,y\nS1,P1,-3,1\nS1,P2,4,0\n", {}, "row 1 (line 2), column 'w': weight -3 is not > 0"},
      {"missing_weight", "stratum,psu,w,y\nS1,P1,3,1\nS1,P2,,0\n", {}, "row 2 (line 3), column 'w': weight is missing"},
      {"text_y", "stratum,psu,w,y\nS1,P1,10,1\nS1,P2,5,yes\n", {}, "row 2 (line 3), column 'y': 'yes' is not a number"},
      {"missing_column", "stratum,cluster,w,y\nS1,P1,10,1\nS1,P2,5,0\n", {}, "column 'psu' not found"},
      {"missing_stratum", "stratum,psu,w,y\nS1,P1,10,1\n,P2,5,0\n", {}, "row 2 (line 3), column 'stratum': the stratum is missing"},
      {"missing_domain_column", "stratum,psu,w,y\nS1,P1,10,1\nS1,P2,5,0\n", {"--domain", "area"}, "column 'area' not found"},
      {"fpc_below_sample", "stratum,psu,w,y,N\nS1,P1,10,1,1.5\nS1,P2,5,0,1.5\n", {"--fpc", "N"},
       "row 1 (line 2), column 'N': fpc 1.5 implies more than 100% sampling"},
  };
  for (const BadCase& c : cases) {
    const std::string in = Path(c.name + ".csv"), out = Path(c.name + "_out.csv");
    std::ofstream(in) << c.csv;
    std::vector<std::string> args = {"survey", "estimate", "--input", in, "--y", "y", "--weight", "w",
                                     "--strata", "stratum", "--psu", "psu", "--output", out};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    EXPECT_EQ(Run(args), 1) << c.name;
    EXPECT_NE(err_.find("nhood: " + in + ": "), std::string::npos) << c.name << ": " << err_;
    EXPECT_NE(err_.find(c.message), std::string::npos) << c.name << ": " << err_;
    EXPECT_FALSE(fs::exists(out)) << c.name;
    EXPECT_FALSE(fs::exists(out + ".provenance.json")) << c.name;
  }
}

TEST_F(SurveyCommand, BadMarginsNameTheirRow) {
  const std::string in = Path("in.csv"), m = Path("m.csv"), out = Path("out.csv");
  std::ofstream(in) << "stratum,psu,w,sex,y\nS1,P1,10,F,1\nS1,P2,5,M,0\nS2,P1,5,F,1\nS2,P2,5,F,0\n";
  std::ofstream(m) << "variable,level,total\nsex,F,100\nsex,X,50\n";
  EXPECT_EQ(Run({"survey", "estimate", "--input", in, "--y", "y", "--weight", "w", "--strata", "stratum", "--psu",
                 "psu", "--rake", m, "--output", out}),
            1);
  EXPECT_NE(err_.find(in + ": row 2 (line 3), column 'sex': level 'M' has no population total"), std::string::npos)
      << err_;
  EXPECT_FALSE(fs::exists(out));
  std::ofstream(m) << "variable,level,total\nsex,F,100\nsex,M,50\nsex,X,50\n";
  EXPECT_EQ(Run({"survey", "estimate", "--input", in, "--y", "y", "--weight", "w", "--rake", m, "--output", out}), 1);
  EXPECT_NE(err_.find(m + ": row 3 (line 4), column 'level': 'sex' level 'X' has no respondents"), std::string::npos)
      << err_;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(SurveyCommand, UsageErrorsExitTwo) {
  EXPECT_EQ(Run({"survey", "estimate", "--input", "x.csv", "--y", "y", "--weight", "w", "--lonely-psu", "drop",
                 "--output", Path("o.csv")}),
            2);
  EXPECT_EQ(Run({"survey", "estimate", "--input", "x.csv", "--output", Path("o.csv")}), 2);
}


// `nhood survey report`: the demo against the shipped benchmarks has the shape of the Local Conversations
// findings table (participants well above England and similarly deprived areas on talking to neighbours
// most days and changing how the area is run, England above similarly deprived, every such difference
// significant after Benjamini-Hochberg), and the outputs are all there with their provenance.
TEST_F(SurveyCommand, DemoReportReproducesTheLocalConversationsShape) {
  const std::string demo = Path("demo.csv"), cb = Path("demo.toml"), out = Path("report");
  ASSERT_EQ(Run({"survey", "demo", "--seed", "1", "--output", demo, "--codebook-out", cb}), 0) << err_;
  const std::string bench = NHOOD_SOURCE_DIR "/data/benchmarks/community_life_survey.csv";
  ASSERT_EQ(Run({"survey", "report", "--input", demo, "--codebook", cb, "--benchmarks", bench, "--output", out}), 0)
      << err_;
  for (const char* f : {"items.csv", "missing.csv", "benchmarks.csv", "waves.csv", "panel.csv", "retention.csv",
                        "report.html", "provenance.json"}) {
    EXPECT_TRUE(fs::exists(fs::path(out) / f)) << f;
  }
  Result<Table> b = io::ReadTable(out + "/benchmarks.csv");
  ASSERT_TRUE(b.ok()) << b.error().message;
  std::map<std::string, size_t> row;  // "measure/benchmark" -> row
  for (size_t r = 0; r < b->num_rows(); ++r) row[b->Cell(*b->Find("measure"), r) + "/" + b->Cell(*b->Find("benchmark"), r)] = r;
  Table::Numbers est = *b->GetNumbers("estimate"), value = *b->GetNumbers("value"), lo = *b->GetNumbers("lower95"),
                 pbh = *b->GetNumbers("p_bh");
  for (const char* m : {"talk_neighbours", "change_area"}) {
    ASSERT_TRUE(row.count(std::string(m) + "/england") && row.count(std::string(m) + "/similarly_deprived")) << m;
    const size_t e = row[std::string(m) + "/england"], d = row[std::string(m) + "/similarly_deprived"];
    EXPECT_GT(value[e], value[d]) << m;                   // England above similarly deprived areas
    EXPECT_GT(est[e], value[e] + 0.15) << m;              // participants well above both
    EXPECT_GT(lo[e], 0) << m;                             // the difference's interval excludes 0
    EXPECT_LT(pbh[e], 0.05) << m;
    EXPECT_LT(pbh[d], 0.05) << m;
  }
  // The participant figures sit near the seeds' (46% talk to neighbours most days, 82% can change the area).
  EXPECT_NEAR(est[row["talk_neighbours/england"]], 0.46, 0.05);
  EXPECT_NEAR(est[row["change_area/england"]], 0.82, 0.05);
  std::ifstream html(out + "/report.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("Not a causal comparison"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("id=\"findings\""), std::string::npos);
  EXPECT_EQ(page.find("http://"), page.find("http://www.w3.org/2000/svg"));  // no external fetches
  // The same seed gives the same file.
  const std::string again = Path("again.csv");
  ASSERT_EQ(Run({"survey", "demo", "--seed", "1", "--output", again}), 0) << err_;
  std::ifstream x(demo), y(again);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(x)), std::istreambuf_iterator<char>()),
            std::string((std::istreambuf_iterator<char>(y)), std::istreambuf_iterator<char>()));
}

// ONS4 means for a local authority come from the shared data at run time (--data-dir), not copied.
TEST_F(SurveyCommand, ReportReadsOns4AreaBenchmarksFromTheDataDir) {
  const std::string demo = Path("demo.csv"), cb = Path("demo.toml"), out = Path("report");
  ASSERT_EQ(Run({"survey", "demo", "--seed", "3", "--output", demo, "--codebook-out", cb}), 0) << err_;
  ASSERT_TRUE(test_support::HaveData(test_support::DataDir() / "wellbeing"));
  const std::string data_dir = test_support::DataDir().string();
  ASSERT_EQ(Run({"survey", "report", "--input", demo, "--codebook", cb, "--data-dir", data_dir, "--ons4-area",
                 "E06000001", "--output", out}),
            0)
      << err_;
  Result<Table> b = io::ReadTable(out + "/benchmarks.csv");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->num_rows(), 4u);
  EXPECT_EQ(b->Cell(*b->Find("measure"), 0), "ons4_life_satisfaction");
  EXPECT_EQ(b->Cell(*b->Find("benchmark"), 0), "ons4_E06000001");
  EXPECT_DOUBLE_EQ((*b->GetNumbers("value"))[0], 7.33);  // Hartlepool, as in the ONS file
  EXPECT_EQ(Run({"survey", "report", "--input", demo, "--codebook", cb, "--data-dir", data_dir, "--ons4-area",
                 "E99999999", "--output", Path("r2")}),
            1);
  EXPECT_NE(err_.find("area 'E99999999' is not in column 'Area Code'"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("r2")));
}

// Bad input to `survey report`: each names the file (and row and column where there is one), exits 1 and
// leaves no output directory (nor a staging directory) behind.
TEST_F(SurveyCommand, ReportBadInputNamesFileRowAndColumnAndWritesNothing) {
  const std::string codebook = R"(
[responses.yesno]
labels = ["No", "Yes"]
agree = ["Yes"]
missing = ["Don't know"]
[[items]]
name = "q"
responses = "yesno"
)";
  struct BadCase {
    std::string name, codebook_extra, csv, message;
  };
  const std::vector<BadCase> cases = {
      {"missing_item", "[[items]]\nname = \"q9\"\nresponses = \"yesno\"\n", "id,q\n1,Yes\n2,No\n",
       "item 'q9': column 'q9' is not a column of "},
      {"out_of_range", "", "id,q\n1,Yes\n2,Maybe\n", ": row 2 (line 3), column 'q': 'Maybe' is not a response of 'yesno'"},
      {"weight_zero", "[design]\nweight = \"w\"\n", "q,w\nYes,1\nNo,0\n", ": row 2 (line 3), column 'w'"},
      {"weight_negative", "[design]\nweight = \"w\"\n", "q,w\nYes,1\nNo,-2\n", ": row 2 (line 3), column 'w'"},
      {"lonely_psu", "[design]\nweight = \"w\"\nstrata = \"s\"\npsu = \"p\"\n",
       "q,w,s,p\nYes,1,A,1\nNo,1,A,2\nYes,1,B,3\n", "'B'"},
  };
  for (const BadCase& c : cases) {
    const std::string in = Path(c.name + ".csv"), cb = Path(c.name + ".toml"), out = Path(c.name + "_out");
    std::ofstream(in) << c.csv;
    std::ofstream(cb) << codebook << c.codebook_extra;
    EXPECT_EQ(Run({"survey", "report", "--input", in, "--codebook", cb, "--output", out}), 1) << c.name;
    EXPECT_NE(err_.find(c.message), std::string::npos) << c.name << ": " << err_;
    EXPECT_NE(err_.find(c.name == "missing_item" ? cb : in), std::string::npos) << c.name << ": " << err_;
    EXPECT_FALSE(fs::exists(out)) << c.name;
    for (const auto& e : fs::directory_iterator(dir_)) {
      EXPECT_EQ(e.path().filename().string().find(c.name + "_out"), std::string::npos) << e.path();
    }
  }
  // A benchmark table with a bad cell names its row and column.
  const std::string in = Path("ok.csv"), cb = Path("ok.toml"), bench = Path("bench.csv");
  std::ofstream(in) << "id,q\n1,Yes\n2,No\n";
  std::ofstream(cb) << codebook;
  std::ofstream(bench) << "measure,benchmark,value,lower,upper\nq,england,0.5,0.6,0.7\n";
  EXPECT_EQ(Run({"survey", "report", "--input", in, "--codebook", cb, "--benchmarks", bench, "--output", Path("o")}), 1);
  EXPECT_NE(err_.find(bench + ": row 1 (line 2), column 'lower'"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("o")));
  // Usage errors exit 2.
  EXPECT_EQ(Run({"survey", "report", "--input", in, "--output", Path("o")}), 2);
  EXPECT_EQ(Run({"survey", "demo"}), 2);
}

// A codebook key written with the wrong type, or an unknown key, is an error
// naming the codebook, the line and the key (never the key's default: a
// misspelt `reverse` used to leave the item unreversed, a `[scales]` table
// for `[[scales]]` to drop every scale, a misspelt [design] `weight` to give
// unweighted estimates), exit 1 and no output; for `survey report` and for
// `--codebook` of `survey model`.
TEST_F(SurveyCommand, CodebookWrongTypesAndUnknownKeysAreErrorsNamingFileLineAndKey) {
  // Lines 1-8; each case's text starts on line 9, inside the [[items]] entry.
  const std::string codebook =
      "# a codebook\n[responses.yesno]\nlabels = [\"No\", \"Yes\"]\nagree = [\"Yes\"]\nmissing = [\"Don't "
      "know\"]\n[[items]]\nname = \"q\"\nresponses = \"yesno\"\n";
  struct Case {
    std::string name, extra;
    int line;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"reverse_text", "reverse = \"yes\"\n", 9, "'items[1].reverse' must be true or false, not the string \"yes\""},
      {"reverse_typo", "revers = true\n", 9,
       "unknown key 'items[1].revers' in [[items]]; did you mean 'items[1].reverse'?"},
      {"scales_table", "[scales]\nname = \"s\"\nmethod = \"mean\"\nitems = [\"q\"]\n", 9,
       "'scales' must be an array of tables, not a table: write [[scales]] above each entry"},
      {"design_typo", "[design]\nweights = \"w\"\n", 10,
       "unknown key 'design.weights' in [design]; did you mean 'design.weight'?"},
      {"min_text", "[responses.n]\nmin = \"0\"\nmax = 10\n", 10,
       "'responses.n.min' must be a number, not the string \"0\"; write it without quotes: min = 0"},
      {"labels_text", "[responses.s]\nlabels = \"Yes\"\n", 10,
       "'responses.s.labels' must be an array of strings, not the string \"Yes\""},
      // A key the reader would not read is an error too.
      {"labels_and_max", "[responses.s]\nlabels = [\"No\", \"Yes\"]\nmax = 10\n", 11,
       "'max' is read only without labels (a numeric scale min..max)"},
      {"agree_without_labels", "[responses.n]\nmin = 0\nmax = 10\nagree = [\"10\"]\n", 12,
       "'agree' goes with labels (one per label)"},
      {"model_x", "[[model]]\ny = \"q\"\nx = 5\n", 11,
       "'model[1].x' must be a string or an array of strings, not the integer 5"},
      {"mediation_replicates", "[mediation]\nx = \"q\"\nm = \"q\"\ny = \"q\"\ncluster = \"id\"\nreplicates = 99.0\n",
       14, "'mediation.replicates' must be an integer between 1 and 99999, not the float 99"},
  };
  for (const Case& c : cases) {
    const std::string in = Path(c.name + ".csv"), cb = Path(c.name + ".toml"), out = Path(c.name + "_out");
    std::ofstream(in) << "id,q,w\n1,Yes,1\n2,No,1\n";
    std::ofstream(cb) << codebook << c.extra;
    EXPECT_EQ(Run({"survey", "report", "--input", in, "--codebook", cb, "--output", out}), 1) << c.name;
    const std::string where = cb + ": line " + std::to_string(c.line) + ": " + c.message;
    EXPECT_NE(err_.find(where), std::string::npos) << "expected: " << where << "\ngot: " << err_;
    EXPECT_FALSE(fs::exists(out)) << c.name;
    for (const auto& e : fs::directory_iterator(dir_)) {
      EXPECT_EQ(e.path().filename().string().find(c.name + "_out"), std::string::npos) << e.path();
    }
  }
  // `survey model --codebook` checks the codebook the same way.
  const std::string in = Path("m.csv"), cb = Path("m.toml"), out = Path("m_out.csv");
  std::ofstream(in) << "id,q,z\n1,Yes,1\n2,No,2\n3,Yes,3\n4,No,5\n";
  std::ofstream(cb) << codebook << "revers = true\n";
  EXPECT_EQ(Run({"survey", "model", "--input", in, "--codebook", cb, "--y", "z", "--x", "q", "-o", out}), 1) << err_;
  EXPECT_NE(err_.find(cb + ": line 9: unknown key 'items[1].revers'"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out));
}

ssize_t WriteSavBytes(const void* data, size_t len, void* ctx) {
  return static_cast<ssize_t>(std::fwrite(data, 1, len, static_cast<FILE*>(ctx)));
}

// An SPSS file with one labelled item q (1 = "No", 2 = "Yes"), written through ReadStat's writer.
void WriteSav(const std::string& path, const std::vector<double>& q) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  readstat_writer_t* w = readstat_writer_init();
  readstat_set_data_writer(w, WriteSavBytes);
  readstat_label_set_t* set = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "yesno");
  readstat_label_double_value(set, 1, "No");
  readstat_label_double_value(set, 2, "Yes");
  readstat_variable_t* vq = readstat_add_variable(w, "q", READSTAT_TYPE_DOUBLE, 0);
  readstat_variable_set_label_set(vq, set);
  readstat_variable_t* vid = readstat_add_variable(w, "id", READSTAT_TYPE_DOUBLE, 0);
  ASSERT_EQ(readstat_begin_writing_sav(w, f, static_cast<long>(q.size())), READSTAT_OK);
  for (size_t r = 0; r < q.size(); ++r) {
    readstat_begin_row(w);
    readstat_insert_double_value(w, vq, q[r]);
    readstat_insert_double_value(w, vid, static_cast<double>(r + 1));
    readstat_end_row(w);
  }
  ASSERT_EQ(readstat_end_writing(w), READSTAT_OK);
  readstat_writer_free(w);
  std::fclose(f);
}

// `survey report` reads SPSS files with their value labels; a .sav with an unlabelled code stops with the file,
// row and column, exit 1, no output.
TEST_F(SurveyCommand, ReportReadsSavWithLabelsAndRefusesUnlabelledCodes) {
  const std::string cb = Path("cb.toml");
  std::ofstream(cb) << "[responses.yesno]\nlabels = [\"No\", \"Yes\"]\nagree = [\"Yes\"]\n[[items]]\nname = \"q\"\n"
                       "responses = \"yesno\"\n";
  const std::string good = Path("good.sav"), bad = Path("bad.sav");
  WriteSav(good, {2, 2, 1, 2});
  WriteSav(bad, {2, 9, 1});
  ASSERT_EQ(Run({"survey", "report", "--input", good, "--codebook", cb, "--output", Path("g")}), 0) << err_;
  Result<Table> items = io::ReadTable(Path("g") + "/items.csv");
  ASSERT_TRUE(items.ok());
  EXPECT_DOUBLE_EQ((*items->GetNumbers("estimate"))[0], 0.75);  // "Yes" in 3 of 4, through the labels
  EXPECT_EQ(Run({"survey", "report", "--input", bad, "--codebook", cb, "--output", Path("b")}), 1);
  EXPECT_NE(err_.find(bad + ": row 2, column 'q': code 9 has no value label"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("b")));
}

}  // namespace
}  // namespace nhood::cli
