// The store schema as a list of versioned migrations (data, not code), and
// the runner both stores use on open.
//
// Migration k takes the schema from version k-1 to k. Statements are written
// once; tokens are replaced per dialect:
//   {ID}    an auto-assigned, never-reused int64 primary key
//   {REAL}  a double column
// Statements in `sqlite` / `postgres` run only on that database (triggers).
// The runner keeps `schema_version(version, description, applied_at)`, applies
// each missing migration in its own transaction (SQLite BEGIN IMMEDIATE;
// PostgreSQL under an advisory lock, so two processes opening the same
// database at once migrate it once), and refuses a database whose version is
// newer than this build knows (kFailedPrecondition).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/store/internal/sql.h"

namespace nhood::store::internal {

struct Migration {
  int version;
  std::string description;
  std::vector<std::string> common;
  std::vector<std::string> sqlite;
  std::vector<std::string> postgres;
};

// All migrations, versions 1..N in order.
std::span<const Migration> Migrations();
inline int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

// The schema version recorded in the database (0 when it has none).
Result<int> CurrentSchemaVersion(Connection& c);

// Applies migrations up to `target` (default: the latest). Returns the
// version reached.
Result<int> Migrate(Connection& c, int target = -1);

}  // namespace nhood::store::internal
