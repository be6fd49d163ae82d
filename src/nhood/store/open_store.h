// OpenStore: the store named by a --db argument.
//
// "postgresql://…" or "postgres://…" (a libpq connection URI) opens the
// PostgreSQL store; anything else is a SQLite database file path. Either way
// the schema is migrated to the latest version before it returns.
#pragma once

#include <memory>
#include <string>

#include "nhood/base/result.h"
#include "nhood/link/store.h"

namespace nhood::store {

// True for a PostgreSQL connection URI.
bool IsPostgresUri(const std::string& db);

Result<std::unique_ptr<link::Store>> OpenStore(const std::string& db);

}  // namespace nhood::store
