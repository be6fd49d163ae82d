// `nhood serve --tls-cert --tls-key` (issue 9): a self-signed certificate for
// 127.0.0.1 made at test time with the openssl CLI, the server started on
// it, a login over https whose session cookie carries Secure (with HttpOnly
// and SameSite=Strict), the certificate verified by the client, and plain
// http refused on that port. Also: a certificate file that is not one is a
// start-up error (exit 1), and --tls-cert without --tls-key a usage error (2).
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "apps/server/serve_test_support.h"

namespace nhood::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::RunNhood;
using testing::ServeProcess;

constexpr const char* kPassword = "correct horse battery";

class ServeTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_serve_tls_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    db_ = (dir_ / "link.db").string();
    const std::string openssl = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                                " -addext subjectAltName=IP:127.0.0.1 -keyout " + key_ + " -out " + cert_ +
                                " >/dev/null 2>&1";
    ASSERT_EQ(std::system(openssl.c_str()), 0) << "openssl could not make a test certificate: " << openssl;
    ASSERT_EQ(RunNhood("link init --db " + db_), 0);
    ASSERT_EQ(RunNhood("link user add --db " + db_ + " --username worker1 --role link_worker --password-stdin",
                       kPassword),
              0);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string cert_, key_, db_;
};

TEST_F(ServeTls, LogsInOverHttpsWithASecureCookieAndRefusesPlainHttp) {
  ServeProcess server;
  const std::string line = server.Start({"--db", db_, "--tls-cert", cert_, "--tls-key", key_});
  ASSERT_EQ(line.rfind("listening on https://127.0.0.1:", 0), 0u) << line;

  httplib::SSLClient https("127.0.0.1", server.port());
  https.set_ca_cert_path(cert_.c_str());  // the server must present this very certificate
  https.enable_server_certificate_verification(true);
  auto health = https.Get("/healthz");
  ASSERT_TRUE(health) << "https request failed: " << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);

  auto login = https.Post("/api/v1/session", json{{"username", "worker1"}, {"password", kPassword}}.dump(),
                          "application/json");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  // The session works over https.
  auto caseload = https.Get("/api/v1/caseload", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  ASSERT_TRUE(caseload);
  EXPECT_EQ(caseload->status, 200) << caseload->body;

  // Plain http to the same port gets no HTTP reply at all.
  httplib::Client http("127.0.0.1", server.port());
  http.set_connection_timeout(2, 0);
  http.set_read_timeout(2, 0);
  auto plain = http.Get("/healthz");
  EXPECT_FALSE(plain) << "plain http was answered with status " << plain->status;
  auto plain_login = http.Post("/api/v1/session", json{{"username", "worker1"}, {"password", kPassword}}.dump(),
                               "application/json");
  EXPECT_FALSE(plain_login) << "a plain-http login was answered";

  EXPECT_EQ(server.Stop(), 0);
}

TEST_F(ServeTls, ABadCertificateIsAStartupErrorAndAHalfPairAUsageError) {
  const std::string junk = (dir_ / "junk.pem").string();
  std::ofstream(junk) << "not a certificate\n";
  EXPECT_EQ(RunNhood("serve --db " + db_ + " --listen 127.0.0.1:0 --tls-cert " + junk + " --tls-key " + key_), 1);
  EXPECT_EQ(RunNhood("serve --db " + db_ + " --listen 127.0.0.1:0 --tls-cert " + cert_), 2);
}

}  // namespace
}  // namespace nhood::server
