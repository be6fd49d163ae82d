// The web app through the router's pipeline (Router::Dispatch on in-process
// requests, a temporary SQLite store): form posts with the CSRF field, the
// one-time form token, invalid fields shown beside themselves with nothing
// stored, the login redirect and expiry message, the 403 page, and the
// embedded templates and assets. The pages in a real browser are
// tests/browser/webapp_flow.mjs.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include "apps/server/router.h"
#include "apps/server/web/form_tokens.h"
#include "apps/server/web/web_files.h"
#include "nhood/link/auth.h"
#include "nhood/link/casework.h"
#include "nhood/store/open_store.h"

namespace nhood::server {
namespace {

namespace fs = std::filesystem;

link::Time Now() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

TEST(FormTokens, ConsumedOnceBySameSessionOnly) {
  web::FormTokens tokens(std::chrono::seconds(60));
  const link::Time now = Now();
  const std::string t = tokens.Issue("session-a", now);
  EXPECT_FALSE(tokens.Consume(t, "session-b", now)) << "another session's token";
  EXPECT_TRUE(tokens.Consume(t, "session-a", now));
  EXPECT_FALSE(tokens.Consume(t, "session-a", now)) << "a used token";
  const std::string late = tokens.Issue("session-a", now);
  EXPECT_FALSE(tokens.Consume(late, "session-a", now + std::chrono::seconds(61))) << "an expired token";
  EXPECT_FALSE(tokens.Consume("", "session-a", now));
}

TEST(FormTokens, BoundedMemory) {
  web::FormTokens tokens(std::chrono::seconds(60), 3);
  const link::Time now = Now();
  std::vector<std::string> issued;
  for (int i = 0; i < 10; ++i) issued.push_back(tokens.Issue("s", now));
  int live = 0;
  for (const auto& t : issued) live += tokens.Consume(t, "s", now) ? 1 : 0;
  EXPECT_EQ(live, 3);
}

TEST(WebFiles, TemplatesAndAssetsAreEmbedded) {
  for (const char* name : {"templates/layout.mustache", "templates/caseload.mustache", "templates/resident.mustache",
                           "static/htmx.min.js", "static/leaflet.js", "static/leaflet.css", "static/app.js",
                           "static/app.css"}) {
    auto f = web::WebFile(name);
    ASSERT_TRUE(f.has_value()) << name;
    EXPECT_GT(f->size(), 100u) << name;
  }
  EXPECT_FALSE(web::WebFile("templates/nope.mustache").has_value());
  // htmx in full (the embedding splits long files into pieces).
  auto htmx = web::WebFile("static/htmx.min.js");
  EXPECT_EQ(htmx->size(), fs::file_size(fs::path(NHOOD_SOURCE_DIR) / "node_modules/htmx.org/dist/htmx.min.js"));
}

struct Response {
  int status = 0;
  std::string body;
  std::string location;
  std::vector<std::string> cookies;
  std::string content_type;
  std::string cache_control;
};

class WebPages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_web_test_" + link::RandomToken().substr(0, 12));
    fs::create_directories(dir_);
    auto store = store::OpenStore((dir_ / "link.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    for (const char* u : {"ann", "bob"}) {
      auto id = link::CreateUser(*store_, {.username = u, .display_name = u, .role = link::Role::kLinkWorker,
                                           .password = "correct horse battery", .team_id = std::nullopt}, Now());
      ASSERT_TRUE(id.ok()) << id.error().message;
    }
    auto admin = link::CreateUser(*store_, {.username = "root", .display_name = "root", .role = link::Role::kAdmin,
                                            .password = "correct horse battery", .team_id = std::nullopt}, Now());
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    app_ = std::make_unique<App>(App{.store = *store_, .options = options_, .postcodes = nullptr, .tls = false});
    router_ = std::make_unique<Router>(Routes());
  }
  void TearDown() override {
    router_.reset();
    app_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  Response Send(const std::string& method, const std::string& path, const std::string& form = "",
                const std::map<std::string, std::string>& query = {}) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    for (const auto& [k, v] : query) req.params.emplace(k, v);
    req.remote_addr = "127.0.0.1";
    req.set_header("Host", "127.0.0.1:8080");
    if (!cookie_.empty()) req.set_header("Cookie", cookie_);
    if (method == "POST") {
      req.set_header("Content-Type", "application/x-www-form-urlencoded");
      req.body = form;
    }
    httplib::Response res;
    router_->Dispatch(*app_, req, res);
    Response out{res.status, res.body, res.get_header_value("Location"), {}, res.get_header_value("Content-Type"),
                 res.get_header_value("Cache-Control")};
    for (auto [it, end] = res.headers.equal_range("Set-Cookie"); it != end; ++it) out.cookies.push_back(it->second);
    return out;
  }

  // Logs in through the login form and keeps both cookies.
  void LogIn(const std::string& user) {
    cookie_.clear();
    Response r = Send("POST", "/login", "username=" + user + "&password=correct+horse+battery");
    ASSERT_EQ(r.status, 303) << r.body;
    ASSERT_EQ(r.location, "/");
    ASSERT_EQ(r.cookies.size(), 2u);
    std::string cookies;
    for (const auto& c : r.cookies) {
      EXPECT_NE(c.find("HttpOnly"), std::string::npos);
      EXPECT_NE(c.find("SameSite=Strict"), std::string::npos);
      const std::string pair = c.substr(0, c.find(';'));
      if (pair.rfind("nhood_csrf=", 0) == 0) csrf_ = pair.substr(std::string("nhood_csrf=").size());
      cookies += (cookies.empty() ? "" : "; ") + pair;
    }
    cookie_ = cookies;
    ASSERT_FALSE(csrf_.empty());
  }

  // The one-time token of the form on a page.
  static std::string FormToken(const std::string& html) {
    const std::string key = "name=\"form_token\" value=\"";
    const size_t at = html.find(key);
    if (at == std::string::npos) return "";
    return html.substr(at + key.size(), 64);
  }

  int64_t CaseloadSize() {
    auto who = store_->FindUserByUsername("ann");
    link::CaseloadQuery q;
    q.user_ids = {who->id};
    auto items = store_->ListCaseload(q);
    return items.ok() ? static_cast<int64_t>(items->size()) : -1;
  }

  static std::string Enc(const std::string& v) { return httplib::detail::encode_query_param(v); }

  // Opens the form page at `path` (with `query`) and posts `fields` with its
  // CSRF field and one-time token; `token_out` gets the token used.
  Response Submit(const std::string& path, const std::string& fields, const std::map<std::string, std::string>& query = {},
                  std::string* token_out = nullptr) {
    Response page = Send("GET", path, "", query);
    EXPECT_EQ(page.status, 200) << path << ": " << page.body.substr(0, 400);
    const std::string token = FormToken(page.body);
    if (token_out) *token_out = token;
    return Send("POST", path, "csrf_token=" + csrf_ + "&form_token=" + token + "&" + fields);
  }

  // ann's new resident with one referral: {resident id, referral id}.
  std::pair<int64_t, int64_t> AnnsReferral() {
    LogIn("ann");
    Response made = Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Ada"));
    EXPECT_EQ(made.status, 303) << made.body.substr(0, 400);
    auto referrals = store_->ListReferrals({});
    EXPECT_FALSE(referrals->empty());
    return {referrals->back().resident_id, referrals->back().id};
  }

  // root imports a one-service sheet through the import page; the service's id.
  std::string ImportedService() {
    LogIn("root");
    Response r = Submit("/admin/directory/import",
                        "format=csv&feed=" + Enc("name,organization,description\nBefriending Line,Age Friendly,Calls\n"));
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 600);
    link::ServiceQuery q;
    auto page = store_->ListServices(q);
    EXPECT_TRUE(page.ok() && page->contents.size() == 1u);
    return page.ok() && !page->contents.empty() ? page->contents.front().id : "";
  }

  std::string ReferralForm(const std::string& token, const std::string& name) {
    return "csrf_token=" + csrf_ + "&form_token=" + token + "&resident_id=&name=" + name +
           "&date_of_birth=1950-02-03&sex=female&postcode=NE1+4ST&source=gp&reasons=loneliness&reasons=housing"
           "&consent_store=yes&consent_share_with_gp=no&consent_evaluation=yes";
  }

  fs::path dir_;
  ServeOptions options_;
  std::unique_ptr<link::Store> store_;
  std::unique_ptr<App> app_;
  std::unique_ptr<Router> router_;
  std::string cookie_, csrf_;
};

TEST_F(WebPages, PagesRedirectToLoginAndSayWhenTheSessionExpired) {
  Response r = Send("GET", "/caseload");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.location, "/login");
  cookie_ = "nhood_session=" + std::string(64, 'a');
  r = Send("GET", "/caseload");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.location, "/login?expired=1");
  r = Send("GET", "/login", "", {{"expired", "1"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Your session has expired"), std::string::npos);
  EXPECT_NE(r.content_type.find("text/html"), std::string::npos);
  // The JSON API keeps its JSON 401.
  r = Send("GET", "/api/v1/caseload");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.content_type.find("application/json"), std::string::npos);
}

TEST_F(WebPages, WrongPasswordKeepsTheUsernameAndSetsNoCookie) {
  Response r = Send("POST", "/login", "username=ann&password=wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(r.cookies.empty());
  EXPECT_NE(r.body.find("Wrong username or password"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"ann\""), std::string::npos);
}

TEST_F(WebPages, FormsNeedTheCsrfField) {
  LogIn("ann");
  Response page = Send("GET", "/referrals/new");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"csrf_token\" value=\"" + csrf_ + "\""), std::string::npos);
  std::string form = ReferralForm(FormToken(page.body), "Ada+Lovelace");
  form.replace(form.find(csrf_), csrf_.size(), std::string(64, '0'));
  Response r = Send("POST", "/referrals/new", form);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.content_type.find("text/html"), std::string::npos);
  EXPECT_EQ(CaseloadSize(), 0);
}

TEST_F(WebPages, InvalidFieldShownBesideItWithValuesKeptAndNothingStored) {
  LogIn("ann");
  Response page = Send("GET", "/referrals/new");
  std::string form = ReferralForm(FormToken(page.body), "Ada+Lovelace");
  form.replace(form.find("1950-02-03"), 10, "2950-02-03");  // a birth date in the future
  Response r = Send("POST", "/referrals/new", form);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-date_of_birth-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("aria-invalid=\"true\" aria-describedby=\"f-date_of_birth-error\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"Ada Lovelace\""), std::string::npos) << "the name is kept";
  EXPECT_NE(r.body.find("value=\"2950-02-03\""), std::string::npos) << "the bad value is kept";
  EXPECT_NE(r.body.find("value=\"housing\" checked"), std::string::npos) << "the reasons are kept";
  EXPECT_EQ(CaseloadSize(), 0);
  // No reasons: shown at the reasons, nothing stored either.
  form = ReferralForm(FormToken(r.body), "Ada+Lovelace");
  form.replace(form.find("&reasons=loneliness&reasons=housing"), 35, "");
  r = Send("POST", "/referrals/new", form);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-reasons-error\""), std::string::npos);
  EXPECT_EQ(CaseloadSize(), 0);
}

TEST_F(WebPages, DoubleSubmissionStoresOnce) {
  LogIn("ann");
  Response page = Send("GET", "/referrals/new");
  const std::string form = ReferralForm(FormToken(page.body), "Grace+Hopper");
  Response first = Send("POST", "/referrals/new", form);
  ASSERT_EQ(first.status, 303) << first.body;
  EXPECT_EQ(first.location.rfind("/residents/", 0), 0u);
  Response second = Send("POST", "/referrals/new", form);
  EXPECT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("already been submitted"), std::string::npos);
  EXPECT_EQ(CaseloadSize(), 1);
  auto referrals = store_->ListReferrals({});
  ASSERT_TRUE(referrals.ok());
  EXPECT_EQ(referrals->size(), 1u);
}

TEST_F(WebPages, DuplicateResidentWarnsUntilConfirmed) {
  LogIn("ann");
  ASSERT_EQ(Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Mary+Seacole"))
                .status,
            303);
  Response again = Send("POST", "/referrals/new",
                        ReferralForm(FormToken(Send("GET", "/referrals/new").body), "mary+seacole"));
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("already on your caseload"), std::string::npos);
  EXPECT_EQ(CaseloadSize(), 1);
  Response confirmed = Send("POST", "/referrals/new", ReferralForm(FormToken(again.body), "mary+seacole") + "&confirm_new=1");
  EXPECT_EQ(confirmed.status, 303);
  EXPECT_EQ(CaseloadSize(), 2);
}

TEST_F(WebPages, AnotherWorkersResidentIsA403PageAndAudited) {
  LogIn("ann");
  Response made = Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Ada"));
  ASSERT_EQ(made.status, 303);
  EXPECT_EQ(Send("GET", made.location).status, 200);
  LogIn("bob");
  Response r = Send("GET", made.location);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("You cannot open this page"), std::string::npos);
  EXPECT_EQ(r.body.find("Ada"), std::string::npos) << "nothing of the record shows";
  link::AuditQuery q;
  q.record_type = "resident";
  auto events = store_->ListAudit(q);
  ASSERT_TRUE(events.ok());
  bool refused = false;
  for (const auto& e : *events) refused = refused || (e.username == "bob" && e.outcome == link::AuditOutcome::kRefused);
  EXPECT_TRUE(refused);
}

TEST_F(WebPages, ContactMinutesOutOfRangeShownAtTheField) {
  LogIn("ann");
  Response made = Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Ada"));
  ASSERT_EQ(made.status, 303);
  auto referrals = store_->ListReferrals({});
  ASSERT_EQ(referrals->size(), 1u);
  const std::string path = "/referrals/" + std::to_string(referrals->front().id) + "/contacts/new";
  Response page = Send("GET", path);
  ASSERT_EQ(page.status, 200);
  Response r = Send("POST", path, "csrf_token=" + csrf_ + "&form_token=" + FormToken(page.body) +
                                      "&date=2026-01-05&mode=phone&minutes=2000&notes=kept+note");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-minutes-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("kept note"), std::string::npos);
  auto contacts = store_->ListContacts({});
  EXPECT_TRUE(contacts->empty());
  r = Send("POST", path, "csrf_token=" + csrf_ + "&form_token=" + FormToken(r.body) +
                             "&date=2026-01-05&mode=phone&minutes=20");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(store_->ListContacts({})->size(), 1u);
}

TEST_F(WebPages, SwemwbsFormShowsEachMissingItemAndTheConvertedScore) {
  LogIn("ann");
  ASSERT_EQ(Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Ada")).status,
            303);
  const int64_t ref = store_->ListReferrals({})->front().id;
  const std::string path = "/referrals/" + std::to_string(ref) + "/outcomes/new";
  Response page = Send("GET", path, "", {{"measure", "swemwbs"}});
  ASSERT_EQ(page.status, 200);
  std::string form = "csrf_token=" + csrf_ + "&form_token=" + FormToken(page.body) +
                     "&measure=swemwbs&timepoint=baseline&date=2026-01-05";
  Response r = Send("POST", path, form + "&items%5B0%5D=3&items%5B2%5D=4");
  EXPECT_EQ(r.status, 422);
  for (int i : {1, 3, 4, 5, 6}) {
    EXPECT_NE(r.body.find("id=\"f-item-" + std::to_string(i) + "-error\""), std::string::npos) << i;
  }
  EXPECT_EQ(r.body.find("id=\"f-item-0-error\""), std::string::npos);
  EXPECT_TRUE(store_->ListOutcomes({})->empty());
  // The live preview: raw 21 → metric 19.25 (the Warwick table, swemwbs.h).
  Response score = Send("GET", "/outcomes/score", "",
                        {{"measure", "swemwbs"}, {"items[0]", "3"}, {"items[1]", "3"}, {"items[2]", "3"},
                         {"items[3]", "3"}, {"items[4]", "3"}, {"items[5]", "3"}, {"items[6]", "3"}});
  EXPECT_EQ(score.status, 200);
  EXPECT_NE(score.body.find("metric 19.25 (raw 21)"), std::string::npos) << score.body;
  // An item of 6 is out of range: shown at that item.
  page = Send("GET", path, "", {{"measure", "swemwbs"}});
  std::string items;
  for (int i = 0; i < 7; ++i) items += "&items%5B" + std::to_string(i) + "%5D=" + (i == 4 ? "6" : "3");
  r = Send("POST", path, "csrf_token=" + csrf_ + "&form_token=" + FormToken(page.body) +
                             "&measure=swemwbs&timepoint=baseline&date=2026-01-05" + items);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-item-4-error\""), std::string::npos) << r.body;
  EXPECT_TRUE(store_->ListOutcomes({})->empty());
}

TEST_F(WebPages, CaseloadPutsOverdueReferralsFirstAndSearches) {
  LogIn("ann");
  auto ann = store_->FindUserByUsername("ann");
  const link::Actor actor{.user_id = ann->id, .username = "ann", .role = link::Role::kLinkWorker, .team_id = std::nullopt};
  const link::RequestInfo info{.now = Now(), .address = "127.0.0.1", .request_id = "test"};
  int64_t ids[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    link::Resident r;
    r.name = i == 0 ? "Recent Person" : "Waiting Person";
    r.postcode = "NE1 4ST";
    r.pseudonym = "7f1d0b7e-3c8a-4f7e-9d8e-00000000000" + std::to_string(i);
    auto id = link::CreateResident(*store_, actor, r, info);
    ASSERT_TRUE(id.ok()) << id.error().message;
    ids[i] = *id;
    link::Referral ref;
    ref.resident_id = *id;
    ref.source = link::ReferralSource::kGp;
    ref.reasons = {"loneliness"};
    ref.received_at = Now() - std::chrono::days(i == 0 ? 1 : 20);  // the second is overdue (> 14 days)
    ASSERT_TRUE(link::CreateReferral(*store_, actor, ref, info).ok());
  }
  Response r = Send("GET", "/caseload");
  ASSERT_EQ(r.status, 200);
  const size_t waiting = r.body.find("Waiting Person"), recent = r.body.find("Recent Person");
  ASSERT_NE(waiting, std::string::npos);
  ASSERT_NE(recent, std::string::npos);
  EXPECT_LT(waiting, recent) << "the overdue referral comes first though its resident id is higher";
  EXPECT_NE(r.body.find("Overdue</strong>"), std::string::npos);
  r = Send("GET", "/caseload", "", {{"q", "recent"}});
  EXPECT_EQ(r.body.find("Waiting Person"), std::string::npos);
  EXPECT_NE(r.body.find("Recent Person"), std::string::npos);
  r = Send("GET", "/caseload", "", {{"q", std::to_string(ids[1])}});
  EXPECT_NE(r.body.find("Waiting Person"), std::string::npos);
  EXPECT_EQ(r.body.find("Recent Person"), std::string::npos);
  r = Send("GET", "/caseload", "", {{"overdue", "1"}});
  EXPECT_NE(r.body.find("Waiting Person"), std::string::npos);
  EXPECT_EQ(r.body.find("Recent Person"), std::string::npos);
}

TEST_F(WebPages, Ons4AndMycawFormsRecordAndShowTheirScores) {
  LogIn("ann");
  ASSERT_EQ(Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Ada")).status,
            303);
  const int64_t ref = store_->ListReferrals({})->front().id;
  const std::string path = "/referrals/" + std::to_string(ref) + "/outcomes/new";
  const std::string head = "csrf_token=" + csrf_ + "&timepoint=baseline&date=2026-01-05&form_token=";
  // ONS4: four items 0-10; an 11 is refused at its item.
  Response page = Send("GET", path, "", {{"measure", "ons4"}});
  ASSERT_EQ(page.status, 200);
  Response r = Send("POST", path, head + FormToken(page.body) +
                                      "&measure=ons4&items%5B0%5D=6&items%5B1%5D=7&items%5B2%5D=5&items%5B3%5D=11");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-item-3-error\""), std::string::npos) << r.body;
  r = Send("POST", path, head + FormToken(r.body) +
                             "&measure=ons4&items%5B0%5D=6&items%5B1%5D=7&items%5B2%5D=5&items%5B3%5D=2");
  ASSERT_EQ(r.status, 303) << r.body;
  // MYCaW with one concern: items are the concern's score then wellbeing.
  page = Send("GET", path, "", {{"measure", "mycaw"}});
  r = Send("POST", path, head + FormToken(page.body) +
                             "&measure=mycaw&concerns%5B0%5D=sleep&items%5B0%5D=5&items%5B2%5D=4");
  ASSERT_EQ(r.status, 303) << r.body;
  auto outcomes = store_->ListOutcomes({});
  ASSERT_EQ(outcomes->size(), 2u);
  EXPECT_EQ((*outcomes)[1].items, (std::vector<int>{5, 4}));
  EXPECT_EQ((*outcomes)[1].concerns, (std::vector<std::string>{"sleep"}));
  Response timeline = Send("GET", r.location.substr(0, r.location.find('#')));
  EXPECT_NE(timeline.body.find("life satisfaction 6 (medium)"), std::string::npos) << timeline.body;
  EXPECT_NE(timeline.body.find("anxiety 2 (low)"), std::string::npos);
  EXPECT_NE(timeline.body.find("profile 4.50"), std::string::npos);
}

TEST_F(WebPages, ErasureNeedsConfirmationAndAnAdminOrManager) {
  LogIn("ann");
  ASSERT_EQ(Send("POST", "/referrals/new", ReferralForm(FormToken(Send("GET", "/referrals/new").body), "Ada")).status,
            303);
  const int64_t resident = store_->ListReferrals({})->front().resident_id;
  EXPECT_EQ(Send("GET", "/admin/erasure").status, 403) << "a link worker may not erase";
  LogIn("root");
  Response page = Send("GET", "/admin/erasure");
  ASSERT_EQ(page.status, 200);
  Response r = Send("POST", "/admin/erasure", "csrf_token=" + csrf_ + "&form_token=" + FormToken(page.body) +
                                                  "&resident_id=" + std::to_string(resident));
  EXPECT_EQ(r.status, 422) << "not confirmed";
  EXPECT_FALSE(store_->GetResident(resident)->erased);
  r = Send("POST", "/admin/erasure", "csrf_token=" + csrf_ + "&form_token=" + FormToken(r.body) +
                                         "&resident_id=999999&confirm=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-resident_id-error\""), std::string::npos);
  r = Send("POST", "/admin/erasure", "csrf_token=" + csrf_ + "&form_token=" + FormToken(r.body) +
                                         "&resident_id=" + std::to_string(resident) + "&confirm=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("has been erased"), std::string::npos);
  auto erased = store_->GetResident(resident);
  EXPECT_TRUE(erased->erased);
  EXPECT_EQ(erased->name, "");
}

TEST_F(WebPages, StaticAssetsAreCachedAndPagesAreNot) {
  Response js = Send("GET", "/static/htmx.min.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_NE(js.content_type.find("javascript"), std::string::npos);
  EXPECT_EQ(js.cache_control, "public, max-age=86400");
  EXPECT_EQ(Send("GET", "/static/nope.js").status, 404);
  Response login = Send("GET", "/login");
  EXPECT_EQ(login.cache_control, "no-store");
}


TEST_F(WebPages, PasswordChangeChecksTheCurrentOneAndTheConfirmation) {
  EXPECT_EQ(Send("GET", "/account/password").location, "/login") << "a session is needed";
  LogIn("ann");
  const std::string before = store_->FindUserByUsername("ann")->password_hash;
  Response page = Send("GET", "/account/password");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("for=\"f-current_password\""), std::string::npos);
  EXPECT_NE(page.body.find("autocomplete=\"new-password\""), std::string::npos);
  // The confirmation differs: shown there, nothing stored, no password echoed.
  Response r = Send("POST", "/account/password", "csrf_token=" + csrf_ + "&form_token=" + FormToken(page.body) +
                        "&current_password=correct+horse+battery&new_password=new-secret-1&confirm_password=new-secret-2");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-confirm_password-error\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("new-secret-1"), std::string::npos) << "passwords are never written back";
  EXPECT_EQ(store_->FindUserByUsername("ann")->password_hash, before);
  // A wrong current password: shown at that field, not the 403 page.
  r = Send("POST", "/account/password", "csrf_token=" + csrf_ + "&form_token=" + FormToken(r.body) +
               "&current_password=wrong-one&new_password=new-secret-1&confirm_password=new-secret-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-current_password-error\""), std::string::npos) << r.body;
  EXPECT_EQ(store_->FindUserByUsername("ann")->password_hash, before);
  // Without the CSRF field: refused.
  const std::string good = "&current_password=correct+horse+battery&new_password=new-secret-1&confirm_password=new-secret-1";
  r = Send("POST", "/account/password", "form_token=" + FormToken(r.body) + good);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(store_->FindUserByUsername("ann")->password_hash, before);
  std::string token;
  r = Submit("/account/password", good.substr(1), {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/account/password?changed=1");
  EXPECT_NE(Send("GET", "/account/password", "", {{"changed", "1"}}).body.find("has been changed"), std::string::npos);
  const std::string after = store_->FindUserByUsername("ann")->password_hash;
  EXPECT_NE(after, before);
  EXPECT_EQ(after.rfind("$argon2id$", 0), 0u) << "argon2id";
  // The same form again stores nothing more.
  r = Send("POST", "/account/password", "csrf_token=" + csrf_ + "&form_token=" + token + good);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(store_->FindUserByUsername("ann")->password_hash, after);
  // The new password logs in; the old one does not.
  cookie_.clear();
  EXPECT_EQ(Send("POST", "/login", "username=ann&password=correct+horse+battery").status, 401);
  EXPECT_EQ(Send("POST", "/login", "username=ann&password=new-secret-1").status, 303);
}

TEST_F(WebPages, NeedsAndGoalsAreRecordedAndReviewedFromTheTimeline) {
  const auto [resident, ref] = AnnsReferral();
  const std::string base = "/referrals/" + std::to_string(ref);
  Response timeline = Send("GET", "/residents/" + std::to_string(resident));
  EXPECT_NE(timeline.body.find(base + "/needs/new"), std::string::npos);
  EXPECT_NE(timeline.body.find(base + "/goals/new"), std::string::npos);
  // A need: no category, then a future date; each shown at its field, values kept, nothing stored.
  Response r = Submit(base + "/needs/new", "category=&description=" + Enc("Behind on rent") + "&identified_on=2026-01-05");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-category-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Behind on rent"), std::string::npos);
  r = Send("POST", base + "/needs/new", "csrf_token=" + csrf_ + "&form_token=" + FormToken(r.body) +
               "&category=money_debt&description=rent&identified_on=2999-01-01");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-identified_on-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"2999-01-01\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"money_debt\" selected"), std::string::npos);
  EXPECT_TRUE(store_->ListNeeds(ref)->empty());
  // Without the CSRF field: refused, nothing stored.
  r = Send("POST", base + "/needs/new", "form_token=" + FormToken(r.body) + "&category=money_debt");
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(store_->ListNeeds(ref)->empty());
  std::string token;
  r = Submit(base + "/needs/new", "category=money_debt&description=rent&identified_on=2026-01-05", {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Send("POST", base + "/needs/new", "csrf_token=" + csrf_ + "&form_token=" + token + "&category=money_debt")
                .status,
            409);
  ASSERT_EQ(store_->ListNeeds(ref)->size(), 1u);
  EXPECT_EQ(store_->ListNeeds(ref)->front().category, "money_debt");
  // A goal, then its review.
  r = Submit(base + "/goals/new", "what_matters=&set_on=2026-01-05");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-what_matters-error\""), std::string::npos);
  EXPECT_TRUE(store_->ListGoals(ref)->empty());
  r = Submit(base + "/goals/new", "what_matters=" + Enc("Walk to the shops again") + "&set_on=2026-01-05", {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Send("POST", base + "/goals/new", "csrf_token=" + csrf_ + "&form_token=" + token + "&what_matters=x").status,
            409);
  ASSERT_EQ(store_->ListGoals(ref)->size(), 1u);
  const std::string review = base + "/goals/" + std::to_string(store_->ListGoals(ref)->front().id);
  Response form = Send("GET", review);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"open\" checked"), std::string::npos) << "the current status is chosen";
  r = Submit(review, "status=achieved&what_matters=" + Enc("Walk to the shops again") + "&reviewed_on=2999-01-01");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-reviewed_on-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"achieved\" checked"), std::string::npos) << "the choice is kept";
  EXPECT_EQ(store_->ListGoals(ref)->front().status, link::GoalStatus::kOpen);
  r = Submit(review, "status=achieved&what_matters=" + Enc("Walk to the shops again"), {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(store_->ListGoals(ref)->front().status, link::GoalStatus::kAchieved);
  EXPECT_EQ(Send("POST", review, "csrf_token=" + csrf_ + "&form_token=" + token + "&status=dropped").status, 409);
  EXPECT_EQ(store_->ListGoals(ref)->front().status, link::GoalStatus::kAchieved);
  timeline = Send("GET", "/residents/" + std::to_string(resident));
  EXPECT_NE(timeline.body.find("Need: Money debt: rent"), std::string::npos) << timeline.body;
  EXPECT_NE(timeline.body.find("Goal: Walk to the shops again (Achieved"), std::string::npos);
  EXPECT_EQ(Send("GET", base + "/goals/999999").status, 404) << "not this referral's goal";
  // Another worker: the 403 page for every one of these, nothing stored.
  LogIn("bob");
  for (const std::string& path : {base + "/needs/new", base + "/goals/new", review}) {
    EXPECT_EQ(Send("GET", path).status, 403) << path;
  }
  EXPECT_EQ(Send("POST", base + "/needs/new", "csrf_token=" + csrf_ + "&category=housing").status, 403);
  EXPECT_EQ(store_->ListNeeds(ref)->size(), 1u);
  // The admin's role never writes case records.
  LogIn("root");
  EXPECT_EQ(Send("GET", base + "/needs/new").status, 403);
}

TEST_F(WebPages, ReferOnFromAServicePageAndRecordWhatBecameOfIt) {
  const std::string service = ImportedService();
  ASSERT_FALSE(service.empty());
  const auto [resident, ref] = AnnsReferral();
  const std::map<std::string, std::string> who = {{"resident_id", std::to_string(resident)}};
  Response page = Send("GET", "/directory/services/" + service, "", who);
  ASSERT_EQ(page.status, 200);
  const std::string refer = "/directory/services/" + service + "/refer";
  EXPECT_NE(page.body.find(refer + "?resident_id=" + std::to_string(resident)), std::string::npos) << page.body;
  const std::string hidden = "resident_id=" + std::to_string(resident);
  // No referral chosen; then a date in the future: shown at the field, nothing stored.
  Response r = Submit(refer, hidden + "&referral_id=&sent_on=2026-01-05", who);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-referral_id-error\""), std::string::npos) << r.body;
  r = Send("POST", refer, "csrf_token=" + csrf_ + "&form_token=" + FormToken(r.body) + "&" + hidden +
               "&referral_id=" + std::to_string(ref) + "&sent_on=2999-01-01");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-sent_on-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"2999-01-01\""), std::string::npos);
  link::OnwardReferralQuery oq;
  oq.referral_id = ref;
  EXPECT_TRUE(store_->ListOnwardReferrals(oq)->empty());
  EXPECT_EQ(Send("POST", refer, hidden + "&referral_id=" + std::to_string(ref)).status, 403) << "no CSRF field";
  std::string token;
  r = Submit(refer, hidden + "&referral_id=" + std::to_string(ref), who, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/residents/" + std::to_string(resident) + "#ref-" + std::to_string(ref));
  EXPECT_EQ(Send("POST", refer, "csrf_token=" + csrf_ + "&form_token=" + token + "&" + hidden + "&referral_id=" +
                                    std::to_string(ref))
                .status,
            409);
  auto onward = store_->ListOnwardReferrals(oq);
  ASSERT_EQ(onward->size(), 1u);
  EXPECT_EQ(onward->front().service_id, service);
  Response timeline = Send("GET", "/residents/" + std::to_string(resident));
  EXPECT_NE(timeline.body.find("Befriending Line</a>: <strong>Sent</strong>"), std::string::npos) << timeline.body;
  // Its status: sent → attended is not a move; sent → accepted is.
  const std::string update = "/referrals/" + std::to_string(ref) + "/onward/" + std::to_string(onward->front().id);
  r = Submit(update, "status=attended&date=2026-01-06&outcome=" + Enc("went twice"));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-status-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("went twice"), std::string::npos);
  EXPECT_EQ(store_->ListOnwardReferrals(oq)->front().status, link::OnwardStatus::kSent);
  r = Submit(update, "status=accepted&outcome=" + Enc("first call booked"), {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Send("POST", update, "csrf_token=" + csrf_ + "&form_token=" + token + "&status=declined").status, 409);
  EXPECT_EQ(store_->ListOnwardReferrals(oq)->front().status, link::OnwardStatus::kAccepted);
  timeline = Send("GET", "/residents/" + std::to_string(resident));
  EXPECT_NE(timeline.body.find("<strong>Accepted</strong>"), std::string::npos);
  EXPECT_NE(timeline.body.find("first call booked"), std::string::npos);
  // Another worker cannot refer ann's resident on, nor update it.
  LogIn("bob");
  EXPECT_EQ(Send("GET", refer, "", who).status, 403);
  EXPECT_EQ(Send("GET", update).status, 403);
  EXPECT_EQ(Send("POST", refer, "csrf_token=" + csrf_ + "&" + hidden + "&referral_id=" + std::to_string(ref)).status,
            403);
  EXPECT_EQ(store_->ListOnwardReferrals(oq)->size(), 1u);
}

TEST_F(WebPages, VolunteerHoursByRole) {
  auto vid = store_->AddVolunteer({.id = 0, .user_id = std::nullopt, .name = "Val Unteer", .active = true,
                                   .started_on = std::nullopt});
  ASSERT_TRUE(vid.ok()) << vid.error().message;
  ASSERT_TRUE(store_->AddVolunteer({.id = 0, .user_id = std::nullopt, .name = "Vic Other", .active = true,
                                    .started_on = std::nullopt})
                  .ok());
  LogIn("ann");
  EXPECT_EQ(Send("GET", "/volunteers/hours").status, 403) << "a link worker does not log volunteer hours";
  LogIn("root");
  Response page = Send("GET", "/volunteers/hours");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Val Unteer"), std::string::npos);
  const std::string v = "volunteer_id=" + std::to_string(*vid);
  Response r = Submit("/volunteers/hours", v + "&date=2026-01-05&hours=30&activity=drop-in");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-hours-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"30\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"drop-in\""), std::string::npos);
  r = Submit("/volunteers/hours", "volunteer_id=&date=2026-01-05&hours=2");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-volunteer_id-error\""), std::string::npos);
  link::VolunteerHoursQuery q;
  EXPECT_TRUE(store_->ListVolunteerHours(q)->empty());
  EXPECT_EQ(Send("POST", "/volunteers/hours", v + "&date=2026-01-05&hours=2").status, 403) << "no CSRF field";
  std::string token;
  r = Submit("/volunteers/hours", v + "&date=2026-01-05&hours=2.5&activity=drop-in", {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Send("POST", "/volunteers/hours", "csrf_token=" + csrf_ + "&form_token=" + token + "&" + v +
                                                  "&date=2026-01-05&hours=2.5")
                .status,
            409);
  auto hours = store_->ListVolunteerHours(q);
  ASSERT_EQ(hours->size(), 1u);
  EXPECT_DOUBLE_EQ(hours->front().hours, 2.5);
  EXPECT_EQ(r.location, "/volunteers/hours?saved=1&" + v);
  Response listed = Send("GET", "/volunteers/hours", "", {{"saved", "1"}, {"volunteer_id", std::to_string(*vid)}});
  EXPECT_NE(listed.body.find("2.50"), std::string::npos) << listed.body;
  EXPECT_NE(listed.body.find("have been saved"), std::string::npos);

  // A volunteer records their own hours only: no choice of volunteer, and
  // another volunteer's id is refused at the field, nothing stored.
  auto uid = link::CreateUser(*store_, {.username = "val", .display_name = "Val", .role = link::Role::kVolunteer,
                                        .password = "correct horse battery", .team_id = std::nullopt}, Now());
  ASSERT_TRUE(uid.ok());
  auto own = store_->AddVolunteer({.id = 0, .user_id = *uid, .name = "Val Own", .active = true,
                                   .started_on = std::nullopt});
  ASSERT_TRUE(own.ok());
  LogIn("val");
  page = Send("GET", "/volunteers/hours");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("id=\"f-volunteer_id\""), std::string::npos) << "no select";
  EXPECT_NE(page.body.find("Hours given by Val Own"), std::string::npos);
  EXPECT_EQ(page.body.find("Vic Other"), std::string::npos) << "other volunteers are not listed";
  r = Submit("/volunteers/hours", v + "&date=2026-01-05&hours=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(store_->ListVolunteerHours(q)->size(), 1u);
  r = Submit("/volunteers/hours", "volunteer_id=" + std::to_string(*own) + "&date=2026-01-05&hours=1.5");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(store_->ListVolunteerHours(q)->size(), 2u);
}

// The volunteers' pages: the list, add (with an optional login of the
// volunteer role), change and deactivate; the API's permissions (managers and
// admins), the CSRF field, errors beside their fields with the values kept and
// nothing stored, a double submission stored once, and every change audited.
TEST_F(WebPages, VolunteersAreListedAddedChangedAndDeactivated) {
  auto val = link::CreateUser(*store_, {.username = "val", .display_name = "Val", .role = link::Role::kVolunteer,
                                        .password = "correct horse battery", .team_id = std::nullopt}, Now());
  ASSERT_TRUE(val.ok()) << val.error().message;
  auto mel = link::CreateUser(*store_, {.username = "mel", .display_name = "Mel", .role = link::Role::kManager,
                                        .password = "correct horse battery", .team_id = std::nullopt}, Now());
  ASSERT_TRUE(mel.ok()) << mel.error().message;
  for (const char* who : {"ann", "val"}) {
    LogIn(who);
    EXPECT_EQ(Send("GET", "/volunteers").status, 403) << who;
    EXPECT_EQ(Send("GET", "/volunteers/new").status, 403) << who;
  }
  EXPECT_EQ(Send("POST", "/volunteers/new", "csrf_token=" + csrf_ + "&name=Sneaky").status, 403) << "val may not add";
  LogIn("mel");
  Response list = Send("GET", "/volunteers");
  ASSERT_EQ(list.status, 200) << list.body.substr(0, 400);
  EXPECT_NE(list.body.find("No volunteers yet"), std::string::npos);
  EXPECT_NE(list.body.find("href=\"/volunteers/new\""), std::string::npos);
  EXPECT_NE(list.body.find("href=\"/volunteers\">Volunteers</a>"), std::string::npos) << "in the navigation";
  auto count = [&] { return store_->ListVolunteers()->size(); };

  // No name: shown at the name, the other values kept, nothing stored.
  Response r = Submit("/volunteers/new", "name=+&started_on=2025-03-01&username=val");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-name-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("aria-invalid=\"true\" aria-describedby=\"f-name-error\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"2025-03-01\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"val\""), std::string::npos);
  // A date that is not one, and a login that is not a volunteer's.
  r = Submit("/volunteers/new", "name=Vera+Helper&started_on=2025-13-01");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-started_on-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"Vera Helper\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"2025-13-01\""), std::string::npos);
  for (const char* login : {"ann", "nobody"}) {
    r = Submit("/volunteers/new", std::string("name=Vera+Helper&username=") + login);
    EXPECT_EQ(r.status, 422) << login;
    EXPECT_NE(r.body.find("id=\"f-username-error\""), std::string::npos) << login;
    EXPECT_NE(r.body.find("there is no volunteer login with this username"), std::string::npos) << login;
  }
  EXPECT_EQ(count(), 0u);
  EXPECT_EQ(Send("POST", "/volunteers/new", "name=Vera+Helper").status, 403) << "no CSRF field";
  EXPECT_EQ(count(), 0u);

  // Added once, linked to val's login, however often the form is posted.
  std::string token;
  const std::string vera = "name=Vera+Helper&started_on=2025-03-01&username=VAL";
  r = Submit("/volunteers/new", vera, {}, &token);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  EXPECT_EQ(r.location, "/volunteers?saved=1");
  EXPECT_EQ(Send("POST", "/volunteers/new", "csrf_token=" + csrf_ + "&form_token=" + token + "&" + vera).status, 409);
  auto all = store_->ListVolunteers();
  ASSERT_EQ(all->size(), 1u);
  const link::Volunteer v = all->front();
  EXPECT_EQ(v.name, "Vera Helper");
  ASSERT_TRUE(v.user_id.has_value());
  EXPECT_EQ(*v.user_id, *val);
  ASSERT_TRUE(v.started_on.has_value());
  EXPECT_EQ(link::FormatDate(*v.started_on), "2025-03-01");
  EXPECT_TRUE(v.active);
  // The same login twice: shown at the field.
  r = Submit("/volunteers/new", "name=Vera+Again&username=val");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("this login already has a volunteer record"), std::string::npos) << r.body;
  // Without a login.
  ASSERT_EQ(Submit("/volunteers/new", "name=Walt+Other").status, 303);
  EXPECT_EQ(count(), 2u);
  list = Send("GET", "/volunteers", "", {{"saved", "1"}});
  EXPECT_NE(list.body.find("The volunteer has been saved"), std::string::npos);
  EXPECT_NE(list.body.find("<td>Vera Helper</td><td>val</td><td>2025-03-01</td><td>yes</td>"), std::string::npos)
      << list.body;
  EXPECT_NE(list.body.find("<td>Walt Other</td><td>none</td><td>not given</td><td>yes</td>"), std::string::npos);
  EXPECT_NE(list.body.find("href=\"/volunteers/hours?volunteer_id=" + std::to_string(v.id) + "\""),
            std::string::npos);

  // Change: no name is shown at the field, nothing changed; then renamed and
  // deactivated (the box unticked: no "active" field), once.
  const std::string edit = "/volunteers/" + std::to_string(v.id);
  Response form = Send("GET", edit);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"active\" value=\"1\" checked"), std::string::npos) << form.body;
  EXPECT_NE(form.body.find("Linked to the login val."), std::string::npos);
  EXPECT_NE(form.body.find("value=\"Vera Helper\""), std::string::npos);
  r = Submit(edit, "name=&started_on=2025-03-02&active=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-name-error\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"2025-03-02\""), std::string::npos) << "the posted date is kept";
  r = Submit(edit, "name=Vera+H&started_on=31%2F12%2F2024&active=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-started_on-error\""), std::string::npos);
  EXPECT_EQ(store_->GetVolunteer(v.id)->name, "Vera Helper");
  EXPECT_EQ(Send("POST", edit, "name=X&active=1").status, 403) << "no CSRF field";
  r = Submit(edit, "name=Vera+Bright&started_on=", {}, &token);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  EXPECT_EQ(Send("POST", edit, "csrf_token=" + csrf_ + "&form_token=" + token + "&name=Vera+Twice&active=1").status,
            409);
  auto changed = store_->GetVolunteer(v.id);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->name, "Vera Bright");
  EXPECT_FALSE(changed->active);
  EXPECT_FALSE(changed->started_on.has_value());
  EXPECT_TRUE(changed->user_id == v.user_id) << "the login stays linked";
  // Deactivated: no longer offered on the hours page.
  Response hours = Send("GET", "/volunteers/hours");
  ASSERT_EQ(hours.status, 200);
  EXPECT_EQ(hours.body.find("Vera Bright"), std::string::npos);
  EXPECT_NE(hours.body.find("Walt Other"), std::string::npos);
  EXPECT_EQ(Send("GET", "/volunteers/999999").status, 404);
  LogIn("ann");
  EXPECT_EQ(Send("GET", edit).status, 403);
  EXPECT_EQ(store_->GetVolunteer(v.id)->name, "Vera Bright");

  // Audited: mel's additions and change, ann's and val's refusals.
  link::AuditQuery q;
  q.record_type = "volunteer";
  q.limit = 1000;
  auto events = store_->ListAudit(q);
  ASSERT_TRUE(events.ok());
  int changes = 0;
  bool ann_refused = false;
  for (const auto& e : *events) {
    if (e.username == "mel" && e.action == "manage_volunteers" && e.outcome == link::AuditOutcome::kAllowed &&
        !e.record_id.empty())
      ++changes;
    ann_refused = ann_refused || (e.username == "ann" && e.outcome == link::AuditOutcome::kRefused);
  }
  EXPECT_GE(changes, 3) << "two added, one changed";
  EXPECT_TRUE(ann_refused);
}

// A volunteer's linked login changed on their "Change" page: prefilled with
// the current login, validated as on the add page (a volunteer user, not
// linked to another record), errors at the field with the value kept and
// nothing stored, emptied to unlink; CSRF and the one-time form token.
TEST_F(WebPages, VolunteerLoginIsChangedAndUnlinked) {
  auto user = [&](const char* name, link::Role role) {
    auto id = link::CreateUser(*store_, {.username = name, .display_name = name, .role = role,
                                         .password = "correct horse battery", .team_id = std::nullopt}, Now());
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  };
  const int64_t val = user("val", link::Role::kVolunteer), vic = user("vic", link::Role::kVolunteer);
  user("mel", link::Role::kManager);
  const int64_t vera = *store_->AddVolunteer({.user_id = val, .name = "Vera"});
  const int64_t walt = *store_->AddVolunteer({.user_id = vic, .name = "Walt"});
  const std::string edit = "/volunteers/" + std::to_string(vera);
  auto login_of = [&](int64_t id) { return store_->GetVolunteer(id)->user_id; };
  LogIn("mel");
  Response form = Send("GET", edit);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("id=\"f-username\""), std::string::npos) << form.body;
  EXPECT_NE(form.body.find("value=\"val\""), std::string::npos) << "prefilled with the current login";

  // Not a volunteer's login, no such login, another volunteer's login: at
  // the field, the typed value and the other fields kept, nothing stored.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"ann", "there is no volunteer login with this username"},
      {"nobody", "there is no volunteer login with this username"},
      {"vic", "this login already has a volunteer record"}};
  for (const auto& [login, message] : refused) {
    Response r = Submit(edit, "name=Vera+New&started_on=2025-04-01&active=1&username=" + login);
    EXPECT_EQ(r.status, 422) << login;
    EXPECT_NE(r.body.find("id=\"f-username-error\""), std::string::npos) << login;
    EXPECT_NE(r.body.find(message), std::string::npos) << login;
    EXPECT_NE(r.body.find("value=\"" + login + "\""), std::string::npos) << login << ": the value is kept";
    EXPECT_NE(r.body.find("value=\"Vera New\""), std::string::npos) << login;
    EXPECT_EQ(store_->GetVolunteer(vera)->name, "Vera") << login;
    EXPECT_EQ(login_of(vera), val) << login;
  }
  EXPECT_EQ(Send("POST", edit, "name=Vera&active=1&username=").status, 403) << "no CSRF field";
  EXPECT_EQ(login_of(vera), val);

  // Emptied: unlinked, once however often the form is posted.
  std::string token;
  Response r = Submit(edit, "name=Vera&active=1&username=", {}, &token);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 600);
  EXPECT_FALSE(login_of(vera).has_value());
  EXPECT_EQ(Send("POST", edit, "csrf_token=" + csrf_ + "&form_token=" + token + "&name=Vera&active=1&username=val")
                .status,
            409);
  EXPECT_FALSE(login_of(vera).has_value()) << "the second post stored nothing";
  form = Send("GET", edit);
  EXPECT_NE(form.body.find("No login is linked to this volunteer."), std::string::npos);

  // vic moves from Walt to Vera once Walt's record lets go of it; the
  // username is matched without regard to case.
  ASSERT_EQ(Submit("/volunteers/" + std::to_string(walt), "name=Walt&active=1&username=").status, 303);
  ASSERT_EQ(Submit(edit, "name=Vera&active=1&username=+VIC+").status, 303);
  EXPECT_EQ(login_of(vera), vic);
  EXPECT_FALSE(login_of(walt).has_value());
  Response list = Send("GET", "/volunteers");
  EXPECT_NE(list.body.find("<td>Vera</td><td>vic</td>"), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("<td>Walt</td><td>none</td>"), std::string::npos);
}

TEST_F(WebPages, AdminAddsChangesAndDeactivatesUsers) {
  LogIn("ann");
  EXPECT_EQ(Send("GET", "/admin/users").status, 403);
  EXPECT_EQ(Send("GET", "/admin/users/new").status, 403);
  LogIn("root");
  Response list = Send("GET", "/admin/users");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("href=\"/admin/users/new\""), std::string::npos);
  const size_t users_before = store_->ListUsers()->size();
  // A short password: shown at the field, the username kept, the password not, nothing stored.
  Response r = Submit("/admin/users/new", "username=carol&display_name=Carol+K&role=link_worker&password=short");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-password-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("value=\"carol\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"link_worker\" selected"), std::string::npos);
  EXPECT_EQ(r.body.find("value=\"short\""), std::string::npos);
  EXPECT_EQ(store_->ListUsers()->size(), users_before);
  r = Submit("/admin/users/new", "username=ann&display_name=Ann&role=manager&password=long-enough-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-username-error\""), std::string::npos) << "taken";
  EXPECT_EQ(Send("POST", "/admin/users/new", "username=carol&display_name=C&role=manager&password=long-enough-1").status,
            403)
      << "no CSRF field";
  std::string token;
  const std::string carol = "username=carol&display_name=Carol+K&role=manager&password=long-enough-1";
  r = Submit("/admin/users/new", carol, {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Send("POST", "/admin/users/new", "csrf_token=" + csrf_ + "&form_token=" + token + "&" + carol).status, 409);
  EXPECT_EQ(store_->ListUsers()->size(), users_before + 1);
  auto c = store_->FindUserByUsername("carol");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->role, link::Role::kManager);
  // Change her role and deactivate her (no "active" field: the box is unticked).
  const std::string edit = "/admin/users/" + std::to_string(c->id);
  Response form = Send("GET", edit);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"active\" value=\"1\" checked"), std::string::npos) << form.body;
  r = Submit(edit, "display_name=Carol+K&role=analyst", {}, &token);
  ASSERT_EQ(r.status, 303) << r.body;
  c = store_->FindUserByUsername("carol");
  EXPECT_EQ(c->role, link::Role::kAnalyst);
  EXPECT_FALSE(c->active);
  EXPECT_EQ(Send("POST", edit, "csrf_token=" + csrf_ + "&form_token=" + token + "&display_name=X&role=admin&active=1")
                .status,
            409);
  EXPECT_FALSE(store_->FindUserByUsername("carol")->active);
  EXPECT_EQ(Send("GET", "/admin/users/999999").status, 404);
  // An admin cannot demote themselves: shown at the role, nothing changed.
  const int64_t root = store_->FindUserByUsername("root")->id;
  r = Submit("/admin/users/" + std::to_string(root), "display_name=root&role=manager&active=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-role-error\""), std::string::npos) << r.body;
  EXPECT_EQ(store_->FindUserByUsername("root")->role, link::Role::kAdmin);
  cookie_.clear();
  EXPECT_EQ(Send("POST", "/login", "username=carol&password=long-enough-1").status, 401) << "deactivated";
}

TEST_F(WebPages, DirectoryImportShowsAcceptedAndRejectedRows) {
  LogIn("ann");
  EXPECT_EQ(Send("GET", "/admin/directory/import").status, 403);
  LogIn("root");
  link::ServiceQuery all;
  const std::string sheet = "name,organization,minimum_age\nWalking Group,Parks Trust,18\nChess Club,Parks Trust,old\n";
  // No format chosen: shown at the format, the sheet kept, nothing stored.
  Response r = Submit("/admin/directory/import", "format=&feed=" + Enc(sheet));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-format-error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Walking Group,Parks Trust,18"), std::string::npos);
  r = Submit("/admin/directory/import", "format=oruk&feed=" + Enc("{not json"));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-feed-error\""), std::string::npos) << r.body;
  EXPECT_EQ(store_->ListServices(all)->total_items, 0);
  EXPECT_EQ(Send("POST", "/admin/directory/import", "format=csv&feed=" + Enc(sheet)).status, 403) << "no CSRF field";
  EXPECT_EQ(store_->ListServices(all)->total_items, 0);
  // All or nothing with a bad row: nothing written, the row named.
  r = Submit("/admin/directory/import", "format=csv&all_or_nothing=1&feed=" + Enc(sheet));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Nothing was imported"), std::string::npos) << r.body;
  EXPECT_EQ(store_->ListServices(all)->total_items, 0);
  std::string token;
  r = Submit("/admin/directory/import", "format=csv&feed=" + Enc(sheet), {}, &token);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Imported: 1 services"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<td>row 2</td><td>minimum_age</td>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("the sheet: row 2"), std::string::npos) << "the reason names the sheet";
  EXPECT_EQ(r.body.find("nhood-import-"), std::string::npos) << "never the server's staging file";
  EXPECT_EQ(store_->ListServices(all)->total_items, 1);
  EXPECT_EQ(Send("POST", "/admin/directory/import", "csrf_token=" + csrf_ + "&form_token=" + token +
                                                        "&format=csv&feed=" + Enc(sheet))
                .status,
            409);
  // An ORUK feed: an array of services.
  r = Submit("/admin/directory/import",
             "format=oruk&feed=" + Enc(R"([{"name": "Knit and Natter", "status": "active"}])"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Imported: 1 services"), std::string::npos) << r.body;
  EXPECT_EQ(store_->ListServices(all)->total_items, 2);
}

}  // namespace
}  // namespace nhood::server
