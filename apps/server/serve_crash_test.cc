// Crash safety through the server (issue 9, "Must show"): `nhood serve` on a
// store, 16 concurrent clients writing contacts over HTTP, the server killed
// with SIGKILL mid-flight, restarted on the same store; every contact whose
// 201 reached a client must be there (read back through the restarted
// server's API), and the store must pass its consistency check (SQLite:
// PRAGMA integrity_check; PostgreSQL: no contact without its referral or
// past its id sequence). Built twice: against SQLite, and against a private
// PostgreSQL server (store/testing/postgres_test_server.h), never skipped.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "apps/server/serve_test_support.h"
#ifdef NHOOD_SERVE_TEST_POSTGRES
#include "nhood/store/testing/postgres_test_server.h"
#define ServeCrash ServeCrashPostgres
#else
#define ServeCrash ServeCrashSqlite
#endif

namespace nhood::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::RunNhood;
using testing::ServeProcess;

constexpr const char* kPassword = "correct horse battery";
constexpr int kWriters = 16;

struct Session {
  std::string cookie, csrf;
};

Session LogIn(int port) {
  httplib::Client c("127.0.0.1", port);
  auto res = c.Post("/api/v1/session", json{{"username", "worker1"}, {"password", kPassword}}.dump(),
                    "application/json");
  EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
  if (!res || res->status != 200) return {};
  const std::string set_cookie = res->get_header_value("Set-Cookie");
  return {set_cookie.substr(0, set_cookie.find(';')), json::parse(res->body).value("csrf_token", "")};
}

int64_t PostForId(int port, const Session& s, const std::string& path, const json& body) {
  httplib::Client c("127.0.0.1", port);
  auto res = c.Post(path.c_str(), {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}, body.dump(), "application/json");
  EXPECT_TRUE(res && res->status == 201) << path << ": " << (res ? res->body : "no response");
  return res && res->status == 201 ? json::parse(res->body)["id"].get<int64_t>() : 0;
}

// "ok" when the store is consistent, else what the check said.
std::string Integrity(const std::string& db) {
#ifdef NHOOD_SERVE_TEST_POSTGRES
  PGconn* c = PQconnectdb(db.c_str());
  PGresult* r = PQexec(c,
                       "SELECT (SELECT COUNT(*) FROM contact k LEFT JOIN referral f ON f.id = k.referral_id "
                       "WHERE f.id IS NULL OR f.resident_id <> k.resident_id) + "
                       "(SELECT COUNT(*) FROM contact WHERE id > (SELECT last_value FROM contact_id_seq)) + "
                       "(SELECT COUNT(*) FROM audit_event WHERE id > (SELECT last_value FROM audit_event_id_seq))");
  std::string verdict = PQresultStatus(r) == PGRES_TUPLES_OK
                            ? (std::string(PQgetvalue(r, 0, 0)) == "0" ? "ok" : "inconsistent rows")
                            : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  return verdict;
#else
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "cannot open " + db;
  std::string verdict;
  char* err = nullptr;
  sqlite3_exec(
      h, "PRAGMA integrity_check",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) += values[0] ? values[0] : "";
        return 0;
      },
      &verdict, &err);
  if (err) {
    verdict = err;
    sqlite3_free(err);
  }
  sqlite3_close(h);
  return verdict;
#endif
}

TEST(ServeCrash, KillDashNineLosesNoAcknowledgedWrite) {
  const fs::path dir = fs::temp_directory_path() / ("nhood_serve_crash_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
#ifdef NHOOD_SERVE_TEST_POSTGRES
  auto& pg = store::testing::PostgresTestServer::Shared();
  Status started = pg.Start();
  ASSERT_TRUE(started.ok()) << started.message();
  auto uri = pg.CreateDatabase();
  ASSERT_TRUE(uri.has_value()) << uri.error().message;
  const std::string db = *uri;
#else
  const std::string db = (dir / "link.db").string();
#endif
  ASSERT_EQ(RunNhood("link init --db " + db), 0);
  ASSERT_EQ(RunNhood("link user add --db " + db + " --username worker1 --role link_worker --password-stdin", kPassword),
            0);

  ServeProcess server;
  ASSERT_FALSE(server.Start({"--db", db, "--threads", "8"}).empty());
  const int port = server.port();
  const Session s = LogIn(port);
  ASSERT_FALSE(s.cookie.empty());
  // One referral per writer (a referral's contact list is read back whole).
  std::vector<int64_t> referrals;
  for (int w = 0; w < kWriters; ++w) {
    const int64_t resident = PostForId(
        port, s, "/api/v1/residents",
        {{"name", "Crash Test " + std::to_string(w)}, {"date_of_birth", "1960-01-01"}, {"sex", "female"},
         {"postcode", "NE6 1DL"}});
    ASSERT_GT(resident, 0);
    const int64_t referral = PostForId(port, s, "/api/v1/referrals",
                                       {{"resident_id", resident}, {"source", "gp"}, {"reasons", {"loneliness"}}});
    ASSERT_GT(referral, 0);
    referrals.push_back(referral);
  }

  std::mutex mu;
  std::map<int64_t, std::vector<int64_t>> acked;  // referral → contact ids whose 201 arrived
  std::atomic<bool> stop{false};
  std::atomic<int> total{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      const std::string path = "/api/v1/referrals/" + std::to_string(referrals[static_cast<size_t>(w)]) + "/contacts";
      const std::string body = json{{"date", "2025-11-20"}, {"mode", "phone"}, {"minutes", 10 + w}}.dump();
      while (!stop.load()) {
        httplib::Client c("127.0.0.1", port);
        c.set_connection_timeout(2, 0);
        auto res = c.Post(path.c_str(), {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}, body, "application/json");
        if (!res || res->status != 201) continue;  // not acknowledged: nothing was promised
        const int64_t id = json::parse(res->body)["id"].get<int64_t>();
        std::lock_guard<std::mutex> lock(mu);
        acked[referrals[static_cast<size_t>(w)]].push_back(id);
        ++total;
      }
    });
  }
  // Kill mid-flight: after a second of writing, or sooner once there are
  // enough acknowledged writes to mean something.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < until && total.load() < 3000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const int acked_at_kill = total.load();
  EXPECT_TRUE(server.Kill()) << "nhood serve did not die of SIGKILL";
  stop.store(true);
  for (std::thread& t : writers) t.join();
  ASSERT_GT(acked_at_kill, 50) << "too few writes before the kill to mean anything";

  EXPECT_EQ(Integrity(db), "ok");

  // Restart on the same store and read every referral's contacts back.
  ServeProcess again;
  ASSERT_FALSE(again.Start({"--db", db, "--threads", "4"}).empty());
  const Session s2 = LogIn(again.port());
  size_t lost = 0, found = 0, acknowledged = 0;
  for (const auto& [referral, ids] : acked) {
    httplib::Client c("127.0.0.1", again.port());
    auto res = c.Get(("/api/v1/referrals/" + std::to_string(referral) + "/contacts").c_str(), {{"Cookie", s2.cookie}});
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
    std::set<int64_t> have;
    const json body = json::parse(res->body);
    for (const json& k : body["contacts"]) have.insert(k["id"].get<int64_t>());
    for (int64_t id : ids) {
      ++acknowledged;
      if (have.count(id)) ++found; else ++lost;
    }
  }
  EXPECT_EQ(lost, 0u) << "of " << acknowledged << " acknowledged writes";
  std::printf("kill -9 through nhood serve: %zu contacts acknowledged to 16 clients, %zu found after restart, %zu lost\n",
              acknowledged, found, lost);
  // Still writable after the crash.
  EXPECT_GT(PostForId(again.port(), s2, "/api/v1/referrals/" + std::to_string(referrals[0]) + "/contacts",
                      {{"date", "2025-11-21"}, {"mode", "phone"}, {"minutes", 5}}),
            0);
  EXPECT_EQ(again.Stop(), 0);
  EXPECT_EQ(Integrity(db), "ok");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nhood::server
