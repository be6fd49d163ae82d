// The report pages (report_pages.h) through the router (Router::Dispatch, the
// production path) on the seeded demo service (`nhood link demo`) with a
// hand-made atlas: each page shows, for a manager, the numbers of the API
// report for the same store and filters (compared with the JSON), the
// withheld count, the notes and working CSV, XLSX and JSON links (the
// dashboard's too); a link worker
// gets the 403 page, audited; bad filters are 422 pages with the message at
// the field and the value kept; reach without an atlas says how to start the
// server with one.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "apps/server/demo_store_test_support.h"
#include "apps/server/router.h"
#include "apps/server/web/page.h"
#include "apps/server/web/report_html.h"
#include "apps/server/web/web_files.h"
#include "nhood/io/table_io.h"
#include "nhood/store/open_store.h"
#include "tests/support/data_dir.h"

namespace nhood::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kPassword = "nhood-demo-password";

// One <tr> of a page's table: column name → cell text.
using Row = std::map<std::string, std::string>;

// The section with id `id` of a page.
std::string Section(const std::string& html, const std::string& id) {
  const size_t at = html.find("<section class=\"report-table\" id=\"" + id + "\">");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</section>", at) - at);
}

std::vector<Row> Rows(const std::string& section) {
  std::vector<Row> rows;
  const std::regex tr("<tr>([\\s\\S]*?)</tr>"), cell("<t[hd][^>]*data-column=\"([^\"]+)\">([^<]*)</t[hd]>");
  for (std::sregex_iterator it(section.begin(), section.end(), tr), end; it != end; ++it) {
    const std::string inner = (*it)[1];
    Row row;
    for (std::sregex_iterator c(inner.begin(), inner.end(), cell); c != end; ++c) row[(*c)[1]] = (*c)[2];
    if (!row.empty()) rows.push_back(row);
  }
  return rows;
}

// Text as mustache escapes it in the page.
std::string Escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A page's cell against the API's JSON value: "—" for null, integers and
// text exactly, reals to the 3 decimals the page prints.
void ExpectCell(const std::string& shown, const json& v, const std::string& what) {
  if (v.is_null()) {
    EXPECT_EQ(shown, "—") << what;
  } else if (v.is_number_integer()) {
    EXPECT_EQ(shown, std::to_string(v.get<int64_t>())) << what;
  } else if (v.is_number()) {
    ASSERT_FALSE(shown.empty()) << what;
    EXPECT_NEAR(std::stod(shown), v.get<double>(), 5.0001e-4) << what << " shown " << shown;
  } else if (v.is_boolean()) {
    EXPECT_EQ(shown, v.get<bool>() ? "true" : "false") << what;
  } else {
    EXPECT_EQ(shown, Escaped(v.get<std::string>())) << what;
  }
}

std::string Unescape(std::string s) {
  for (size_t at; (at = s.find("&amp;")) != std::string::npos;) s.replace(at, 5, "&");
  return s;
}

// The href of the link in `section` whose text starts with `label`.
std::string LinkHref(const std::string& section, const std::string& label) {
  std::smatch m;
  const std::regex a("<a href=\"([^\"]+)\"[^>]*>" + label);
  if (!std::regex_search(section, m, a)) return "";
  return Unescape(m[1]);
}

// The shared renderer on a hand-made table: reals to 3 decimals, whole reals
// without decimals, empty cells as "—", the withheld list, headers with
// scope, and the links only when given.
TEST(ReportTableHtml, RendersTheSharedTableOnce) {
  link::ReportTable t;
  t.name = "demo";
  t.title = "Demo <table>";
  t.columns = {"group", "n", "share", "whole", "flag"};
  t.AddRow({std::string("a"), int64_t{12}, 0.123456, 3.0, true});
  t.AddRow({std::string("b"), std::monostate{}, std::monostate{}, 2.5, false});
  t.suppressed_cells = 1;
  t.suppressed = {"row 2 n"};
  t.notes = {"counts of 1-4 people are withheld"};
  EXPECT_EQ(web::ReportCellText(0.123456), "0.123");
  EXPECT_EQ(web::ReportCellText(3.0), "3");
  EXPECT_EQ(web::ReportCellText(std::monostate{}), "");
  auto views = web::ReportTableViews({{.table = &t, .id = "demo", .csv_href = "/a.csv", .json_href = ""}});
  ASSERT_TRUE(views.ok()) << views.error().message;
  auto html = web::RenderText("{{#tables}}{{>report_table}}{{/tables}}", {{"tables", *views}});
  ASSERT_TRUE(html.ok()) << html.error().message;
  const std::vector<Row> rows = Rows(*html);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("group"), "a");
  EXPECT_EQ(rows[0].at("share"), "0.123");
  EXPECT_EQ(rows[0].at("whole"), "3");
  EXPECT_EQ(rows[0].at("flag"), "true");
  EXPECT_EQ(rows[1].at("n"), "—");
  EXPECT_NE(html->find("<caption id=\"demo-caption\">Demo &lt;table&gt;</caption>"), std::string::npos);
  EXPECT_NE(html->find("<th scope=\"col\">share</th>"), std::string::npos);
  EXPECT_NE(html->find("<th scope=\"row\" data-column=\"group\">b</th>"), std::string::npos);
  EXPECT_NE(html->find("data-withheld=\"1\""), std::string::npos);
  EXPECT_NE(html->find("<li>row 2 n</li>"), std::string::npos);
  EXPECT_NE(html->find("<li>counts of 1-4 people are withheld</li>"), std::string::npos);
  EXPECT_NE(html->find("<p class=\"downloads\"><a href=\"/a.csv\" download>Download CSV"), std::string::npos);
  EXPECT_EQ(html->find(">JSON<"), std::string::npos) << "no JSON link given";
  EXPECT_EQ(html->find("XLSX"), std::string::npos) << "no XLSX link given";
  EXPECT_EQ(html->find(" · "), std::string::npos) << "one link, no separator";
  // All three, in order, one separator between each; none, no paragraph.
  views = web::ReportTableViews(
      {{.table = &t, .id = "all", .csv_href = "/a.csv", .xlsx_href = "/a.xlsx", .json_href = "/a.json"},
       {.table = &t, .id = "none"}});
  ASSERT_TRUE(views.ok()) << views.error().message;
  html = web::RenderText("{{#tables}}{{>report_table}}{{/tables}}", {{"tables", *views}});
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(Section(*html, "all").find(
                "<p class=\"downloads\"><a href=\"/a.csv\" download>Download CSV<span class=\"visually-hidden\">: "
                "Demo &lt;table&gt;</span></a> · <a href=\"/a.xlsx\" download>Download XLSX<span "
                "class=\"visually-hidden\">: Demo &lt;table&gt;</span></a> · <a href=\"/a.json\">JSON<span "
                "class=\"visually-hidden\">: Demo &lt;table&gt;</span></a></p>"),
            std::string::npos)
      << Section(*html, "all");
  EXPECT_EQ(Section(*html, "none").find("downloads"), std::string::npos);

  link::ReportTable ragged = t;
  ragged.rows[1].pop_back();
  EXPECT_EQ(web::ReportTableViews({{.table = &ragged, .id = "r"}}).error().code, StatusCode::kInvalidArgument);
  EXPECT_EQ(web::ReportTableViews({{.table = &t, .id = "t", .transpose = true}}).error().code,
            StatusCode::kInvalidArgument)
      << "only a one-row table is shown transposed";
}

// STYLE 9B.5: templates are logic-less and escape everything they show:
// no {{{unescaped}}} or {{&unescaped}} and no lambdas in any of them (the
// layout takes the page as its {{>content}} partial).
TEST(ReportTableHtml, EveryTemplateEscapesEverything) {
  size_t templates = 0;
  for (std::string_view name : web::WebFileNames()) {
    if (name.substr(0, 10) != "templates/") continue;
    ++templates;
    const std::string_view text = *web::WebFile(name);
    EXPECT_EQ(text.find("{{{"), std::string_view::npos) << name;
    EXPECT_EQ(text.find("{{&"), std::string_view::npos) << name;
  }
  EXPECT_GE(templates, 20u);
  EXPECT_TRUE(web::WebFile("templates/layout.mustache")->find("{{>content}}") != std::string_view::npos);
}

class ReportPages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("nhood_report_pages_test_" + std::to_string(getpid())));
    fs::create_directories(*dir_);
    const std::string db = (*dir_ / "demo.db").string();
    store_ = server::testing::SeededDemoStore(db).release();
    ASSERT_NE(store_, nullptr);
    // A hand-made atlas of the residents' LSOAs: every third Core20, every
    // fifth doubly disadvantaged, seven neighbourhoods.
    const fs::path atlas = *dir_ / "atlas_pages";
    server::testing::WriteResidentAtlas(*store_, atlas);
    options_ = new ServeOptions();
    options_->db = db;
    options_->atlas = {atlas.string()};
    bare_options_ = new ServeOptions();
    bare_options_->db = db;
    app_ = new App{*store_, *options_};
    bare_app_ = new App{*store_, *bare_options_};
    router_ = new Router(Routes());
  }
  static void TearDownTestSuite() {
    delete router_;
    delete app_;
    delete bare_app_;
    delete options_;
    delete bare_options_;
    delete store_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static httplib::Response Dispatch(App& app, const std::string& method, const std::string& path,
                                    const httplib::Params& params, const std::string& cookie,
                                    const std::string& form = "") {
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.params = params;
    req.remote_addr = "127.0.0.1";
    req.set_header("Host", "127.0.0.1");
    if (!cookie.empty()) req.set_header("Cookie", cookie);
    if (!form.empty()) {
      req.set_header("Content-Type", "application/x-www-form-urlencoded");
      req.body = form;
    }
    httplib::Response res;
    router_->Dispatch(app, req, res);
    return res;
  }
  // Logs in through the login page (one session per user: argon2id is slow).
  static const std::string& Cookie(const std::string& user) {
    static std::map<std::string, std::string> cookies;
    auto it = cookies.find(user);
    if (it != cookies.end()) return it->second;
    httplib::Response res =
        Dispatch(*app_, "POST", "/login", {}, "", "username=" + user + "&password=" + std::string(kPassword));
    EXPECT_EQ(res.status, 303) << user << " " << res.body;
    std::string cookie;
    for (auto [h, end] = res.headers.equal_range("Set-Cookie"); h != end; ++h) {
      cookie += (cookie.empty() ? "" : "; ") + h->second.substr(0, h->second.find(';'));
    }
    return cookies.emplace(user, cookie).first->second;
  }
  static httplib::Response Get(const std::string& user, const std::string& path, const httplib::Params& params = {},
                               App* app = nullptr) {
    return Dispatch(app ? *app : *app_, "GET", path, params, Cookie(user));
  }
  static json Api(const std::string& path, const httplib::Params& params) {
    httplib::Response res = Get("manager", path, params);
    EXPECT_EQ(res.status, 200) << path << " " << res.body;
    return json::parse(res.body, nullptr, false);
  }
  // The response to a link's href, through the router as the manager.
  static httplib::Response Follow(const std::string& href) {
    httplib::Params params;
    const size_t q = href.find('?');
    if (q != std::string::npos) httplib::detail::parse_query_text(href.substr(q + 1), params);
    return Get("manager", href.substr(0, q), params);
  }
  // The links of `section` to the API's `report`: CSV, XLSX and JSON, each
  // the same query but for `format`, each answering in its format. Returns
  // the JSON link's href ("" when a link is missing).
  static std::string ExpectDownloadLinks(const std::string& section, const std::string& report) {
    const std::string csv_href = LinkHref(section, "Download CSV"), xlsx_href = LinkHref(section, "Download XLSX"),
                      json_href = LinkHref(section, "JSON");
    const std::string base = "/api/v1/reports/" + report;
    EXPECT_EQ(json_href.rfind(base, 0), 0u) << json_href;
    EXPECT_EQ(json_href.find("format="), std::string::npos) << json_href;
    EXPECT_EQ(csv_href.rfind(base + "?", 0), 0u) << csv_href;
    EXPECT_EQ(xlsx_href.rfind(base + "?", 0), 0u) << xlsx_href;
    if (csv_href.empty() || xlsx_href.empty() || json_href.empty()) return "";
    // The same filters: the hrefs differ only in their format.
    auto filters = [](const std::string& href, const std::string& format) {
      httplib::Params p;
      if (href.find('?') != std::string::npos) httplib::detail::parse_query_text(href.substr(href.find('?') + 1), p);
      if (!format.empty()) p.emplace("format", format);
      return std::multimap<std::string, std::string>(p.begin(), p.end());
    };
    EXPECT_EQ(filters(csv_href, ""), filters(json_href, "csv")) << csv_href;
    EXPECT_EQ(filters(xlsx_href, ""), filters(json_href, "xlsx")) << xlsx_href;
    httplib::Response csv = Follow(csv_href);
    EXPECT_EQ(csv.status, 200) << csv_href;
    EXPECT_EQ(csv.get_header_value("Content-Type"), "text/csv; charset=utf-8") << csv_href;
    httplib::Response xlsx = Follow(xlsx_href);
    EXPECT_EQ(xlsx.status, 200) << xlsx_href;
    EXPECT_EQ(xlsx.get_header_value("Content-Type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        << xlsx_href;
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u) << xlsx_href << ": an .xlsx is a zip archive";
    EXPECT_EQ(Follow(json_href).status, 200) << json_href;
    return json_href;
  }

  static fs::path* dir_;
  static link::Store* store_;
  static ServeOptions* options_;
  static ServeOptions* bare_options_;
  static App* app_;
  static App* bare_app_;
  static Router* router_;
};

fs::path* ReportPages::dir_ = nullptr;
link::Store* ReportPages::store_ = nullptr;
ServeOptions* ReportPages::options_ = nullptr;
ServeOptions* ReportPages::bare_options_ = nullptr;
App* ReportPages::app_ = nullptr;
App* ReportPages::bare_app_ = nullptr;
Router* ReportPages::router_ = nullptr;

TEST_F(ReportPages, OutcomesPageShowsTheApiNumbersForEachMeasure) {
  for (const char* measure : {"swemwbs", "ons4_life_satisfaction", "ons4_anxiety", "mycaw"}) {
    const httplib::Params filters = {{"measure", measure}, {"from", "2025-01-01"}, {"to", "2026-01-01"}};
    const json api = Api("/api/v1/reports/outcomes", filters);
    httplib::Response page = Get("manager", "/reports/outcomes", filters);
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 600);
    EXPECT_EQ(page.get_header_value("Content-Type"), "text/html; charset=utf-8");
    const std::string section = Section(page.body, std::string("outcomes-") + measure);
    ASSERT_FALSE(section.empty()) << measure;
    const std::vector<Row> rows = Rows(section);
    ASSERT_EQ(rows.size(), 25u) << "one row per figure (transposed): " << measure;
    Row shown;
    for (const Row& r : rows) shown.insert(r.begin(), r.end());
    for (const char* f : {"baseline_n", "follow_up_n", "paired_n", "lost_n", "mean_change", "lower95", "upper95",
                          "sd_change", "improved_n", "improved_share", "improved_lower95", "improved_upper95",
                          "baseline_kept_mean", "baseline_lost_mean", "from", "to"}) {
      ASSERT_TRUE(shown.count(f)) << measure << " " << f;
      ExpectCell(shown[f], api[f], std::string(measure) + " " + f);
    }
    if (std::string(measure) != "mycaw") {  // the demo records no MYCaW
      EXPECT_GT(api["paired_n"].get<int64_t>(), 0) << measure;
    }
    EXPECT_NE(section.find("<caption id=\"outcomes-" + std::string(measure) + "-caption\">Paired outcomes: "),
              std::string::npos);
    EXPECT_NE(section.find("<th scope=\"col\">Figure</th>"), std::string::npos);
    EXPECT_NE(section.find("data-withheld=\"" + std::to_string(api["suppressed"].get<int64_t>()) + "\""),
              std::string::npos)
        << measure;
    for (const auto& note : api["notes"]) {
      EXPECT_NE(section.find("<li>" + Escaped(note.get<std::string>()) + "</li>"), std::string::npos)
          << measure << " note " << note;
    }
    ExpectDownloadLinks(section, "outcomes");
    // Completeness: who was lost, and how they differed at baseline.
    const std::vector<Row> lost = Rows(Section(page.body, std::string("completeness-") + measure));
    ASSERT_EQ(lost.size(), 2u);
    EXPECT_EQ(lost[0].at("group"), "followed_up");
    EXPECT_EQ(lost[1].at("group"), "lost_to_follow_up");
    ExpectCell(lost[1].at("mean_baseline"), api["baseline_lost_mean"], std::string(measure) + " lost baseline");
    ExpectCell(lost[0].at("n"), api["completeness"][0]["n"], std::string(measure) + " kept n");
  }
  // No measure named: every measure, each with its own tables.
  httplib::Response all = Get("manager", "/reports/outcomes");
  ASSERT_EQ(all.status, 200);
  for (const char* measure :
       {"swemwbs", "ons4_life_satisfaction", "ons4_worthwhile", "ons4_happiness", "ons4_anxiety", "mycaw"}) {
    EXPECT_FALSE(Section(all.body, std::string("outcomes-") + measure).empty()) << measure;
  }
  EXPECT_NE(all.body.find("<option value=\"\" selected>All measures</option>"), std::string::npos);
}

TEST_F(ReportPages, ActivityPageShowsTheApiBreakdownRowByRow) {
  const httplib::Params filters = {{"from", "2025-01-01"}, {"to", "2026-01-01"}};
  const json api = Api("/api/v1/reports/activity", filters);
  httplib::Response page = Get("manager", "/reports/activity", filters);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 600);
  const std::string section = Section(page.body, "activity");
  const std::vector<Row> rows = Rows(section);
  const json& table = api["breakdown"];
  ASSERT_EQ(rows.size(), table["rows"].size());
  ASSERT_GT(rows.size(), 12u) << "the period, twelve months and the neighbourhoods";
  for (size_t r = 0; r < rows.size(); ++r) {
    for (const auto& column : table["columns"]) {
      const std::string c = column.get<std::string>();
      ASSERT_TRUE(rows[r].count(c)) << "row " << r << " " << c;
      ExpectCell(rows[r].at(c), table["rows"][r][c], "row " + std::to_string(r) + " " + c);
    }
  }
  EXPECT_EQ(rows[0].at("breakdown"), "total");
  bool by_neighbourhood = false;
  for (const Row& r : rows)
    by_neighbourhood = by_neighbourhood || (r.at("breakdown") == "neighbourhood" && r.at("group") == "N0");
  EXPECT_TRUE(by_neighbourhood) << "neighbourhoods from the server's atlas";
  for (const auto& column : table["columns"]) {
    EXPECT_NE(section.find("<th scope=\"col\">" + column.get<std::string>() + "</th>"), std::string::npos);
  }
  const int64_t withheld = table["suppressed"].get<int64_t>();
  EXPECT_NE(section.find("data-withheld=\"" + std::to_string(withheld) + "\""), std::string::npos);
  if (withheld > 0) {
    EXPECT_NE(section.find("<li>" + table["suppressed_cells"][0].get<std::string>() + "</li>"), std::string::npos)
        << "which cells were withheld";
  }
  EXPECT_NE(section.find("role=\"region\""), std::string::npos) << "the table scrolls in its own box";
  EXPECT_NE(section.find("tabindex=\"0\""), std::string::npos) << "and the box takes keyboard focus";
  ExpectDownloadLinks(section, "activity");
  EXPECT_NE(page.body.find("/static/report.css"), std::string::npos);
  auto css = web::WebFile("static/report.css");
  ASSERT_TRUE(css.has_value());
  EXPECT_NE(css->find("@media print"), std::string::npos);
}

TEST_F(ReportPages, ReachPageShowsTheApiSharesAndSaysWhenThereIsNoAtlas) {
  const json api = Api("/api/v1/reports/reach", {});
  httplib::Response page = Get("manager", "/reports/reach");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 600);
  const std::string section = Section(page.body, "reach");
  const std::vector<Row> rows = Rows(section);
  ASSERT_EQ(rows.size(), api["rows"].size());
  ASSERT_GE(rows.size(), 2u);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (const auto& [c, v] : api["rows"][r].items()) {
      ASSERT_TRUE(rows[r].count(c)) << "row " << r << " " << c;
      ExpectCell(rows[r].at(c), v, "row " + std::to_string(r) + " " + c);
    }
  }
  EXPECT_EQ(rows[0].at("group"), "core20");
  EXPECT_NE(section.find("data-withheld=\"" + std::to_string(api["suppressed"].get<int64_t>()) + "\""),
            std::string::npos);
  ExpectDownloadLinks(section, "reach");

  httplib::Response bare = Get("manager", "/reports/reach", {}, bare_app_);
  EXPECT_EQ(bare.status, 200);
  EXPECT_NE(bare.body.find("nhood serve --atlas DIR"), std::string::npos);
  EXPECT_EQ(bare.body.find("class=\"report-table\""), std::string::npos);
}

// The dashboard's caseload, waiting-times and organisations tables each link
// to the API's same report for the page's period, as CSV, XLSX and JSON;
// the XLSX has the JSON's rows.
TEST_F(ReportPages, DashboardTablesLinkToTheirReportsForThePagesPeriod) {
  httplib::Response page = Get("manager", "/dashboard", {{"from", "2024-12-01"}, {"to", "2025-12-02"}});
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 600);
  for (const char* id : {"caseloads", "waiting-times", "organisations"}) {
    const size_t at = page.body.find("<section id=\"" + std::string(id) + "\"");
    ASSERT_NE(at, std::string::npos) << id;
    const std::string section = page.body.substr(at, page.body.find("</section>", at) - at);
    const std::string json_href = ExpectDownloadLinks(section, id);
    ASSERT_FALSE(json_href.empty()) << id;
    const json api = json::parse(Follow(json_href).body);
    EXPECT_EQ(api["from"], "2024-12-01") << id;
    EXPECT_EQ(api["to"], "2025-12-02") << id;
    const fs::path file = *dir_ / (std::string(id) + ".xlsx");
    std::ofstream(file, std::ios::binary) << Follow(LinkHref(section, "Download XLSX")).body;
    auto table = io::ReadTable(file.string());
    ASSERT_TRUE(table.has_value()) << id << ": " << table.error().message;
    EXPECT_EQ(table->num_rows(), api["rows"].size()) << id;
    EXPECT_EQ(table->num_columns(), api["columns"].size()) << id;
  }
}

TEST_F(ReportPages, BadFiltersAreShownAtTheFieldWithTheValueKept) {
  httplib::Response r =
      Get("manager", "/reports/outcomes", {{"measure", "wemwbs"}, {"from", "2025-02-30"}, {"to", "2026-01-01"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<option value=\"wemwbs\" selected>wemwbs</option>"), std::string::npos) << "kept";
  EXPECT_NE(r.body.find("id=\"f-measure-error\""), std::string::npos);
  EXPECT_NE(r.body.find("<select id=\"f-measure\" name=\"measure\" aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"2025-02-30\" autocomplete=\"off\" aria-invalid=\"true\" "
                        "aria-describedby=\"f-from-error\""),
            std::string::npos)
      << "the bad date kept and marked";
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  EXPECT_EQ(r.body.find("class=\"report-table\""), std::string::npos) << "no table for a refused filter";

  r = Get("manager", "/reports/activity", {{"from", "2025-06-01"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-to-error\""), std::string::npos) << "to is required with from";
  EXPECT_NE(r.body.find("value=\"2025-06-01\""), std::string::npos);

  r = Get("manager", "/reports/activity", {{"from", "2025-06-01"}, {"to", "2025-01-01"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-to-error\""), std::string::npos) << "to before from";

  r = Get("manager", "/reports/reach", {{"atlas", "elsewhere"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-atlas-error\""), std::string::npos);
  EXPECT_NE(r.body.find("<option value=\"elsewhere\" selected>elsewhere</option>"), std::string::npos);
}

TEST_F(ReportPages, ALinkWorkerGetsThe403PageAndTheRefusalIsAudited) {
  for (const char* path : {"/reports/activity", "/reports/outcomes", "/reports/reach"}) {
    httplib::Response r = Get("worker1", path);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_NE(r.body.find("You cannot open this page"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("class=\"report-table\""), std::string::npos) << path;
  }
  auto events = store_->ListAudit({.record_type = "report", .limit = 10000});
  ASSERT_TRUE(events.has_value());
  int refused = 0, allowed_manager = 0;
  for (const auto& e : *events) {
    if (e.username == "worker1" && e.outcome == link::AuditOutcome::kRefused) ++refused;
    if (e.username == "manager" && e.outcome == link::AuditOutcome::kAllowed) ++allowed_manager;
  }
  EXPECT_GE(refused, 3);
  // The manager's page reads are audited as the API's.
  const size_t before = events->size();
  ASSERT_EQ(Get("manager", "/reports/outcomes", {{"measure", "swemwbs"}}).status, 200);
  auto after = store_->ListAudit({.record_type = "report", .limit = 10000});
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->size(), before + 1);
  bool outcomes = false;
  for (const auto& e : *after) {
    outcomes =
        outcomes || (e.username == "manager" && e.record_id == "outcomes" && e.outcome == link::AuditOutcome::kAllowed);
  }
  EXPECT_TRUE(outcomes);
  (void)allowed_manager;
}

TEST_F(ReportPages, ReportsAreInTheNavigationOfRolesThatMayReadThem) {
  httplib::Response manager = Get("manager", "/reports/activity");
  EXPECT_NE(manager.body.find("<li><a href=\"/reports/activity\">Reports</a></li>"), std::string::npos);
  EXPECT_NE(manager.body.find("aria-current=\"page\">Activity</a>"), std::string::npos);
  httplib::Response worker = Get("worker1", "/caseload");
  EXPECT_EQ(worker.status, 200);
  EXPECT_EQ(worker.body.find("href=\"/reports/"), std::string::npos);
}

}  // namespace
}  // namespace nhood::server
