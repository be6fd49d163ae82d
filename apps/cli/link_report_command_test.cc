// `nhood link report` end to end: the real binary on a demo store seeded by
// `nhood link demo`. The outcomes CSV is checked against an independent
// computation from the raw rows read with SQL (sqlite3, not the store):
// pairs, the paired t interval (Boost.Math's t quantile) and the Wilson
// interval, to 1e-9. Also: reach against a hand-made atlas directory, the
// HTML page, and bad input (usage errors exit 2, a bad atlas file exits 1
// naming file, row and column; no output file either way). The dashboard's
// reports (caseloads, waiting-times, organisations) as CSV and XLSX are
// compared cell by cell with the link::ReportTable nhood::link returns for
// the same store and period (no column names or values written here: the
// tables are the library's to define), and each run is audited.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <gtest/gtest.h>

#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "nhood/link/caseload_report.h"
#include "nhood/link/organisations_report.h"
#include "nhood/link/swemwbs.h"
#include "nhood/link/waiting_report.h"
#include "nhood/store/open_store.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

struct Exit {
  int code = -1;
  std::string err;
};

Exit Nhood(const std::string& args, const fs::path& dir) {
  const fs::path err = dir / "stderr.txt";
  const std::string cmd = std::string(NHOOD_BINARY) + " " + args + " >/dev/null 2>'" + err.string() + "'";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(err);
  std::stringstream s;
  s << in.rdbuf();
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, s.str()};
}

std::vector<std::string> Split(const std::string& line, char sep = ',') {
  std::vector<std::string> out;
  std::string cell;
  std::stringstream s(line);
  while (std::getline(s, cell, sep)) out.push_back(cell);
  if (!line.empty() && line.back() == sep) out.push_back("");
  return out;
}

// The CSV as rows of column → cell (the report's cells carry no commas).
std::vector<std::map<std::string, std::string>> ReadCsv(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = Split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = Split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

struct Row {
  int64_t id, resident;
  std::string timepoint, date;
  std::vector<int> items;
};

std::vector<Row> OutcomeRows(const fs::path& db, const std::string& measure) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(h, "SELECT id, resident_id, timepoint, date, items FROM outcome WHERE measure = ?", -1,
                               &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, measure.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<Row> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Row r{sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
          reinterpret_cast<const char*>(sqlite3_column_text(st, 2)),
          reinterpret_cast<const char*>(sqlite3_column_text(st, 3)), {}};
    for (const std::string& x : Split(reinterpret_cast<const char*>(sqlite3_column_text(st, 4)))) {
      r.items.push_back(std::stoi(x));
    }
    rows.push_back(r);
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rows;
}

class LinkReportCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("nhood_link_report_test_" + std::to_string(getpid())));
    fs::create_directories(*dir_);
    const fs::path postcodes = test_support::DataDir() / "postcodes" / "north_east_live_postcodes.csv.gz";
    ASSERT_TRUE(test_support::HaveData(postcodes));
    Exit demo = Nhood("link demo --db '" + (*dir_ / "demo.db").string() + "' --postcodes '" + postcodes.string() + "'",
                     *dir_);
    ASSERT_EQ(demo.code, 0) << demo.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static fs::path Db() { return *dir_ / "demo.db"; }
  static fs::path* dir_;
};
fs::path* LinkReportCli::dir_ = nullptr;

TEST_F(LinkReportCli, OutcomesCsvMatchesAnIndependentComputationFromSql) {
  const fs::path out = *dir_ / "outcomes.csv";
  Exit r = Nhood("link report outcomes --db '" + Db().string() + "' -o '" + out.string() + "'", *dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  std::map<std::string, std::map<std::string, std::string>> by_measure;
  for (const auto& row : ReadCsv(out)) by_measure[row.at("measure")] = row;
  ASSERT_EQ(by_measure.size(), 6u);

  struct Case {
    std::string name, measure;
    int item;
    double meaningful;
    bool lower_is_better;
  };
  for (const Case& c : {Case{"swemwbs", "swemwbs", -1, 3, false}, Case{"ons4_worthwhile", "ons4", 1, 1, false},
                        Case{"ons4_anxiety", "ons4", 3, 1, true}}) {
    auto score = [&](const Row& row) -> double {
      if (c.item >= 0) return row.items[static_cast<size_t>(c.item)];
      int raw = 0;
      for (int x : row.items) raw += x;
      return link::kSwemwbsMetric[static_cast<size_t>(raw - 7)];
    };
    const std::vector<Row> rows = OutcomeRows(Db(), c.measure);
    std::map<int64_t, const Row*> base, follow;
    std::set<int64_t> followed;
    auto key = [](const Row& x) { return std::make_pair(x.date, x.id); };
    for (const Row& x : rows) {
      if (x.timepoint == "baseline") {
        if (!base[x.resident] || key(x) < key(*base[x.resident])) base[x.resident] = &x;
      } else {
        followed.insert(x.resident);
      }
    }
    for (const Row& x : rows) {
      if (x.timepoint != "follow_up" || !base.count(x.resident) || x.date < base[x.resident]->date) continue;
      if (!follow[x.resident] || key(*follow[x.resident]) < key(x)) follow[x.resident] = &x;
    }
    std::vector<double> d;
    int improved = 0;
    for (const auto& [res, f] : follow) {
      d.push_back(score(*f) - score(*base[res]));
      if ((c.lower_is_better ? -d.back() : d.back()) >= c.meaningful - 1e-9) ++improved;
    }
    const double n = static_cast<double>(d.size());
    ASSERT_GE(n, 30) << c.name;
    double mean = 0;
    for (double x : d) mean += x / n;
    double ss = 0;
    for (double x : d) ss += (x - mean) * (x - mean);
    const double half = boost::math::quantile(boost::math::complement(boost::math::students_t(n - 1), 0.025)) *
                        std::sqrt(ss / (n - 1)) / std::sqrt(n);
    const double z = 1.959963984540054, x = improved;
    const auto& got = by_measure.at(c.name);
    EXPECT_EQ(std::stoll(got.at("baseline_n")), static_cast<long long>(base.size())) << c.name;
    EXPECT_EQ(std::stoll(got.at("follow_up_n")), static_cast<long long>(followed.size())) << c.name;
    EXPECT_EQ(std::stoll(got.at("paired_n")), static_cast<long long>(d.size())) << c.name;
    EXPECT_EQ(std::stoll(got.at("lost_n")), static_cast<long long>(base.size() - d.size())) << c.name;
    EXPECT_NEAR(std::stod(got.at("mean_change")), mean, 1e-9) << c.name;
    EXPECT_NEAR(std::stod(got.at("lower95")), mean - half, 1e-9) << c.name;
    EXPECT_NEAR(std::stod(got.at("upper95")), mean + half, 1e-9) << c.name;
    EXPECT_NEAR(std::stod(got.at("improved_share")), x / n, 1e-9) << c.name;
    EXPECT_NEAR(std::stod(got.at("improved_lower95")),
                (2 * x + z * z - z * std::sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z)), 1e-9)
        << c.name;
    EXPECT_NEAR(std::stod(got.at("improved_upper95")),
                (2 * x + z * z + z * std::sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z)), 1e-9)
        << c.name;
  }
  // The demo records no MYCaW: its row is there, empty, with zero counts.
  EXPECT_EQ(by_measure.at("mycaw").at("paired_n"), "0");
  EXPECT_EQ(by_measure.at("mycaw").at("mean_change"), "");
  EXPECT_TRUE(fs::exists(out.string() + ".provenance.json"));
}

TEST_F(LinkReportCli, ReachAgainstAHandMadeAtlasDirectory) {
  // Every resident's LSOA, read with SQL; the first half Core20.
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open_v2(Db().c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h,
                               "SELECT r.lsoa, COUNT(*) FROM resident r WHERE r.id IN (SELECT resident_id FROM referral) "
                               "GROUP BY r.lsoa ORDER BY r.lsoa",
                               -1, &st, nullptr),
            SQLITE_OK);
  std::vector<std::pair<std::string, int64_t>> lsoas;
  while (sqlite3_step(st) == SQLITE_ROW) {
    lsoas.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int64(st, 1));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  ASSERT_GT(lsoas.size(), 10u);
  const fs::path atlas = *dir_ / "my_atlas";
  fs::create_directories(atlas);
  std::ofstream csv(atlas / "lsoas.csv");
  csv << "lsoa11_code,lsoa11_name,neighbourhood_id,population,core20,double_disadvantage\n";
  int64_t total = 0, core20 = 0;
  for (size_t i = 0; i < lsoas.size(); ++i) {
    const bool c20 = i < lsoas.size() / 2;
    csv << lsoas[i].first << ",x," << "N" << i % 4 << ",2000," << (c20 ? "true" : "false") << ",false\n";
    total += lsoas[i].second;
    if (c20) core20 += lsoas[i].second;
  }
  csv.close();
  const fs::path out = *dir_ / "reach.csv";
  Exit r = Nhood("link report reach --db '" + Db().string() + "' --atlas '" + atlas.string() + "' -o '" +
                    out.string() + "'",
                *dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  auto rows = ReadCsv(out);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("group"), "core20");
  EXPECT_EQ(std::stoll(rows[0].at("residents_matched")), total);
  EXPECT_EQ(std::stoll(rows[0].at("residents")), core20);
  EXPECT_NEAR(std::stod(rows[0].at("share")), static_cast<double>(core20) / total, 1e-12);
  EXPECT_NEAR(std::stod(rows[0].at("population_share")),
              static_cast<double>(lsoas.size() / 2) / static_cast<double>(lsoas.size()), 1e-12);
  EXPECT_EQ(rows[1].at("residents"), "0");  // no doubly disadvantaged LSOA in this atlas

  // The activity report by the atlas's neighbourhoods, as a printable page.
  const fs::path html = *dir_ / "activity.html";
  r = Nhood("link report activity --db '" + Db().string() + "' --atlas '" + atlas.string() + "' -o '" +
                html.string() + "'",
            *dir_);
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(html);
  std::stringstream page;
  page << in.rdbuf();
  EXPECT_NE(page.str().find("<caption id=\"activity-1-caption\">Activity by period and by neighbourhood</caption>"),
            std::string::npos);
  EXPECT_NE(page.str().find("<th scope=\"row\" data-column=\"breakdown\">neighbourhood</th><td data-column=\"group\">N0</td>"),
            std::string::npos);
  EXPECT_NE(page.str().find("<th scope=\"col\">residents</th>"), std::string::npos);
  EXPECT_NE(page.str().find("cell(s) withheld"), std::string::npos);
}

// A cell of the CLI's file against the library's value: empty for an empty
// (withheld or undefined) value; numbers as the same double (CSV writes the
// shortest round-trip text, XLSX a number); text and booleans as their text,
// or as the same number when a text column of numbers became numeric.
::testing::AssertionResult SameCell(const std::string& cell, const link::ReportValue& v) {
  const std::string text = link::ReportValueText(v);
  if (cell == text) return ::testing::AssertionSuccess();
  const auto x = ParseNumber(cell), want = ParseNumber(text);
  // GDAL's XLSX driver writes 16 significant digits, not 17: equal to 1e-15 relative.
  if (!text.empty() && x && want && std::fabs(*x - *want) <= 1e-15 * std::fabs(*want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << cell << "' for '" << text << "'";
}

// The rows of a page's tables (each begins with its header cell).
size_t BodyRows(const std::string& html) {
  size_t n = 0;
  for (size_t at = 0; (at = html.find("<th scope=\"row\"", at)) != std::string::npos; ++at) ++n;
  return n;
}

void ExpectSameTable(const fs::path& file, const link::ReportTable& want) {
  auto got = io::ReadTable(file.string());
  ASSERT_TRUE(got.has_value()) << file << ": " << got.error().message;
  ASSERT_EQ(got->num_columns(), want.columns.size()) << file;
  ASSERT_EQ(got->num_rows(), want.rows.size()) << file;
  ASSERT_GT(want.rows.size(), 0u) << file;
  for (size_t c = 0; c < want.columns.size(); ++c) {
    EXPECT_EQ(got->name(c), want.columns[c]) << file;
    for (size_t r = 0; r < want.rows.size(); ++r) {
      EXPECT_TRUE(SameCell(got->Cell(c, r), want.rows[r][c])) << file << " row " << r + 1 << " " << want.columns[c];
    }
  }
}

TEST_F(LinkReportCli, DashboardReportsAreTheLibrarysTablesCellByCell) {
  using namespace std::chrono;
  const link::ActivityQuery period = {.from = 2024y / December / 1d, .to = 2025y / December / 2d};
  struct Kind {
    std::string name, record;
    Result<link::ReportTable> (*read)(link::Store&, const link::ActivityQuery&, const link::SuppressionRule&);
  };
  const std::vector<Kind> kinds = {{"caseloads", "caseloads", link::CaseloadsFromStore},
                                   {"waiting-times", "waiting_times", link::WaitingFromStore},
                                   {"organisations", "organisations", link::OrganisationsFromStore}};
  auto store = store::OpenStore(Db().string());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  int64_t withheld = 0;
  for (const Kind& k : kinds) {
    for (int below : {5, 50}) {
      auto want = k.read(**store, period, {.below = below});
      ASSERT_TRUE(want.has_value()) << k.name << ": " << want.error().message;
      withheld += want->suppressed_cells;
      for (const char* ext : {"csv", "xlsx"}) {
        const fs::path out = *dir_ / (k.name + "_" + std::to_string(below) + "." + ext);
        Exit r = Nhood("link report " + k.name + " --db '" + Db().string() +
                           "' --from 2024-12-01 --to 2025-12-02 --suppress-below " + std::to_string(below) + " -o '" +
                           out.string() + "'",
                       *dir_);
        ASSERT_EQ(r.code, 0) << k.name << " " << ext << ": " << r.err;
        ExpectSameTable(out, *want);
      }
    }
    // The printable page: the library's title and withheld count.
    const fs::path html = *dir_ / (k.name + ".html");
    Exit r = Nhood("link report " + k.name + " --db '" + Db().string() + "' --from 2024-12-01 --to 2025-12-02 -o '" +
                       html.string() + "'",
                   *dir_);
    ASSERT_EQ(r.code, 0) << r.err;
    auto want = k.read(**store, period, {.below = 5});
    ASSERT_TRUE(want.has_value());
    std::ifstream in(html);
    std::stringstream page;
    page << in.rdbuf();
    EXPECT_NE(page.str().find("From 2024-12-01 to 2025-12-02 (exclusive)"), std::string::npos) << k.name;
    EXPECT_NE(page.str().find("data-withheld=\"" + std::to_string(want->suppressed_cells) + "\""), std::string::npos)
        << k.name;
    EXPECT_EQ(BodyRows(page.str()), want->rows.size()) << k.name;
  }
  EXPECT_GT(withheld, 0) << "the comparison covers withheld (empty) cells";

  // Without --from/--to, the API's default: caseloads the 365 days to
  // today, the others all dates (1970-01-01 to tomorrow, UTC). (A run that
  // straddles midnight UTC would see two different days.)
  const auto now = time_point_cast<seconds>(system_clock::now());
  const link::Date tomorrow = link::DateOf(now + days(1));
  for (const Kind& k : kinds) {
    const link::ActivityQuery defaults = {
        .from = k.name == "caseloads" ? link::DateOf(now - days(364)) : link::Date(year(1970) / 1 / 1),
        .to = tomorrow};
    auto want = k.read(**store, defaults, {.below = 5});
    ASSERT_TRUE(want.has_value()) << k.name;
    const fs::path out = *dir_ / (k.name + "_default.xlsx");
    Exit r = Nhood("link report " + k.name + " --db '" + Db().string() + "' -o '" + out.string() + "'", *dir_);
    ASSERT_EQ(r.code, 0) << k.name << ": " << r.err;
    ExpectSameTable(out, *want);
  }

  // Every run audited as the operator's read of the report, under the
  // record the API's reads use.
  auto events = (*store)->ListAudit({.record_type = "report", .limit = 10000});
  ASSERT_TRUE(events.has_value());
  for (const Kind& k : kinds) {
    int runs = 0;
    for (const auto& e : *events) {
      if (e.record_id != k.record) continue;
      ++runs;
      EXPECT_EQ(e.username.rfind("operator:", 0), 0u) << e.username;
      EXPECT_EQ(e.action, "read_reports");
      EXPECT_EQ(e.outcome, link::AuditOutcome::kAllowed);
      EXPECT_NE(e.detail.find(k.name), std::string::npos) << e.detail;
    }
    EXPECT_EQ(runs, 6) << k.name;  // 2 thresholds x 2 formats, the page, the default period
  }
}

TEST_F(LinkReportCli, BadInputExitsWithoutOutput) {
  const fs::path out = *dir_ / "bad.csv";
  const std::string db = "--db '" + Db().string() + "' -o '" + out.string() + "'";
  EXPECT_EQ(Nhood("link report outcomes --measure wemwbs " + db, *dir_).code, 2);
  EXPECT_EQ(Nhood("link report outcomes --from 2025-02-30 --to 2026-01-01 " + db, *dir_).code, 2);
  EXPECT_EQ(Nhood("link report outcomes --from 2026-01-01 --to 2025-01-01 " + db, *dir_).code, 2);
  EXPECT_EQ(Nhood("link report reach " + db, *dir_).code, 2);  // no --atlas
  EXPECT_EQ(Nhood("link report outcomes --db '" + Db().string() + "' -o '" + (*dir_ / "x.pdf").string() + "'", *dir_)
                .code,
            2);
  EXPECT_EQ(Nhood("link report nonsense " + db, *dir_).code, 2);
  // The dashboard's reports: both dates or neither, as the API; no --atlas
  // or --measure; a bad date names its option.
  for (const char* kind : {"caseloads", "waiting-times", "organisations"}) {
    const std::string xlsx = "--db '" + Db().string() + "' -o '" + (*dir_ / "bad.xlsx").string() + "'";
    Exit e = Nhood(std::string("link report ") + kind + " --from 2025-01-01 " + xlsx, *dir_);
    EXPECT_EQ(e.code, 2) << kind;
    EXPECT_NE(e.err.find("--to is required with --from"), std::string::npos) << e.err;
    EXPECT_EQ(Nhood(std::string("link report ") + kind + " --to 2025-01-01 " + xlsx, *dir_).code, 2) << kind;
    e = Nhood(std::string("link report ") + kind + " --from 2025-01-01 --to 2025-02-30 " + xlsx, *dir_);
    EXPECT_EQ(e.code, 2) << kind;
    EXPECT_EQ(e.err.rfind("nhood: --to: ", 0), 0u) << e.err;
    EXPECT_EQ(Nhood(std::string("link report ") + kind + " --from 2025-06-01 --to 2025-01-01 " + xlsx, *dir_).code, 2);
    EXPECT_EQ(Nhood(std::string("link report ") + kind + " --measure swemwbs " + xlsx, *dir_).code, 2) << kind;
    EXPECT_EQ(Nhood(std::string("link report ") + kind + " --atlas '" + dir_->string() + "' " + xlsx, *dir_).code, 2)
        << kind;
    EXPECT_FALSE(fs::exists(*dir_ / "bad.xlsx")) << kind;
  }
  // A broken atlas: the file, row and column are named; exit 1.
  const fs::path atlas = *dir_ / "broken_atlas";
  fs::create_directories(atlas);
  std::ofstream(atlas / "lsoas.csv") << "lsoa21_code,population,core20,double_disadvantage\n"
                                        "E01000001,100,true,false\nE01000002,200,yes,false\n";
  Exit r = Nhood("link report reach --atlas '" + atlas.string() + "' " + db, *dir_);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("lsoas.csv: row 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'core20'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(*dir_ / "x.pdf"));
  // A store that is not there is not made.
  const fs::path missing = *dir_ / "missing.db";
  r = Nhood("link report outcomes --db '" + missing.string() + "' -o '" + out.string() + "'", *dir_);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("missing.db: no such link store"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace nhood::cli
