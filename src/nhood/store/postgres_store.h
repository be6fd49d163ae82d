// The PostgreSQL store (multi-user deployments), through libpq.
//
// Every statement is a prepared statement with parameters ($1, $2…) — no
// value is ever spliced into SQL. A small pool of connections serves
// concurrent callers. Commits use the server's default synchronous_commit=on,
// so a call returns only after its commit is flushed to the WAL. Opening runs
// the migrations under an advisory lock (two servers starting together
// migrate once). Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "nhood/base/result.h"
#include "nhood/link/store.h"

namespace nhood::store {

struct PostgresOptions {
  int max_connections = 8;
  int migrate_to = -1;  // stop at this schema version (migration tests only)
};

// `conninfo` is a libpq connection string or URI ("postgresql://user@host:5432/db").
// kUnavailable when the server cannot be reached; kFailedPrecondition when
// the schema is newer than this build.
Result<std::unique_ptr<link::Store>> OpenPostgresStore(const std::string& conninfo, PostgresOptions options = {});

}  // namespace nhood::store
