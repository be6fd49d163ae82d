#include "nhood/store/open_store.h"

#include "nhood/store/postgres_store.h"
#include "nhood/store/sqlite_store.h"

namespace nhood::store {

bool IsPostgresUri(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<link::Store>> OpenStore(const std::string& db) {
  if (db.empty()) return InvalidArgument("--db: a SQLite file path or a postgresql:// URI is required");
  if (IsPostgresUri(db)) return OpenPostgresStore(db);
  return OpenSqliteStore(db);
}

}  // namespace nhood::store
