// One SQLite connection set up as the SQLite store sets up each of its own
// (WAL, synchronous, foreign keys, busy timeout, memory map). Internal to
// nhood::store; tests of the internals use it.
#pragma once

#include <memory>
#include <string>

#include "nhood/base/result.h"
#include "nhood/store/internal/sql.h"
#include "nhood/store/sqlite_store.h"

namespace nhood::store::internal {

Result<std::unique_ptr<Connection>> ConnectSqlite(const std::string& path, const SqliteOptions& options);

}  // namespace nhood::store::internal
