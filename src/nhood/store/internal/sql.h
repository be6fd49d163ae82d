// The small SQL layer both stores share: values, rows, a connection, a pool.
//
// SqlStore (sql_store.h) holds all of nhood's SQL, written once with `?`
// placeholders; a Connection runs it on SQLite or PostgreSQL (which turns
// `?` into $1, $2…). Values travel as parameters only. Internal to
// nhood::store.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::store::internal {

// NULL, an integer, a double or text. PostgreSQL returns every cell as text;
// the Row getters convert.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cells_[i]); }
  // Conversions set `ok` false (and return 0 / "") on a cell of the wrong shape.
  int64_t Int(size_t i, bool* ok) const;
  double Double(size_t i, bool* ok) const;
  std::string Text(size_t i) const;

 private:
  std::vector<Value> cells_;
};

struct QueryResult {
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

enum class Dialect { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters (DDL, BEGIN, COMMIT).
  virtual Status Exec(const std::string& sql) = 0;
  // Runs one statement with `?` placeholders bound to params, in order.
  // Constraint violations → kFailedPrecondition; busy/locked past the
  // timeout or a lost server → kUnavailable; anything else → kInternal.
  virtual Result<QueryResult> Query(const std::string& sql, std::span<const Value> params) = 0;
  // Whether the connection is still usable (a pool drops broken ones).
  virtual bool Healthy() = 0;
  // Whether a transaction is open on the connection (the database may roll
  // one back by itself after an I/O error).
  virtual bool InTransaction() = 0;
};

// A bounded pool of connections made on demand by `factory`.
class Pool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(Factory factory, size_t max_connections) : factory_(std::move(factory)), max_(max_connections) {}

  // A connection handed back to the pool when the lease ends.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }
    Connection* get() { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  // Waits while `max_connections` are leased.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> c);
  Factory factory_;
  size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t leased_ = 0;
};

// "SELECT … WHERE a = ? AND b = ?" with numbered placeholders for PostgreSQL:
// each `?` outside quotes becomes $1, $2, …
std::string NumberPlaceholders(std::string_view sql);

}  // namespace nhood::store::internal
