// `nhood index` and `nhood classify` on the real data (failing without the
// data mirror) and on bad configurations (clear error before any work).
#include <gtest/gtest.h>

#include <map>

#include <cmath>
#include <cstdlib>
#include <iterator>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <cstring>
#include <numeric>
#include <set>
#include <unordered_map>

#include "apps/cli/aggregate_command.h"
#include "apps/cli/app.h"
#include "apps/cli/atlas_command.h"
#include "apps/cli/bridge_command.h"
#include "apps/cli/classify_command.h"
#include "apps/cli/index_command.h"
#include "apps/cli/join_command.h"
#include "apps/cli/regions_command.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

fs::path DataDir() { return test_support::DataDir(); }

fs::path Examples() { return fs::path(NHOOD_SOURCE_DIR) / "examples"; }

// Issue 4: every LSOA within 0.001 of the published IMD 2019 score.
TEST(IndexCommand, RebuildsImd2019FromFile9) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2019"));
  Result<IndexRun> r = ComputeIndex((Examples() / "imd2019.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->table.num_rows(), 32844u);
  // Against the published score, read here independently of the command's
  // own [check]: every LSOA matched, each within 0.001 (3-dp rounding of
  // the published score plus our summation).
  Result<Table> published = io::ReadTable((DataDir() / "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv").string());
  ASSERT_TRUE(published) << published.error().message;
  std::unordered_map<std::string, double> score_of;
  const auto pub_scores = *published->GetNumbers("imd_score");
  for (size_t i = 0; i < published->num_rows(); ++i) score_of[published->Cell(*published->Find("lsoa11cd"), i)] = pub_scores[i];
  const auto& ours = r->table.numbers(*r->table.Find("score"));
  size_t matched = 0;
  double worst = 0;
  for (size_t i = 0; i < r->table.num_rows(); ++i) {
    auto it = score_of.find(r->table.text(0)[i]);
    if (it == score_of.end()) continue;
    ++matched;
    worst = std::max(worst, std::fabs(ours[i] - it->second));
  }
  EXPECT_EQ(matched, 32844u);
  EXPECT_LE(worst, 0.001);
  EXPECT_NEAR(r->max_difference, worst, 1e-12);  // the command's [check] reports the same
  // Jaywick (E01021988) is the most deprived LSOA in England.
  const auto& ids = r->table.text(0);
  const size_t j = std::find(ids.begin(), ids.end(), "E01021988") - ids.begin();
  ASSERT_LT(j, ids.size());
  EXPECT_EQ(r->table.numbers(*r->table.Find("rank"))[j], 1);
  EXPECT_EQ(r->table.numbers(*r->table.Find("decile"))[j], 1);
}

// Issue 4: the left-behind wards against OCSI's published 225. We agree on
// 219 (6 published wards missed, 7 extra), one short of the 220 asked: the
// differences sit at the 10% IMD threshold, where a best-fit LSOA -> ward
// lookup (whole LSOAs) cannot reproduce OCSI's finer ward aggregation.
TEST(ClassifyCommand, LeftBehindWardsConfusionTable) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "community"));
  Result<ClassifyRun> r = ComputeClassification((Examples() / "left-behind-wards.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->table.num_rows(), 7433u);
  ASSERT_TRUE(r->compared);
  EXPECT_EQ(r->confusion[1][1] + r->confusion[0][1], 225);  // the published 225
  // 219 / 7 / 6 are this code's own output, pinned as a regression guard
  // for the figures README and docs/methods.md publish; the outside
  // reference is OCSI's flag itself (225, above). What can be checked
  // against it is where the 13 disagreements lie: each is within 125 ranks
  // of the 10% cut (743 of 7,433 wards) on the IMD or on the CNI, where
  // whole-LSOA aggregation to wards can move a ward across the cut.
  EXPECT_EQ(r->confusion[1][1], 219);
  EXPECT_EQ(r->confusion[1][0], 7);
  EXPECT_EQ(r->confusion[0][1], 6);
  {
    const Table& t = r->table;
    const auto& dep = t.numbers(*t.Find("deprivation_score"));
    const auto& cni = t.numbers(*t.Find("cni_score"));
    Result<Table> si = io::ReadTable((DataDir() / "community/cni2019_wards17_left_behind_ocsi_humaniverse.csv").string());
    ASSERT_TRUE(si);
    std::unordered_map<std::string, bool> published;
    for (size_t i = 0; i < si->num_rows(); ++i) {
      published[si->Cell(0, i)] = si->Cell(*si->Find("Left Behind Area?"), i) == "TRUE";
    }
    auto rank = [](const std::vector<double>& v, double x) {
      return 1 + std::count_if(v.begin(), v.end(), [x](double y) { return y > x; });
    };
    int disagreements = 0;
    for (size_t i = 0; i < t.num_rows(); ++i) {
      const bool ours = t.text(*t.Find("double_disadvantage"))[i] == "true";
      if (ours == published.at(t.text(0)[i])) continue;
      ++disagreements;
      const long dr = rank(dep, dep[i]), cr = rank(cni, cni[i]);
      EXPECT_TRUE(std::labs(dr - 743) <= 125 || std::labs(cr - 743) <= 125)
          << t.text(0)[i] << ": IMD rank " << dr << ", CNI rank " << cr;
    }
    EXPECT_EQ(disagreements, 13);
  }
  // Health in the three groups (7 indicators in the example configuration).
  ASSERT_EQ(r->indicators, 7);
  EXPECT_EQ(r->health.num_rows(), 7u);
  EXPECT_EQ(r->worse_than_rest, 7);       // worse than the rest of England on all
  EXPECT_EQ(r->worse_than_deprived, 5);   // and than other equally deprived wards on 5
  for (const char* c : {"vs_other_deprived", "vs_other_deprived_lower95_0cl", "vs_rest_significance"}) {
    EXPECT_TRUE(r->health.Find(c)) << c;
  }
}

class BadConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_cfg_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "scores.csv") << "code,a,b\nE01000001,1,2\nE01000002,3,1\nE01000003,2,2\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  int Run(const std::string& toml) {
    std::ofstream(dir_ / "c.toml") << toml;
    ::testing::internal::CaptureStderr();
    const int code = RunCli({"index", "--config", (dir_ / "c.toml").string(), "--data-dir", dir_.string(), "-o",
                             (dir_ / "out.csv").string()});
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  fs::path dir_;
  std::string err_;
};

TEST_F(BadConfig, ErrorsBeforeAnyWork) {
  const std::string input = "[input]\nfile = \"scores.csv\"\nid = \"code\"\n";
  EXPECT_EQ(Run(input + "[[domain]]\nname = \"x\"\ncolumn = \"nope\"\nweight = 1\n"), 1);
  EXPECT_NE(err_.find("domain 'x' column = 'nope' is not a column"), std::string::npos) << err_;
  EXPECT_EQ(Run(input + "[[domain]]\ncolumn = \"a\"\nweight = 0.5\n[[domain]]\ncolumn = \"b\"\nweight = 0.2\n"), 1);
  EXPECT_NE(err_.find("domain weights sum to 0.7, not 1"), std::string::npos) << err_;
  EXPECT_EQ(Run(input + "[[domain]]\nweight = 1\n[[domain.indicator]]\ncolumn = \"a\"\nweight = 0.3\n"), 1);
  EXPECT_NE(err_.find("indicator weights sum to 0.3"), std::string::npos) << err_;
  EXPECT_EQ(Run("this is = = not toml"), 1);
  EXPECT_NE(err_.find("line 1"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(dir_ / "out.csv"));
  // And a good one: equal weights over two rank-normal indicators.
  EXPECT_EQ(Run(input + "[[domain]]\nname = \"d\"\nweight = 1\nindicator_weights = \"equal\"\n"
                        "[[domain.indicator]]\ncolumn = \"a\"\n[[domain.indicator]]\ncolumn = \"b\"\n"),
            0)
      << err_;
  EXPECT_TRUE(fs::exists(dir_ / "out.csv"));
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// Issue 4: every English LSOA 2011 in a contiguous neighbourhood within its
// local authority; at least 95% within 7,000-15,000; heterogeneity of the
// IMD score no worse than ONS MSOAs; issue 12: mean Polsby-Popper too.
TEST(RegionsCommand, EnglandNeighbourhoods) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/lsoa11_england_generalised.geojson"));
  Result<RegionsRun> r = ComputeRegions((Examples() / "england-neighbourhoods.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->assignment.num_rows(), 32844u);
  EXPECT_TRUE(r->contiguous);
  EXPECT_TRUE(r->nested);
  EXPECT_GE(r->share_within_bounds, 0.95);
  ASSERT_GT(r->msoa_mean_heterogeneity, 0);
  EXPECT_LE(r->mean_heterogeneity, r->msoa_mean_heterogeneity);
  // Issue 12 item 4: at least as compact as the MSOAs, in the same run.
  ASSERT_GT(r->msoa_mean_polsby_popper, 0);
  EXPECT_GE(r->mean_polsby_popper, r->msoa_mean_polsby_popper);
  EXPECT_GE(r->share_within_bounds, r->msoa_share_within_bounds);
}

TEST(RegionsCommand, BadBoundsStopBeforeWork) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_reg_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "c.toml") << "[bounds]\nfloor = 12000\ntarget = 10000\nceiling = 15000\n";
  Result<RegionsRun> r = ComputeRegions((dir / "c.toml").string(), dir.string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("need 0 < floor <= target <= ceiling"), std::string::npos);
  std::ofstream(dir / "d.toml") << "[areas]\nfile = \"none.geojson\"\nid = \"code\"\n";
  EXPECT_EQ(ComputeRegions((dir / "d.toml").string(), dir.string()).error().code, StatusCode::kNotFound);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// Census 2011 general health (LSOA 2011) moved onto LSOA 2021: every 2021
// LSOA receives counts and England's 53,012,456 residents are kept.
TEST(BridgeCommand, Census2011OntoLsoa2021KeepsTheTotal) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "census/census2011_QS302EW_general_health_lsoa11.csv"));
  BridgeOptions o;
  o.input = (DataDir() / "census/census2011_QS302EW_general_health_lsoa11.csv").string();
  o.id = "code";
  o.where = "E01";
  o.columns = "all,bad+very_bad";
  o.lookup = (DataDir() / "lookups/lsoa11_lsoa21_lad22_geographr.csv").string();
  o.lookup_from = "lsoa11_code";
  o.lookup_to = "lsoa21_code";
  o.population = (DataDir() / "census/census2021_TS037_general_health_lsoa21.csv").string();
  o.population_id = "code";
  o.population_column = "all";
  Result<BridgeRun> r = ComputeBridge(o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->table.num_rows(), 33755u);
  double total = 0;
  for (double v : r->table.numbers(1)) total += v;
  EXPECT_NEAR(total, 53012456, 1e-3);
  EXPECT_EQ(r->summary.find("lost"), std::string::npos) << r->summary;
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// The North East atlas end to end, its values checked against figures
// computed here from the raw files (or published), not read back from the
// code that made them.
TEST(AtlasCommand, NorthEastEndToEnd) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/lsoa11_england_generalised.geojson"));
  std::vector<std::string> stages;
  Result<AtlasRun> r = ComputeAtlas((Examples() / "atlas-north-east.toml").string(), DataDir().string(),
                                    [&](const std::string& s) { stages.push_back(s); });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(stages.size(), 7u);
  EXPECT_EQ(r->lsoas.num_rows(), 1657u);  // every LSOA in the North East
  const Table& nt = r->neighbourhoods;
  const size_t k = nt.num_rows();
  EXPECT_EQ(r->neighbourhood_layer.size(), k);
  EXPECT_GT(k, 150u);
  for (const auto& p : r->neighbourhood_layer.polygons) EXPECT_FALSE(p.empty());
  auto col = [&](const char* c) { return nt.numbers(*nt.Find(c)); };

  // Population: ONS's mid-2019 estimate for the North East is 2,669,941.
  double total = 0;
  for (double p : col("population")) total += p;
  EXPECT_EQ(total, 2669941);

  // IMD score: each neighbourhood's population-weighted mean of the
  // published LSOA scores, recomputed from the files.
  {
    Result<Table> imd = io::ReadTable((DataDir() / "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv").string());
    Result<Table> pop = io::ReadTable((DataDir() / "population/mid2019_population_single_year_age_lsoa11_demographr.csv").string());
    ASSERT_TRUE(imd && pop);
    std::unordered_map<std::string, double> score, people, sw, swx;
    const auto scores = *imd->GetNumbers("imd_score"), pops = *pop->GetNumbers("total_population");
    for (size_t i = 0; i < imd->num_rows(); ++i) score[imd->Cell(*imd->Find("lsoa11cd"), i)] = scores[i];
    for (size_t i = 0; i < pop->num_rows(); ++i) people[pop->Cell(*pop->Find("lsoa11_code"), i)] = pops[i];
    const Table& lt = r->lsoas;
    for (size_t i = 0; i < lt.num_rows(); ++i) {
      const std::string& id = lt.text(0)[i];
      const std::string& nb = lt.text(*lt.Find("neighbourhood_id"))[i];
      sw[nb] += people.at(id);
      swx[nb] += people.at(id) * score.at(id);
    }
    const auto imd_score = col("imd_score");
    for (size_t g = 0; g < k; ++g) {
      const std::string& nb = nt.text(0)[g];
      EXPECT_NEAR(imd_score[g], swx[nb] / sw[nb], 1e-9) << nb;
    }
  }

  // England's share in bad or very bad health, straight from TS037's
  // English rows (what `nhood indicators --benchmark england` gives too).
  {
    Result<Table> ts037 = io::ReadTable((DataDir() / "census/census2021_TS037_general_health_lsoa21.csv").string());
    ASSERT_TRUE(ts037);
    const auto all = *ts037->GetNumbers("all"), bad = *ts037->GetNumbers("bad"), very_bad = *ts037->GetNumbers("very_bad");
    double x = 0, n = 0;
    for (size_t i = 0; i < ts037->num_rows(); ++i) {
      if (ts037->Cell(0, i).rfind("E", 0) != 0) continue;
      x += bad[i] + very_bad[i];
      n += all[i];
    }
    ASSERT_FALSE(r->spine.empty());
    EXPECT_EQ(r->spine[0].column, "bad_health_2021");
    EXPECT_NEAR(r->spine[0].england, x / n, 1e-12);
    const auto v = col("bad_health_2021"), lo = col("bad_health_2021_lower95_0cl"), hi = col("bad_health_2021_upper95_0cl");
    for (size_t g = 0; g < k; ++g) {
      EXPECT_LT(lo[g], v[g]);
      EXPECT_GT(hi[g], v[g]);
    }
  }

  // Risk: the mean z-score of the four indicators (all higher-is-worse),
  // recomputed from the table's own indicator columns; priority follows it.
  {
    std::vector<double> risk(k, 0);
    for (const char* c : {"bad_health_2021", "disabled_2021", "cidr", "ypll"}) {
      const auto v = col(c);
      double mean = 0, ss = 0;
      for (double x : v) mean += x / k;
      for (double x : v) ss += (x - mean) * (x - mean);
      const double sd = std::sqrt(ss / (k - 1));
      for (size_t g = 0; g < k; ++g) risk[g] += (v[g] - mean) / sd / 4;
    }
    const auto score = col("risk_score"), priority = col("priority"), tier = col("tier");
    for (size_t g = 0; g < k; ++g) EXPECT_NEAR(score[g], risk[g], 1e-9) << g;
    for (size_t g = 0; g < k; ++g) {
      const double higher = std::count_if(risk.begin(), risk.end(), [&](double x) { return x > risk[g]; });
      EXPECT_EQ(priority[g], higher + 1) << g;  // no ties here
      EXPECT_EQ(tier[g], priority[g] <= 0.2 * k ? 1 : (priority[g] <= 0.5 * k ? 2 : 3)) << g;
    }
    const auto listed = r->priority.numbers(*r->priority.Find("risk_score"));
    for (size_t g = 0; g + 1 < k; ++g) EXPECT_GE(listed[g], listed[g + 1]);
    EXPECT_EQ(r->priority.numbers(*r->priority.Find("priority"))[0], 1);
  }

  // Issue 8 item 6: names beside codes, the run's own methods, no machine
  // paths.
  const auto& la_name = nt.text(*nt.Find("local_authority_name"));
  EXPECT_NE(std::find(la_name.begin(), la_name.end(), "Gateshead"), la_name.end());
  const std::string html = RenderReport(*r);
  EXPECT_NE(html.find("Gateshead"), std::string::npos);
  EXPECT_NE(html.find("999 conditional permutations"), std::string::npos);
  EXPECT_NE(html.find("Benjamini-Hochberg FDR 0.05"), std::string::npos);
  EXPECT_NE(html.find("<th>Local authority</th>"), std::string::npos);
  EXPECT_NE(html.find("<th>Bad or very bad health (Census 2021) (95% CI)</th>"), std::string::npos);
  EXPECT_EQ(html.find(fs::absolute(DataDir()).string()), std::string::npos);
  EXPECT_EQ(html.find(NHOOD_SOURCE_DIR), std::string::npos);
}

TEST(AtlasCommand, ExtentMatchingNothingIsAnError) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/lsoa11_england_generalised.geojson"));
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(Examples() / "atlas-north-east.toml");
  std::string cfg((std::istreambuf_iterator<char>(in)), {});
  cfg.replace(cfg.find("\"E12000001\""), 11, "\"E12999999\"");
  std::ofstream(dir / "atlas.toml") << cfg;
  fs::copy_file(Examples() / "left-behind-wards.toml", dir / "left-behind-wards.toml");
  Result<AtlasRun> r = ComputeAtlas((dir / "atlas.toml").string(), DataDir().string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("[extent] matches no area"), std::string::npos) << r.error().message;
  std::ofstream(dir / "bare.toml") << "name = \"x\"\n";
  EXPECT_NE(ComputeAtlas((dir / "bare.toml").string(), DataDir().string()).error().message.find("'areas.file' is required"),
            std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// A score that is text, not a number, is an error naming the configuration,
// the section, the file, the column and the area, not an area left out as if
// it had no score (a blank or "NA" is still a missing value).
TEST(AtlasCommand, TextWhereAScoreShouldBeIsAnErrorNamingFileColumnAndArea) {
  const fs::path imd = DataDir() / "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv";
  ASSERT_TRUE(test_support::HaveData(imd));
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas_text_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream src(imd);
  std::ofstream bad(dir / "imd.csv");
  std::string line, header;
  std::getline(src, header);
  bad << header << "\n";
  const size_t column = std::count(header.begin(), header.begin() + header.find("imd_score"), ',');
  std::string area;
  for (int row = 0; std::getline(src, line); ++row) {
    if (area.empty() && line.rfind("E01008", 0) == 0) {  // a North East LSOA (Newcastle)
      area = line.substr(0, line.find(','));
      std::vector<std::string> cells;
      std::stringstream ss(line);
      for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
      cells[column] = "high";
      line.clear();
      for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + cells[i];
    }
    bad << line << "\n";
  }
  bad.close();
  ASSERT_FALSE(area.empty());
  std::ifstream in(Examples() / "atlas-north-east.toml");
  std::string cfg((std::istreambuf_iterator<char>(in)), {});
  const std::string from = "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv";
  cfg.replace(cfg.find(from), from.size(), (dir / "imd.csv").string());
  std::ofstream(dir / "atlas.toml") << cfg;
  fs::copy_file(Examples() / "left-behind-wards.toml", dir / "left-behind-wards.toml");
  Result<AtlasRun> r = ComputeAtlas((dir / "atlas.toml").string(), DataDir().string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("[deprivation] " + (dir / "imd.csv").string() + ", column 'imd_score': area " +
                                   area + " has 'high', not a number"),
            std::string::npos)
      << r.error().message;
  fs::remove_all(dir);
}

// User-defined neighbourhoods: the North East atlas on ONS MSOAs (a CSV of
// LSOA -> MSOA) instead of built neighbourhoods.
TEST(AtlasCommand, UserDefinedNeighbourhoods) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/lsoa11_england_generalised.geojson"));
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas_user_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(Examples() / "atlas-north-east.toml");
  std::string cfg((std::istreambuf_iterator<char>(in)), {});
  cfg += "\n[neighbourhoods]\nfile = \"lookups/lsoa11_msoa11_geographr.csv\"\nid = \"lsoa11_code\"\ncolumn = \"msoa11_code\"\n";
  std::ofstream(dir / "atlas.toml") << cfg;
  fs::copy_file(Examples() / "left-behind-wards.toml", dir / "left-behind-wards.toml");
  Result<AtlasRun> r = ComputeAtlas((dir / "atlas.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->neighbourhoods.num_rows(), 340u);  // the North East's MSOAs
  EXPECT_EQ(r->neighbourhoods.text(0)[0].substr(0, 3), "E02");
  // On MSOAs the IMD summaries are humaniverse/IMD's published MSOA
  // Proportion (deciles from the scores agree with the published ones
  // here); Extent differs only through the population vintage (mid-2019
  // here, mid-2015 there) and ranks recomputed from 3-dp scores: at most
  // 0.065 apart on these 340 MSOAs.
  {
    Result<Table> oracle = io::ReadTable((DataDir() / "imd2019/imd2019_msoa11_aggregated_scores_humaniverse.csv").string());
    ASSERT_TRUE(oracle);
    std::unordered_map<std::string, size_t> at;
    for (size_t i = 0; i < oracle->num_rows(); ++i) at[oracle->Cell(0, i)] = i;
    const auto want_p = *oracle->GetNumbers("Proportion"), want_e = *oracle->GetNumbers("Extent");
    const Table& t = r->neighbourhoods;
    double worst = 0;
    for (size_t i = 0; i < t.num_rows(); ++i) {
      const size_t o = at.at(t.text(0)[i]);
      EXPECT_NEAR(t.numbers(*t.Find("imd_proportion"))[i], want_p[o], 1e-12) << t.text(0)[i];
      worst = std::max(worst, std::fabs(t.numbers(*t.Find("imd_extent"))[i] - want_e[o]));
    }
    EXPECT_LT(worst, 0.07);
  }
  // Some MSOAs are not queen-contiguous on the generalised boundaries; the
  // summary says whether they are.
  EXPECT_NE(r->summary.find("given by lookups/lsoa11_msoa11_geographr.csv"), std::string::npos) << r->summary;
  // A CSV that misses an area of the extent is an error naming it.
  std::ofstream(dir / "partial.csv") << "lsoa,nb\nE01008162,A\n";
  std::string partial = cfg.substr(0, cfg.find("[neighbourhoods]")) + "[neighbourhoods]\nfile = \"" +
                        (dir / "partial.csv").string() + "\"\nid = \"lsoa\"\ncolumn = \"nb\"\n";
  std::ofstream(dir / "partial.toml") << partial;
  Result<AtlasRun> bad = ComputeAtlas((dir / "partial.toml").string(), DataDir().string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("assigns no neighbourhood to"), std::string::npos) << bad.error().message;
  fs::remove_all(dir);
}

// User-defined neighbourhoods as polygons: the MSOA 2011 boundaries given as
// neighbourhoods put each North East LSOA in the MSOA covering most of it,
// as the ONS best-fit lookup does, but for thin LSOAs on generalised edges.
TEST(AtlasCommand, UserDefinedNeighbourhoodPolygons) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/msoa11_england_generalised.geojson"));
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas_poly_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ifstream in(Examples() / "atlas-north-east.toml");
  std::string cfg((std::istreambuf_iterator<char>(in)), {});
  cfg += "\n[neighbourhoods]\npolygons = \"boundaries/msoa11_england_generalised.geojson\"\nid = \"msoa11_code\"\n";
  std::ofstream(dir / "atlas.toml") << cfg;
  fs::copy_file(Examples() / "left-behind-wards.toml", dir / "left-behind-wards.toml");
  Result<AtlasRun> r = ComputeAtlas((dir / "atlas.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->neighbourhoods.num_rows(), 340u);
  Result<Table> lookup = io::ReadTable((DataDir() / "lookups/lsoa11_msoa11_geographr.csv").string());
  ASSERT_TRUE(lookup);
  std::unordered_map<std::string, std::string> msoa;
  for (size_t i = 0; i < lookup->num_rows(); ++i) {
    msoa[lookup->Cell(*lookup->Find("lsoa11_code"), i)] = lookup->Cell(*lookup->Find("msoa11_code"), i);
  }
  const auto& lsoa = r->lsoas.text(0);
  const auto& given = r->lsoas.text(*r->lsoas.Find("neighbourhood_id"));
  size_t agree = 0;
  for (size_t i = 0; i < lsoa.size(); ++i) agree += msoa.at(lsoa[i]) == given[i];
  // The MSOA polygons are super-generalised (200 m, then simplified) while
  // the LSOAs keep far more detail, so a few thin LSOAs along MSOA edges
  // share more area with the neighbouring MSOA: 1,621 of 1,657 (97.8%).
  // The count is this code's own output (no outside figure exists: ONS's
  // lookup uses population-weighted centroids, which the mirror lacks); it
  // is pinned exactly so that a change in the overlap rule shows here.
  EXPECT_EQ(agree, 1621u);
  EXPECT_NE(r->summary.find("given by boundaries/msoa11_england_generalised.geojson"), std::string::npos) << r->summary;
  // A missing polygon file is a configuration error, found before any work.
  std::string missing = cfg.substr(0, cfg.find("[neighbourhoods]")) + "[neighbourhoods]\npolygons = \"nope.gpkg\"\nid = \"x\"\n";
  std::ofstream(dir / "missing.toml") << missing;
  Result<AtlasRun> bad = ComputeAtlas((dir / "missing.toml").string(), DataDir().string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'neighbourhoods.polygons': no such file"), std::string::npos) << bad.error().message;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// Census 2021 TS037 (England and Wales) joined to the England-only LSOA 2021
// -> ward 2024 -> LAD 2024 lookup: every English LSOA matches, and the 1,917
// Welsh rows are reported as unmatched rather than lost silently.
TEST(JoinCommand, ReportsRowsWithoutAMatch) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "lookups/lsoa21_ward24_lad24_geographr.csv"));
  JoinOptions o;
  o.input = (DataDir() / "census/census2021_TS037_general_health_lsoa21.csv").string();
  o.id = "code";
  o.lookup = (DataDir() / "lookups/lsoa21_ward24_lad24_geographr.csv").string();
  o.lookup_id = "lsoa21_code";
  o.columns = "ltla24_code";
  Result<JoinRun> r = ComputeJoin(o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->unmatched, 1917u);
  EXPECT_EQ(r->table.num_rows(), 35672u);
  EXPECT_NE(r->summary.find("1917 rows had no match"), std::string::npos) << r->summary;
  o.drop_unmatched = true;
  EXPECT_EQ(ComputeJoin(o)->table.num_rows(), 33755u);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// Factor-analysis weights on the IoD health indicators reproduce the
// published health domain's ranking closely (Spearman > 0.98).
TEST(IndexCommand, HealthDomainWithFactorWeights) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2019"));
  Result<IndexRun> r = ComputeIndex((Examples() / "health-domain-factor.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  Result<Table> file2 = io::ReadTable((DataDir() / "imd2019/IoD2019_File2_Domains_of_Deprivation.csv").string());
  ASSERT_TRUE(file2);
  std::unordered_map<std::string, double> published;
  const auto ranks = *file2->GetNumbers("Health Deprivation and Disability Rank (where 1 is most deprived)");
  for (size_t i = 0; i < file2->num_rows(); ++i) published[file2->Cell(0, i)] = ranks[i];
  const auto& ids = r->table.text(0);
  const auto& ours = r->table.numbers(*r->table.Find("rank"));
  double n = 0, sd2 = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const double d = ours[i] - published.at(ids[i]);
    sd2 += d * d;
    ++n;
  }
  const double spearman = 1 - 6 * sd2 / (n * (n * n - 1));  // no ties: ranks are distinct
  EXPECT_GT(spearman, 0.98);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

const char* kAgeBands[] = {"Aged 4 years and under", "Aged 5 to 9 years", "Aged 10 to 14 years",
                           "Aged 15 to 19 years", "Aged 20 to 24 years", "Aged 25 to 29 years",
                           "Aged 30 to 34 years", "Aged 35 to 39 years", "Aged 40 to 44 years",
                           "Aged 45 to 49 years", "Aged 50 to 54 years", "Aged 55 to 59 years",
                           "Aged 60 to 64 years", "Aged 65 to 69 years", "Aged 70 to 74 years",
                           "Aged 75 to 79 years", "Aged 80 to 84 years", "Aged 85 years and over"};

// Indirect age standardisation end to end: an outcome made, in every LSOA
// 2021, of exactly the events its Census 2021 ages (TS007A) give at a set of
// age-specific rates is standardised back against the same rates. Ages and
// counts are both bridged to LSOA 2011 and summed to neighbourhoods, so
// every neighbourhood and England must come out at O/E = 100, with
// intervals around it, and the columns the report and GeoPackage show.
// (The rates are made up for the test: the data mirror holds no
// age-specific England rates for any outcome.)
class AgeStandardisedAtlas : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test_support::HaveData(DataDir() / "census/census2021_TS007A_age_5yr_bands_lsoa21_nomis_export.csv"));
    dir_ = fs::temp_directory_path() / ("nhood_atlas_age_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    fs::copy_file(Examples() / "left-behind-wards.toml", dir_ / "left-behind-wards.toml");
    std::ofstream rates(dir_ / "rates.csv");
    rates.precision(17);
    rates << "age_band,rate\n";
    for (size_t b = 0; b < std::size(kAgeBands); ++b) {
      rate_[b] = 0.005 * (b + 1) * (b + 1) / 18.0;  // rising with age, 0.03% .. 9%
      rates << '"' << kAgeBands[b] << "\"," << rate_[b] << "\n";
    }
    rates.close();
    io::ReadOptions nomis;
    nomis.skip_lines = 5;
    Result<Table> ages = io::ReadTable(
        (DataDir() / "census/census2021_TS007A_age_5yr_bands_lsoa21_nomis_export.csv").string(), nomis);
    ASSERT_TRUE(ages) << ages.error().message;
    std::ofstream synthetic(dir_ / "synthetic.csv");
    synthetic.precision(17);
    synthetic << "code,events,all\n";
    for (size_t r = 0; r < ages->num_rows(); ++r) {
      double events = 0;
      for (size_t b = 0; b < std::size(kAgeBands); ++b) events += *ParseNumber(ages->Cell(*ages->Find(kAgeBands[b]), r)) * rate_[b];
      synthetic << ages->Cell(*ages->Find("mnemonic"), r) << "," << events << ","
                << ages->Cell(*ages->Find("Total"), r) << "\n";
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string Config(const std::string& rates_file) const {
    std::ifstream in(Examples() / "atlas-north-east.toml");
    std::string cfg((std::istreambuf_iterator<char>(in)), {});
    cfg += "\n[ages]\nfile = \"census/census2021_TS007A_age_5yr_bands_lsoa21_nomis_export.csv\"\nid = \"mnemonic\"\n"
           "skip_lines = 5\nvintage = \"lsoa21\"\nbands = [";
    for (size_t b = 0; b < std::size(kAgeBands); ++b) cfg += std::string(b ? ", " : "") + "\"" + kAgeBands[b] + "\"";
    cfg += "]\n\n[[risk]]\nname = \"Synthetic outcome\"\ncolumn = \"synthetic\"\nfile = \"" +
           (dir_ / "synthetic.csv").string() + "\"\nid = \"code\"\nnumerator = \"events\"\ndenominator = \"all\"\n"
           "vintage = \"lsoa21\"\nreference_rates = \"" + rates_file + "\"\n";
    return cfg;
  }
  Result<AtlasRun> Run(const std::string& cfg) const {
    std::ofstream(dir_ / "atlas.toml") << cfg;
    return ComputeAtlas((dir_ / "atlas.toml").string(), DataDir().string());
  }
  fs::path dir_;
  double rate_[18];
};

TEST_F(AgeStandardisedAtlas, OutcomeAtTheReferenceRatesIsOneHundredEverywhere) {
  Result<AtlasRun> r = Run(Config((dir_ / "rates.csv").string()));
  ASSERT_TRUE(r) << r.error().message;
  const Table& t = r->neighbourhoods;
  const auto& ratio = t.numbers(*t.Find("synthetic"));
  const auto& lo = t.numbers(*t.Find("synthetic_lower95_0cl"));
  const auto& hi = t.numbers(*t.Find("synthetic_upper95_0cl"));
  const auto& o = t.numbers(*t.Find("synthetic_observed"));
  const auto& e = t.numbers(*t.Find("synthetic_expected"));
  const auto& vs = t.text(*t.Find("synthetic_vs_england"));
  ASSERT_GT(t.num_rows(), 150u);
  for (size_t i = 0; i < t.num_rows(); ++i) {
    EXPECT_NEAR(ratio[i], 100, 1e-9) << i;
    EXPECT_NEAR(o[i], e[i], 1e-9 * e[i]) << i;
    EXPECT_GT(e[i], 50);  // a neighbourhood of ~10,000 people at these rates
    EXPECT_LT(lo[i], 100);
    EXPECT_GT(hi[i], 100);
    EXPECT_EQ(vs[i], "Similar") << i;
  }
  EXPECT_NE(r->summary.find("synthetic: standardised for age (18 reference age bands); England O/E = 100.0"),
            std::string::npos)
      << r->summary;
  bool described = false;
  for (const std::string& m : r->methods) described = described || m.find("indirectly standardised for age against") != std::string::npos;
  EXPECT_TRUE(described);
  // England is the spine's reference: 100.
  ASSERT_FALSE(r->spine.empty());
  EXPECT_EQ(r->spine.back().column, "synthetic");
  EXPECT_EQ(r->spine.back().england, 100);
}

TEST_F(AgeStandardisedAtlas, BadReferenceRatesAreClearErrors) {
  // Missing file: found before any work.
  Result<AtlasRun> r = Run(Config((dir_ / "nope.csv").string()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, StatusCode::kNotFound);
  EXPECT_NE(r.error().message.find("'risk[5].reference_rates': no such file"), std::string::npos) << r.error().message;
  // A band of [ages] without a rate.
  std::ofstream(dir_ / "short.csv") << "age_band,rate\n\"Aged 4 years and under\",0.01\n";
  r = Run(Config((dir_ / "short.csv").string()));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no reference rate for age band 'Aged 5 to 9 years'"), std::string::npos)
      << r.error().message;
  // A rate that is a percentage, not per person: file, row and column named.
  std::ofstream(dir_ / "percent.csv") << "age_band,rate\n\"Aged 4 years and under\",0.01\n\"Aged 5 to 9 years\",12.5\n";
  r = Run(Config((dir_ / "percent.csv").string()));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("percent.csv: row 2 (line 3), column 'rate': rate must be between 0 and 1"),
            std::string::npos)
      << r.error().message;
  // Reference counts instead of rates work the same way.
  std::ifstream in(dir_ / "rates.csv");
  std::ofstream counts(dir_ / "counts.csv");
  counts.precision(17);
  counts << "age_band,events,population\n";
  std::string line;
  std::getline(in, line);
  for (size_t b = 0; std::getline(in, line); ++b) {
    counts << line.substr(0, line.rfind(',')) << "," << rate_[b] * 1e6 << ",1000000\n";
  }
  counts.close();
  r = Run(Config((dir_ / "counts.csv").string()));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NEAR(r->neighbourhoods.numbers(*r->neighbourhoods.Find("synthetic"))[0], 100, 1e-6);
  // Standardising needs [ages].
  std::string cfg = Config((dir_ / "rates.csv").string());
  cfg.replace(cfg.rfind("\n[ages]") + 1, 6, "[ages_not]");
  r = Run(cfg);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("'ages.file' is required"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// `nhood aggregate` reproduces humaniverse/IMD's IMD 2019 MSOA Score,
// Proportion and Extent (IoD Appendix N) for all 6,791 MSOAs, given the
// published ranks (joined from File 2 with `nhood join`). With ranks
// recomputed from the 3-dp scores instead, scores and proportions still
// match and extents differ in 6 MSOAs, where tied scores move an LSOA across
// a percentile.
TEST(AggregateCommand, Imd2019ToMsoasLikeHumaniverse) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2019/imd2019_msoa11_aggregated_scores_humaniverse.csv"));
  const fs::path dir = fs::temp_directory_path() / ("nhood_aggregate_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string rank = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)";
  const std::string decile = "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)";
  JoinOptions j;
  j.input = (DataDir() / "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv").string();
  j.id = "lsoa11cd";
  j.lookup = (DataDir() / "imd2019/IoD2019_File2_Domains_of_Deprivation.csv").string();
  j.lookup_id = "LSOA code (2011)";
  j.columns = rank + "," + decile;
  Result<JoinRun> joined = ComputeJoin(j);
  ASSERT_TRUE(joined) << joined.error().message;
  ASSERT_TRUE(io::WriteTable(joined->table, (dir / "imd.csv").string()).ok());

  AggregateOptions o;
  o.input = (dir / "imd.csv").string();
  o.id = "lsoa11cd";
  o.score = "imd_score";
  o.rank = rank;
  o.decile = decile;
  o.population = (DataDir() / "imd2019/IoD2019_File6_Population_Denominators.csv").string();
  o.population_id = "LSOA code (2011)";
  o.population_column = "Total population: mid 2015 (excluding prisoners)";
  o.lookup = (DataDir() / "lookups/lsoa11_msoa11_geographr.csv").string();
  o.lookup_from = "lsoa11_code";
  o.lookup_to = "msoa11_code";
  Result<AggregateRun> r = ComputeAggregate(o);
  ASSERT_TRUE(r) << r.error().message;
  Result<Table> oracle = io::ReadTable((DataDir() / "imd2019/imd2019_msoa11_aggregated_scores_humaniverse.csv").string());
  ASSERT_TRUE(oracle);
  ASSERT_EQ(r->table.num_rows(), oracle->num_rows());
  EXPECT_EQ(r->unmatched, 0u);
  auto compare = [&](const Table& t, int* extent_differs) {
    std::unordered_map<std::string, size_t> at;
    for (size_t i = 0; i < t.num_rows(); ++i) at[t.Cell(0, i)] = i;
    const auto s = *oracle->GetNumbers("Score"), p = *oracle->GetNumbers("Proportion"), e = *oracle->GetNumbers("Extent");
    const auto& ts = t.numbers(*t.Find("score"));
    const auto& tp = t.numbers(*t.Find("proportion"));
    const auto& te = t.numbers(*t.Find("extent"));
    for (size_t i = 0; i < oracle->num_rows(); ++i) {
      const size_t k = at.at(oracle->Cell(0, i));
      EXPECT_NEAR(ts[k], s[i], 1e-9 * std::max(1.0, s[i]));
      EXPECT_NEAR(tp[k], p[i], 1e-12);
      *extent_differs += std::fabs(te[k] - e[i]) > 1e-9;
    }
  };
  int differs = 0;
  compare(r->table, &differs);
  EXPECT_EQ(differs, 0);
  o.rank.clear();
  o.decile.clear();
  r = ComputeAggregate(o);
  ASSERT_TRUE(r) << r.error().message;
  differs = 0;
  compare(r->table, &differs);
  // Pinned from this code's output, with a stated reason: humaniverse/IMD
  // ranks the unrounded scores, we rank the published 3-dp scores, so tied
  // scores can move an LSOA across a percentile; with the published ranks
  // (above) nothing differs, so the 6 come from the ranks alone.
  EXPECT_EQ(differs, 6);
  // Counts: Census 2011 bad health summed to MSOAs with Wilson intervals.
  AggregateOptions c;
  c.input = (DataDir() / "census/census2011_QS302EW_general_health_lsoa11.csv").string();
  c.id = "code";
  c.where = "E01";
  c.numerator = "bad+very_bad";
  c.denominator = "all";
  c.lookup = o.lookup;
  c.lookup_from = o.lookup_from;
  c.lookup_to = o.lookup_to;
  r = ComputeAggregate(c);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->table.num_rows(), 6791u);
  double total = 0;
  for (double v : r->table.numbers(*r->table.Find("denominator"))) total += v;
  EXPECT_EQ(total, 53012456);  // every English resident of 2011
  const double v = r->table.numbers(*r->table.Find("value"))[0];
  EXPECT_LT(r->table.numbers(*r->table.Find("lower95_0cl"))[0], v);
  EXPECT_GT(r->table.numbers(*r->table.Find("upper95_0cl"))[0], v);
  fs::remove_all(dir);
}

TEST(AggregateCommand, ReportsLostAreasAndBadInput) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_aggregate_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "in.csv") << "code,score,pop\nA1,10,100\nA2,20,300\nA3,30,100\nA4,,100\n";
  std::ofstream(dir / "lk.csv") << "from,to\nA1,G1\nA2,G1\nA4,G2\n";
  AggregateOptions o;
  o.input = (dir / "in.csv").string();
  o.id = "code";
  o.score = "score";
  o.population_column = "pop";
  o.lookup = (dir / "lk.csv").string();
  o.lookup_from = "from";
  o.lookup_to = "to";
  Result<AggregateRun> r = ComputeAggregate(o);
  ASSERT_FALSE(r);  // A4 has no score: named by file, row and column
  EXPECT_NE(r.error().message.find("in.csv: row 4 (line 5), column 'score': no score"), std::string::npos)
      << r.error().message;
  std::ofstream(dir / "in.csv") << "code,score,pop\nA1,10,100\nA2,20,300\nA3,30,100\nA4,40,100\n";
  r = ComputeAggregate(o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->unmatched, 1u);  // A3 is not in the lookup
  EXPECT_NE(r->summary.find("1 areas are not in the lookup and join no group: A3"), std::string::npos) << r->summary;
  ASSERT_EQ(r->table.num_rows(), 2u);
  EXPECT_DOUBLE_EQ(r->table.numbers(*r->table.Find("score"))[0], (10 * 100 + 20 * 300) / 400.0);
  o.population_column.clear();
  EXPECT_NE(ComputeAggregate(o).error().message.find("--score needs population weights"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// A 4 x 4 grid of small squares near Gateshead (lon/lat), 3,000 residents
// each, in one local authority: areas.geojson and data.csv in `dir`, and a
// regions configuration c.toml without [homogeneity].
void WriteSmallGrid(const fs::path& dir) {
  fs::create_directories(dir);
  std::string geo = "{\"type\":\"FeatureCollection\",\"features\":[";
  std::string csv = "code,pop,la\n";
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) {
      const double x = -1.6 + 0.01 * c, y = 54.9 + 0.01 * r;
      char code[16], feature[400];
      std::snprintf(code, sizeof code, "E0100%04d", r * 4 + c);
      std::snprintf(feature, sizeof feature,
                    "%s{\"type\":\"Feature\",\"properties\":{\"code\":\"%s\"},\"geometry\":{\"type\":\"Polygon\","
                    "\"coordinates\":[[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f]]]}}",
                    r + c ? "," : "", code, x, y, x + 0.01, y, x + 0.01, y + 0.01, x, y + 0.01, x, y);
      geo += feature;
      csv += std::string(code) + ",3000,E08000037\n";
    }
  }
  std::ofstream(dir / "areas.geojson") << geo << "]}";
  std::ofstream(dir / "data.csv") << csv;
  std::ofstream(dir / "c.toml") << "[areas]\nfile = \"areas.geojson\"\nid = \"code\"\n"
                                   "[population]\nfile = \"data.csv\"\nid = \"code\"\ncolumn = \"pop\"\n"
                                   "[nest]\nfile = \"data.csv\"\nid = \"code\"\ncolumn = \"la\"\n";
}

// Issue 8 item 1: `nhood regions` without the optional [homogeneity]
// section segfaulted (exit 139) in Heterogeneity().
TEST(RegionsCommand, NoHomogeneitySectionDoesNotCrash) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_reg_small_" + std::to_string(::getpid()));
  WriteSmallGrid(dir);
  ::testing::internal::CaptureStderr();
  const int code = RunCli({"regions", "--config", (dir / "c.toml").string(), "--data-dir", dir.string(), "-o",
                           (dir / "out").string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 0) << err;
  EXPECT_NE(err.find("no homogeneity attribute configured"), std::string::npos) << err;
  EXPECT_NE(err.find("contiguous: yes; nested: yes"), std::string::npos) << err;
  Result<Table> summary = io::ReadTable((dir / "out/neighbourhood_summary.csv").string());
  ASSERT_TRUE(summary) << summary.error().message;
  double total = 0;
  const std::vector<double> people = *summary->GetNumbers("population"), pp = *summary->GetNumbers("polsby_popper");
  for (double p : people) total += p;
  EXPECT_EQ(total, 48000);  // 16 x 3,000, every area placed once
  for (double v : pp) {
    EXPECT_GT(v, 0.2);
    EXPECT_LE(v, 1);
  }
  fs::remove_all(dir);
}

// A population that is text is an error naming the file, column and area;
// exit 1, nothing written.
TEST(RegionsCommand, TextWhereAPopulationShouldBeIsAnError) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_reg_text_" + std::to_string(::getpid()));
  WriteSmallGrid(dir);
  std::ifstream in(dir / "data.csv");
  std::string csv((std::istreambuf_iterator<char>(in)), {});
  in.close();
  csv.replace(csv.find("E01000005,3000"), 14, "E01000005,lots");
  std::ofstream(dir / "data.csv") << csv;
  ::testing::internal::CaptureStderr();
  const int code = RunCli({"regions", "--config", (dir / "c.toml").string(), "--data-dir", dir.string(), "-o",
                           (dir / "out").string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1) << err;
  EXPECT_NE(err.find("[population] " + (dir / "data.csv").string() + ", column 'pop': area E01000005 has 'lots', "
                     "not a number"),
            std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

// Issue 12 item 4: the compactness options are checked before any work: a
// negative or fractional sweep count names the file, line and key, exits 1
// and writes nothing; a valid set builds contiguous neighbourhoods.
TEST(RegionsCommand, CompactnessOptionsAreValidated) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_reg_opts_" + std::to_string(::getpid()));
  WriteSmallGrid(dir);
  const std::string base = ReadFile(dir / "c.toml");
  for (const char* bad : {"anneal_sweeps = -2\n", "anneal_sweeps = 2.5\n", "compactness_weight = -1\n"}) {
    std::ofstream(dir / "c.toml") << bad << base;
    ::testing::internal::CaptureStderr();
    const int code = RunCli({"regions", "--config", (dir / "c.toml").string(), "--data-dir", dir.string(), "-o",
                             (dir / "out").string()});
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, 1) << bad;
    const std::string key = std::string(bad).substr(0, std::string(bad).find(' '));
    EXPECT_NE(err.find("c.toml: line 1: '" + key + "' must be"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(dir / "out"));
  }
  // Too many sweeps for an int: refused, not converted out of range.
  std::ofstream(dir / "c.toml") << "anneal_sweeps = 5000000000\n" << base;
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(RunCli({"regions", "--config", (dir / "c.toml").string(), "--data-dir", dir.string(), "-o",
                    (dir / "out").string()}),
            1);
  const std::string big = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(big.find("'anneal_sweeps' is 5000000000: use 0 to 1000000"), std::string::npos) << big;
  EXPECT_FALSE(fs::exists(dir / "out"));
  std::ofstream(dir / "c.toml") << "compactness_weight = 8\ninertia_weight = 0\nanneal_sweeps = 50\nseed = 3\n" << base;
  ::testing::internal::CaptureStderr();
  const int code = RunCli({"regions", "--config", (dir / "c.toml").string(), "--data-dir", dir.string(), "-o",
                           (dir / "out").string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 0) << err;
  EXPECT_NE(err.find("(50 annealing sweeps)"), std::string::npos) << err;
  EXPECT_NE(err.find("contiguous: yes; nested: yes"), std::string::npos) << err;
  fs::remove_all(dir);
}

// One reader for every "[section] file, id, column": an id given twice
// with different values is an error naming the file and row (it used to
// keep the last silently).
TEST(RegionsCommand, AnIdTwiceWithDifferentValuesIsAnError) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_reg_dup_" + std::to_string(::getpid()));
  WriteSmallGrid(dir);
  std::ofstream(dir / "data.csv", std::ios::app) << "E01000003,5000,E08000037\n";
  ::testing::internal::CaptureStderr();
  const int code = RunCli({"regions", "--config", (dir / "c.toml").string(), "--data-dir", dir.string(), "-o",
                           (dir / "out").string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("data.csv: row 17 (line 18), column 'code': 'E01000003' appears twice with different values "
                     "('3000', '5000') of 'pop'"),
            std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

// Issue 8 item 3: an atlas without [[risk]] wrote a priority list in file
// order (every risk score 0). It is an error now, before any data is read.
TEST(AtlasCommand, NoRiskEntryIsAnError) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas_norisk_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cfg = ReadFile(Examples() / "atlas-north-east.toml");
  cfg = cfg.substr(0, cfg.find("[[risk]]"));
  std::ofstream(dir / "atlas.toml") << cfg;
  ::testing::internal::CaptureStderr();
  const int code = RunCli({"atlas", "--config", (dir / "atlas.toml").string(), "--data-dir", (dir / "nodata").string(),
                           "-o", (dir / "out").string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("[[risk]] entry"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

// Issue 8 item 11: `atlas --help` lists every file the command writes.
TEST(AtlasCommand, HelpListsEveryOutput) {
  ::testing::internal::CaptureStdout();
  RunCli({"atlas", "--help"});
  const std::string help = ::testing::internal::GetCapturedStdout();
  for (const char* f : {"atlas.gpkg", "provenance.json", "lsoas.csv", "neighbourhoods.csv", "priority.csv",
                        "indicators.csv", "report.html"}) {
    EXPECT_NE(help.find(f), std::string::npos) << f << "\n" << help;
  }
}

// Issue 8 item 6: the report's Methods come from the run. A 99-permutation
// run without FDR was described as "999 ... FDR".
TEST(AtlasCommand, ReportMethodsFollowTheRunsOptions) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/lsoa11_england_generalised.geojson"));
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas_methods_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cfg = ReadFile(Examples() / "atlas-north-east.toml");
  cfg.replace(cfg.find("permutations = 999"), 18, "permutations = 99");
  cfg.replace(cfg.find("fdr = 0.05"), 10, "");
  std::ofstream(dir / "atlas.toml") << cfg;
  fs::copy_file(Examples() / "left-behind-wards.toml", dir / "left-behind-wards.toml");
  Result<AtlasRun> r = ComputeAtlas((dir / "atlas.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  const std::string html = RenderReport(*r);
  EXPECT_NE(html.find("99 conditional permutations"), std::string::npos);
  EXPECT_EQ(html.find("999 conditional permutations"), std::string::npos);
  EXPECT_NE(html.find("no FDR correction"), std::string::npos);
  EXPECT_EQ(html.find("Benjamini-Hochberg"), std::string::npos);
  EXPECT_EQ(html.find(dir.string()), std::string::npos);  // the configuration's own directory
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// Issue 12 items 1-3: the 2025 atlas (LSOA 2021, IMD 2025, CNI 2023,
// Census 2021), its standardised health and its names, checked against the
// data files read here independently of the command.

// England's reference by [ages] band from ONS Table 8 (persons), summed as
// the configuration does: "Under 1" + "1 to 4" and "85 to 89" + "90+" onto
// TS007A's 18 bands. Every cell is rounded to 5 by ONS, so each band's
// events are within 2.5 x (cells x statuses) and its population within
// 2.5 x cells of the unrounded figure: `cells` keeps that count.
struct England2021Reference {
  // [decile 0 = all deciles, 1..10][band]
  double events[11][18] = {}, population[11][18] = {};
  int cells[11][18] = {};
  int statuses = 1;
};

int BandOf(const std::string& age) {
  if (age == "Under 1" || age == "1 to 4") return 0;
  if (age == "85 to 89" || age == "90+") return 17;
  return std::stoi(age) / 5;  // "5 to 9" -> 1, ..., "80 to 84" -> 16
}

England2021Reference ReadReference(const std::vector<std::string>& statuses) {
  England2021Reference ref;
  ref.statuses = static_cast<int>(statuses.size());
  Result<Table> t = io::ReadTable((DataDir() / "census/census2021_general_health_by_age_sex_imd_decile_england_long.csv").string());
  EXPECT_TRUE(t) << t.error().message;
  if (!t) return ref;
  for (size_t r = 0; r < t->num_rows(); ++r) {
    if (t->Cell(*t->Find("sex"), r) != "Persons") continue;
    const int b = BandOf(t->Cell(*t->Find("age_band"), r));
    const int d = std::stoi(t->Cell(*t->Find("imd_decile"), r));
    double e = 0;
    for (const std::string& s : statuses) e += std::stod(t->Cell(*t->Find(s), r));
    const double p = std::stod(t->Cell(*t->Find("population"), r));
    for (int dd : {0, d}) {
      ref.events[dd][b] += e;
      ref.population[dd][b] += p;
      ref.cells[dd][b] += 1;
    }
  }
  return ref;
}

// Every English LSOA 2021's residents by TS007A band.
std::unordered_map<std::string, std::vector<double>> ReadAges() {
  io::ReadOptions nomis;
  nomis.skip_lines = 5;
  Result<Table> t = io::ReadTable((DataDir() / "census/census2021_TS007A_age_5yr_bands_lsoa21_nomis_export.csv").string(), nomis);
  EXPECT_TRUE(t) << t.error().message;
  std::unordered_map<std::string, std::vector<double>> ages;
  if (!t) return ages;
  for (size_t r = 0; r < t->num_rows(); ++r) {
    const std::string id = t->Cell(*t->Find("mnemonic"), r);
    if (id.rfind("E01", 0) != 0) continue;
    std::vector<double>& a = ages[id];
    for (size_t b = 0; b < 18; ++b) a.push_back(*ParseNumber(t->Cell(*t->Find(kAgeBands[b]), r)));
  }
  return ages;
}

// Observed events per English LSOA 2021 from TS037.
std::unordered_map<std::string, double> ReadObserved(const std::vector<std::string>& statuses) {
  Result<Table> t = io::ReadTable((DataDir() / "census/census2021_TS037_general_health_lsoa21.csv").string());
  EXPECT_TRUE(t) << t.error().message;
  std::unordered_map<std::string, double> o;
  if (!t) return o;
  for (size_t r = 0; r < t->num_rows(); ++r) {
    if (t->Cell(0, r).rfind("E01", 0) != 0) continue;
    for (const std::string& s : statuses) o[t->Cell(0, r)] += std::stod(t->Cell(*t->Find(s), r));
  }
  return o;
}

// The range of England's O/E x 100 that ONS's rounding to 5 allows: E at the
// rates pushed to either end of every band's (or band-and-decile cell's)
// rounding interval. `decile` per LSOA (empty: age only).
std::pair<double, double> RoundingRange(const England2021Reference& ref,
                                        const std::unordered_map<std::string, std::vector<double>>& ages,
                                        const std::unordered_map<std::string, double>& observed,
                                        const std::unordered_map<std::string, double>& decile) {
  double o = 0, lo = 0, hi = 0;
  for (const auto& [id, a] : ages) {
    auto x = observed.find(id);
    if (x == observed.end()) continue;
    int d = 0;
    if (!decile.empty()) d = static_cast<int>(decile.at(id));
    o += x->second;
    for (size_t b = 0; b < 18; ++b) {
      const double de = 2.5 * ref.cells[d][b] * ref.statuses, dp = 2.5 * ref.cells[d][b];
      lo += a[b] * (ref.events[d][b] - de) / (ref.population[d][b] + dp);
      hi += a[b] * (ref.events[d][b] + de) / (ref.population[d][b] - dp);
    }
  }
  return {100 * o / hi, 100 * o / lo};
}

class Atlas2025 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!test_support::HaveData(DataDir() / "imd2025")) return;
    run_ = new Result<AtlasRun>(ComputeAtlas((Examples() / "atlas-north-east-2025.toml").string(), DataDir().string()));
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv"));
    ASSERT_TRUE(test_support::HaveData(DataDir() / "census/census2021_general_health_by_age_sex_imd_decile_england_long.csv"));
    ASSERT_TRUE(run_ && *run_) << (run_ ? run_->error().message : "not run");
  }
  static const AtlasRun& Run() { return **run_; }
  static std::unordered_map<std::string, double> Column(const Table& t, const char* key, const char* column) {
    std::unordered_map<std::string, double> m;
    const auto v = *t.GetNumbers(column);
    for (size_t i = 0; i < t.num_rows(); ++i) m[t.Cell(*t.Find(key), i)] = v[i];
    return m;
  }
  static Result<AtlasRun>* run_;
};
Result<AtlasRun>* Atlas2025::run_ = nullptr;

// indicators.csv (what the explorer reads): every indicator column with
// its unit, method and input; the ratios' England is 100 within rounding.
TEST_F(Atlas2025, IndicatorListNamesUnitMethodAndSource) {
  const std::vector<io::AtlasIndicatorInfo> list = IndicatorList(Run());
  std::map<std::string, io::AtlasIndicatorInfo> by_key;
  for (const auto& i : list) by_key[i.column] = i;
  ASSERT_EQ(by_key.size(), list.size());
  for (const char* c : {"bad_health_sr", "bad_health_sdr", "very_good_health_sr", "very_good_health_sdr", "imd2025_health"}) {
    ASSERT_TRUE(by_key.count(c)) << c;
    EXPECT_TRUE(Run().neighbourhoods.Find(c)) << c;
  }
  const auto& sr = by_key["bad_health_sr"];
  EXPECT_TRUE(sr.standardised);
  EXPECT_TRUE(sr.higher_is_worse);
  EXPECT_EQ(sr.unit, "ratio (England = 100)");
  EXPECT_NEAR(sr.england, 100, 0.5);
  EXPECT_NE(sr.method.find("Byar"), std::string::npos) << sr.method;
  EXPECT_EQ(sr.source, "census/census2021_TS037_general_health_lsoa21.csv");
  EXPECT_EQ(by_key["bad_health_sdr"].source, "census/census2021_TS037_general_health_lsoa21.csv");
  EXPECT_NE(by_key["bad_health_sdr"].method.find("IMD 2019 decile"), std::string::npos) << by_key["bad_health_sdr"].method;
  EXPECT_FALSE(by_key["very_good_health_sr"].higher_is_worse);
  const auto& health = by_key["imd2025_health"];
  EXPECT_FALSE(health.standardised);
  EXPECT_EQ(health.unit, "score");
  EXPECT_EQ(health.source, "imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv");
  EXPECT_FALSE(health.label.empty());
}

TEST_F(Atlas2025, NorthEastOnLsoa2021WithNamesAndTheNewColumns) {
  const AtlasRun& r = Run();
  const Table& nt = r.neighbourhoods;
  const Table& lt = r.lsoas;
  // Every LSOA 2021 of the 12 North East authorities (April 2024), on its own codes.
  Result<Table> lookup = io::ReadTable((DataDir() / "lookups/lsoa21_ward24_lad24_geographr.csv").string());
  ASSERT_TRUE(lookup);
  const std::set<std::string> ne = {"E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000047",
                                    "E06000057", "E08000021", "E08000022", "E08000023", "E08000024", "E08000037"};
  size_t expected_lsoas = 0;
  for (size_t i = 0; i < lookup->num_rows(); ++i) expected_lsoas += ne.count(lookup->Cell(*lookup->Find("ltla24_code"), i));
  EXPECT_EQ(lt.num_rows(), expected_lsoas);
  ASSERT_TRUE(lt.Find("lsoa21_code") && lt.Find("neighbourhood_id") && lt.Find("neighbourhood_name"));
  EXPECT_FALSE(lt.Find("lsoa11_code"));
  for (const char* c : {"bad_health_sr", "bad_health_sr_lower95_0cl", "bad_health_sr_upper95_0cl", "bad_health_sdr",
                        "bad_health_sdr_lower95_0cl", "bad_health_sdr_upper95_0cl", "very_good_health_sr",
                        "very_good_health_sr_lower95_0cl", "very_good_health_sr_upper95_0cl", "very_good_health_sdr",
                        "very_good_health_sdr_lower95_0cl", "very_good_health_sdr_upper95_0cl", "name",
                        "imd_score_previous", "imd_score_change", "imd_rank_change", "imd_decile1_share_change"}) {
    EXPECT_TRUE(nt.Find(c)) << c;
  }
  for (const char* c : {"bad_health_sr", "bad_health_sdr_upper95_0cl", "imd_decile_previous", "double_disadvantage_published"}) {
    EXPECT_TRUE(lt.Find(c)) << c;
  }
  // Names: "<local authority>: <ward>", unique, the same in lsoas.csv, and
  // beside the codes in priority.csv too.
  const auto& name = nt.text(*nt.Find("name"));
  const auto& la = nt.text(*nt.Find("local_authority_name"));
  EXPECT_EQ(std::set<std::string>(name.begin(), name.end()).size(), name.size());
  for (size_t g = 0; g < nt.num_rows(); ++g) EXPECT_EQ(name[g].rfind(la[g] + ": ", 0), 0u) << name[g];
  EXPECT_NE(std::find_if(name.begin(), name.end(), [](const std::string& n) { return n.find("County Durham: Horden") == 0 ||
                                                                                     n.find("County Durham: Peterlee") == 0; }),
            name.end());
  std::unordered_map<std::string, std::string> name_of;
  for (size_t g = 0; g < nt.num_rows(); ++g) name_of[nt.text(0)[g]] = name[g];
  for (size_t i = 0; i < lt.num_rows(); ++i) {
    EXPECT_EQ(lt.text(*lt.Find("neighbourhood_name"))[i], name_of.at(lt.text(*lt.Find("neighbourhood_id"))[i]));
  }
  EXPECT_TRUE(r.priority.Find("name"));
  ASSERT_TRUE(r.imd_change && r.imd_decile_moves && r.health_by_disadvantage && r.confusion);
  EXPECT_TRUE(r.imd_change->Find("name") && r.imd_decile_moves->Find("neighbourhood_name"));

  // bad_health_sr recomputed here: O from TS037, E from TS007A ages at
  // England's rates by age (Table 8, persons, all deciles).
  const England2021Reference ref = ReadReference({"bad", "very_bad"});
  const auto ages = ReadAges();
  const auto observed = ReadObserved({"bad", "very_bad"});
  std::unordered_map<std::string, double> o, e;
  for (size_t i = 0; i < lt.num_rows(); ++i) {
    const std::string& id = lt.text(0)[i];
    const std::string& nb = lt.text(*lt.Find("neighbourhood_id"))[i];
    o[nb] += observed.at(id);
    for (size_t b = 0; b < 18; ++b) e[nb] += ages.at(id)[b] * ref.events[0][b] / ref.population[0][b];
  }
  const auto sr = nt.numbers(*nt.Find("bad_health_sr")), lo = nt.numbers(*nt.Find("bad_health_sr_lower95_0cl")),
             hi = nt.numbers(*nt.Find("bad_health_sr_upper95_0cl"));
  for (size_t g = 0; g < nt.num_rows(); ++g) {
    const std::string& nb = nt.text(0)[g];
    EXPECT_NEAR(sr[g], 100 * o[nb] / e[nb], 1e-9 * sr[g]) << nb;
    EXPECT_LT(lo[g], sr[g]);
    EXPECT_GT(hi[g], sr[g]);
  }

  // The risk score is made of the standardised ratios (and the IoD 2025
  // health domain), not crude rates; the *_sdr columns are left out.
  {
    const size_t k = nt.num_rows();
    std::vector<double> risk(k, 0);
    for (auto [c, sign] : {std::pair{"bad_health_sr", 1.0}, {"very_good_health_sr", -1.0}, {"imd2025_health", 1.0}}) {
      const auto v = nt.numbers(*nt.Find(c));
      double mean = 0, ss = 0;
      for (double x : v) mean += x / k;
      for (double x : v) ss += (x - mean) * (x - mean);
      const double sd = std::sqrt(ss / (k - 1));
      for (size_t g = 0; g < k; ++g) risk[g] += sign * (v[g] - mean) / sd / 3;
    }
    const auto score = nt.numbers(*nt.Find("risk_score"));
    for (size_t g = 0; g < k; ++g) EXPECT_NEAR(score[g], risk[g], 1e-9) << g;
  }

  // IMD 2019 -> 2025: an unchanged LSOA keeps its published 2019 score; the
  // neighbourhood change is the difference of its two scores; every row of
  // imd_decile_moves.csv crossed the most deprived decile's edge.
  {
    Result<Table> imd19 = io::ReadTable((DataDir() / "imd2019/IoD2019_scores_IMD_income_employment_from_mysociety.csv").string());
    ASSERT_TRUE(imd19);
    const auto published = Column(*imd19, "lsoa11cd", "imd_score");
    const auto carried = Column(lt, "lsoa21_code", "imd_score_previous");
    size_t unchanged = 0;
    Result<Table> bridge = io::ReadTable((DataDir() / "lookups/lsoa11_lsoa21_lad22_geographr.csv").string());
    ASSERT_TRUE(bridge);
    for (size_t i = 0; i < bridge->num_rows(); ++i) {
      if (bridge->Cell(*bridge->Find("change_code"), i) != "U") continue;
      auto c = carried.find(bridge->Cell(*bridge->Find("lsoa21_code"), i));
      if (c == carried.end()) continue;
      EXPECT_EQ(c->second, published.at(bridge->Cell(*bridge->Find("lsoa11_code"), i)));
      ++unchanged;
    }
    EXPECT_GT(unchanged, 1500u);
    const auto before = nt.numbers(*nt.Find("imd_score_previous")), after = nt.numbers(*nt.Find("imd_score")),
               change = nt.numbers(*nt.Find("imd_score_change"));
    for (size_t g = 0; g < nt.num_rows(); ++g) EXPECT_NEAR(change[g], after[g] - before[g], 1e-9);
    const Table& moves = *r.imd_decile_moves;
    ASSERT_GT(moves.num_rows(), 0u);
    for (size_t i = 0; i < moves.num_rows(); ++i) {
      const bool was = moves.numbers(*moves.Find("imd_decile_previous"))[i] == 1;
      const bool is = moves.numbers(*moves.Find("imd_decile_national"))[i] == 1;
      EXPECT_NE(was, is);
      EXPECT_EQ(moves.text(*moves.Find("moved"))[i], is ? "into" : "out of");
    }
  }
}

// Must-show: England's own O/E is 100 within ONS's rounding, for age and for
// age and deprivation decile together. England's value is over every
// English LSOA whatever the extent, so the North East run carries it.
TEST_F(Atlas2025, EnglandsOwnRatiosAreOneHundredWithinRounding) {
  const AtlasRun& r = Run();
  const auto ages = ReadAges();
  ASSERT_EQ(ages.size(), 33755u);
  for (auto [column, statuses] : {std::pair{"bad_health", std::vector<std::string>{"bad", "very_bad"}},
                                  {"very_good_health", std::vector<std::string>{"very_good"}}}) {
    const England2021Reference ref = ReadReference(statuses);
    const auto observed = ReadObserved(statuses);
    const auto [low, high] = RoundingRange(ref, ages, observed, {});
    // The tolerance this derives is about +-0.036 (bad health) around 100.
    EXPECT_LT(low, 100);
    EXPECT_GT(high, 100);
    EXPECT_GT(low, 99.9);
    EXPECT_LT(high, 100.1);
    double england_sr = NAN, england_sdr = NAN;
    for (const auto& s : r.spine) {
      if (s.column == std::string(column) + "_sr") england_sr = s.england;
      if (s.column == std::string(column) + "_sdr") england_sdr = s.england;
    }
    EXPECT_GE(england_sr, low) << column;
    EXPECT_LE(england_sr, high) << column;
    EXPECT_FALSE(std::isnan(england_sdr)) << column;  // its bound needs every LSOA's decile: England2025 below
  }
}

// Must-show: a synthetic outcome made, in every LSOA, of exactly the events
// England's rates give its residents (by age; by age and IMD 2019 decile)
// standardises back to 100 in every neighbourhood and in England.
TEST_F(Atlas2025, SyntheticOutcomeAtEnglandsRatesIsOneHundredEverywhere) {
  const England2021Reference bad = ReadReference({"bad", "very_bad"}), good = ReadReference({"very_good"});
  const auto ages = ReadAges();
  // Deciles of the extent's LSOAs from the first run; others get decile 0
  // (no rate, so no expected count, and they are left out of England).
  const auto decile = Column(Run().lsoas, "lsoa21_code", "imd_decile_previous");
  const fs::path dir = fs::temp_directory_path() / ("nhood_atlas2025_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream f(dir / "synthetic.csv");
    f.precision(17);
    f << "code,all,bad,very_bad,very_good\n";
    for (const auto& [id, a] : ages) {
      auto d = decile.find(id);
      if (d == decile.end()) continue;
      double at_age = 0, at_age_decile = 0, all = 0;
      for (size_t b = 0; b < 18; ++b) {
        at_age += a[b] * bad.events[0][b] / bad.population[0][b];
        at_age_decile += a[b] * good.events[static_cast<int>(d->second)][b] / good.population[static_cast<int>(d->second)][b];
        all += a[b];
      }
      f << id << "," << all << "," << at_age << ",0," << at_age_decile << "\n";
    }
  }
  std::ifstream in(Examples() / "atlas-north-east-2025.toml");
  std::string cfg((std::istreambuf_iterator<char>(in)), {});
  const size_t risks = cfg.find("[[risk]]");
  std::string tail = cfg.substr(risks);
  for (size_t at; (at = tail.find("census/census2021_TS037_general_health_lsoa21.csv")) != std::string::npos;) {
    tail.replace(at, std::strlen("census/census2021_TS037_general_health_lsoa21.csv"), (dir / "synthetic.csv").string());
  }
  std::ofstream(dir / "atlas.toml") << cfg.substr(0, risks) + tail;
  Result<AtlasRun> r = ComputeAtlas((dir / "atlas.toml").string(), DataDir().string());
  fs::remove_all(dir);
  ASSERT_TRUE(r) << r.error().message;
  const Table& t = r->neighbourhoods;
  ASSERT_GT(t.num_rows(), 150u);
  for (const char* c : {"bad_health_sr", "very_good_health_sdr"}) {
    const auto& v = t.numbers(*t.Find(c));
    const auto& lo = t.numbers(*t.Find(std::string(c) + "_lower95_0cl"));
    const auto& hi = t.numbers(*t.Find(std::string(c) + "_upper95_0cl"));
    for (size_t g = 0; g < t.num_rows(); ++g) {
      EXPECT_NEAR(v[g], 100, 1e-9) << c << " " << t.text(0)[g];
      EXPECT_LT(lo[g], 100);
      EXPECT_GT(hi[g], 100);
    }
    for (const auto& s : r->spine) {
      if (s.column == c) {
        EXPECT_NEAR(s.england, 100, 1e-9) << c;
      }
    }
  }
  // Made at the age-only rates, the outcome is not 100 once deprivation is
  // standardised too: the two ratios differ.
  const auto& sdr = t.numbers(*t.Find("bad_health_sdr"));
  EXPECT_GT(std::count_if(sdr.begin(), sdr.end(), [](double v) { return std::fabs(v - 100) > 1; }), 10);
}

// The double disadvantage of 2025 recomputed from the two files, and the
// confusion table against OCSI's own 2023 flag (1,305 LSOAs).
TEST_F(Atlas2025, DoubleDisadvantageAgainstOcsisFlag) {
  Result<Table> imd = io::ReadTable((DataDir() / "imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv").string());
  Result<Table> cni = io::ReadTable((DataDir() / "community/cni2023_lsoa21_left_behind_ocsi_humaniverse.csv").string());
  ASSERT_TRUE(imd && cni);
  // The highest 10% (3,375 of 33,755), ties in the IMD file's order.
  auto top = [&](const Table& t, const char* column) {
    const auto by_id = Column(t, "lsoa21_code", column);
    std::vector<std::pair<double, std::string>> v;
    for (size_t i = 0; i < imd->num_rows(); ++i) v.push_back({by_id.at(imd->Cell(0, i)), imd->Cell(0, i)});
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::set<std::string> s;
    for (size_t i = 0; i < v.size() / 10; ++i) s.insert(v[i].second);
    return s;
  };
  const std::set<std::string> deprived = top(*imd, "IMD_score"), needy = top(*cni, "Community Needs Index 2023 Score");
  size_t both = 0, ours = 0, theirs = 0, total = 0;
  for (size_t i = 0; i < cni->num_rows(); ++i) {
    const std::string& id = cni->Cell(0, i);
    const bool flag = deprived.count(id) && needy.count(id);
    const bool published = cni->Cell(*cni->Find("Left Behind Area?"), i) == "TRUE";
    both += flag && published;
    ours += flag;
    theirs += published;
    ++total;
  }
  EXPECT_EQ(theirs, 1305u);
  const Table& c = *Run().confusion;
  ASSERT_EQ(c.num_rows(), 3u);
  EXPECT_EQ(c.numbers(*c.Find("published_true"))[0], both);
  EXPECT_EQ(c.numbers(*c.Find("total"))[0], ours);
  EXPECT_EQ(c.numbers(*c.Find("published_true"))[2], theirs);
  EXPECT_EQ(c.numbers(*c.Find("total"))[2], total);
  // Per LSOA of the extent: the flag and the published one beside it.
  const Table& lt = Run().lsoas;
  for (size_t i = 0; i < lt.num_rows(); ++i) {
    const std::string& id = lt.text(0)[i];
    EXPECT_EQ(lt.text(*lt.Find("double_disadvantage"))[i], deprived.count(id) && needy.count(id) ? "true" : "false");
  }
  EXPECT_NE(Run().summary.find("the published flag"), std::string::npos);
  // The three groups: every LSOA of the extent in one, the ratios within
  // their intervals.
  const Table& g = *Run().health_by_disadvantage;
  ASSERT_EQ(g.num_rows(), 12u);  // 4 standardised indicators x 3 groups
  double areas = 0;
  for (size_t i = 0; i < 3; ++i) areas += g.numbers(*g.Find("areas"))[i];
  EXPECT_EQ(areas, lt.num_rows());
  for (size_t i = 0; i < g.num_rows(); ++i) {
    EXPECT_LT(g.numbers(*g.Find("lower95"))[i], g.numbers(*g.Find("ratio"))[i]);
    EXPECT_GT(g.numbers(*g.Find("upper95"))[i], g.numbers(*g.Find("ratio"))[i]);
  }
}

// Same inputs, same names (and neighbourhoods).
TEST_F(Atlas2025, NamesAreStableAcrossRuns) {
  Result<AtlasRun> again = ComputeAtlas((Examples() / "atlas-north-east-2025.toml").string(), DataDir().string());
  ASSERT_TRUE(again) << again.error().message;
  const Table& a = Run().neighbourhoods;
  const Table& b = again->neighbourhoods;
  EXPECT_EQ(a.text(*a.Find("name")), b.text(*b.Find("name")));
  EXPECT_EQ(a.text(0), b.text(0));
}

// All of England on the 2025 vintage, end to end: every LSOA, unique names,
// and England's age-and-deprivation ratio at 100 within the rounding that
// each band-and-decile cell of ONS's Table 8 allows, over the IMD 2019
// deciles the run carried onto every LSOA 2021.
TEST(Atlas2025England, EndToEndAndTheAgeAndDeprivationRatioOfEngland) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv"));
  Result<AtlasRun> r = ComputeAtlas((Examples() / "atlas-england-2025.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  const Table& lt = r->lsoas;
  EXPECT_EQ(lt.num_rows(), 33755u);
  const auto& name = r->neighbourhoods.text(*r->neighbourhoods.Find("name"));
  EXPECT_EQ(std::set<std::string>(name.begin(), name.end()).size(), name.size());
  EXPECT_GT(name.size(), 4000u);
  std::unordered_map<std::string, double> decile;
  const auto& d = lt.numbers(*lt.Find("imd_decile_previous"));
  for (size_t i = 0; i < lt.num_rows(); ++i) {
    ASSERT_FALSE(std::isnan(d[i])) << lt.text(0)[i];  // every LSOA 2021 has an IMD 2019 decile
    decile[lt.text(0)[i]] = d[i];
  }
  const auto ages = ReadAges();
  for (auto [column, statuses] : {std::pair{"bad_health", std::vector<std::string>{"bad", "very_bad"}},
                                  {"very_good_health", std::vector<std::string>{"very_good"}}}) {
    const England2021Reference ref = ReadReference(statuses);
    const auto observed = ReadObserved(statuses);
    const auto [low, high] = RoundingRange(ref, ages, observed, decile);
    EXPECT_LT(low, 100);
    EXPECT_GT(high, 100);
    EXPECT_GT(low, 99.8);  // about +-0.1 for bad health: 200 cells, each rounded
    EXPECT_LT(high, 100.2);
    double england_sdr = NAN;
    for (const auto& s : r->spine) {
      if (s.column == std::string(column) + "_sdr") england_sdr = s.england;
    }
    EXPECT_GE(england_sdr, low) << column;
    EXPECT_LE(england_sdr, high) << column;
    // The three groups cover England: their observed counts add up to it.
    const Table& g = *r->health_by_disadvantage;
    double o = 0, want = 0;
    for (size_t i = 0; i < g.num_rows(); ++i) {
      if (g.text(*g.Find("indicator"))[i] == std::string(column) + "_sdr") o += g.numbers(*g.Find("observed"))[i];
    }
    for (const auto& [id, x] : observed) want += x;
    EXPECT_EQ(o, want) << column;
  }
  // The carried IMD 2019 deciles are OCSI's: its 2023 "left behind" flag is
  // exactly the LSOAs in IMD 2019 decile 1 (as carried here) and the most in
  // need 10% on the CNI 2023 (3,375 of 33,755).
  {
    Result<Table> cni = io::ReadTable((DataDir() / "community/cni2023_lsoa21_left_behind_ocsi_humaniverse.csv").string());
    ASSERT_TRUE(cni);
    const auto need = *cni->GetNumbers("Community Needs Index 2023 Score");
    std::vector<size_t> order(cni->num_rows());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return need[a] > need[b]; });
    size_t agree = 0, flagged = 0;
    std::vector<bool> top(cni->num_rows(), false);
    for (size_t i = 0; i < cni->num_rows() / 10; ++i) top[order[i]] = true;
    for (size_t i = 0; i < cni->num_rows(); ++i) {
      const bool ours = top[i] && decile.at(cni->Cell(0, i)) == 1;
      const bool published = cni->Cell(*cni->Find("Left Behind Area?"), i) == "TRUE";
      agree += ours == published;
      flagged += ours;
    }
    EXPECT_EQ(flagged, 1305u);
    EXPECT_EQ(agree, cni->num_rows());
  }
  // Doubly disadvantaged neighbourhoods against equally deprived places (the
  // seeds' claim): printed with intervals.
  EXPECT_NE(r->summary.find("bad_health_sdr (standardised for age and IMD 2019 decile, England = 100): doubly "
                            "disadvantaged"),
            std::string::npos)
      << r->summary;
}

// The 2019 atlas names its neighbourhoods the same way (wards of 2017).
TEST(AtlasCommand, NorthEast2019HasNamesToo) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "boundaries/lsoa11_england_generalised.geojson"));
  Result<AtlasRun> r = ComputeAtlas((Examples() / "atlas-north-east.toml").string(), DataDir().string());
  ASSERT_TRUE(r) << r.error().message;
  const auto& name = r->neighbourhoods.text(*r->neighbourhoods.Find("name"));
  EXPECT_EQ(std::set<std::string>(name.begin(), name.end()).size(), name.size());
  EXPECT_NE(std::find_if(name.begin(), name.end(), [](const std::string& n) { return n.rfind("Gateshead: ", 0) == 0; }),
            name.end());
  EXPECT_TRUE(r->lsoas.Find("lsoa11_code") && r->lsoas.Find("ward17_code") && r->lsoas.Find("neighbourhood_name"));
  EXPECT_FALSE(r->imd_change);  // no [previous_deprivation] in the 2019 configuration
}

}  // namespace
}  // namespace nhood::cli

namespace nhood::cli {
namespace {

// Issue 12: the 2025 configuration's new keys, each defect run through the
// command as a user would: exit 1, the key and what is wrong named, nothing
// written. Schema problems come before any work.
class Atlas2025Config : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2025/IoD2025_lsoa21_scores_ranks_deciles_humaniverse.csv"));
    dir_ = fs::temp_directory_path() / ("nhood_atlas2025_cfg_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ifstream in(Examples() / "atlas-north-east-2025.toml");
    cfg_.assign(std::istreambuf_iterator<char>(in), {});
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Edit(const std::string& from, const std::string& to) const {
    std::string c = cfg_;
    const size_t at = c.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(c.find(from, at + 1), std::string::npos) << from << " is not unique";
    if (at != std::string::npos) c.replace(at, from.size(), to);
    return c;
  }
  // Exit code, with stderr in err_.
  int Run(const std::string& cfg) {
    std::ofstream(dir_ / "atlas.toml") << cfg;
    ::testing::internal::CaptureStderr();
    const int code = RunCli({"atlas", "--config", (dir_ / "atlas.toml").string(), "--data-dir", DataDir().string(),
                             "--output", (dir_ / "out").string()});
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  void ExpectRejected(const std::string& cfg, const std::string& message, bool before_work = true) {
    EXPECT_EQ(Run(cfg), 1) << err_;
    EXPECT_NE(err_.find(message), std::string::npos) << "expected: " << message << "\ngot: " << err_;
    EXPECT_FALSE(fs::exists(dir_ / "out"));
    if (before_work) {
      EXPECT_EQ(err_.find("atlas [1/7"), std::string::npos) << "work started: " << err_;
    }
  }
  fs::path dir_;
  std::string cfg_, err_;
};

TEST_F(Atlas2025Config, NewKeysAreValidatedBeforeAnyWork) {
  ExpectRejected(Edit("standardise = \"bad+very_bad\"\n", ""),
                 "'sdr_column' needs 'standardise' (the events in [standardisation])");
  ExpectRejected(Edit("standardise = \"very_good\"\n",
                      "standardise = \"very_good\"\n"
                      "reference_rates = \"census/census2021_general_health_by_age18_england_persons.csv\"\n"),
                 "give standardise (rates from [standardisation]) or reference_rates, not both");
  ExpectRejected(Edit("  \"85 to 89|90+\",\n", ""),
                 "'standardisation.bands' has 17 entries and 'ages.bands' 18: one reference band");
  ExpectRejected(Edit("sdr_column = \"very_good_health_sdr\"", "sdr_column = \"bad_health_sr\""),
                 "'risk[2].sdr_column' = \"bad_health_sr\" is already a [[risk]] column");
  ExpectRejected(Edit("percent = 10\n", "percent = 0\n"), "'double_disadvantage.percent' must be a number above 0");
  fs::copy_file(Examples() / "left-behind-wards.toml", dir_ / "left-behind-wards.toml");
  ExpectRejected(Edit("percent = 10\n", "classify = \"left-behind-wards.toml\"\n"),
                 "[wards] goes with [double_disadvantage.need]: with classify the areas' wards are the classification's");
  ExpectRejected(Edit("percent = 10\n", "percent = 10\nclassify = \"left-behind-wards.toml\"\n"),
                 "give classify (wards, by nhood classify) or need (the areas' own), not both");
  ExpectRejected(Edit("vintage = \"lsoa21\"    #", "vintage = \"lsoa22\"    #"), "'areas.vintage'");
  ExpectRejected(Edit("[bridge]\nfile = \"lookups/lsoa11_lsoa21_lad22_geographr.csv\"\nfrom = \"lsoa11_code\"\nto = "
                      "\"lsoa21_code\"\n",
                      ""),
                 "'bridge.file' is required: [previous_deprivation] is carried onto the areas through [bridge]");
  ExpectRejected(Edit("decile = \"imd_decile\"\n", ""),
                 "'standardisation.decile' is required: risk[1] sets sdr_column");
  ExpectRejected(Edit("numerator = \"very_good\"\ndenominator = \"all\"\n", "value = \"very_good\"\n"),
                 "standardisation needs counts: numerator and denominator");
  ExpectRejected(Edit("column = \"Community Needs Index 2023 Score\"", "column = \"CNI\""),
                 "double_disadvantage.need.column = 'CNI' is not a column of", false);
}

TEST_F(Atlas2025Config, ReferenceBandsThatMatchNoRowNameTheBandAndFile) {
  // The label is checked against the reference file's rows (data, so after
  // the earlier stages); nothing is written.
  ExpectRejected(Edit("  \"5 to 9\",\n", "  \"5 to 10\",\n"),
                 "'standardisation.bands': '5 to 10' (for [ages] band 'Aged 5 to 9 years') matches no row of column "
                 "'age_band' with sex = Persons",
                 false);
  // A reference file with a negative count: file, row and column.
  std::ifstream in(DataDir() / "census/census2021_general_health_by_age_sex_imd_decile_england_long.csv");
  std::string ref((std::istreambuf_iterator<char>(in)), {});
  const size_t line2 = ref.find('\n') + 1, line3 = ref.find('\n', line2) + 1;
  ASSERT_EQ(ref.substr(line2, line3 - line2), "Persons,Under 1,1,75430,61615,12030,1310,265,205\r\n");  // CRLF
  std::ofstream(dir_ / "ref.csv") << ref.substr(0, line2) << "Persons,Under 1,1,75430,61615,12030,1310,-265,205\r\n"
                                  << ref.substr(line3);
  ExpectRejected(Edit("file = \"census/census2021_general_health_by_age_sex_imd_decile_england_long.csv\"",
                      "file = \"" + (dir_ / "ref.csv").string() + "\""),
                 "ref.csv: row 1 (line 2): events (bad+very_bad) must be 0 or more", false);
}

}  // namespace
}  // namespace nhood::cli
