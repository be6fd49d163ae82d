// GroupCommitter: one writer connection and thread that commits the write
// transactions of many concurrent requests together (group commit).
//
// SQLite allows one writer at a time and, with synchronous=FULL, each commit
// waits for the disk (an fsync of the WAL). Serving every caseload read
// appends an audit row, so one commit per request caps the service at the
// disk's sync rate. Here each request's work runs inside its own SAVEPOINT
// of a shared transaction on the writer's connection; the writer commits
// once for the whole batch and only then wakes the requests. So:
//   - a request's work is all-or-nothing: when it fails, ROLLBACK TO its
//     savepoint undoes its changes and it gets its own error; the batch's
//     other requests are unaffected;
//   - Run() returns Ok only after the COMMIT that holds the work has
//     returned, i.e. the work is durable as the connection's synchronous
//     setting makes it (FULL: on disk); if that COMMIT fails, every request
//     of the batch gets the error and none of its work is kept;
//   - if the database rolls back the whole transaction (an I/O error, disk
//     full), the batch's requests already applied get kUnavailable and the
//     rest continue in a fresh transaction.
// No timer: the writer takes whatever queued while the previous commit was
// syncing (up to max_batch), so a lone request waits for one commit only.
// Thread-safe. The work must not call back into a store that would queue on
// this committer (it runs on the writer thread: that would wait for itself).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "nhood/base/result.h"
#include "nhood/store/internal/sql.h"

namespace nhood::store::internal {

class GroupCommitter {
 public:
  using Work = std::function<Status(Connection&)>;

  // `writer`: the connection used only by the writer thread (which starts
  // here). `begin`: the statement that opens a write transaction
  // ("BEGIN IMMEDIATE" on SQLite).
  GroupCommitter(std::unique_ptr<Connection> writer, std::string begin, size_t max_batch = 512);
  // Finishes the queued work, then stops the writer thread.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `work` on the writer's connection and returns once it is committed
  // (Ok), or its error (its changes rolled back), or the batch's commit error.
  Status Run(const Work& work);

  // Batches committed and requests served so far (for tests and benchmarks).
  struct Stats {
    int64_t batches = 0;
    int64_t requests = 0;
  };
  Stats stats() const;

 private:
  struct Job {
    const Work* work = nullptr;
    Status result;
    bool done = false;
  };
  void Loop();
  void RunBatch(const std::vector<Job*>& batch);

  std::unique_ptr<Connection> writer_;
  const std::string begin_;
  const size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<Job*> queue_;
  bool stop_ = false;
  Stats stats_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace nhood::store::internal
