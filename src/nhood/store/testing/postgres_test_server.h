// PostgresTestServer: a private PostgreSQL server for tests.
//
// Start() runs initdb on a fresh temporary directory and `pg_ctl start` on a
// free loopback port (listen_addresses='127.0.0.1', the unix socket inside
// the temporary directory), from /usr/lib/postgresql/15/bin (or
// $NHOOD_PG_BIN). PostgreSQL refuses to run as root, so when the euid is 0
// the directory is given to the `postgres` user (made by the Debian package)
// and initdb/pg_ctl run through `runuser -u postgres --`. Stop() (and the
// destructor) stops the server (`pg_ctl stop -m fast`) and removes the
// directory. Never a skip: when the binaries are missing, Start() fails
// saying what to install, and the test using it fails.
//
// Used by the store conformance suite and by anything else that needs a real
// PostgreSQL (the server engineer's API tests): link nhood_store_testing.
// Not thread-safe; one instance per test process is the intent (see Shared).
#pragma once

#include <filesystem>
#include <string>

#include "nhood/base/result.h"

namespace nhood::store::testing {

class PostgresTestServer {
 public:
  PostgresTestServer() = default;
  ~PostgresTestServer();
  PostgresTestServer(const PostgresTestServer&) = delete;
  PostgresTestServer& operator=(const PostgresTestServer&) = delete;

  // Idempotent: OK at once when already running. kFailedPrecondition naming
  // the package to install when the binaries are missing; kInternal with the
  // server log's tail when initdb or pg_ctl fail.
  Status Start();
  void Stop();

  bool running() const { return running_; }
  int port() const { return port_; }
  const std::filesystem::path& directory() const { return dir_; }

  // Creates an empty database with a fresh name ("nhood_test_3") and returns
  // its connection URI: postgresql://nhood@127.0.0.1:PORT/nhood_test_3.
  Result<std::string> CreateDatabase();
  // The URI of database `name` on this server.
  std::string Uri(const std::string& name) const;

  // One server per process, started on first use and stopped at exit.
  static PostgresTestServer& Shared();

 private:
  std::filesystem::path dir_;
  std::string bin_;
  int port_ = 0;
  int databases_ = 0;
  bool as_postgres_user_ = false;
  bool running_ = false;
};

}  // namespace nhood::store::testing
