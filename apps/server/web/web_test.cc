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

}  // namespace
}  // namespace nhood::server
