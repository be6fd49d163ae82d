// The report routes in process (Router::Dispatch, the production path, with
// requests built by hand as STYLE §9B.10 says) against the seeded demo
// service (`nhood link demo`), on SQLite and on a private PostgreSQL:
//  - the outcomes report matches an independent computation in this file
//    (pairs, paired t interval with Boost.Math's t quantile, Wilson) from the
//    raw outcome rows the store holds, to 1e-9;
//  - the role matrix for reports (admin, manager, analyst yes; link worker,
//    volunteer no), each read audited, allowed or refused;
//  - CSV replies; XLSX replies read back with io::ReadTable, every cell equal
//    to the JSON of the same query (withheld cells empty), at the default
//    threshold and at one that withholds nearly everything;
//  - reach against a hand-made atlas directory, bad input (422 naming
//    measure, from, to, format, atlas).
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <boost/math/distributions/students_t.hpp>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "apps/server/demo_store_test_support.h"
#include "apps/server/router.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"
#include "nhood/link/swemwbs.h"
#include "nhood/store/open_store.h"
#include "tests/support/data_dir.h"
#ifdef NHOOD_REPORT_TEST_POSTGRES
#include "nhood/store/testing/postgres_test_server.h"
#define ReportApiTest ReportApiTestPostgres
#else
#define ReportApiTest ReportApiTestSqlite
#endif

namespace nhood::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kPassword = "nhood-demo-password";

// ---- the independent computation ----
struct Expected {
  int64_t baseline_n = 0, follow_up_n = 0, paired_n = 0;
  double mean = 0, lower = 0, upper = 0, share = 0, share_lower = 0, share_upper = 0;
};

double Score(const link::Outcome& o, int item) {
  if (item < 0) {
    int raw = 0;
    for (int x : o.items) raw += x;
    return link::kSwemwbsMetric[static_cast<size_t>(raw - 7)];
  }
  return o.items[static_cast<size_t>(item)];
}

// Each resident's earliest baseline and latest follow-up on or after it
// (ties by id), as docs/methods.md defines the pairs.
Expected Oracle(const std::vector<link::Outcome>& rows, link::Measure measure, int item, double meaningful,
                bool lower_is_better) {
  std::map<int64_t, const link::Outcome*> base, follow;
  std::set<int64_t> any_follow;
  auto key = [](const link::Outcome& o) { return std::make_pair(link::FormatDate(o.date), o.id); };
  for (const auto& o : rows) {
    if (o.measure != measure) continue;
    if (o.timepoint == link::Timepoint::kBaseline) {
      auto& b = base[o.resident_id];
      if (!b || key(o) < key(*b)) b = &o;
    } else {
      any_follow.insert(o.resident_id);
    }
  }
  for (const auto& o : rows) {
    if (o.measure != measure || o.timepoint != link::Timepoint::kFollowUp || !base.count(o.resident_id)) continue;
    if (link::FormatDate(o.date) < link::FormatDate(base[o.resident_id]->date)) continue;
    auto& f = follow[o.resident_id];
    if (!f || key(*f) < key(o)) f = &o;
  }
  Expected e;
  e.baseline_n = static_cast<int64_t>(base.size());
  e.follow_up_n = static_cast<int64_t>(any_follow.size());
  std::vector<double> d;
  int improved = 0;
  for (const auto& [resident, f] : follow) {
    const double change = Score(*f, item) - Score(*base[resident], item);
    d.push_back(change);
    if ((lower_is_better ? -change : change) >= meaningful - 1e-9) ++improved;
  }
  const double n = static_cast<double>(d.size());
  e.paired_n = static_cast<int64_t>(d.size());
  double sum = 0;
  for (double x : d) sum += x;
  e.mean = sum / n;
  double ss = 0;
  for (double x : d) ss += (x - e.mean) * (x - e.mean);
  const double se = std::sqrt(ss / (n - 1)) / std::sqrt(n);
  const double t = boost::math::quantile(boost::math::complement(boost::math::students_t(n - 1), 0.025));
  e.lower = e.mean - t * se;
  e.upper = e.mean + t * se;
  const double z = 1.959963984540054, x = improved;
  e.share = x / n;
  e.share_lower = (2 * x + z * z - z * std::sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z));
  e.share_upper = (2 * x + z * z + z * std::sqrt(z * z + 4 * x * (1 - x / n))) / (2 * (n + z * z));
  return e;
}

// ---- the harness ----
class ReportApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("nhood_report_api_test_" + std::to_string(getpid())));
    fs::create_directories(*dir_);
#ifdef NHOOD_REPORT_TEST_POSTGRES
    auto& pg = store::testing::PostgresTestServer::Shared();
    Status started = pg.Start();
    ASSERT_TRUE(started.ok()) << started.message();
    auto uri = pg.CreateDatabase();
    ASSERT_TRUE(uri.has_value()) << uri.error().message;
    db_ = new std::string(*uri);
#else
    db_ = new std::string((*dir_ / "demo.db").string());
#endif
    store_ = server::testing::SeededDemoStore(*db_).release();
    ASSERT_NE(store_, nullptr);
    // A hand-made atlas: the demo's residents' LSOAs, every third one Core20,
    // every fifth doubly disadvantaged, each of 1,500 people, and one more
    // LSOA no resident lives in.
    atlas_ = new fs::path(*dir_ / "atlas_fixture");
    server::testing::WriteResidentAtlas(*store_, *atlas_, "E01999999,N9,3000,true,true\n");
    options_ = new ServeOptions();
    options_->db = *db_;
    options_->atlas = {atlas_->string()};
    app_ = new App{*store_, *options_};
    router_ = new Router(Routes());
  }
  static void TearDownTestSuite() {
    delete router_;
    delete app_;
    delete options_;
    delete store_;
    fs::remove_all(*dir_);
    delete atlas_;
    delete dir_;
    delete db_;
  }

  static httplib::Response Dispatch(const std::string& method, const std::string& path, const httplib::Params& params,
                                    const std::string& cookie, const std::string& body = "") {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.params = params;
    req.remote_addr = "127.0.0.1";
    req.set_header("Host", "127.0.0.1");
    if (!cookie.empty()) req.set_header("Cookie", cookie);
    req.body = body;
    if (!body.empty()) req.set_header("Content-Type", "application/json");
    httplib::Response res;
    router_->Dispatch(*app_, req, res);
    return res;
  }
  static std::string LogIn(const std::string& user) {
    httplib::Response res = Dispatch("POST", "/api/v1/session", {}, "",
                                     json{{"username", user}, {"password", kPassword}}.dump());
    EXPECT_EQ(res.status, 200) << user << " " << res.body;
    const std::string c = res.get_header_value("Set-Cookie");
    return c.substr(0, c.find(';'));
  }
  // One session per user (argon2id makes each login take a while).
  static httplib::Response Get(const std::string& user, const std::string& path, const httplib::Params& params = {}) {
    static std::map<std::string, std::string> cookies;
    auto it = cookies.find(user);
    if (it == cookies.end()) it = cookies.emplace(user, LogIn(user)).first;
    return Dispatch("GET", path, params, it->second);
  }
  static void ExpectField(const httplib::Response& res, int status, const std::string& field) {
    EXPECT_EQ(res.status, status) << res.body;
    json body = json::parse(res.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << res.body;
    EXPECT_EQ(body.value("field", ""), field) << res.body;
  }

  static fs::path* dir_;
  static fs::path* atlas_;
  static std::string* db_;
  static link::Store* store_;
  static ServeOptions* options_;
  static App* app_;
  static Router* router_;
};
fs::path* ReportApiTest::dir_ = nullptr;
fs::path* ReportApiTest::atlas_ = nullptr;
std::string* ReportApiTest::db_ = nullptr;
link::Store* ReportApiTest::store_ = nullptr;
ServeOptions* ReportApiTest::options_ = nullptr;
App* ReportApiTest::app_ = nullptr;
Router* ReportApiTest::router_ = nullptr;

TEST_F(ReportApiTest, OutcomesMatchAnIndependentComputationFromTheRawRows) {
  auto rows = store_->ListOutcomes({.limit = 10000});
  ASSERT_TRUE(rows.has_value());
  ASSERT_GT(rows->size(), 100u) << "the demo should hold outcome measures";
  struct Case {
    std::string name;
    link::Measure measure;
    int item;
    double meaningful;
    bool lower_is_better;
  };
  for (const Case& c : {Case{"swemwbs", link::Measure::kSwemwbs, -1, 3, false},
                        Case{"ons4_life_satisfaction", link::Measure::kOns4, 0, 1, false},
                        Case{"ons4_anxiety", link::Measure::kOns4, 3, 1, true}}) {
    const Expected e = Oracle(*rows, c.measure, c.item, c.meaningful, c.lower_is_better);
    ASSERT_GE(e.paired_n, 30) << c.name;
    httplib::Response res = Get("manager", "/api/v1/reports/outcomes", {{"measure", c.name}});
    ASSERT_EQ(res.status, 200) << res.body;
    json b = json::parse(res.body);
    // The acceptance interface's fields, every one present.
    for (const char* k : {"measure", "paired_n", "baseline_n", "follow_up_n", "mean_change", "lower95", "upper95",
                          "improved_share", "improved_lower95", "improved_upper95", "suppressed"}) {
      EXPECT_TRUE(b.contains(k)) << c.name << " " << k;
    }
    EXPECT_EQ(b["measure"], c.name);
    EXPECT_EQ(b["paired_n"].get<int64_t>(), e.paired_n) << c.name;
    EXPECT_EQ(b["baseline_n"].get<int64_t>(), e.baseline_n) << c.name;
    EXPECT_EQ(b["follow_up_n"].get<int64_t>(), e.follow_up_n) << c.name;
    EXPECT_NEAR(b["mean_change"].get<double>(), e.mean, 1e-9) << c.name;
    EXPECT_NEAR(b["lower95"].get<double>(), e.lower, 1e-9) << c.name;
    EXPECT_NEAR(b["upper95"].get<double>(), e.upper, 1e-9) << c.name;
    EXPECT_NEAR(b["improved_share"].get<double>(), e.share, 1e-9) << c.name;
    EXPECT_NEAR(b["improved_lower95"].get<double>(), e.share_lower, 1e-9) << c.name;
    EXPECT_NEAR(b["improved_upper95"].get<double>(), e.share_upper, 1e-9) << c.name;
    EXPECT_EQ(b["suppressed"].get<int64_t>(), 0) << c.name;
    EXPECT_EQ(b["improvement"], c.lower_is_better ? "decrease" : "increase");
  }
}

TEST_F(ReportApiTest, ReportsAreForManagerAdminAndAnalystAndEveryReadIsAudited) {
  const std::map<std::string, int> expect = {
      {"admin", 200}, {"manager", 200}, {"analyst", 200}, {"worker1", 403}, {"volunteer1", 403}};
  for (const char* path : {"/api/v1/reports/activity", "/api/v1/reports/outcomes", "/api/v1/reports/reach",
                           "/api/v1/reports/caseloads", "/api/v1/reports/waiting-times",
                           "/api/v1/reports/organisations"}) {
    for (const auto& [user, status] : expect) {
      httplib::Response res = Get(user, path, {{"measure", "swemwbs"}});
      EXPECT_EQ(res.status, status) << user << " " << path << " " << res.body;
    }
  }
  auto events = store_->ListAudit({.record_type = "report", .limit = 10000});
  ASSERT_TRUE(events.has_value());
  std::map<std::string, int> allowed, refused;
  for (const auto& e : *events) {
    (e.outcome == link::AuditOutcome::kAllowed ? allowed : refused)[e.username + " " + e.action]++;
  }
  EXPECT_GE(allowed["analyst read_reports"], 6);
  EXPECT_GE(refused["worker1 read_reports"], 6);
  EXPECT_GE(refused["volunteer1 read_reports"], 6);
  EXPECT_EQ(allowed["worker1 read_reports"], 0);
}

TEST_F(ReportApiTest, CsvForEachReport) {
  for (const char* path : {"/api/v1/reports/activity", "/api/v1/reports/outcomes", "/api/v1/reports/reach"}) {
    httplib::Response res = Get("analyst", path, {{"measure", "ons4_happiness"}, {"format", "csv"}});
    ASSERT_EQ(res.status, 200) << path << " " << res.body;
    EXPECT_EQ(res.get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_NE(res.get_header_value("Content-Disposition").find("attachment"), std::string::npos);
    const std::string header = res.body.substr(0, res.body.find('\n'));
    if (std::string(path).find("outcomes") != std::string::npos) {
      EXPECT_EQ(header.rfind("measure,from,to,baseline_n,follow_up_n,paired_n", 0), 0u) << header;
      EXPECT_NE(res.body.find("\nons4_happiness,"), std::string::npos) << res.body;
    } else if (std::string(path).find("activity") != std::string::npos) {
      EXPECT_EQ(header.rfind("breakdown,group,residents,requests,contacts", 0), 0u) << header;
    } else {
      EXPECT_EQ(header.rfind("group,label,from,to,residents", 0), 0u) << header;
    }
  }
}

// A cell of a downloaded file against the JSON of the same cell: null is an
// empty cell (withheld or undefined); a number is the same double (the XLSX
// holds it as a number; io reads it back in shortest round-trip form); text
// and booleans are the same text, except that a text column of numbers
// ("organisation_id") is a column of numbers in a spreadsheet.
::testing::AssertionResult SameCell(const std::string& cell, const json& v) {
  if (v.is_null()) {
    if (cell.empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "'" << cell << "' where the JSON has null";
  }
  if (v.is_boolean()) {
    if (cell == (v.get<bool>() ? "true" : "false")) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "'" << cell << "' for " << v.dump();
  }
  if (v.is_string() && cell == v.get<std::string>()) return ::testing::AssertionSuccess();
  const auto x = ParseNumber(cell);
  const auto want = v.is_number() ? std::optional<double>(v.get<double>())
                                  : ParseNumber(v.is_string() ? v.get<std::string>() : "");
  // GDAL's XLSX driver writes 16 significant digits, not 17: equal to 1e-15 relative.
  if (x && want && std::fabs(*x - *want) <= 1e-15 * std::fabs(*want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << cell << "' for " << v.dump();
}

TEST_F(ReportApiTest, XlsxForEachReportHasTheJsonsCells) {
  struct Case {
    std::string path;
    httplib::Params params;
    std::string rows;  // where the JSON's rows are: "rows", "breakdown" or "" (the body is the one row)
    std::string file;  // the attachment's name
  };
  const httplib::Params period = {{"from", "2024-12-01"}, {"to", "2025-12-02"}};
  const std::vector<Case> cases = {
      {"activity", {{"from", "2025-01-01"}, {"to", "2025-07-01"}, {"atlas", "atlas_fixture"}}, "breakdown",
       "activity.xlsx"},
      {"outcomes", {{"measure", "ons4_happiness"}}, "", "outcomes_ons4_happiness.xlsx"},
      {"reach", {{"atlas", "atlas_fixture"}}, "rows", "reach.xlsx"},
      {"caseloads", period, "rows", "caseloads.xlsx"},
      {"waiting-times", period, "rows", "waiting_times.xlsx"},
      {"organisations", {}, "rows", "organisations.xlsx"},
  };
  // The demo's counts at the default threshold, then one that withholds
  // nearly every cell (nhood serve --suppress-below 1000); the default
  // again after, however the test ends.
  struct Restore {
    ~Restore() { options_->suppress_below = 5; }
  } restore;
  for (int below : {5, 1000}) {
    options_->suppress_below = below;
    int64_t empty_for_null = 0;
    for (const Case& c : cases) {
      const std::string path = "/api/v1/reports/" + c.path;
      httplib::Response j = Get("analyst", path, c.params);
      ASSERT_EQ(j.status, 200) << path << " " << j.body;
      const json b = json::parse(j.body);
      httplib::Params xlsx_params = c.params;
      xlsx_params.emplace("format", "xlsx");
      httplib::Response x = Get("analyst", path, xlsx_params);
      ASSERT_EQ(x.status, 200) << path << " " << x.body;
      EXPECT_EQ(x.get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      EXPECT_EQ(x.get_header_value("Content-Disposition"), "attachment; filename=\"" + c.file + "\"") << path;
      ASSERT_EQ(x.body.rfind("PK", 0), 0u) << path << ": an .xlsx is a zip archive";
      const fs::path file = *dir_ / ("downloaded_" + std::to_string(below) + "_" + c.file);
      std::ofstream(file, std::ios::binary) << x.body;
      auto table = io::ReadTable(file.string());
      ASSERT_TRUE(table.has_value()) << path << ": " << table.error().message;

      json rows = json::array();
      if (c.rows.empty()) rows.push_back(b);
      else rows = c.rows == "breakdown" ? b["breakdown"]["rows"] : b["rows"];
      ASSERT_EQ(table->num_rows(), rows.size()) << path;
      ASSERT_GT(table->num_columns(), 2u) << path;
      if (c.rows == "breakdown") {
        ASSERT_EQ(table->num_columns(), b["breakdown"]["columns"].size()) << path;
      } else if (c.rows == "rows" && b.contains("columns")) {
        ASSERT_EQ(table->num_columns(), b["columns"].size()) << path;
      }
      for (size_t col = 0; col < table->num_columns(); ++col) {
        const std::string& name = table->name(col);
        if (c.rows == "breakdown") {
          EXPECT_EQ(b["breakdown"]["columns"][col], name) << path;
        }
        if (c.rows == "rows" && b.contains("columns")) {
          EXPECT_EQ(b["columns"][col], name) << path;
        }
        for (size_t r = 0; r < rows.size(); ++r) {
          ASSERT_TRUE(rows[r].contains(name)) << path << " row " << r + 1 << " has no " << name;
          EXPECT_TRUE(SameCell(table->Cell(col, r), rows[r][name])) << path << " row " << r + 1 << " " << name;
          if (rows[r][name].is_null()) ++empty_for_null;
        }
      }
    }
    // The withheld cells were there to compare (and are empty in the files).
    EXPECT_GT(empty_for_null, below == 5 ? 0 : 50) << "suppress_below " << below;
  }
}

TEST_F(ReportApiTest, CsvForTheDashboardReports) {
  const std::map<std::string, std::string> headers = {
      {"caseloads", "worker_id,worker,people,people_per_year,band,open_now,referrals,safe_low,safe_high,suppressed"},
      {"waiting-times",
       "referrals,contacted,median_days,p90_days,within_14_days,within_28_days,waiting,ended_without_contact,suppressed"},
      {"organisations", "organisation_id,organisation,sent,waiting,accepted,attended,declined,suppressed"}};
  for (const auto& [name, header] : headers) {
    httplib::Response res = Get("analyst", "/api/v1/reports/" + name, {{"format", "csv"}});
    ASSERT_EQ(res.status, 200) << name << " " << res.body;
    EXPECT_EQ(res.get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(res.body.substr(0, res.body.find_first_of("\r\n")), header) << name;
  }
}

// Caseloads, waiting times and organisations against the store's raw rows,
// computed here: referrals per worker, days to the first contact (nearest
// rank), onward referrals by status.
TEST_F(ReportApiTest, DashboardReportsMatchTheRawRows) {
  using namespace std::chrono;
  const link::Date from = 2024y / December / 1d, to = 2025y / December / 2d;
  const httplib::Params period = {{"from", "2024-12-01"}, {"to", "2025-12-02"}};
  auto referrals = store_->ListReferrals({.limit = 10000});
  ASSERT_TRUE(referrals.has_value());
  ASSERT_LT(referrals->size(), 10000u);
  auto in_period = [&](link::Date d) { return sys_days(d) >= sys_days(from) && sys_days(d) < sys_days(to); };
  // People: distinct residents per worker, received in the period or open now.
  std::map<int64_t, std::set<int64_t>> people, open_now;
  std::map<int64_t, int64_t> referred;
  std::set<int64_t> everyone, everyone_open;
  int64_t all_referrals = 0;
  for (const auto& r : *referrals) {
    const int64_t worker = r.assigned_to.value_or(0);
    if (in_period(link::DateOf(r.received_at))) {
      people[worker].insert(r.resident_id);
      everyone.insert(r.resident_id);
      ++referred[worker];
      ++all_referrals;
    }
    if (!link::IsFinal(r.status)) {
      open_now[worker].insert(r.resident_id);
      everyone_open.insert(r.resident_id);
    }
  }
  httplib::Response res = Get("manager", "/api/v1/reports/caseloads", period);
  ASSERT_EQ(res.status, 200) << res.body;
  json b = json::parse(res.body);
  EXPECT_EQ(b["from"], "2024-12-01");
  int workers = 0;
  for (const json& row : b["rows"]) {
    if (row["worker_id"].is_null()) continue;
    ++workers;
    const int64_t id = row["worker_id"].get<int64_t>();
    const auto n = static_cast<int64_t>(people[id].size());
    EXPECT_EQ(row["people"].get<int64_t>(), n) << row.dump();
    EXPECT_EQ(row["referrals"].get<int64_t>(), referred[id]) << row.dump();
    EXPECT_EQ(row["open_now"].get<int64_t>(), static_cast<int64_t>(open_now[id].size())) << row.dump();
    EXPECT_NEAR(row["people_per_year"].get<double>(), n * 365.0 / 366.0, 1e-9);
    EXPECT_EQ(row["band"], n * 365.0 / 366.0 < 200 ? "below" : "within") << row.dump();
  }
  const json& service = b["rows"].back();
  EXPECT_EQ(service["people"].get<int64_t>(), static_cast<int64_t>(everyone.size()));
  EXPECT_EQ(service["referrals"].get<int64_t>(), all_referrals);
  EXPECT_EQ(service["open_now"].get<int64_t>(), static_cast<int64_t>(everyone_open.size()));
  EXPECT_EQ(workers, 3);
  EXPECT_EQ(b["rows"].back()["worker"], "All workers");

  // First contact per referral, from every contact.
  std::map<int64_t, link::Date> first;
  for (int64_t after = 0;;) {
    auto page = store_->ListContacts({.after_id = after, .limit = 10000});
    ASSERT_TRUE(page.has_value());
    for (const auto& c : *page) {
      auto it = first.find(c.referral_id);
      if (it == first.end() || sys_days(c.date) < sys_days(it->second)) first[c.referral_id] = c.date;
    }
    if (page->size() < 10000u) break;
    after = page->back().id;
  }
  std::vector<int64_t> days;
  int64_t received = 0, waiting = 0;
  for (const auto& r : *referrals) {
    if (!in_period(link::DateOf(r.received_at))) continue;
    ++received;
    auto it = first.find(r.id);
    if (it == first.end()) {
      waiting += link::IsFinal(r.status) ? 0 : 1;
      continue;
    }
    days.push_back(std::max<int64_t>(0, (sys_days(it->second) - sys_days(link::DateOf(r.received_at))).count()));
  }
  std::sort(days.begin(), days.end());
  ASSERT_GE(days.size(), 10u);
  auto rank = [&](double p) { return days[static_cast<size_t>(std::ceil(p * days.size())) - 1]; };
  res = Get("manager", "/api/v1/reports/waiting-times", period);
  ASSERT_EQ(res.status, 200) << res.body;
  const json w = json::parse(res.body)["rows"][0];
  EXPECT_EQ(w["referrals"].get<int64_t>(), received);
  EXPECT_EQ(w["contacted"].get<size_t>(), days.size());
  EXPECT_EQ(w["median_days"].get<int64_t>(), rank(0.5));
  EXPECT_EQ(w["p90_days"].get<int64_t>(), rank(0.9));
  const auto within14 = std::count_if(days.begin(), days.end(), [](int64_t d) { return d <= 14; });
  EXPECT_NEAR(w["within_14_days"].get<double>(), static_cast<double>(within14) / days.size(), 1e-12);
  if (!w["waiting"].is_null()) {
    EXPECT_EQ(w["waiting"].get<int64_t>(), waiting);
  }

  auto onward = store_->ListOnwardReferrals({.limit = 10000});
  ASSERT_TRUE(onward.has_value());
  int64_t sent = 0, accepted = 0;
  for (const auto& o : *onward) {
    if (!in_period(o.sent_on)) continue;
    ++sent;
    accepted += o.status == link::OnwardStatus::kAccepted ? 1 : 0;
  }
  res = Get("manager", "/api/v1/reports/organisations", period);
  ASSERT_EQ(res.status, 200) << res.body;
  b = json::parse(res.body);
  const json& total = b["rows"].back();
  EXPECT_EQ(total["organisation"], "All organisations");
  EXPECT_EQ(total["sent"].get<int64_t>(), sent);
  EXPECT_EQ(total["accepted"].get<int64_t>(), accepted);
  EXPECT_GT(b["rows"].size(), 2u);
  // Never a count of 1-4 shown; each withheld cell counted.
  int64_t withheld = 0;
  for (const json& row : b["rows"]) {
    for (const char* k : {"sent", "waiting", "accepted", "attended", "declined"}) {
      if (row[k].is_null()) {
        ++withheld;
        continue;
      }
      const int64_t v = row[k].get<int64_t>();
      EXPECT_TRUE(v == 0 || v >= 5) << row.dump();
    }
  }
  EXPECT_EQ(b["suppressed"].get<int64_t>(), withheld);
}

TEST_F(ReportApiTest, ReachAgainstAHandMadeAtlas) {
  // The expected counts straight from the fixture and the store.
  std::map<std::string, std::pair<bool, bool>> flags;  // lsoa -> core20, dd
  std::ifstream in(*atlas_ / "lsoas.csv");
  std::string line;
  std::getline(in, line);
  double pop = 0, pop_core20 = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t p = 0, q;
    while ((q = line.find(',', p)) != std::string::npos) {
      f.push_back(line.substr(p, q - p));
      p = q + 1;
    }
    f.push_back(line.substr(p));
    flags[f[0]] = {f[3] == "true", f[4] == "true"};
    pop += std::stod(f[2]);
    if (f[3] == "true") pop_core20 += std::stod(f[2]);
  }
  auto referrals = store_->ListReferrals({.limit = 10000});
  auto residents = store_->FindResidents({.include_erased = true, .limit = 10000});
  ASSERT_TRUE(referrals && residents);
  std::set<int64_t> served;
  for (const auto& r : *referrals) served.insert(r.resident_id);
  int64_t matched = 0, core20 = 0;
  for (const auto& r : *residents) {
    if (!served.count(r.id) || !flags.count(r.lsoa.value_or(""))) continue;
    ++matched;
    if (flags[*r.lsoa].first) ++core20;
  }
  httplib::Response res = Get("manager", "/api/v1/reports/reach", {{"atlas", "atlas_fixture"}});
  ASSERT_EQ(res.status, 200) << res.body;
  json b = json::parse(res.body);
  EXPECT_EQ(b["residents_matched"].get<int64_t>(), matched);
  EXPECT_EQ(b["rows"][0]["group"], "core20");
  EXPECT_EQ(b["rows"][0]["residents"].get<int64_t>(), core20);
  EXPECT_NEAR(b["rows"][0]["share"].get<double>(), static_cast<double>(core20) / matched, 1e-12);
  EXPECT_NEAR(b["rows"][0]["population_share"].get<double>(), pop_core20 / pop, 1e-12);
  EXPECT_LT(b["rows"][0]["lower95"].get<double>(), b["rows"][0]["share"].get<double>());
  EXPECT_EQ(b["core20_share"], b["rows"][0]["share"]);  // flat, like the outcomes report
  EXPECT_EQ(b["double_disadvantage_upper95"], b["rows"][1]["upper95"]);
  // An atlas the server was not given is refused by name, never read from the request's path.
  ExpectField(Get("manager", "/api/v1/reports/reach", {{"atlas", "/etc"}}), 422, "atlas");
}

TEST_F(ReportApiTest, ActivityKeepsIssueNinesFieldsAndAddsTheBreakdown) {
  httplib::Response res = Get("manager", "/api/v1/reports/activity",
                              {{"from", "2025-01-01"}, {"to", "2025-07-01"}, {"atlas", "atlas_fixture"}});
  ASSERT_EQ(res.status, 200) << res.body;
  json b = json::parse(res.body);
  EXPECT_EQ(b["suppress_below"], 5);
  EXPECT_TRUE(b["contacts"].is_number_integer());
  EXPECT_TRUE(b["referrals_received"].contains("value"));
  const json& rows = b["breakdown"]["rows"];
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["breakdown"], "total");
  std::set<std::string> months;
  for (const auto& r : rows) {
    if (r["breakdown"] == "month") months.insert(r["group"].get<std::string>());
    if (r["breakdown"] == "neighbourhood") {
      const std::string g = r["group"].get<std::string>();
      EXPECT_TRUE(g[0] == 'N' || g == "outside_atlas" || g == "no_lsoa") << g;
    }
    // Never a count of 1-4 people.
    for (const char* k : {"residents", "requests"}) {
      if (r[k].is_null()) continue;
      const int64_t v = r[k].get<int64_t>();
      EXPECT_TRUE(v == 0 || v >= 5) << r.dump();
    }
  }
  EXPECT_EQ(months.size(), 6u);
  EXPECT_EQ(b["suppressed"].get<int64_t>() >= b["breakdown"]["suppressed"].get<int64_t>(), true);
}

TEST_F(ReportApiTest, ServeSuppressBelowRaisesTheThreshold) {
  options_->suppress_below = 1000;  // nhood serve --suppress-below 1000: every count of the demo is withheld
  httplib::Response res = Get("manager", "/api/v1/reports/outcomes", {{"measure", "swemwbs"}});
  options_->suppress_below = 5;
  ASSERT_EQ(res.status, 200) << res.body;
  json b = json::parse(res.body);
  EXPECT_EQ(b["suppress_below"], 1000);
  EXPECT_TRUE(b["paired_n"].is_null());
  EXPECT_TRUE(b["mean_change"].is_null());
  EXPECT_TRUE(b.contains("improved_share"));  // the key stays, its value withheld
  EXPECT_TRUE(b["improved_share"].is_null());
  EXPECT_GE(b["suppressed"].get<int64_t>(), 10);
  EXPECT_EQ(b["suppressed"].get<size_t>(), b["suppressed_cells"].size());
}

TEST_F(ReportApiTest, BadInputNamesTheField) {
  ExpectField(Get("manager", "/api/v1/reports/outcomes", {{"measure", "wemwbs"}}), 422, "measure");
  ExpectField(Get("manager", "/api/v1/reports/outcomes", {}), 422, "measure");
  ExpectField(Get("manager", "/api/v1/reports/outcomes", {{"measure", "swemwbs"}, {"from", "2025-02-30"},
                                                           {"to", "2026-01-01"}}),
              422, "from");
  ExpectField(Get("manager", "/api/v1/reports/outcomes", {{"measure", "swemwbs"}, {"from", "2025-01-01"}}), 422, "to");
  ExpectField(Get("manager", "/api/v1/reports/outcomes",
                  {{"measure", "swemwbs"}, {"from", "2025-06-01"}, {"to", "2025-01-01"}}),
              422, "to");
  ExpectField(Get("manager", "/api/v1/reports/activity", {{"format", "xml"}}), 422, "format");
  ExpectField(Get("manager", "/api/v1/reports/activity", {{"from", "2025-13-01"}, {"to", "2026-01-01"}}), 422,
              "from");
  ExpectField(Get("manager", "/api/v1/reports/reach", {{"atlas", "nope"}}), 422, "atlas");
  for (const char* path : {"/api/v1/reports/caseloads", "/api/v1/reports/waiting-times",
                           "/api/v1/reports/organisations"}) {
    ExpectField(Get("manager", path, {{"from", "2025-06-01"}, {"to", "2025-01-01"}}), 422, "to");
    ExpectField(Get("manager", path, {{"from", "2025-02-30"}, {"to", "2026-01-01"}}), 422, "from");
    ExpectField(Get("manager", path, {{"format", "pdf"}}), 422, "format");
  }
}

}  // namespace
}  // namespace nhood::server
