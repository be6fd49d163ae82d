// `nhood did` through the real command on the real census files
// (examples/did-left-behind.toml): England's own shares, the unmatched DiD
// against England recomputed here from the raw counts, balance after
// matching, the bootstrap reproducible on 1 and 2 threads, and bad input
// (treated areas not on the geography, configuration errors, usage errors)
// that exits 1 or 2 and writes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "apps/cli/app.h"
#include "nhood/geo/polygon.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

const std::string kExample = std::string(NHOOD_SOURCE_DIR) + "/examples/did-left-behind.toml";

std::string Read(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Ran {
  int code = 0;
  std::string err;
};

Ran RunNhood(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  Ran r;
  r.code = RunCli(args);
  ::testing::internal::GetCapturedStdout();
  r.err = ::testing::internal::GetCapturedStderr();
  return r;
}

fs::path TempDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("nhood_did_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// did.csv rows keyed "comparison/outcome" -> column -> value.
std::map<std::string, std::map<std::string, double>> ReadDid(const fs::path& file) {
  std::map<std::string, std::map<std::string, double>> out;
  Result<Table> t = io::ReadTable(file.string());
  EXPECT_TRUE(t) << t.error().message;
  if (!t) return out;
  for (size_t r = 0; r < t->num_rows(); ++r) {
    const std::string key = t->Cell(*t->Find("comparison"), r) + "/" + t->Cell(*t->Find("outcome"), r);
    for (size_t c = 2; c < t->num_columns(); ++c) out[key][t->name(c)] = std::stod(t->Cell(c, r));
  }
  return out;
}

// One run of the example shared by the tests that only read its outputs.
class DidCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("suite"));
    if (!test_support::HaveData(test_support::DataDir() / "census")) return;
    ran_ = new Ran(RunNhood({"did", "--config", kExample, "--data-dir", test_support::DataDir().string(), "--output",
                             (*dir_ / "out").string(), "--seed", "5", "--replicates", "199", "--threads", "2"}));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete ran_;
  }
  void SetUp() override {
    ASSERT_TRUE(test_support::HaveData(test_support::DataDir() / "census"));
    ASSERT_NE(ran_, nullptr);
    ASSERT_EQ(ran_->code, 0) << ran_->err;
  }
  static fs::path Out() { return *dir_ / "out"; }
  static fs::path* dir_;
  static Ran* ran_;
};
fs::path* DidCommand::dir_ = nullptr;
Ran* DidCommand::ran_ = nullptr;

// The raw files, read here without the command's code.
struct Raw {
  double persons11 = 0, vg11 = 0, bad11 = 0, persons21 = 0, vg21 = 0, bad21 = 0;  // England
  double t_persons11 = 0, t_vg11 = 0, t_bad11 = 0, t_persons21 = 0, t_vg21 = 0, t_bad21 = 0;  // treated
  size_t treated = 0;
};

Raw ReadRaw() {
  const fs::path d = test_support::DataDir();
  Raw raw;
  auto table = [](const fs::path& p) {
    Result<Table> t = io::ReadTable(p.string());
    EXPECT_TRUE(t) << p;
    return t ? *t : Table();
  };
  // The left-behind wards and their LSOAs (best-fit LSOA 2011 -> ward 2017).
  const Table cni = table(d / "community/cni2019_wards17_left_behind_ocsi_humaniverse.csv");
  std::set<std::string> wards;
  for (size_t r = 0; r < cni.num_rows(); ++r) {
    if (cni.Cell(*cni.Find("Left Behind Area?"), r) == "TRUE") wards.insert(cni.Cell(*cni.Find("ward17_code"), r));
  }
  EXPECT_EQ(wards.size(), 225u);
  const Table lw = table(d / "lookups/lsoa11_ward17_geographr.csv");
  std::set<std::string> treated;
  for (size_t r = 0; r < lw.num_rows(); ++r) {
    if (wards.count(lw.Cell(1, r))) treated.insert(lw.Cell(0, r));
  }
  raw.treated = treated.size();
  const Table c11 = table(d / "census/census2011_QS302EW_general_health_lsoa11.csv");
  std::unordered_map<std::string, double> pop11;
  for (size_t r = 0; r < c11.num_rows(); ++r) {
    const std::string code = c11.Cell(0, r);
    if (code.rfind("E01", 0) != 0) continue;
    const double all = std::stod(c11.Cell(*c11.Find("all"), r)), vg = std::stod(c11.Cell(*c11.Find("very_good"), r));
    const double bad = std::stod(c11.Cell(*c11.Find("bad"), r)) + std::stod(c11.Cell(*c11.Find("very_bad"), r));
    raw.persons11 += all, raw.vg11 += vg, raw.bad11 += bad;
    pop11[code] = all;
    if (treated.count(code)) raw.t_persons11 += all, raw.t_vg11 += vg, raw.t_bad11 += bad;
  }
  // 2021 counts onto LSOA 2011: a 2021 area's counts go to its 2011 parts
  // in proportion to their 2011 populations.
  const Table lk = table(d / "lookups/lsoa11_lsoa21_lad22_geographr.csv");
  std::unordered_map<std::string, std::vector<std::string>> parts;
  for (size_t r = 0; r < lk.num_rows(); ++r) {
    parts[lk.Cell(*lk.Find("lsoa21_code"), r)].push_back(lk.Cell(*lk.Find("lsoa11_code"), r));
  }
  const Table c21 = table(d / "census/census2021_TS037_general_health_lsoa21.csv");
  for (size_t r = 0; r < c21.num_rows(); ++r) {
    const std::string code = c21.Cell(0, r);
    if (code.rfind("E01", 0) != 0) continue;
    const double all = std::stod(c21.Cell(*c21.Find("all"), r)), vg = std::stod(c21.Cell(*c21.Find("very_good"), r));
    const double bad = std::stod(c21.Cell(*c21.Find("bad"), r)) + std::stod(c21.Cell(*c21.Find("very_bad"), r));
    raw.persons21 += all, raw.vg21 += vg, raw.bad21 += bad;
    const auto& p = parts[code];
    EXPECT_FALSE(p.empty()) << code;
    double total = 0;
    for (const auto& q : p) total += pop11[q];
    for (const auto& q : p) {
      if (!treated.count(q)) continue;
      const double share = pop11[q] / total;
      raw.t_persons21 += all * share, raw.t_vg21 += vg * share, raw.t_bad21 += bad * share;
    }
  }
  return raw;
}

// Must-show: the England comparison is England's own, from the census files:
// 47.2% (2011) and 48.5% (2021) in very good health.
TEST_F(DidCommand, EnglandSharesAreEnglandsOwnFromTheCensusFiles) {
  const auto did = ReadDid(Out() / "did.csv");
  const Raw raw = ReadRaw();
  const auto& vg = did.at("england/very_good_health");
  EXPECT_EQ(vg.at("comparison_before"), raw.vg11 / raw.persons11);
  EXPECT_EQ(vg.at("comparison_after"), raw.vg21 / raw.persons21);
  EXPECT_NEAR(vg.at("comparison_before"), 0.472, 0.0005);  // 47.17%
  EXPECT_NEAR(vg.at("comparison_after"), 0.485, 0.0005);   // 48.49%
  EXPECT_EQ(raw.persons11, 53012456);  // the published 2011 usual residents of England
  const auto& bad = did.at("england/bad_health");
  EXPECT_EQ(bad.at("comparison_before"), raw.bad11 / raw.persons11);
  EXPECT_EQ(bad.at("comparison_after"), raw.bad21 / raw.persons21);
  EXPECT_EQ(vg.at("n_comparison"), 32844);
}

// Must-show: the unmatched DiD against England follows from the counts: the
// treated shares and the DiD recomputed here from the raw files (the 2021
// bridge redone independently) agree to 1e-12 (only the order of the
// floating-point sums differs).
TEST_F(DidCommand, UnmatchedDidAgainstEnglandFollowsFromTheRawCounts) {
  const auto did = ReadDid(Out() / "did.csv");
  const Raw raw = ReadRaw();
  for (const auto& [outcome, t11, t21, e11, e21] :
       {std::tuple{"very_good_health", raw.t_vg11, raw.t_vg21, raw.vg11, raw.vg21},
        std::tuple{"bad_health", raw.t_bad11, raw.t_bad21, raw.bad11, raw.bad21}}) {
    const auto& row = did.at(std::string("england/") + outcome);
    const double tb = t11 / raw.t_persons11, ta = t21 / raw.t_persons21;
    const double expected = (ta - tb) - (e21 / raw.persons21 - e11 / raw.persons11);
    EXPECT_NEAR(row.at("treated_before"), tb, 1e-12) << outcome;
    EXPECT_NEAR(row.at("treated_after"), ta, 1e-12) << outcome;
    EXPECT_NEAR(row.at("did"), expected, 1e-12) << outcome;
    EXPECT_EQ(row.at("n_treated"), static_cast<double>(raw.treated));
    EXPECT_LT(row.at("lower95"), row.at("did"));
    EXPECT_GT(row.at("upper95"), row.at("did"));
  }
  EXPECT_EQ(raw.treated, 1468u);
}

// Must-show: every standardised mean difference under 0.1 after matching,
// and the matched DiD has a bootstrap interval around it.
TEST_F(DidCommand, EverySmdIsBelowOneTenthAfterMatching) {
  Result<Table> b = io::ReadTable((Out() / "balance.csv").string());
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->names(), (std::vector<std::string>{"covariate", "mean_treated", "mean_comparison_before", "smd_before",
                                                  "mean_comparison_after", "smd_after"}));
  ASSERT_EQ(b->num_rows(), 6u);  // IMD score, two 2011 shares, two age shares, urban
  double worst_before = 0;
  for (size_t r = 0; r < b->num_rows(); ++r) {
    const double after = std::stod(b->Cell(*b->Find("smd_after"), r));
    EXPECT_LT(std::fabs(after), 0.1) << b->Cell(0, r);
    worst_before = std::max(worst_before, std::fabs(std::stod(b->Cell(*b->Find("smd_before"), r))));
  }
  EXPECT_GT(worst_before, 1.0);  // the left-behind LSOAs are far from England before matching
  const auto did = ReadDid(Out() / "did.csv");
  for (const char* outcome : {"very_good_health", "bad_health"}) {
    const auto& m = did.at(std::string("matched/") + outcome);
    EXPECT_LT(m.at("lower95"), m.at("did")) << outcome;
    EXPECT_GT(m.at("upper95"), m.at("did")) << outcome;
    EXPECT_GE(m.at("n_treated"), 1460);  // the caliper leaves out at most a handful
  }
}

TEST_F(DidCommand, WritesTheDocumentedColumnsAReportAndProvenance) {
  const std::string csv = Read(Out() / "did.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "comparison,outcome,treated_before,treated_after,comparison_before,comparison_after,did,lower95,upper95,"
            "n_treated,n_comparison");
  EXPECT_EQ(ReadDid(Out() / "did.csv").size(), 6u);  // 3 comparisons x 2 outcomes
  const std::string html = Read(Out() / "report.html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Parallel trends"), std::string::npos);
  EXPECT_NE(html.find("Not age-standardised"), std::string::npos);
  EXPECT_NE(html.find("Balance of the matched comparators"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // self-contained
  EXPECT_NE(html.find("<script data-nhood-plot-charts>"), std::string::npos);  // Plot embedded (plot_charts.h)
  // No absolute path of this machine in a shared output.
  EXPECT_EQ(html.find(NHOOD_SOURCE_DIR), std::string::npos);
  EXPECT_EQ(html.find(test_support::DataDir().string()), std::string::npos);
  EXPECT_NE(html.find("census/census2011_QS302EW_general_health_lsoa11.csv"), std::string::npos);
  const std::string prov = Read(Out() / "provenance.json");
  EXPECT_NE(prov.find("\"seed\""), std::string::npos) << prov;
  EXPECT_NE(prov.find("census2011_QS302EW_general_health_lsoa11.csv"), std::string::npos);
}

// The bootstrap gives the same numbers on 1 and on 2 threads for a seed.
TEST_F(DidCommand, BootstrapIsReproducibleOnOneAndTwoThreads) {
  const fs::path one = *dir_ / "one";
  Ran r = RunNhood({"did", "--config", kExample, "--data-dir", test_support::DataDir().string(), "--output",
                    one.string(), "--seed", "5", "--replicates", "199", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Read(one / "did.csv"), Read(Out() / "did.csv"));
  EXPECT_EQ(Read(one / "balance.csv"), Read(Out() / "balance.csv"));
  const fs::path other = *dir_ / "other";
  r = RunNhood({"did", "--config", kExample, "--data-dir", test_support::DataDir().string(), "--output",
                other.string(), "--seed", "6", "--replicates", "199"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(Read(other / "did.csv"), Read(Out() / "did.csv"));  // another seed, other draws
}

// The example with its [treated] section replaced by `treated`.
std::string ExampleWith(const std::string& treated) {
  std::string s = Read(kExample);
  const size_t a = s.find("[treated]"), b = s.find("# LSOA 2011 -> ward");
  EXPECT_NE(a, std::string::npos);
  EXPECT_NE(b, std::string::npos);
  return s.substr(0, a) + treated + "\n" + s.substr(b);
}

class DidBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test_support::HaveData(test_support::DataDir() / "census"));
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    out_ = dir_ / "out";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  Ran Did(const fs::path& config, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"did", "--config", config.string(), "--data-dir",
                                     test_support::DataDir().string(), "--output", out_.string(), "--replicates", "9"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunNhood(args);
  }
  fs::path dir_, out_;
};

// Must-show: treated areas not on the geography: file, row and column, exit
// 1, no partial output (and an existing output directory left as it was).
TEST_F(DidBadInput, TreatedLsoaNotOnTheGeographyNamesFileRowAndColumn) {
  const fs::path list = Write("treated.csv", "code,name\nE01000001,a\nE01000002,b\nE01999999,c\n");
  const fs::path config = Write("did.toml", ExampleWith("[treated]\nfile = \"" + list.string() + "\"\nid = \"code\"\n"));
  fs::create_directories(out_);
  std::ofstream(out_ / "mine.txt") << "kept";
  const Ran r = Did(config);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("treated.csv: row 3 (line 4), column 'code': 'E01999999' is not on the geography"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Read(out_ / "mine.txt"), "kept");
  EXPECT_FALSE(fs::exists(out_ / "did.csv"));
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) entries += e.path().filename().string().find("out") == 0;
  EXPECT_EQ(entries, 1u);  // no staging directory left behind
}

TEST_F(DidBadInput, TreatedWardNotOnTheGeographyNamesFileRowAndColumn) {
  const fs::path list = Write("wards.csv", "ward,name\nE05000026,Abbey\nE05999999,Nowhere\n");
  const fs::path config =
      Write("did.toml", ExampleWith("[treated]\nfile = \"" + list.string() + "\"\nid = \"ward\"\nlevel = \"ward\"\n"));
  const Ran r = Did(config);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("wards.csv: row 2 (line 3), column 'ward': 'E05999999' is not on the geography"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out_));
}

// A list of LSOAs (not wards) works too, and says how many it treated.
TEST_F(DidBadInput, ATreatedListOfLsoasRuns) {
  std::string text = "code,note\n";
  for (const char* c : {"E01021988", "E01021989", "E01021990", "E01021991", "E01021992", "E01021993"}) {
    text += std::string(c) + ",x\n";
  }
  const fs::path config =
      Write("did.toml", ExampleWith("[treated]\nfile = \"" + Write("t.csv", text).string() + "\"\nid = \"code\"\n"));
  const Ran r = Did(config);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("6 treated LSOAs 2011"), std::string::npos) << r.err;
  EXPECT_EQ(ReadDid(out_ / "did.csv").at("england/very_good_health").at("n_treated"), 6);
}

// Configuration errors come from the schema, before any data is read.
TEST_F(DidBadInput, ConfigurationErrorsNameTheKeyAndWriteNothing) {
  std::string s = Read(kExample);
  for (const auto& [from, to, expect] :
       {std::tuple{"ratio = 3 ", "ratoi = 3 ", "did you mean 'matching.ratio'"},
        {"caliper = 2.0 ", "caliper = \"2\" ", "matching.caliper"},
        {"level = \"ward\" ", "level = \"wards\" ", "treated.level"},
        {"replacement = true", "replacement = 1", "matching.replacement"}}) {
    std::string bad = s;
    const size_t at = bad.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    bad.replace(at, std::string(from).size(), to);
    const std::string line = std::to_string(1 + std::count(bad.begin(), bad.begin() + at, '\n'));
    const Ran r = Did(Write("bad.toml", bad));
    EXPECT_EQ(r.code, 1) << from << "\n" << r.err;
    EXPECT_NE(r.err.find(expect), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.toml: line " + line + ": "), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out_));
  }
}


// Must-show: propensity matching (logistic regression of treatment on the
// baseline covariates, caliper 0.2 SD of the logit, Austin 2011) balances
// the left-behind LSOAs: every |SMD| below 0.1 and smaller than before.
TEST_F(DidBadInput, PropensityMatchingBalancesTheLeftBehindExample) {
  std::string text = Read(kExample);
  const size_t at = text.find("caliper = 2.0");
  ASSERT_NE(at, std::string::npos);
  text.erase(at, text.find('\n', at) - at);  // the method's default caliper, 0.2 SD
  const std::string mahalanobis = "method = \"mahalanobis\"";
  ASSERT_NE(text.find(mahalanobis), std::string::npos);
  text.replace(text.find(mahalanobis), mahalanobis.size(), "method = \"propensity\"");
  const Ran r = Did(Write("did.toml", text));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("Matching (propensity)"), std::string::npos) << r.err;
  Result<Table> b = io::ReadTable((out_ / "balance.csv").string());
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(b->num_rows(), 6u);
  for (size_t row = 0; row < b->num_rows(); ++row) {
    const double before = std::stod(b->Cell(*b->Find("smd_before"), row));
    const double after = std::stod(b->Cell(*b->Find("smd_after"), row));
    EXPECT_LT(std::fabs(after), 0.1) << b->Cell(0, row);
    EXPECT_LT(std::fabs(after), std::fabs(before)) << b->Cell(0, row);
  }
  const auto did = ReadDid(out_ / "did.csv");
  EXPECT_GE(did.at("matched/very_good_health").at("n_treated"), 1400);
  const std::string html = Read(out_ / "report.html");
  EXPECT_NE(html.find("propensity-score matching"), std::string::npos);
  EXPECT_NE(html.find("0.2 standard deviations of the logit"), std::string::npos);
  // A method the schema does not know is named with the allowed ones.
  text.replace(text.find("\"propensity\""), 12, "\"propensities\"");
  const Ran bad = Did(Write("bad.toml", text));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("matching.method"), std::string::npos) << bad.err;
}

// A GeoJSON FeatureCollection in British National Grid of rectangles
// {id, x0, y0, x1, y1}; a rectangle with x0 > x1 is drawn as a bow tie
// (self-intersecting).
std::string Rectangles(const std::vector<std::tuple<std::string, double, double, double, double>>& boxes) {
  std::string g = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
                  "\"urn:ogc:def:crs:EPSG::27700\"}},\"features\":[";
  for (size_t i = 0; i < boxes.size(); ++i) {
    const auto& [id, x0, y0, x1, y1] = boxes[i];
    char ring[400];
    if (x0 <= x1) {
      std::snprintf(ring, sizeof ring, "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", x0, y0, x1, y0, x1, y1, x0, y1, x0,
                    y0);
    } else {
      std::snprintf(ring, sizeof ring, "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", x1, y0, x0, y1, x0, y0, x1, y1, x1,
                    y0);
    }
    g += std::string(i ? "," : "") + "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + id +
         "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}}";
  }
  return g + "]}";
}

const char* kCentroids =
    "[centroids]\nfile = \"boundaries/lsoa11_england_generalised.geojson\"\nid = \"lsoa11_code\"\n";

// Must-show: treated areas as polygons select the LSOAs whose centroid
// falls inside. The oracle: the boundaries' centroids tested against the
// rectangle by comparison here.
TEST_F(DidBadInput, TreatedPolygonsSelectTheLsoasWhoseCentroidFallsInside) {
  const double x0 = 423500, y0 = 563000, x1 = 426500, y1 = 565500;  // central Newcastle upon Tyne
  const fs::path poly = Write("area.geojson", Rectangles({{"centre", x0, y0, x1, y1}}));
  const fs::path config = Write("did.toml", ExampleWith("[treated]\npolygons = \"" + poly.string() +
                                                        "\"\npolygon_id = \"name\"\n\n" + kCentroids));
  const Ran r = Did(config);
  ASSERT_EQ(r.code, 0) << r.err;
  io::PolygonReadOptions read;
  read.attributes = false;
  Result<io::PolygonData> lsoas =
      io::ReadPolygons((test_support::DataDir() / "boundaries/lsoa11_england_generalised.geojson").string(),
                       "lsoa11_code", read);
  ASSERT_TRUE(lsoas) << lsoas.error().message;
  Result<geo::PolygonLayer> bng = io::ReprojectLayer(lsoas->layer, "EPSG:27700");
  ASSERT_TRUE(bng) << bng.error().message;
  std::set<std::string> inside;
  for (size_t f = 0; f < bng->size(); ++f) {
    const geo::Point c = geo::Centroid(bng->polygons[f]);
    if (c.x > x0 && c.x < x1 && c.y > y0 && c.y < y1) inside.insert(bng->ids[f]);
  }
  ASSERT_GE(inside.size(), 5u);
  EXPECT_EQ(ReadDid(out_ / "did.csv").at("england/very_good_health").at("n_treated"),
            static_cast<double>(inside.size()));
  EXPECT_NE(r.err.find(std::to_string(inside.size()) + " treated LSOAs 2011"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 treated polygons"), std::string::npos) << r.err;
  EXPECT_NE(Read(out_ / "report.html").find("falls inside a polygon of area.geojson"), std::string::npos);
  // The same points as a table of x, y (as population-weighted centroids
  // would come) select the same LSOAs.
  std::string points = "code,easting,northing\n";
  for (size_t f = 0; f < bng->size(); ++f) {
    const geo::Point c = geo::Centroid(bng->polygons[f]);
    char line[96];
    std::snprintf(line, sizeof line, "%s,%.3f,%.3f\n", bng->ids[f].c_str(), c.x, c.y);
    points += line;
  }
  fs::remove_all(out_);
  const fs::path table = Write("points.csv", points);
  const Ran t = Did(Write("did2.toml", ExampleWith("[treated]\npolygons = \"" + poly.string() +
                                                  "\"\npolygon_id = \"name\"\n\n[centroids]\nfile = \"" +
                                                  table.string() +
                                                  "\"\nid = \"code\"\nx = \"easting\"\ny = \"northing\"\n")));
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(ReadDid(out_ / "did.csv").at("england/very_good_health").at("n_treated"),
            static_cast<double>(inside.size()));
  // Text in a coordinate column: an error naming the table, row and column (it was an unchecked Result).
  fs::remove_all(out_);
  const size_t first_row = points.find('\n') + 1, comma = points.find(',', first_row);
  std::string bad = points;
  bad.replace(comma + 1, points.find(',', comma + 1) - comma - 1, "abc");
  const fs::path bad_table = Write("bad_points.csv", bad);
  const Ran b = Did(Write("did3.toml", ExampleWith("[treated]\npolygons = \"" + poly.string() +
                                                  "\"\npolygon_id = \"name\"\n\n[centroids]\nfile = \"" +
                                                  bad_table.string() +
                                                  "\"\nid = \"code\"\nx = \"easting\"\ny = \"northing\"\n")));
  EXPECT_EQ(b.code, 1) << b.err;
  EXPECT_NE(b.err.find("bad_points.csv: row 1 (line 2), column 'easting': 'abc' is not a number"), std::string::npos)
      << b.err;
  EXPECT_FALSE(fs::exists(out_));
}

// The 225 left-behind ward polygons select nearly the LSOAs the best-fit
// ward lookup does (1,468): the lookup goes by population-weighted
// centroid, these by the centroid of the generalised boundary.
TEST_F(DidBadInput, LeftBehindWardPolygonsSelectNearlyTheLookupsLsoas) {
  const fs::path config = Write(
      "did.toml", ExampleWith("[treated]\npolygons = \"community/left_behind_areas_boundaries_brc.geojson\"\n"
                              "polygon_id = \"lba_code\"\n\n" + std::string(kCentroids)));
  const Ran r = Did(config);
  ASSERT_EQ(r.code, 0) << r.err;
  const double n = ReadDid(out_ / "did.csv").at("england/very_good_health").at("n_treated");
  EXPECT_GT(n, 1468 * 0.95);
  EXPECT_LT(n, 1468 * 1.05);
  EXPECT_NE(r.err.find("225 treated polygons"), std::string::npos) << r.err;
}

// Must-show: a polygon that holds no LSOA, or an invalid one, is an error
// naming the file and the polygon; nothing is written.
TEST_F(DidBadInput, TreatedPolygonThatMatchesNothingOrIsInvalidNamesFileAndPolygon) {
  const fs::path sea = Write("sea.geojson", Rectangles({{"centre", 423500, 563000, 426500, 565500},
                                                        {"north sea", 600000, 700000, 601000, 701000}}));
  Ran r = Did(Write("did.toml", ExampleWith("[treated]\npolygons = \"" + sea.string() + "\"\npolygon_id = \"name\"\n\n" +
                                            kCentroids)));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("sea.geojson: feature 2 ('north sea') holds no LSOA 2011 point"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out_));
  const fs::path bow = Write("bow.geojson", Rectangles({{"bow tie", 426500, 563000, 423500, 565500}}));
  r = Did(Write("did.toml", ExampleWith("[treated]\npolygons = \"" + bow.string() + "\"\npolygon_id = \"name\"\n\n" +
                                        kCentroids)));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("bow.geojson: feature 1 ('bow tie'): "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nvalid"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out_));
  // Both a list and polygons, or polygons without [centroids]: the schema says which key.
  r = Did(Write("did.toml", ExampleWith("[treated]\npolygons = \"" + sea.string() + "\"\npolygon_id = \"name\"\n")));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("centroids"), std::string::npos) << r.err;
  r = Did(Write("did.toml", ExampleWith("[treated]\npolygons = \"" + sea.string() + "\"\npolygon_id = \"name\"\n"
                                        "file = \"" + sea.string() + "\"\nid = \"name\"\n\n" + kCentroids)));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("give either 'file'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(DidBadInput, UsageErrorsExitTwo) {
  EXPECT_EQ(RunNhood({"did", "--data-dir", test_support::DataDir().string(), "--output", out_.string()}).code, 2);
  EXPECT_EQ(Did(kExample, {"--replicates", "-5"}).code, 2);
  EXPECT_EQ(Did(kExample, {"--seed", "abc"}).code, 2);
  EXPECT_FALSE(fs::exists(out_));
}

}  // namespace
}  // namespace nhood::cli
