// The embedded SQLite store (the default): one database file.
//
// Opening sets, on every connection: journal_mode=WAL, synchronous=FULL
// (a commit is on disk before the call returns, including the WAL sync —
// NORMAL could lose the last commits on power loss, which the issue's
// "acknowledged only after durable" forbids), foreign_keys=ON and a busy
// timeout; then it runs the migrations (internal/migrations.h). Write
// transactions start with BEGIN IMMEDIATE so concurrent writers queue on the
// busy timeout instead of deadlocking. Thread-safe (a small connection pool;
// WAL lets readers run beside the one writer).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "nhood/base/result.h"
#include "nhood/link/store.h"

namespace nhood::store {

struct SqliteOptions {
  // kFull (the default): every commit is synced to disk before it returns,
  // so an acknowledged write survives power loss. kNormal: in WAL mode a
  // commit is synced only at checkpoints: it survives the process being
  // killed (kill -9), but the last commits can be lost if the machine itself
  // fails. Choose kNormal only where that is acceptable.
  enum class Synchronous { kFull, kNormal };
  Synchronous synchronous = Synchronous::kFull;
  int busy_timeout_ms = 10000;
  // Readers' pool (writes go through one more connection of their own).
  int max_connections = 8;
  // PRAGMA mmap_size (bytes of the file read through a memory map) and
  // cache_size (KiB of page cache per connection).
  int64_t mmap_bytes = int64_t{1} << 30;
  int cache_kib = 16384;
  // Stop at this schema version instead of the latest (migration tests only).
  int migrate_to = -1;
};

// Opens (creating if absent) and migrates the database at `path`.
// kIoError when the file cannot be opened or is not a database;
// kFailedPrecondition when its schema is newer than this build.
Result<std::unique_ptr<link::Store>> OpenSqliteStore(const std::string& path, SqliteOptions options = {});

}  // namespace nhood::store
