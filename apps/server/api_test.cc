// End-to-end tests of `nhood serve` over loopback: the real binary on a free
// port against a temporary SQLite store made with `nhood link init` and
// `nhood link user add`, driven with httplib's client. Covers login/logout,
// CSRF, the role × action matrix cell by cell, need-to-know with its audit,
// bad input (each status code, nothing stored), lockout, and the ORUK API
// validated against the published UK-profile schemas (oruk_schema_check.mjs).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "nhood/link/auth.h"
#include "nhood/link/uuid.h"
#include "nhood/store/open_store.h"
#include "tests/support/data_dir.h"
#ifdef NHOOD_API_TEST_POSTGRES
#include "nhood/store/testing/postgres_test_server.h"
#define ApiTest ApiTestPostgres
#else
#define ApiTest ApiTestSqlite
#endif

namespace nhood::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kPassword = "correct horse battery";
// The deployment secret keying the evaluation extract.
constexpr const char* kSecret = "a deployment secret of at least thirty-two bytes";

// HMAC-SHA256 through OpenSSL: an implementation independent of the
// libsodium one the extract uses.
std::string OpensslHmac(const std::string& key, const std::string& text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), mac, &len);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return hex;
}

int RunNhood(const std::string& args, const std::string& stdin_text) {
  const std::string cmd = "printf '%s' '" + stdin_text + "' | " + NHOOD_BINARY + " " + args + " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// Runs nhood with stdout and stderr captured into *output.
int RunNhoodCapture(const std::string& args, std::string* output) {
  char path[] = "/tmp/nhood_api_test_out_XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return -1;
  close(fd);
  const std::string cmd = std::string(NHOOD_BINARY) + " " + args + " </dev/null >" + path + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream f(path);
  output->assign((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::remove(path);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

link::Time Now() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

class Server {
 public:
  void Start(const std::string& db, const std::string& secret_file) {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_ = fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      execl(NHOOD_BINARY, NHOOD_BINARY, "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0", "--threads", "4",
            "--extract-secret-file", secret_file.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[256] = {0};
    ASSERT_NE(fgets(line, sizeof line, f), nullptr) << "nhood serve printed nothing";
    const std::string text = line;
    ASSERT_EQ(text.rfind("listening on http://127.0.0.1:", 0), 0u) << text;
    port_ = std::stoi(text.substr(std::string("listening on http://127.0.0.1:").size()));
    out_ = f;
  }
  // SIGTERM; returns the exit status.
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    if (out_) fclose(out_);
    out_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  FILE* out_ = nullptr;
};

struct Login {
  std::string cookie;  // "nhood_session=…"
  std::string csrf;
};

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("nhood_api_test_" + std::to_string(getpid())));
    fs::create_directories(*dir_);
#ifdef NHOOD_API_TEST_POSTGRES
    // A private PostgreSQL server (initdb + pg_ctl on a free loopback port), never skipped.
    auto& pg = store::testing::PostgresTestServer::Shared();
    Status started = pg.Start();
    ASSERT_TRUE(started.ok()) << started.message();
    auto uri = pg.CreateDatabase();
    ASSERT_TRUE(uri.has_value()) << uri.error().message;
    db_ = new std::string(*uri);
#else
    db_ = new std::string((*dir_ / "link.db").string());
#endif
    ASSERT_EQ(RunNhood("link init --db " + *db_, ""), 0);
    for (const char* u : {"admin", "manager", "worker1", "worker2", "volunteer", "analyst", "locked"}) {
      std::string role = u;
      if (role.rfind("worker", 0) == 0 || role == "locked") role = "link_worker";
      ASSERT_EQ(RunNhood("link user add --db " + *db_ + " --username " + u + " --role " + role + " --password-stdin",
                         kPassword),
                0)
          << u;
    }
    // Usage errors exit 2, a duplicate user is a data error (1).
    EXPECT_EQ(RunNhood("link user add --db " + *db_ + " --username x --role wizard --password-stdin", kPassword), 2);
    EXPECT_EQ(RunNhood("link user add --db " + *db_ + " --username admin --role admin --password-stdin", kPassword),
              1);
    SeedDirectory();
    std::ofstream(*dir_ / "secret") << kSecret << "\n";
    server_ = new Server();
    server_->Start(*db_, (*dir_ / "secret").string());
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "SIGTERM should stop nhood serve cleanly";
    auto store = store::OpenStore(*db_);
    ASSERT_TRUE(store.has_value());
    delete server_;
    fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }

  // A directory of two organisations, three services, taxonomy terms and
  // located addresses, written through the store (no directory-write API yet).
  static void SeedDirectory() {
    auto opened = store::OpenStore(*db_);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    link::Store& s = **opened;
    Rng rng(7);
    auto id = [&] { return link::NewUuidV4(rng); };
    ids_ = new std::map<std::string, std::string>();
    auto& ids = *ids_;
    for (const char* k : {"org1", "org2", "tax", "term_walk", "term_debt", "loc_ne1", "loc_sr1", "svc_walk",
                          "svc_debt", "svc_kids"}) {
      ids[k] = id();
    }
    ASSERT_TRUE(s.PutOrganization({.id = ids["org1"], .name = "Byker Community Trust",
                                   .description = "Community centre and groups", .email = "hello@example.org",
                                   .website = "https://example.org"}).ok());
    ASSERT_TRUE(s.PutOrganization({.id = ids["org2"], .name = "Wearside Advice", .description = "Debt advice"}).ok());
    ASSERT_TRUE(s.PutTaxonomy({.id = ids["tax"], .name = "nhood needs", .description = "Social prescribing needs"}).ok());
    ASSERT_TRUE(s.PutTaxonomyTerm({.id = ids["term_walk"], .name = "Physical activity", .description = "Walking groups",
                                   .taxonomy_id = ids["tax"]}).ok());
    ASSERT_TRUE(s.PutTaxonomyTerm({.id = ids["term_debt"], .name = "Debt", .description = "Money and debt advice",
                                   .taxonomy_id = ids["tax"]}).ok());
    link::Location ne1{.id = ids["loc_ne1"], .name = "Byker hub", .latitude = 54.9740, .longitude = -1.5800};
    ne1.addresses.push_back({.id = id(), .address_1 = "1 Shields Road", .city = "Newcastle upon Tyne",
                             .state_province = "Tyne and Wear", .postal_code = "NE6 1DL"});
    ASSERT_TRUE(s.PutLocation(ne1).ok());
    link::Location sr1{.id = ids["loc_sr1"], .name = "Sunderland office", .latitude = 54.9060, .longitude = -1.3810};
    sr1.addresses.push_back({.id = id(), .address_1 = "2 Fawcett Street", .city = "Sunderland",
                             .state_province = "Tyne and Wear", .postal_code = "SR1 1RE"});
    ASSERT_TRUE(s.PutLocation(sr1).ok());
    link::Service walk{.id = ids["svc_walk"], .organization_id = ids["org1"], .name = "Walking group",
                       .description = "A gentle weekly walk", .minimum_age = 18};
    walk.service_at_locations.push_back({.id = id(), .service_id = ids["svc_walk"], .location_id = ids["loc_ne1"]});
    walk.attributes.push_back({.id = id(), .taxonomy_term_id = ids["term_walk"]});
    walk.schedules.push_back({.id = id(), .freq = "WEEKLY", .byday = "TU", .opens_at = "10:00", .closes_at = "11:30"});
    walk.cost_options.push_back({.id = id(), .option = "Free", .amount = 0});
    walk.languages.push_back({.id = id(), .name = "English", .code = "en"});
    walk.contacts.push_back({.id = id(), .name = "Group lead"});
    walk.service_areas.push_back({.id = id(), .name = "Byker ward"});
    ASSERT_TRUE(s.PutService(walk).ok());
    link::Service debt{.id = ids["svc_debt"], .organization_id = ids["org2"], .name = "Debt advice drop-in",
                       .description = "Free, confidential debt advice"};
    debt.service_at_locations.push_back({.id = id(), .service_id = ids["svc_debt"], .location_id = ids["loc_sr1"]});
    debt.attributes.push_back({.id = id(), .taxonomy_term_id = ids["term_debt"]});
    ASSERT_TRUE(s.PutService(debt).ok());
    link::Service kids{.id = ids["svc_kids"], .organization_id = ids["org1"], .name = "Youth walking club",
                       .description = "Walks for young people", .minimum_age = 11, .maximum_age = 17};
    kids.service_at_locations.push_back({.id = id(), .service_id = ids["svc_kids"], .location_id = ids["loc_ne1"]});
    kids.attributes.push_back({.id = id(), .taxonomy_term_id = ids["term_walk"]});
    ASSERT_TRUE(s.PutService(kids).ok());
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }

  Login LogIn(const std::string& user, const std::string& password = kPassword) {
    auto c = Client();
    auto res = c.Post("/api/v1/session", json{{"username", user}, {"password", password}}.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << user << " " << res->body;
    Login l;
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    l.cookie = set_cookie.substr(0, set_cookie.find(';'));
    l.csrf = json::parse(res->body).value("csrf_token", "");
    return l;
  }

  httplib::Result Get(const Login& l, const std::string& path) {
    auto c = Client();
    return c.Get(path.c_str(), {{"Cookie", l.cookie}});
  }
  httplib::Result Post(const Login& l, const std::string& path, const std::string& body, bool csrf = true) {
    auto c = Client();
    httplib::Headers h = {{"Cookie", l.cookie}};
    if (csrf) h.emplace("X-CSRF-Token", l.csrf);
    return c.Post(path.c_str(), h, body, "application/json");
  }
  httplib::Result Patch(const Login& l, const std::string& path, const std::string& body) {
    auto c = Client();
    return c.Patch(path.c_str(), {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}}, body, "application/json");
  }
  static int64_t UserId(const std::string& username) {
    auto store = store::OpenStore(*db_);
    auto u = (*store)->FindUserByUsername(username);
    EXPECT_TRUE(u.has_value()) << username;
    return u ? u->id : 0;
  }
  static std::string FileBytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  }
  int64_t CreateResident(const Login& l, const std::string& name = "Ann Example") {
    auto res = Post(l, "/api/v1/residents",
                    json{{"name", name}, {"date_of_birth", "1950-04-02"}, {"sex", "female"}, {"postcode", "ne6 1dl"}}
                        .dump());
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no response");
    return res && res->status == 201 ? json::parse(res->body)["id"].get<int64_t>() : 0;
  }
  int64_t CreateReferral(const Login& l, int64_t resident) {
    auto res = Post(l, "/api/v1/referrals",
                    json{{"resident_id", resident}, {"source", "gp"}, {"reasons", {"loneliness"}}}.dump());
    EXPECT_TRUE(res && res->status == 201) << (res ? res->body : "no response");
    return res && res->status == 201 ? json::parse(res->body)["id"].get<int64_t>() : 0;
  }
  static std::vector<link::AuditEvent> Audit(const std::string& type, const std::string& id) {
    auto store = store::OpenStore(*db_);
    EXPECT_TRUE(store.has_value());
    link::AuditQuery q;
    q.record_type = type;
    q.record_id = id;
    q.limit = 1000;
    auto events = (*store)->ListAudit(q);
    EXPECT_TRUE(events.has_value());
    return events ? *events : std::vector<link::AuditEvent>{};
  }
  static int64_t CountResidents() {
    auto store = store::OpenStore(*db_);
    auto r = (*store)->FindResidents({.include_erased = true, .limit = 100000});
    return r ? static_cast<int64_t>(r->size()) : -1;
  }
  static int64_t CountContacts(int64_t referral) {
    auto store = store::OpenStore(*db_);
    auto r = (*store)->ListContacts({.referral_id = referral, .limit = 100000});
    return r ? static_cast<int64_t>(r->size()) : -1;
  }
  static void ExpectError(const httplib::Result& res, int status, const std::string& field = "") {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    json body = json::parse(res->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << res->body;
    EXPECT_EQ(body.value("ok", true), false);
    EXPECT_EQ(body.value("status", 0), status);
    EXPECT_FALSE(body.value("error", "").empty());
    if (!field.empty()) {
      EXPECT_EQ(body.value("field", ""), field) << res->body;
    }
  }

  static fs::path* dir_;
  static std::string* db_;
  static Server* server_;
  static std::map<std::string, std::string>* ids_;
};

fs::path* ApiTest::dir_ = nullptr;
std::string* ApiTest::db_ = nullptr;
Server* ApiTest::server_ = nullptr;
std::map<std::string, std::string>* ApiTest::ids_ = nullptr;

TEST_F(ApiTest, HealthzAnswers) {
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["status"], "ok");
}

TEST_F(ApiTest, LoginSetsAHardenedCookieAndLogoutEndsTheSession) {
  auto bad = Client().Post("/api/v1/session", json{{"username", "worker1"}, {"password", "nope"}}.dump(),
                           "application/json");
  ExpectError(bad, 401);
  auto unknown = Client().Post("/api/v1/session", json{{"username", "nobody"}, {"password", "nope"}}.dump(),
                               "application/json");
  ExpectError(unknown, 401);
  auto c = Client();
  auto res = c.Post("/api/v1/session", json{{"username", "worker1"}, {"password", kPassword}}.dump(),
                    "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no Secure flag without TLS";
  EXPECT_EQ(json::parse(res->body)["csrf_token"].get<std::string>().size(), 64u);

  Login l = LogIn("worker1");
  EXPECT_EQ(Get(l, "/api/v1/caseload")->status, 200);
  auto c2 = Client();
  // Logout is state-changing: without the CSRF token it is refused.
  ExpectError(c2.Delete("/api/v1/session", {{"Cookie", l.cookie}}), 403);
  auto out = c2.Delete("/api/v1/session", {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  ExpectError(Get(l, "/api/v1/caseload"), 401);
}

TEST_F(ApiTest, MissingOrExpiredSessionIs401) {
  ExpectError(Client().Get("/api/v1/caseload"), 401);
  ExpectError(Get({.cookie = "nhood_session=" + std::string(64, 'a'), .csrf = ""}, "/api/v1/caseload"), 401);
  // A session past its idle expiry.
  const std::string token = link::RandomToken();
  {
    auto store = store::OpenStore(*db_);
    auto user = (*store)->FindUserByUsername("worker1");
    ASSERT_TRUE(user.has_value());
    const link::Time then = Now() - std::chrono::hours(2);
    ASSERT_TRUE((*store)
                    ->AddSession({.token_hash = link::HashToken(token), .user_id = user->id,
                                  .csrf_token_hash = link::HashToken("x"), .created_at = then, .last_seen_at = then,
                                  .idle_expires_at = then + std::chrono::minutes(30),
                                  .absolute_expires_at = then + std::chrono::hours(12)})
                    .ok());
  }
  ExpectError(Get({.cookie = "nhood_session=" + token, .csrf = ""}, "/api/v1/caseload"), 401);
}

TEST_F(ApiTest, StateChangingRequestsNeedTheCsrfToken) {
  Login l = LogIn("worker1");
  const int64_t before = CountResidents();
  const std::string body = json{{"name", "No Token"}, {"sex", "male"}, {"lsoa", "E01008162"}}.dump();
  ExpectError(Post(l, "/api/v1/residents", body, /*csrf=*/false), 403);
  Login other = LogIn("worker1");
  ExpectError(Post({.cookie = l.cookie, .csrf = other.csrf}, "/api/v1/residents", body), 403);
  // Cross-site requests are refused even with the token.
  auto c = Client();
  ExpectError(c.Post("/api/v1/residents",
                     {{"Cookie", l.cookie}, {"X-CSRF-Token", l.csrf}, {"Sec-Fetch-Site", "cross-site"}}, body,
                     "application/json"),
              403);
  EXPECT_EQ(CountResidents(), before) << "a refused write stores nothing";
}

TEST_F(ApiTest, SecondWorkerIsRefusedTheFirstWorkersResidentAndBothReadsAreAudited) {
  Login w1 = LogIn("worker1"), w2 = LogIn("worker2");
  const int64_t id = CreateResident(w1);
  auto mine = Get(w1, "/api/v1/residents/" + std::to_string(id));
  ASSERT_EQ(mine->status, 200);
  EXPECT_EQ(json::parse(mine->body)["name"], "Ann Example");
  EXPECT_EQ(json::parse(mine->body)["postcode"], "NE6 1DL");
  auto theirs = Get(w2, "/api/v1/residents/" + std::to_string(id));
  ExpectError(theirs, 403);
  EXPECT_EQ(theirs->body.find("Ann"), std::string::npos) << "a refusal leaks no personal data";
  int allowed = 0, refused = 0;
  for (const auto& e : Audit("resident", std::to_string(id))) {
    if (e.action != "read_resident") continue;
    if (e.username == "worker1" && e.outcome == link::AuditOutcome::kAllowed) ++allowed;
    if (e.username == "worker2" && e.outcome == link::AuditOutcome::kRefused) ++refused;
  }
  EXPECT_EQ(allowed, 1);
  EXPECT_EQ(refused, 1);
  // The admin reads the same trail through the API.
  Login admin = LogIn("admin");
  auto trail = Get(admin, "/api/v1/audit?record_type=resident&record_id=" + std::to_string(id));
  ASSERT_EQ(trail->status, 200);
  EXPECT_GE(json::parse(trail->body)["events"].size(), 3u);  // the write, the allowed and the refused read
}

// Every role against every endpoint: the status each must get.
TEST_F(ApiTest, RoleByActionMatrixCellByCell) {
  std::map<std::string, Login> as;
  for (const char* u : {"admin", "manager", "worker1", "worker2", "volunteer", "analyst"}) as[u] = LogIn(u);
  {
    auto store = store::OpenStore(*db_);
    auto v = (*store)->FindUserByUsername("volunteer");
    ASSERT_TRUE(v.has_value());
    if (!(*store)->FindVolunteerByUser(v->id)) {
      ASSERT_TRUE((*store)->AddVolunteer({.user_id = v->id, .name = "Val"}).has_value());
    }
  }
  const int64_t resident = CreateResident(as["worker1"]);
  const int64_t referral = CreateReferral(as["worker1"], resident);
  const std::string r = "/api/v1/residents/" + std::to_string(resident);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  const std::string resident_body =
      json{{"name", "Matrix Person"}, {"sex", "not_known"}, {"lsoa", "E01008162"}}.dump();
  const std::string referral_body =
      json{{"resident_id", resident}, {"source", "self"}, {"reasons", {"debt"}}}.dump();
  const std::string contact_body = json{{"date", "2025-01-06"}, {"mode", "phone"}, {"minutes", 20}}.dump();
  const std::string outcome_body =
      json{{"measure", "ons4"}, {"timepoint", "baseline"}, {"items", {6, 5, 7, 3}}}.dump();

  struct Cell {
    std::string method, path, body;
    std::map<std::string, int> expect;  // user → status
  };
  const std::vector<Cell> cells = {
      {"POST", "/api/v1/residents", resident_body,
       {{"admin", 403}, {"manager", 201}, {"worker1", 201}, {"worker2", 201}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", r, "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"POST", "/api/v1/referrals", referral_body,
       {{"admin", 403}, {"manager", 201}, {"worker1", 201}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"POST", ref + "/contacts", contact_body,
       {{"admin", 403}, {"manager", 201}, {"worker1", 201}, {"worker2", 403}, {"volunteer", 201}, {"analyst", 403}}},
      {"GET", ref + "/contacts", "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 200}, {"analyst", 403}}},
      {"POST", ref + "/outcomes", outcome_body,
       {{"admin", 403}, {"manager", 201}, {"worker1", 201}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", "/api/v1/caseload", "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 200}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", "/api/v1/reports/activity?from=2025-01-01&to=2030-01-01", "",
       {{"admin", 200}, {"manager", 200}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 200}}},
      {"GET", "/api/v1/audit", "",
       {{"admin", 200}, {"manager", 403}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", ref, "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"POST", ref + "/needs", json{{"category", "loneliness"}}.dump(),
       {{"admin", 403}, {"manager", 201}, {"worker1", 201}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", ref + "/goals", "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", ref + "/onward_referrals", "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"POST", r + "/consents", json{{"kind", "share_with_gp"}, {"given", true}}.dump(),
       {{"admin", 403}, {"manager", 201}, {"worker1", 201}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", r + "/outcomes", "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", ref + "/gp_message", "",
       {{"admin", 403}, {"manager", 200}, {"worker1", 200}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", "/api/v1/export/extract", "",
       {{"admin", 403}, {"manager", 403}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 200}}},
      {"GET", "/api/v1/users", "",
       {{"admin", 200}, {"manager", 403}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", "/api/v1/volunteers", "",
       {{"admin", 200}, {"manager", 200}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"POST", "/api/v1/directory/taxonomies", json{{"name", "Matrix taxonomy"}}.dump(),
       {{"admin", 201}, {"manager", 201}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 403}, {"analyst", 403}}},
      {"GET", "/api/v1/volunteers/me/contacts", "",
       {{"admin", 403}, {"manager", 403}, {"worker1", 403}, {"worker2", 403}, {"volunteer", 200}, {"analyst", 403}}},
  };
  for (const Cell& cell : cells) {
    for (const auto& [user, status] : cell.expect) {
      auto res = cell.method == "GET" ? Get(as[user], cell.path) : Post(as[user], cell.path, cell.body);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, status) << user << " " << cell.method << " " << cell.path << ": " << res->body;
    }
  }
  // The volunteer sees only the contact assigned to them.
  auto theirs = Get(as["volunteer"], ref + "/contacts");
  ASSERT_EQ(theirs->status, 200);
  EXPECT_EQ(json::parse(theirs->body)["contacts"].size(), 1u);
  auto all = Get(as["worker1"], ref + "/contacts");
  EXPECT_EQ(json::parse(all->body)["contacts"].size(), 3u);
  const json all_contacts = json::parse(all->body)["contacts"];
  for (const auto& c : all_contacts) EXPECT_TRUE(c.contains("id"));
}

TEST_F(ApiTest, BadInputGetsItsStatusAndStoresNothing) {
  Login w = LogIn("worker1");
  const int64_t resident = CreateResident(w);
  const int64_t referral = CreateReferral(w, resident);
  const int64_t residents = CountResidents();
  const int64_t contacts = CountContacts(referral);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);

  ExpectError(Post(w, "/api/v1/residents", "{\"name\": \"Half"), 400);
  ExpectError(Post(w, "/api/v1/residents", "[1, 2]"), 400);
  ExpectError(Post(w, "/api/v1/residents", json{{"name", 42}, {"lsoa", "E01008162"}}.dump()), 422, "name");
  ExpectError(Post(w, "/api/v1/residents", json{{"name", "Future Baby"}, {"date_of_birth", "2999-01-01"},
                                                {"lsoa", "E01008162"}}.dump()),
              422, "date_of_birth");
  auto leaky = Post(w, "/api/v1/residents", json{{"name", "X"}, {"postcode", "ZZ99 SECRET"}}.dump());
  ExpectError(leaky, 422, "postcode");
  EXPECT_EQ(leaky->body.find("SECRET"), std::string::npos) << "errors do not echo personal data";
  ExpectError(Post(w, ref + "/contacts", json{{"date", "2025-01-06"}, {"mode", "phone"}, {"minutes", -5}}.dump()),
              422, "minutes");
  ExpectError(Post(w, ref + "/contacts", json{{"date", "2025-01-06"}, {"mode", "phone"}, {"minutes", "ten"}}.dump()),
              422, "minutes");
  ExpectError(Post(w, ref + "/outcomes",
                   json{{"measure", "swemwbs"}, {"timepoint", "baseline"}, {"items", {3, 3, 6, 3, 3, 3, 3}}}.dump()),
              422, "items[2]");
  ExpectError(Post(w, ref + "/outcomes", json{{"measure", "wemwbs"}, {"timepoint", "baseline"}, {"items", {1}}}.dump()),
              422, "measure");
  ExpectError(Get(w, "/api/v1/residents/999999"), 404);
  ExpectError(Get(w, "/api/v1/referrals/999999/contacts"), 404);
  ExpectError(Post(w, "/api/v1/referrals", json{{"resident_id", 999999}, {"source", "gp"}, {"reasons", {"x"}}}.dump()),
              404);
  ExpectError(Get(w, "/api/v1/residents/abc"), 404);
  ExpectError(Get(w, "/api/v1/residents/99999999999999999999"), 404);
  ExpectError(Post(w, "/api/v1/residents", std::string(1100000, ' ')), 413);
  EXPECT_EQ(CountResidents(), residents);
  EXPECT_EQ(CountContacts(referral), contacts);

  // SQL injection strings are stored literally and harm nothing.
  const std::string evil = "Robert'); DROP TABLE residents;--";
  const int64_t id = CreateResident(w, evil);
  auto back = Get(w, "/api/v1/residents/" + std::to_string(id));
  ASSERT_EQ(back->status, 200);
  EXPECT_EQ(json::parse(back->body)["name"], evil);
  EXPECT_EQ(CountResidents(), residents + 1);
}

TEST_F(ApiTest, PathTraversalAndUnknownPathsAre404Json) {
  for (const char* path : {"/oruk/../../etc/passwd", "/oruk/%2e%2e/%2e%2e/etc/passwd", "/static/../link.db",
                           "/link.db", "/api/v1/../../link.db", "/oruk/services/..%2F..%2Flink.db"}) {
    auto res = Client().Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
  }
}

TEST_F(ApiTest, TwentyWrongPasswordsLockTheAccount) {
  auto c = Client();
  int last = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = c.Post("/api/v1/session", json{{"username", "locked"}, {"password", "wrong" + std::to_string(i)}}.dump(),
                      "application/json");
    ASSERT_TRUE(res);
    last = res->status;
    if (i < 19) {
      EXPECT_EQ(res->status, 401) << i;
    }
  }
  EXPECT_EQ(last, 429);
  // Locked out: even the right password is refused, with Retry-After.
  auto right = c.Post("/api/v1/session", json{{"username", "locked"}, {"password", kPassword}}.dump(),
                      "application/json");
  ExpectError(right, 429);
  EXPECT_FALSE(right->get_header_value("Retry-After").empty());
  // Other accounts are unaffected.
  LogIn("worker2");
}

TEST_F(ApiTest, ActivityReportSuppressesSmallCounts) {
  Login m = LogIn("manager");
  auto res = Get(m, "/api/v1/reports/activity?from=2000-01-01&to=2100-01-01");
  ASSERT_EQ(res->status, 200);
  json body = json::parse(res->body);
  EXPECT_EQ(body["suppress_below"], 5);
  auto check = [](const json& count, const std::string& what) {
    if (count.contains("suppressed")) return;
    const int64_t v = count["value"].get<int64_t>();
    EXPECT_TRUE(v == 0 || v >= 5) << what << " = " << v << " should have been suppressed";
  };
  check(body["referrals_received"], "referrals_received");
  check(body["residents_contacted"], "residents_contacted");
  for (const auto& [k, v] : body["referrals_by_source"].items()) check(v, "referrals_by_source." + k);
  EXPECT_TRUE(body["contacts"].is_number_integer());
  ExpectError(Get(m, "/api/v1/reports/activity?from=2025-13-01&to=2026-01-01"), 422, "from");
  ExpectError(Get(m, "/api/v1/reports/activity?from=2025-01-01"), 422, "to");
}

TEST_F(ApiTest, OrukApiFollowsThePublishedSchemasWithCumulativeFilters) {
  auto& ids = *ids_;
  auto c = Client();
  auto get = [&](const std::string& path) {
    auto res = c.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path << " " << res->body;
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*") << path;
    return json::parse(res->body);
  };
  json root = get("/oruk/");
  EXPECT_EQ(root["version"], "3.0");
  EXPECT_NE(root["openapi_url"].get<std::string>().find("/oruk/openapi.json"), std::string::npos);
  EXPECT_EQ(get("/oruk/openapi.json")["openapi"].get<std::string>().substr(0, 2), "3.");

  json all = get("/oruk/services");
  EXPECT_EQ(all["total_items"], 3);
  json paged = get("/oruk/services?per_page=2&page=2");
  EXPECT_EQ(paged["total_pages"], 2);
  EXPECT_EQ(paged["contents"].size(), 1u);
  EXPECT_EQ(paged["last_page"], true);
  EXPECT_EQ(paged["first_page"], false);
  // Filters are cumulative (AND).
  EXPECT_EQ(get("/oruk/services?search=walk")["total_items"], 2);
  EXPECT_EQ(get("/oruk/services?search=walk&minimum_age=30")["total_items"], 1);
  EXPECT_EQ(get("/oruk/services?taxonomy_term_id=" + ids["term_walk"])["total_items"], 2);
  EXPECT_EQ(get("/oruk/services?taxonomy_term_id=" + ids["term_walk"] + "&organization_id=" + ids["org2"])["total_items"],
            0);
  EXPECT_EQ(get("/oruk/services?taxonomy_id=" + ids["tax"])["total_items"], 3);
  EXPECT_EQ(get("/oruk/services?maximum_age=15")["total_items"], 2);  // the youth club and the debt drop-in (no ages)
  // Postcode + proximity, resolved through the directory's own addresses: NE6 1DL is Byker; Sunderland is ~15 km.
  EXPECT_EQ(get("/oruk/services?postcode=NE6%201DL&proximity=2000")["total_items"], 2);
  EXPECT_EQ(get("/oruk/services?postcode=NE6%201DL&proximity=30000")["total_items"], 3);
  EXPECT_EQ(get("/oruk/services?postcode=NE6%201DL&proximity=30000&search=debt")["total_items"], 1);
  json empty = get("/oruk/services?search=nothing-matches-this");
  EXPECT_EQ(empty["empty"], true);
  EXPECT_EQ(empty["total_items"], 0);

  auto missing = c.Get(("/oruk/services/" + link::NewUuidV4(std::array<uint8_t, 16>{})).c_str());
  ASSERT_TRUE(missing);
  ExpectError(missing, 404);
  EXPECT_EQ(missing->get_header_value("Access-Control-Allow-Origin"), "*");

  // Save responses and validate them against the UK-profile schemas.
  const std::string schemas = (test_support::ReferenceDir() / "oruk" / "uk-profile" / "schema").string();
  ASSERT_TRUE(test_support::HaveData(fs::path(schemas) / "compiled" / "service.json"));
  json manifest = json::array();
  int n = 0;
  auto save = [&](const std::string& path, const std::string& schema, bool page) {
    json body = get(path);
    const std::string file = (*dir_ / ("oruk_" + std::to_string(n++) + ".json")).string();
    std::ofstream(file) << body.dump();
    manifest.push_back({{"file", file}, {"schema", schema}, {"page", page}});
  };
  save("/oruk/services", "compiled/service_list.json", true);
  for (const char* s : {"svc_walk", "svc_debt", "svc_kids"}) save("/oruk/services/" + ids[s], "compiled/service.json", false);
  save("/oruk/organizations", "compiled/organization_list.json", true);
  save("/oruk/taxonomies", "taxonomy.json", true);
  save("/oruk/taxonomies/" + ids["tax"], "taxonomy.json", false);
  save("/oruk/taxonomy_terms", "taxonomy_term.json", true);
  save("/oruk/taxonomy_terms/" + ids["term_walk"], "taxonomy_term.json", false);
  save("/oruk/service_at_locations", "compiled/service_at_location_list.json", true);
  const std::string manifest_file = (*dir_ / "manifest.json").string();
  std::ofstream(manifest_file) << manifest.dump();
  json walk = get("/oruk/services/" + ids["svc_walk"]);
  EXPECT_EQ(walk["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "NE6 1DL");
  EXPECT_EQ(walk["attributes"][0]["taxonomy_term"]["name"], "Physical activity");
  EXPECT_EQ(walk["organization"]["name"], "Byker Community Trust");
  EXPECT_FALSE(walk.contains("alert")) << "optional fields are omitted, not null";

  const std::string cmd = "cd " + std::string(NHOOD_SOURCE_DIR) + " && node apps/server/oruk_schema_check.mjs " +
                          manifest_file + " " + schemas;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST_F(ApiTest, OrukNeverShowsResidentData) {
  Login w = LogIn("worker1");
  CreateResident(w, "Zebedee Uniquename");
  for (const char* path : {"/oruk/services", "/oruk/organizations", "/oruk/taxonomies", "/oruk/taxonomy_terms",
                           "/oruk/service_at_locations", "/oruk/services?search=Zebedee"}) {
    auto res = Client().Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body.find("Zebedee"), std::string::npos) << path;
  }
}

// Issue 9 (1): received → contacted → assessed → supported → closed, each
// move stamped with its user and time; a move the workflow forbids is 409
// naming "status", an unknown status 422 naming "to"; SNOMED CT
// 871731000000106 once per episode and 871711000000103 when declined.
TEST_F(ApiTest, ReferralTransitionsAreStampedAndInvalidOnesRefused) {
  Login w = LogIn("worker1");
  const int64_t resident = CreateResident(w);
  const int64_t referral = CreateReferral(w, resident);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  auto move = [&](const std::string& to) { return Post(w, ref + "/transitions", json{{"to", to}}.dump()); };
  ExpectError(move("assessed"), 409, "status");
  ExpectError(move("wizard"), 422, "to");
  ExpectError(Post(w, ref + "/transitions", json{{"to", 3}}.dump()), 422, "to");
  ExpectError(Post(w, "/api/v1/referrals/999999/transitions", json{{"to", "contacted"}}.dump()), 404);
  Login w2 = LogIn("worker2");
  ExpectError(Post(w2, ref + "/transitions", json{{"to", "contacted"}}.dump()), 403);
  for (const char* to : {"contacted", "assessed", "supported", "closed"}) {
    auto res = move(to);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << to << " " << res->body;
    EXPECT_EQ(json::parse(res->body)["to"], to);
  }
  ExpectError(move("contacted"), 409, "status");
  auto shown = Get(w, ref);
  ASSERT_EQ(shown->status, 200) << shown->body;
  json d = json::parse(shown->body);
  EXPECT_EQ(d["status"], "closed");
  ASSERT_EQ(d["transitions"].size(), 4u);
  const std::vector<std::string> order = {"received", "contacted", "assessed", "supported", "closed"};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(d["transitions"][i]["from"], order[i]);
    EXPECT_EQ(d["transitions"][i]["to"], order[i + 1]);
    EXPECT_EQ(d["transitions"][i]["by"], UserId("worker1"));
    EXPECT_TRUE(link::ParseTime(d["transitions"][i]["at"].get<std::string>()).has_value());
  }
  ASSERT_EQ(d["snomed"].size(), 1u);
  EXPECT_EQ(d["snomed"][0]["code"], "871731000000106");
  ExpectError(Get(w2, ref), 403);

  // A declined episode carries both codes, the referral code once.
  const int64_t declined = CreateReferral(w, resident);
  const std::string dref = "/api/v1/referrals/" + std::to_string(declined);
  ASSERT_EQ(Post(w, dref + "/transitions", json{{"to", "declined"}, {"note", "not now"}}.dump())->status, 201);
  json dd = json::parse(Get(w, dref)->body);
  ASSERT_EQ(dd["snomed"].size(), 2u);
  EXPECT_EQ(dd["snomed"][0]["code"], "871731000000106");
  EXPECT_EQ(dd["snomed"][1]["code"], "871711000000103");
  EXPECT_EQ(dd["transitions"][0]["note"], "not now");
}

// Issue 9 (1): a referral not contacted within 14 days (configurable) is
// flagged overdue in the caseload.
TEST_F(ApiTest, CaseloadFlagsOverdueReferralsAfterConfigurableDays) {
  Login w = LogIn("worker2");
  const int64_t resident = CreateResident(w, "Olive Overdue");
  int64_t referral = 0;
  {
    auto store = store::OpenStore(*db_);
    const int64_t me = UserId("worker2");
    auto id = (*store)->AddReferral({.resident_id = resident, .source = link::ReferralSource::kGp,
                                     .reasons = {"isolation"}, .assigned_to = me,
                                     .received_at = Now() - std::chrono::days(20), .received_by = me,
                                     .updated_at = Now()});
    ASSERT_TRUE(id.has_value()) << id.error().message;
    referral = *id;
  }
  auto overdue = [&](const std::string& query) {
    auto res = Get(w, "/api/v1/caseload?limit=1000" + query);
    EXPECT_EQ(res->status, 200) << res->body;
    const json body = json::parse(res->body);
    for (const auto& r : body["residents"]) {
      if (r["id"] == resident) return r["latest_referral"]["overdue"].get<bool>();
    }
    ADD_FAILURE() << "resident not on the caseload: " << res->body;
    return false;
  };
  EXPECT_TRUE(overdue(""));
  EXPECT_FALSE(overdue("&overdue_days=30"));
  EXPECT_TRUE(overdue("&overdue_days=19"));
  ExpectError(Get(w, "/api/v1/caseload?overdue_days=0"), 422, "overdue_days");
  EXPECT_TRUE(json::parse(Get(w, "/api/v1/referrals/" + std::to_string(referral))->body)["overdue"].get<bool>());
  ASSERT_EQ(Post(w, "/api/v1/referrals/" + std::to_string(referral) + "/transitions", json{{"to", "contacted"}}.dump())
                ->status,
            201);
  EXPECT_FALSE(overdue("")) << "a contacted referral is no longer overdue";
}

// Issue 9 (8) / issue 11's acceptance interface: a resident's measures with
// timepoint, items and the converted score (SWEMWBS raw 21 → 19.25 on the
// Rasch metric, Warwick conversion table; MYCaW the mean; ONS4 bands).
TEST_F(ApiTest, ResidentOutcomesListTheConvertedScore) {
  Login w = LogIn("worker1");
  const int64_t resident = CreateResident(w);
  const int64_t referral = CreateReferral(w, resident);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  ASSERT_EQ(Post(w, ref + "/outcomes",
                 json{{"measure", "swemwbs"}, {"timepoint", "baseline"}, {"items", {3, 3, 3, 3, 3, 3, 3}}}.dump())
                ->status,
            201);
  ASSERT_EQ(Post(w, ref + "/outcomes",
                 json{{"measure", "swemwbs"}, {"timepoint", "follow_up"}, {"items", {4, 4, 4, 4, 4, 4, 4}}}.dump())
                ->status,
            201);
  ASSERT_EQ(Post(w, ref + "/outcomes",
                 json{{"measure", "ons4"}, {"timepoint", "baseline"}, {"items", {4, 6, 8, 1}}}.dump())
                ->status,
            201);
  ASSERT_EQ(Post(w, ref + "/outcomes",
                 json{{"measure", "mycaw"}, {"timepoint", "baseline"}, {"items", {5, 3, 4}},
                      {"concerns", {"money", "sleep"}}}.dump())
                ->status,
            201);
  auto res = Get(w, "/api/v1/residents/" + std::to_string(resident) + "/outcomes");
  ASSERT_EQ(res->status, 200) << res->body;
  json list = json::parse(res->body)["outcomes"];
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["measure"], "swemwbs");
  EXPECT_EQ(list[0]["timepoint"], "baseline");
  EXPECT_EQ(list[0]["items"], json({3, 3, 3, 3, 3, 3, 3}));
  EXPECT_EQ(list[0]["raw"], 21);
  EXPECT_DOUBLE_EQ(list[0]["score"].get<double>(), 19.25);
  EXPECT_EQ(list[1]["timepoint"], "follow_up");
  EXPECT_EQ(list[1]["raw"], 28);  // → 25.03
  EXPECT_DOUBLE_EQ(list[1]["score"].get<double>(), 25.03);
  EXPECT_FALSE(list[2].contains("score")) << "ONS4 items stand alone";
  EXPECT_EQ(list[2]["bands"]["life_satisfaction"], "low");
  EXPECT_EQ(list[2]["bands"]["worthwhile"], "medium");
  EXPECT_EQ(list[2]["bands"]["happiness"], "high");
  EXPECT_EQ(list[2]["bands"]["anxiety"], "very_low");
  EXPECT_DOUBLE_EQ(list[3]["score"].get<double>(), 4.0);
  ExpectError(Get(LogIn("worker2"), "/api/v1/residents/" + std::to_string(resident) + "/outcomes"), 403);
  ExpectError(Get(w, "/api/v1/residents/999999/outcomes"), 404);
}

// Issue 9 (2): needs, "what matters to me" goals and onward referrals to
// directory services with their status changes.
TEST_F(ApiTest, NeedsGoalsAndOnwardReferralsToDirectoryServices) {
  Login w = LogIn("worker1");
  const int64_t resident = CreateResident(w);
  const int64_t referral = CreateReferral(w, resident);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  ASSERT_EQ(Post(w, ref + "/needs", json{{"category", "money_debt"}, {"description", "rent arrears"}}.dump())->status,
            201);
  ExpectError(Post(w, ref + "/needs", json{{"category", ""}}.dump()), 422, "category");
  ExpectError(Post(w, ref + "/needs", json{{"category", "x"}, {"identified_on", "2999-01-01"}}.dump()), 422,
              "identified_on");
  json needs = json::parse(Get(w, ref + "/needs")->body)["needs"];
  ASSERT_EQ(needs.size(), 1u);
  EXPECT_EQ(needs[0]["category"], "money_debt");

  auto goal = Post(w, ref + "/goals", json{{"what_matters", "get back to the allotment"}}.dump());
  ASSERT_EQ(goal->status, 201) << goal->body;
  const int64_t goal_id = json::parse(goal->body)["id"];
  ExpectError(Post(w, ref + "/goals", json{{"what_matters", ""}}.dump()), 422, "what_matters");
  ExpectError(Patch(w, ref + "/goals/" + std::to_string(goal_id), json{{"status", "finished"}}.dump()), 422, "status");
  ASSERT_EQ(Patch(w, ref + "/goals/" + std::to_string(goal_id), json{{"status", "achieved"}}.dump())->status, 200);
  ExpectError(Patch(w, ref + "/goals/999999", json{{"status", "achieved"}}.dump()), 404);
  json goals = json::parse(Get(w, ref + "/goals")->body)["goals"];
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_EQ(goals[0]["status"], "achieved");
  EXPECT_EQ(goals[0]["what_matters"], "get back to the allotment");
  EXPECT_TRUE(goals[0].contains("reviewed_on"));

  const std::string service = (*ids_)["svc_debt"];
  ExpectError(Post(w, ref + "/onward_referrals", json{{"service_id", link::NewUuidV4(std::array<uint8_t, 16>{})}}.dump()),
              404, "service_id");
  ExpectError(Post(w, ref + "/onward_referrals", json{{"service_id", "not-a-uuid"}}.dump()), 422, "service_id");
  auto onward = Post(w, ref + "/onward_referrals", json{{"service_id", service}}.dump());
  ASSERT_EQ(onward->status, 201) << onward->body;
  const std::string path = ref + "/onward_referrals/" + std::to_string(json::parse(onward->body)["id"].get<int64_t>());
  ExpectError(Patch(w, path, json{{"status", "attended"}}.dump()), 409, "status");
  auto accepted = Patch(w, path, json{{"status", "accepted"}}.dump());
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  auto attended = Patch(w, path, json{{"status", "attended"}, {"outcome", "debt plan agreed"}}.dump());
  ASSERT_EQ(attended->status, 200) << attended->body;
  ExpectError(Patch(w, path, json{{"status", "sent"}}.dump()), 409, "status");
  json list = json::parse(Get(w, ref + "/onward_referrals")->body)["onward_referrals"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "attended");
  EXPECT_EQ(list[0]["outcome"], "debt plan agreed");
  EXPECT_EQ(list[0]["service_id"], service);

  Login w2 = LogIn("worker2");
  for (const char* sub : {"/needs", "/goals", "/onward_referrals"}) ExpectError(Get(w2, ref + sub), 403);
  ExpectError(Post(w2, ref + "/needs", json{{"category", "x"}}.dump()), 403);
  EXPECT_EQ(json::parse(Get(w, ref + "/needs")->body)["needs"].size(), 1u) << "refusals stored nothing";
}

// Issue 9 (3): consent for storing, GP sharing and evaluation, each recorded
// and withdrawn with its date and who recorded it; the latest record stands.
TEST_F(ApiTest, ConsentIsRecordedAndWithdrawnWithDateAndRecorder) {
  Login w = LogIn("worker1");
  const int64_t resident = CreateResident(w);
  const std::string path = "/api/v1/residents/" + std::to_string(resident) + "/consents";
  ASSERT_EQ(Post(w, path, json{{"kind", "store"}, {"given", true}, {"date", "2025-01-06"}}.dump())->status, 201);
  ASSERT_EQ(Post(w, path, json{{"kind", "share_with_gp"}, {"given", true}, {"date", "2025-01-06"}}.dump())->status, 201);
  ASSERT_EQ(Post(w, path, json{{"kind", "share_with_gp"}, {"given", false}, {"date", "2025-02-01"},
                               {"note", "changed her mind"}}.dump())
                ->status,
            201);
  ExpectError(Post(w, path, json{{"kind", "marketing"}, {"given", true}}.dump()), 422, "kind");
  ExpectError(Post(w, path, json{{"kind", "store"}}.dump()), 422, "given");
  ExpectError(Post(w, path, json{{"kind", "store"}, {"given", true}, {"date", "2999-01-01"}}.dump()), 422, "date");
  auto res = Get(w, path);
  ASSERT_EQ(res->status, 200) << res->body;
  json body = json::parse(res->body);
  ASSERT_EQ(body["consents"].size(), 3u);
  EXPECT_EQ(body["current"]["store"], true);
  EXPECT_EQ(body["current"]["share_with_gp"], false);
  EXPECT_EQ(body["current"]["evaluation"], false);
  EXPECT_EQ(body["consents"][2]["recorded_by"], UserId("worker1"));
  EXPECT_EQ(body["consents"][2]["date"], "2025-02-01");
  ExpectError(Get(LogIn("worker2"), path), 403);
  ExpectError(Post(LogIn("analyst"), path, json{{"kind", "store"}, {"given", true}}.dump()), 403);
}

// Issue 9 (7): erasure on request removes the personal data (nothing of the
// name, date of birth or postcode left in the database's files) and keeps
// the non-identifying counts and the audit of the erasure.
TEST_F(ApiTest, ErasureRemovesPersonalDataFromTheDatabaseAndKeepsCountsAndAudit) {
  Login w = LogIn("worker1");
  const std::string name = "Quentin Erasable-Zyx", dob = "1937-11-23", postcode = "DH9 7XP";
  auto created = Post(w, "/api/v1/residents",
                      json{{"name", name}, {"date_of_birth", dob}, {"sex", "male"}, {"postcode", postcode},
                           {"lsoa", "E01008162"}}.dump());
  ASSERT_EQ(created->status, 201) << created->body;
  const int64_t resident = json::parse(created->body)["id"];
  const int64_t referral = CreateReferral(w, resident);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  ASSERT_EQ(Post(w, ref + "/contacts",
                 json{{"date", "2025-01-06"}, {"mode", "phone"}, {"minutes", 25}, {"notes", "Quentin's dog"}}.dump())
                ->status,
            201);
  const std::string rpath = "/api/v1/residents/" + std::to_string(resident);
  ExpectError(Post(w, rpath + "/erasure", "{}"), 403);  // a link worker may not erase
  Login admin = LogIn("admin");
  auto erased = Post(admin, rpath + "/erasure", "{}");
  ASSERT_EQ(erased->status, 200) << erased->body;
  ExpectError(Post(admin, "/api/v1/residents/999999/erasure", "{}"), 404);

  auto store = store::OpenStore(*db_);
  ASSERT_TRUE(store.has_value());
  auto r = (*store)->GetResident(resident);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->erased);
  EXPECT_EQ(r->name, "");
  EXPECT_FALSE(r->date_of_birth);
  EXPECT_FALSE(r->postcode);
  EXPECT_EQ(r->lsoa, "E01008162") << "the LSOA stays for counts";
  EXPECT_EQ(CountContacts(referral), 1) << "the contact (its minutes) stays";
  EXPECT_TRUE((*store)->FindResidents({.name_contains = "Quentin", .include_erased = true})->empty());
  EXPECT_TRUE((*store)->FindResidents({.postcode = postcode, .include_erased = true})->empty());
  bool audited = false;
  for (const auto& e : Audit("resident", std::to_string(resident))) {
    audited |= e.action == "erase_resident" && e.outcome == link::AuditOutcome::kAllowed && e.username == "admin";
  }
  EXPECT_TRUE(audited) << "the erasure itself is audited";
#ifndef NHOOD_API_TEST_POSTGRES
  // Nothing of it left in the SQLite files: not in freed space, not in the WAL.
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-journal"}) {
    if (fs::exists(*db_ + suffix)) bytes += FileBytes(*db_ + suffix);
  }
  ASSERT_GT(bytes.size(), 0u);
  for (const std::string& secret : {std::string("Quentin"), std::string("Erasable-Zyx"), dob, postcode,
                                    std::string("Quentin's dog")}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " is still in the database file";
  }
#endif
}

// Issue 9 (9): the pseudonymised evaluation extract — only residents with
// consent (c), keyed by HMAC-SHA256 of their id under the deployment secret
// (checked against OpenSSL's HMAC), with no name, date of birth or
// postcode; the analyst's alone; the API and the CLI give the same rows.
TEST_F(ApiTest, EvaluationExtractHasOnlyConsentedResidentsKeyedByHmac) {
  Login w = LogIn("worker1");
  auto resident = [&](const std::string& name, const std::string& dob, const std::string& postcode) {
    auto res = Post(w, "/api/v1/residents",
                    json{{"name", name}, {"date_of_birth", dob}, {"sex", "female"}, {"postcode", postcode},
                         {"lsoa", "E01008162"}, {"ethnicity", "white_british"}}.dump());
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body).value("id", int64_t{0});
  };
  auto consent = [&](int64_t id, bool given) {
    ASSERT_EQ(Post(w, "/api/v1/residents/" + std::to_string(id) + "/consents",
                   json{{"kind", "evaluation"}, {"given", given}}.dump())
                  ->status,
              201);
  };
  // Born on 1 January seventy years ago: 69 or 70 whenever the test runs.
  const int born = static_cast<int>(link::DateOf(Now()).year()) - 70;
  const std::string dob = std::to_string(born) + "-01-01";
  const int64_t yes = resident("Xanthe Extractable", dob, "TS1 2AA");
  const int64_t no = resident("Yolanda Private", "1962-03-14", "TS1 2AB");
  const int64_t withdrawn = resident("Zara Withdrawn", "1963-03-14", "TS1 2AD");
  consent(yes, true);
  consent(withdrawn, true);
  consent(withdrawn, false);
  const int64_t referral = CreateReferral(w, yes);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  ASSERT_EQ(Post(w, ref + "/outcomes",
                 json{{"measure", "swemwbs"}, {"timepoint", "baseline"}, {"items", {3, 3, 3, 3, 3, 3, 3}}}.dump())
                ->status,
            201);
  ASSERT_EQ(Post(w, ref + "/outcomes",
                 json{{"measure", "swemwbs"}, {"timepoint", "follow_up"}, {"items", {4, 4, 4, 4, 4, 4, 4}}}.dump())
                ->status,
            201);

  ExpectError(Get(w, "/api/v1/export/extract"), 403);
  ExpectError(Get(LogIn("admin"), "/api/v1/export/extract"), 403);
  auto res = Get(LogIn("analyst"), "/api/v1/export/extract");
  ASSERT_EQ(res->status, 200) << res->body;
  for (const std::string& secret : {std::string("Xanthe"), std::string("Extractable"), dob, std::string("TS1 2AA"),
                                    std::string("Yolanda"), std::string("Zara")}) {
    EXPECT_EQ(res->body.find(secret), std::string::npos) << secret;
  }
  json body = json::parse(res->body);
  std::map<std::string, json> by_key;
  for (const auto& row : body["rows"]) {
    EXPECT_EQ(row["key"].get<std::string>().size(), 64u);
    EXPECT_FALSE(row.contains("name") || row.contains("date_of_birth") || row.contains("postcode"));
    by_key[row["key"].get<std::string>()] = row;
  }
  const std::string key = OpensslHmac(kSecret, std::to_string(yes));
  ASSERT_EQ(by_key.count(key), 1u) << "the consented resident, keyed by HMAC-SHA256(secret, id)";
  EXPECT_EQ(by_key.count(OpensslHmac(kSecret, std::to_string(no))), 0u) << "no consent, no row";
  EXPECT_EQ(by_key.count(OpensslHmac(kSecret, std::to_string(withdrawn))), 0u) << "withdrawn consent, no row";
  const json& row = by_key[key];
  EXPECT_EQ(row["lsoa"], "E01008162");
  EXPECT_EQ(row["sex"], "female");
  EXPECT_EQ(row["ethnicity"], "white_british");
  EXPECT_EQ(row["referral_source"], "gp");
  EXPECT_EQ(row["age_band"], "65-74");
  EXPECT_DOUBLE_EQ(row["swemwbs_baseline"].get<double>(), 19.25);
  EXPECT_DOUBLE_EQ(row["swemwbs_follow_up"].get<double>(), 25.03);
  EXPECT_FALSE(row.contains("ons4_anxiety_baseline"));

  // The CLI shares the implementation: the same key, and refusal for a non-analyst with no file written.
  const std::string out = (*dir_ / "extract.csv").string(), refused = (*dir_ / "refused.csv").string();
  const std::string secret_file = (*dir_ / "secret").string();
  EXPECT_EQ(RunNhood("link export extract --db " + *db_ + " --as analyst --secret-file " + secret_file + " -o " + out, ""),
            0);
  const std::string csv = FileBytes(out);
  EXPECT_NE(csv.find(key), std::string::npos);
  EXPECT_EQ(csv.find("Xanthe"), std::string::npos);
  EXPECT_EQ(RunNhood("link export extract --db " + *db_ + " --as worker1 --secret-file " + secret_file + " -o " +
                         refused,
                     ""),
            1);
  EXPECT_FALSE(fs::exists(refused));
  EXPECT_EQ(RunNhood("link export extract --db " + *db_ + " --as analyst -o " + refused, ""), 2) << "usage error";
}

// Issue 9 (9): the PRSB message back to the GP, with its SNOMED codes, only
// with consent (b) (409 without it, audited), only for the resident's
// worker (403 otherwise); the CLI gives the same message.
TEST_F(ApiTest, GpMessageNeedsConsentToShareAndCarriesSnomedCodes) {
  Login w = LogIn("worker1");
  const int64_t resident = CreateResident(w);
  const int64_t referral = CreateReferral(w, resident);
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  ASSERT_EQ(Post(w, ref + "/needs", json{{"category", "loneliness"}}.dump())->status, 201);
  ASSERT_EQ(Post(w, ref + "/onward_referrals", json{{"service_id", (*ids_)["svc_walk"]}}.dump())->status, 201);
  ExpectError(Get(w, ref + "/gp_message"), 409);
  bool refused = false;
  for (const auto& e : Audit("referral", std::to_string(referral))) {
    refused |= e.action == "send_gp_message" && e.outcome == link::AuditOutcome::kRefused;
  }
  EXPECT_TRUE(refused) << "the refusal for want of consent is audited";
  ASSERT_EQ(Post(w, "/api/v1/residents/" + std::to_string(resident) + "/consents",
                 json{{"kind", "share_with_gp"}, {"given", true}}.dump())
                ->status,
            201);
  auto res = Get(w, ref + "/gp_message");
  ASSERT_EQ(res->status, 200) << res->body;
  json m = json::parse(res->body);
  EXPECT_EQ(m["person"]["name"], "Ann Example");
  EXPECT_EQ(m["referral"]["id"], referral);
  ASSERT_EQ(m["coded_entries"].size(), 1u);
  EXPECT_EQ(m["coded_entries"][0]["code"], "871731000000106");
  EXPECT_EQ(m["coded_entries"][0]["system"], "http://snomed.info/sct");
  EXPECT_EQ(m["needs_and_concerns"][0]["category"], "loneliness");
  EXPECT_EQ(m["support_offered"][0]["service_name"], "Walking group");
  EXPECT_EQ(m["support_offered"][0]["organisation"], "Byker Community Trust");
  ExpectError(Get(LogIn("worker2"), ref + "/gp_message"), 403);
  ExpectError(Get(LogIn("analyst"), ref + "/gp_message"), 403);
  ASSERT_EQ(Post(w, ref + "/transitions", json{{"to", "declined"}}.dump())->status, 201);
  json declined = json::parse(Get(w, ref + "/gp_message")->body);
  ASSERT_EQ(declined["coded_entries"].size(), 2u);
  EXPECT_EQ(declined["coded_entries"][1]["code"], "871711000000103");

  const std::string out = (*dir_ / "gp.json").string();
  EXPECT_EQ(RunNhood("link export gp-message --db " + *db_ + " --as worker1 --referral " + std::to_string(referral) +
                         " -o " + out,
                     ""),
            0);
  json file = json::parse(FileBytes(out));
  EXPECT_EQ(file["coded_entries"], declined["coded_entries"]);
  EXPECT_EQ(RunNhood("link export gp-message --db " + *db_ + " --as worker2 --referral " + std::to_string(referral) +
                         " -o " + (*dir_ / "no.json").string(),
                     ""),
            1);
  EXPECT_FALSE(fs::exists(*dir_ / "no.json"));
  EXPECT_EQ(RunNhood("link export gp-message --db " + *db_ + " --as worker1 --referral 1 -o x.txt", ""), 2);
}

// Issue 9 (6): an admin lists, creates, re-roles and deactivates users;
// anyone changes their own password (the current one checked); nobody else
// manages users; password hashes never leave the server.
TEST_F(ApiTest, AdminManagesUsersAndAnyoneChangesTheirOwnPassword) {
  Login admin = LogIn("admin");
  auto created = Post(admin, "/api/v1/users",
                      json{{"username", "newbie"}, {"role", "link_worker"}, {"password", kPassword}}.dump());
  ASSERT_EQ(created->status, 201) << created->body;
  const int64_t id = json::parse(created->body)["id"];
  ExpectError(Post(admin, "/api/v1/users", json{{"username", "newbie"}, {"role", "link_worker"},
                                                {"password", kPassword}}.dump()),
              409);
  ExpectError(Post(admin, "/api/v1/users", json{{"username", "x2"}, {"role", "wizard"}, {"password", kPassword}}.dump()),
              422, "role");
  ExpectError(Post(admin, "/api/v1/users", json{{"username", "x3"}, {"role", "analyst"}, {"password", "short"}}.dump()),
              422, "password");
  ExpectError(Post(admin, "/api/v1/users", json{{"username", "Bad Name!"}, {"role", "analyst"},
                                                {"password", kPassword}}.dump()),
              422, "username");
  auto list = Get(admin, "/api/v1/users");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(list->body.find("argon2"), std::string::npos) << "no password hash in the reply";
  EXPECT_EQ(list->body.find("password"), std::string::npos);
  bool listed = false;
  const json users = json::parse(list->body)["users"];
  for (const auto& u : users) listed |= u["username"] == "newbie";
  EXPECT_TRUE(listed);
  for (const char* who : {"manager", "worker1", "volunteer", "analyst"}) {
    ExpectError(Get(LogIn(who), "/api/v1/users"), 403);
    ExpectError(Post(LogIn(who), "/api/v1/users",
                     json{{"username", std::string("by_") + who}, {"role", "admin"}, {"password", kPassword}}.dump()),
                403);
  }

  Login newbie = LogIn("newbie");
  EXPECT_EQ(Get(newbie, "/api/v1/caseload")->status, 200);
  const std::string path = "/api/v1/users/" + std::to_string(id);
  auto promoted = Patch(admin, path, json{{"role", "analyst"}}.dump());
  ASSERT_EQ(promoted->status, 200) << promoted->body;
  EXPECT_EQ(json::parse(promoted->body)["role"], "analyst");
  ExpectError(Get(newbie, "/api/v1/caseload"), 403);  // the new role applies at once
  ExpectError(Patch(admin, path, json{{"role", "pope"}}.dump()), 422, "role");
  ExpectError(Patch(admin, "/api/v1/users/999999", json{{"active", false}}.dump()), 404);
  ExpectError(Patch(admin, "/api/v1/users/" + std::to_string(UserId("admin")), json{{"active", false}}.dump()), 409);

  // Own password: the current one is checked, the new one must be long enough.
  const std::string mine = "/api/v1/users/me/password";
  ExpectError(Post(newbie, mine, json{{"current_password", "wrong"}, {"new_password", "another long one"}}.dump()),
              403, "current_password");
  ExpectError(Post(newbie, mine, json{{"current_password", kPassword}, {"new_password", "short"}}.dump()), 422,
              "new_password");
  ExpectError(Post(newbie, mine, json{{"current_password", kPassword}, {"new_password", "another long one"}}.dump(),
                   /*csrf=*/false),
              403);
  auto changed = Post(newbie, mine, json{{"current_password", kPassword}, {"new_password", "another long one"}}.dump());
  ASSERT_EQ(changed->status, 200) << changed->body;
  ExpectError(Client().Post("/api/v1/session", json{{"username", "newbie"}, {"password", kPassword}}.dump(),
                            "application/json"),
              401);
  Login again = LogIn("newbie", "another long one");
  EXPECT_FALSE(again.csrf.empty());

  // Deactivation ends the sessions and refuses logins.
  ASSERT_EQ(Patch(admin, path, json{{"active", false}}.dump())->status, 200);
  ExpectError(Get(again, "/api/v1/reports/activity?from=2025-01-01&to=2026-01-01"), 401);
  ExpectError(Client().Post("/api/v1/session", json{{"username", "newbie"}, {"password", "another long one"}}.dump(),
                            "application/json"),
              401);
  bool audited = false;
  for (const auto& e : Audit("user", std::to_string(id))) audited |= e.action == "manage_users" && e.username == "admin";
  EXPECT_TRUE(audited);
}

// Issue 9 (5): directory writes in the ORUK shapes, managers and admins
// only, and what they write shows in /oruk/ at once.
TEST_F(ApiTest, DirectoryWritesByManagersShowInTheOrukApi) {
  Login m = LogIn("manager");
  auto org = Post(m, "/api/v1/directory/organizations",
                  json{{"name", "Heaton Men's Shed"}, {"description", "Woodwork and company"}}.dump());
  ASSERT_EQ(org->status, 201) << org->body;
  const std::string org_id = json::parse(org->body)["id"];
  EXPECT_TRUE(link::IsUuid(org_id));
  auto term = Post(m, "/api/v1/directory/taxonomy_terms",
                   json{{"name", "Men's sheds"}, {"description", "Practical groups"}, {"taxonomy_id", (*ids_)["tax"]}}
                       .dump());
  ASSERT_EQ(term->status, 201) << term->body;
  const std::string term_id = json::parse(term->body)["id"];
  auto loc = Post(m, "/api/v1/directory/locations",
                  json{{"name", "The shed"}, {"latitude", 54.985}, {"longitude", -1.57},
                       {"addresses", {{{"address_1", "3 Chillingham Road"}, {"city", "Newcastle upon Tyne"},
                                       {"state_province", "Tyne and Wear"}, {"postal_code", "NE6 5XX"}}}}}
                      .dump());
  ASSERT_EQ(loc->status, 201) << loc->body;
  const std::string loc_id = json::parse(loc->body)["id"];
  json service = {{"name", "Shed sessions"},
                  {"description", "Tuesday woodwork"},
                  {"organization_id", org_id},
                  {"minimum_age", 18},
                  {"service_at_locations", {{{"location_id", loc_id}}}},
                  {"attributes", {{{"taxonomy_term_id", term_id}}}}};
  auto svc = Post(m, "/api/v1/directory/services", service.dump());
  ASSERT_EQ(svc->status, 201) << svc->body;
  const std::string svc_id = json::parse(svc->body)["id"];

  auto c = Client();
  auto shown = c.Get(("/oruk/services/" + svc_id).c_str());
  ASSERT_EQ(shown->status, 200) << shown->body;
  json s = json::parse(shown->body);
  EXPECT_EQ(s["name"], "Shed sessions");
  EXPECT_EQ(s["organization"]["name"], "Heaton Men's Shed");
  EXPECT_EQ(s["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "NE6 5XX");
  EXPECT_EQ(s["attributes"][0]["taxonomy_term"]["name"], "Men's sheds");
  EXPECT_FALSE(s["last_modified"].get<std::string>().empty());
  EXPECT_EQ(json::parse(c.Get(("/oruk/services?taxonomy_term_id=" + term_id).c_str())->body)["total_items"], 1);

  // Bad input: 422 naming the field, references that do not exist 409, nothing stored.
  ExpectError(Post(m, "/api/v1/directory/services", json{{"name", "Bad ages"}, {"minimum_age", 40}, {"maximum_age", 20}}
                                                        .dump()),
              422, "minimum_age");
  ExpectError(Post(m, "/api/v1/directory/services", json{{"name", 7}}.dump()), 422, "name");
  ExpectError(Post(m, "/api/v1/directory/services",
                   json{{"name", "Nowhere"}, {"service_at_locations", {{{"location_id", link::NewUuidV4(std::array<uint8_t, 16>{})}}}}}
                       .dump()),
              409);
  ExpectError(Post(m, "/api/v1/directory/locations", json{{"latitude", 123}, {"longitude", 0}}.dump()), 422, "latitude");
  EXPECT_EQ(json::parse(c.Get("/oruk/services?search=Nowhere")->body)["total_items"], 0);
  // A yes/no parameter is true/false or 1/0; anything else is refused, not read as false.
  ExpectError(c.Get("/oruk/taxonomy_terms?top_only=yes"), 422, "top_only");
  EXPECT_EQ(c.Get("/oruk/taxonomy_terms?top_only=1")->status, 200);

  for (const char* who : {"worker1", "volunteer", "analyst"}) {
    ExpectError(Post(LogIn(who), "/api/v1/directory/organizations", json{{"name", "Refused"}}.dump()), 403);
  }
  EXPECT_EQ(Post(LogIn("admin"), "/api/v1/directory/taxonomies", json{{"name", "Admin taxonomy"}}.dump())->status, 201);

  auto removed = c.Delete(("/api/v1/directory/services/" + svc_id).c_str(),
                          {{"Cookie", m.cookie}, {"X-CSRF-Token", m.csrf}});
  ASSERT_EQ(removed->status, 204);
  ExpectError(c.Get(("/oruk/services/" + svc_id).c_str()), 404);
}

// Issue 9 (4): volunteers and their hours; a volunteer logs and sees only
// their own hours and only the contacts assigned to them.
TEST_F(ApiTest, VolunteersLogTheirOwnHoursAndSeeOnlyTheirContacts) {
  Login m = LogIn("manager");
  auto created = Post(m, "/api/v1/volunteers", json{{"name", "Vera Helper"}, {"started_on", "2024-05-01"}}.dump());
  ASSERT_EQ(created->status, 201) << created->body;
  const int64_t other = json::parse(created->body)["id"];
  ExpectError(Post(m, "/api/v1/volunteers", json{{"name", "Not A Volunteer"}, {"user_id", UserId("worker1")}}.dump()),
              422, "user_id");
  // The volunteer user's own record (the matrix test may have made it already).
  int64_t mine = 0;
  {
    auto store = store::OpenStore(*db_);
    auto v = (*store)->FindVolunteerByUser(UserId("volunteer"));
    if (v) {
      mine = v->id;
    } else {
      auto add = Post(m, "/api/v1/volunteers", json{{"name", "Val"}, {"user_id", UserId("volunteer")}}.dump());
      ASSERT_EQ(add->status, 201) << add->body;
      mine = json::parse(add->body)["id"];
    }
  }
  Login v = LogIn("volunteer");
  const std::string my_hours = "/api/v1/volunteers/" + std::to_string(mine) + "/hours";
  const std::string other_hours = "/api/v1/volunteers/" + std::to_string(other) + "/hours";
  ASSERT_EQ(Post(v, my_hours, json{{"hours", 2.5}, {"activity", "drop-in"}, {"date", "2025-03-03"}}.dump())->status, 201);
  ExpectError(Post(v, other_hours, json{{"hours", 1}}.dump()), 403);
  ExpectError(Post(v, my_hours, json{{"hours", 25}}.dump()), 422, "hours");
  ExpectError(Post(v, my_hours, json{{"hours", "two"}}.dump()), 422, "hours");
  ASSERT_EQ(Post(m, other_hours, json{{"hours", 3}}.dump())->status, 201);
  auto seen = Get(v, my_hours);
  ASSERT_EQ(seen->status, 200);
  EXPECT_GE(json::parse(seen->body)["total_hours"].get<double>(), 2.5);
  ExpectError(Get(v, other_hours), 403);
  EXPECT_DOUBLE_EQ(json::parse(Get(m, other_hours)->body)["total_hours"].get<double>(), 3.0);
  ExpectError(Get(v, "/api/v1/volunteers"), 403);
  ExpectError(Get(LogIn("worker1"), "/api/v1/volunteers"), 403);
  auto renamed = Patch(m, "/api/v1/volunteers/" + std::to_string(other), json{{"active", false}}.dump());
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  EXPECT_EQ(json::parse(renamed->body)["active"], false);

  // Contacts: one assigned to the volunteer, one not; the volunteer sees only theirs.
  Login w = LogIn("worker1");
  const int64_t referral = CreateReferral(w, CreateResident(w));
  const std::string ref = "/api/v1/referrals/" + std::to_string(referral);
  ASSERT_EQ(Post(w, ref + "/contacts", json{{"date", "2025-03-03"}, {"mode", "phone"}, {"minutes", 10}}.dump())->status,
            201);
  ASSERT_EQ(Post(w, ref + "/contacts",
                 json{{"date", "2025-03-04"}, {"mode", "phone"}, {"minutes", 15}, {"volunteer_id", mine}}.dump())
                ->status,
            201);
  json theirs = json::parse(Get(v, ref + "/contacts")->body)["contacts"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["minutes"], 15);
  auto all_mine = Get(v, "/api/v1/volunteers/me/contacts");
  ASSERT_EQ(all_mine->status, 200) << all_mine->body;
  const json contacts = json::parse(all_mine->body)["contacts"];
  EXPECT_GE(contacts.size(), 1u);
  for (const auto& c : contacts) EXPECT_EQ(c["volunteer_id"], mine);
  ExpectError(Get(w, "/api/v1/volunteers/me/contacts"), 403);
}

// PATCH /api/v1/volunteers/{id} changes and unlinks the linked login by the
// rule of POST (a volunteer user, not linked to another record); the role
// check comes first, so a refused role gets 403 for a known and an unknown
// id alike.
TEST_F(ApiTest, VolunteerLoginIsChangedByPatchAndRefusedRolesGet403ForAnyId) {
  Login m = LogIn("manager");
  auto created = Post(m, "/api/v1/volunteers", json{{"name", "Patch Person"}}.dump());
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string path = "/api/v1/volunteers/" + std::to_string(json::parse(created->body)["id"].get<int64_t>());
  const std::string unknown = "/api/v1/volunteers/987654321";
  for (const char* who : {"worker1", "volunteer", "analyst"}) {
    Login l = LogIn(who);
    ExpectError(Patch(l, path, json{{"name", "Renamed"}}.dump()), 403);
    ExpectError(Patch(l, unknown, json{{"name", "Renamed"}}.dump()), 403);
  }
  ExpectError(Patch(m, unknown, json{{"name", "Renamed"}}.dump()), 404);
  auto volunteer_login = [&]() -> std::optional<int64_t> {
    auto store = store::OpenStore(*db_);
    auto all = (*store)->ListVolunteers();
    for (const auto& v : *all) {
      if (v.name == "Patch Person") return v.user_id;
    }
    ADD_FAILURE() << "Patch Person not found";
    return std::nullopt;
  };

  // Refused at user_id, nothing stored: not a volunteer, no such user, the
  // wrong type, and a login already linked to another record (409).
  ExpectError(Patch(m, path, json{{"name", "Renamed"}, {"user_id", UserId("worker1")}}.dump()), 422, "user_id");
  ExpectError(Patch(m, path, json{{"user_id", 987654321}}.dump()), 404, "user_id");
  ExpectError(Patch(m, path, json{{"user_id", "worker1"}}.dump()), 422, "user_id");
  {
    auto store = store::OpenStore(*db_);
    if (!(*store)->FindVolunteerByUser(UserId("volunteer"))) {
      ASSERT_TRUE((*store)->AddVolunteer({.user_id = UserId("volunteer"), .name = "Val"}).has_value());
    }
  }
  ExpectError(Patch(m, path, json{{"user_id", UserId("volunteer")}}.dump()), 409, "user_id");
  EXPECT_FALSE(volunteer_login().has_value());

  // A free volunteer login links (the other fields kept); null unlinks.
  auto made = Post(LogIn("admin"), "/api/v1/users",
                   json{{"username", "patchvol"}, {"role", "volunteer"}, {"password", "long-enough-1"}}.dump());
  ASSERT_EQ(made->status, 201) << made->body;
  const int64_t patchvol = json::parse(made->body)["id"];
  auto linked = Patch(m, path, json{{"user_id", patchvol}}.dump());
  ASSERT_EQ(linked->status, 200) << linked->body;
  EXPECT_EQ(json::parse(linked->body)["user_id"], patchvol);
  EXPECT_EQ(json::parse(linked->body)["name"], "Patch Person");
  EXPECT_EQ(volunteer_login(), patchvol);
  auto renamed = Patch(m, path, json{{"name", "Patch Person"}, {"active", true}}.dump());
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  EXPECT_EQ(volunteer_login(), patchvol) << "absent user_id keeps the login";
  auto unlinked = Patch(m, path, json{{"user_id", nullptr}}.dump());
  ASSERT_EQ(unlinked->status, 200) << unlinked->body;
  EXPECT_TRUE(json::parse(unlinked->body).value("user_id", json()).is_null()) << unlinked->body;
  EXPECT_FALSE(volunteer_login().has_value());
}

// Issue 9 (10): importing an ORUK feed — the JSON /oruk/ serves, from a
// file — per record (rejected ones reported with why) or all-or-nothing.
TEST_F(ApiTest, ImportsAnOrukFeedReportingRejectedRecords) {
  auto c = Client();
  auto uuid = [](uint8_t n) {
    std::array<uint8_t, 16> b{};
    b.fill(n);
    return link::NewUuidV4(b);
  };
  const std::string org = uuid(201), svc = uuid(202), loc = uuid(203), term = uuid(204);
  json good = {{"id", svc},
               {"name", "Imported singing group"},
               {"description", "Sing for your lungs"},
               {"status", "active"},
               {"organization", {{"id", org}, {"name", "Imported Choirs CIC"}, {"description", "Community choirs"}}},
               {"service_at_locations",
                {{{"id", uuid(205)},
                  {"location_id", loc},
                  {"location", {{"id", loc}, {"location_type", "physical"}, {"name", "Church hall"},
                                {"latitude", 54.97}, {"longitude", -1.60},
                                {"addresses", {{{"id", uuid(206)}, {"address_1", "1 Choir Lane"}, {"city", "Newcastle"},
                                                {"state_province", "Tyne and Wear"}, {"postal_code", "NE1 1AA"},
                                                {"country", "GB"}, {"address_type", "physical"}}}}}}}}},
               {"attributes", {{{"id", uuid(207)}, {"taxonomy_term_id", term},
                                {"taxonomy_term", {{"id", term}, {"name", "Singing"}, {"description", "Choirs"}}}}}}};
  json wrong_type = {{"id", uuid(208)}, {"name", "Bad ages"}, {"minimum_age", "ten"}};
  json unknown_org = {{"id", uuid(209)}, {"name", "Orphan"}, {"organization_id", uuid(210)}};
  const std::string feed = (*dir_ / "feed.json").string();
  std::ofstream(feed) << json{{"contents", {good, wrong_type, unknown_org}}}.dump();
  std::string out;
  // All or nothing: two bad records, so nothing is written.
  EXPECT_EQ(RunNhoodCapture("link import oruk --db " + *db_ + " --as manager --all-or-nothing " + feed, &out), 1) << out;
  EXPECT_NE(out.find("nothing imported"), std::string::npos) << out;
  EXPECT_EQ(c.Get(("/oruk/services/" + svc).c_str())->status, 404);
  // Per record: the good one lands, the others are reported with why.
  EXPECT_EQ(RunNhoodCapture("link import oruk --db " + *db_ + " --as manager " + feed, &out), 1) << out;
  EXPECT_NE(out.find("services[1] rejected, field minimum_age"), std::string::npos) << out;
  EXPECT_NE(out.find("services[2] rejected"), std::string::npos) << out;
  EXPECT_NE(out.find("1 services; 2 rejected"), std::string::npos) << out;
  auto shown = c.Get(("/oruk/services/" + svc).c_str());
  ASSERT_EQ(shown->status, 200);
  json s = json::parse(shown->body);
  EXPECT_EQ(s["organization"]["name"], "Imported Choirs CIC");
  EXPECT_EQ(s["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "NE1 1AA");
  EXPECT_EQ(s["attributes"][0]["taxonomy_term"]["name"], "Singing");
  EXPECT_EQ(c.Get(("/oruk/services/" + uuid(209)).c_str())->status, 404);
  // Only managers and admins import; bad files are errors.
  EXPECT_EQ(RunNhoodCapture("link import oruk --db " + *db_ + " --as worker1 " + feed, &out), 1);
  EXPECT_NE(out.find("import_directory"), std::string::npos) << out;
  const std::string junk = (*dir_ / "junk.json").string();
  std::ofstream(junk) << "{not json";
  EXPECT_EQ(RunNhoodCapture("link import oruk --db " + *db_ + " --as manager " + junk, &out), 1);
  EXPECT_NE(out.find("not valid JSON"), std::string::npos) << out;
  EXPECT_EQ(RunNhoodCapture("link import oruk --db " + *db_ + " --as manager", &out), 2) << "usage: FILE is required";

  // Round trip: what /oruk/services/{id} serves imports into a fresh store unchanged.
  const std::string served = (*dir_ / "served.json").string();
  std::ofstream(served) << c.Get(("/oruk/services/" + (*ids_)["svc_walk"]).c_str())->body;
#ifdef NHOOD_API_TEST_POSTGRES
  auto fresh_uri = store::testing::PostgresTestServer::Shared().CreateDatabase();
  ASSERT_TRUE(fresh_uri.has_value());
  const std::string fresh = *fresh_uri;
#else
  const std::string fresh = (*dir_ / "fresh.db").string();
#endif
  ASSERT_EQ(RunNhood("link init --db " + fresh, ""), 0);
  ASSERT_EQ(RunNhood("link user add --db " + fresh + " --username boss --role manager --password-stdin", kPassword), 0);
  EXPECT_EQ(RunNhoodCapture("link import oruk --db " + fresh + " --as boss " + served, &out), 0) << out;
  auto copy = store::OpenStore(fresh);
  ASSERT_TRUE(copy.has_value());
  auto walk = (*copy)->GetService((*ids_)["svc_walk"]);
  ASSERT_TRUE(walk.has_value()) << walk.error().message;
  EXPECT_EQ(walk->name, "Walking group");
  EXPECT_EQ(walk->minimum_age, 18);
  ASSERT_EQ(walk->schedules.size(), 1u);
  EXPECT_EQ(walk->schedules[0].byday, "TU");
  EXPECT_EQ((*copy)->GetLocation((*ids_)["loc_ne1"])->addresses.at(0).postal_code, "NE6 1DL");
}

// Issue 9 (10): a sheet of services, read through io (CSV here), rows
// rejected naming row and column, the rest imported; importing it again
// replaces the same records (ids derived from names).
TEST_F(ApiTest, ImportsAServicesSheetRejectingBadRowsByRowAndColumn) {
  const std::string sheet = (*dir_ / "services.csv").string();
  std::ofstream(sheet) << "name,organization,description,minimum_age,taxonomy_terms,address_1,city,county,postcode,"
                          "latitude,longitude\n"
                          "Knit and natter,\"Walker Wool, Ltd\",Weekly knitting,18,Crafts; Company,2 Welbeck Road,"
                          "Newcastle,Tyne and Wear,NE6 2HX,54.97,-1.55\n"
                          "Bad age group,Walker Wool,Ages wrong,abc,,,,,,,\n"
                          ",No Name Org,Missing a name,,,,,,,,\n"
                          "No county,Walker Wool,Address without county,,,3 Welbeck Road,Newcastle,,NE6 2HX,,\n";
  std::string out;
  EXPECT_EQ(RunNhoodCapture("link import services-csv --db " + *db_ + " --as manager " + sheet, &out), 1) << out;
  EXPECT_NE(out.find("row 2 (line 3), column 'minimum_age'"), std::string::npos) << out;
  EXPECT_NE(out.find("row 3 rejected, field name"), std::string::npos) << out;
  EXPECT_NE(out.find("row 4 rejected, field county"), std::string::npos) << out;
  auto c = Client();
  json found = json::parse(c.Get("/oruk/services?search=Knit%20and%20natter")->body);
  ASSERT_EQ(found["total_items"], 1) << found.dump();
  const std::string id = found["contents"][0]["id"];
  json s = json::parse(c.Get(("/oruk/services/" + id).c_str())->body);
  EXPECT_EQ(s["organization"]["name"], "Walker Wool, Ltd");
  EXPECT_EQ(s["attributes"].size(), 2u);
  EXPECT_EQ(s["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "NE6 2HX");
  EXPECT_EQ(json::parse(c.Get("/oruk/services?search=Bad%20age")->body)["total_items"], 0);
  EXPECT_EQ(RunNhoodCapture("link import services-csv --db " + *db_ + " --as manager " + sheet, &out), 1) << out;
  EXPECT_EQ(json::parse(c.Get("/oruk/services?search=Knit%20and%20natter")->body)["total_items"], 1)
      << "a second import replaces, never duplicates";
  const std::string no_columns = (*dir_ / "nocols.csv").string();
  std::ofstream(no_columns) << "title,provider\nx,y\n";
  EXPECT_EQ(RunNhoodCapture("link import services-csv --db " + *db_ + " --as manager " + no_columns, &out), 1);
  EXPECT_NE(out.find("name"), std::string::npos) << out;
}

#ifndef NHOOD_API_TEST_POSTGRES
// `nhood link demo`: the sizes the issue asks for, the same records for the
// same seed (only the password hashes' random salts differ), others for another.
TEST(LinkDemo, SeedsADeterministicServiceOfTheRightSize) {
  const fs::path postcodes = test_support::DataDir() / "postcodes" / "north_east_live_postcodes.csv.gz";
  ASSERT_TRUE(test_support::HaveData(postcodes));
  const fs::path dir = fs::temp_directory_path() / ("nhood_demo_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto seed = [&](const std::string& name, int s) {
    const std::string db = (dir / name).string();
    EXPECT_EQ(RunNhood("link demo --db " + db + " --seed " + std::to_string(s) + " --postcodes " + postcodes.string(),
                       ""),
              0);
    return db;
  };
  struct Snapshot {
    int64_t organisations = 0, services = 0, users = 0;
    std::vector<std::string> residents;  // name|lsoa|postcode
    std::vector<std::string> contacts;   // date|minutes
  };
  auto snapshot = [](const std::string& db) {
    Snapshot snap;
    auto store = store::OpenStore(db);
    EXPECT_TRUE(store.has_value());
    snap.organisations = (*store)->ListOrganizations(1, 1000)->total_items;
    snap.services = (*store)->ListServices({.per_page = 1000})->total_items;
    snap.users = static_cast<int64_t>((*store)->ListUsers()->size());
    auto residents = (*store)->FindResidents({.limit = 100000});
    auto contacts = (*store)->ListContacts({.limit = 100000});
    EXPECT_TRUE(residents.has_value() && contacts.has_value());
    if (!residents || !contacts) return snap;
    for (const auto& r : *residents) {
      snap.residents.push_back(r.name + "|" + r.lsoa.value_or("") + "|" + r.postcode.value_or(""));
    }
    for (const auto& c : *contacts) {
      snap.contacts.push_back(link::FormatDate(c.date) + "|" + std::to_string(c.minutes));
    }
    return snap;
  };
  const Snapshot a = snapshot(seed("a.db", 1)), b = snapshot(seed("b.db", 1)), c = snapshot(seed("c.db", 2));
  EXPECT_GE(a.organisations, 40);
  EXPECT_GE(a.services, 100);
  EXPECT_EQ(a.users, 12);  // admin, manager, analyst, three link workers, six volunteers
  EXPECT_EQ(a.residents.size(), 300u);
  EXPECT_GE(a.contacts.size(), 2000u);
  for (const auto& r : a.residents) EXPECT_EQ(r.substr(r.find('|') + 1, 3), "E01") << r;
  EXPECT_EQ(a.residents, b.residents);
  EXPECT_EQ(a.contacts, b.contacts);
  EXPECT_NE(a.residents, c.residents);
  // Demo data goes into an empty store only.
  EXPECT_EQ(RunNhood("link demo --db " + (dir / "a.db").string() + " --postcodes " + postcodes.string(), ""), 1);
  fs::remove_all(dir);
}
#endif

}  // namespace
}  // namespace nhood::server
