#include "nhood/store/sqlite_store.h"

#include <sqlite3.h>

#include <unordered_map>

#include "nhood/store/internal/migrations.h"
#include "nhood/store/internal/sqlite_connection.h"
#include "nhood/store/internal/sql.h"
#include "nhood/store/internal/sql_store.h"

namespace nhood::store {
namespace {

using internal::QueryResult;
using internal::Row;
using internal::Value;

Error SqliteError(sqlite3* db, int rc, const std::string& what) {
  const int primary = rc & 0xFF;
  std::string msg = "sqlite: " + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (primary == SQLITE_CONSTRAINT) return FailedPrecondition(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Unavailable(msg);
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_NOTADB || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
      primary == SQLITE_READONLY || primary == SQLITE_CORRUPT) {
    return IoError(msg);
  }
  return Internal(msg);
}

class SqliteConnection : public internal::Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  internal::Dialect dialect() const override { return internal::Dialect::kSqlite; }

  Status Exec(const std::string& sql) override {
    // Transaction control runs on every request: prepare it once.
    if (IsTransactionControl(sql)) return Query(sql, {}).status();
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, FirstWords(sql));
    return Status::Ok();
  }

  Result<QueryResult> Query(const std::string& sql, std::span<const Value> params) override {
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare " + FirstWords(sql));
      cache_.emplace(sql, stmt);
    }
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Internal("sqlite: " + FirstWords(sql) + ": " + std::to_string(params.size()) + " parameters for " +
                      std::to_string(sqlite3_bind_parameter_count(stmt)) + " placeholders");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int k = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) rc = sqlite3_bind_null(stmt, k);
      else if (const int64_t* x = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(stmt, k, *x);
      else if (const double* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt, k, *d);
      else {
        const std::string& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(stmt, k, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind " + FirstWords(sql));
    }
    QueryResult out;
    const int ncol = sqlite3_column_count(stmt);
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, FirstWords(sql));
      std::vector<Value> cells;
      cells.reserve(static_cast<size_t>(ncol));
      for (int i = 0; i < ncol; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_NULL: cells.emplace_back(std::monostate{}); break;
          case SQLITE_INTEGER: cells.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, i))); break;
          case SQLITE_FLOAT: cells.emplace_back(sqlite3_column_double(stmt, i)); break;
          default: {
            const unsigned char* t = sqlite3_column_text(stmt, i);
            cells.emplace_back(std::string(reinterpret_cast<const char*>(t),
                                           static_cast<size_t>(sqlite3_column_bytes(stmt, i))));
          }
        }
      }
      out.rows.emplace_back(std::move(cells));
    }
    out.affected = sqlite3_changes64(db_);
    return out;
  }

  bool Healthy() override { return sqlite3_get_autocommit(db_) != 0; }  // not left inside a transaction
  bool InTransaction() override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  static bool IsTransactionControl(const std::string& sql) {
    for (const char* word : {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT ", "RELEASE "}) {
      if (sql.rfind(word, 0) == 0) return sql.find(';') == std::string::npos;
    }
    return false;
  }
  static std::string FirstWords(const std::string& sql) { return sql.substr(0, std::min<size_t>(sql.size(), 60)); }
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

Result<std::unique_ptr<internal::Connection>> Connect(const std::string& path, const SqliteOptions& o) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(db, rc, "open " + path);
    sqlite3_close_v2(db);
    return IoError(e.message);
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, o.busy_timeout_ms);
  // journal_mode returns a row; sqlite3_exec ignores it.
  Status s = conn->Exec(std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
                        (o.synchronous == SqliteOptions::Synchronous::kFull ? "FULL" : "NORMAL") +
                        "; PRAGMA foreign_keys=ON;"
                        // Reads through a memory map of the file (shared by every connection in the OS
                        // page cache) instead of a pread and a copy into each connection's own 2 MB
                        // page cache: a 50,000-resident database is ~100 MB, so every caseload page
                        // missed that cache. Sorting scratch stays in memory.
                        " PRAGMA mmap_size=" + std::to_string(o.mmap_bytes) +
                        "; PRAGMA cache_size=-" + std::to_string(o.cache_kib) + "; PRAGMA temp_store=MEMORY;");
  if (!s.ok()) return IoError("sqlite: " + path + ": " + s.message());
  Result<QueryResult> sync = conn->Query("PRAGMA synchronous", {});
  const std::string want = o.synchronous == SqliteOptions::Synchronous::kFull ? "2" : "1";
  if (!sync || sync->rows.empty() || sync->rows[0].Text(0) != want) {
    return IoError("sqlite: " + path + ": could not set synchronous");
  }
  Result<QueryResult> mode = conn->Query("PRAGMA journal_mode", {});
  if (!mode || mode->rows.empty() || mode->rows[0].Text(0) != "wal") {
    return IoError("sqlite: " + path + ": could not switch to WAL journal mode");
  }
  return std::unique_ptr<internal::Connection>(std::move(conn));
}

}  // namespace

namespace internal {
Result<std::unique_ptr<Connection>> ConnectSqlite(const std::string& path, const SqliteOptions& options) {
  return Connect(path, options);
}
}  // namespace internal

Result<std::unique_ptr<link::Store>> OpenSqliteStore(const std::string& path, SqliteOptions options) {
  if (sqlite3_threadsafe() == 0) return Internal("sqlite: library built without thread safety");
  NHOOD_ASSIGN_OR_RETURN(std::unique_ptr<internal::Connection> first, Connect(path, options));
  NHOOD_RETURN_IF_ERROR(internal::Migrate(*first, options.migrate_to).status());
  first.reset();
  // Readers lease pooled connections (WAL: they never wait for the writer);
  // every write goes through the one writer connection, many to a commit.
  NHOOD_ASSIGN_OR_RETURN(std::unique_ptr<internal::Connection> writer, Connect(path, options));
  auto committer = std::make_shared<internal::GroupCommitter>(std::move(writer), "BEGIN IMMEDIATE");
  auto pool = std::make_shared<internal::Pool>([path, options] { return Connect(path, options); },
                                               static_cast<size_t>(std::max(1, options.max_connections)));
  return std::unique_ptr<link::Store>(
      std::make_unique<internal::SqlStore>(std::move(pool), internal::Dialect::kSqlite, std::move(committer)));
}

}  // namespace nhood::store
