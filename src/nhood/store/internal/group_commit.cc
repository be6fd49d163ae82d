#include "nhood/store/internal/group_commit.h"

#include <pthread.h>
#include <signal.h>

#include <utility>
#include <vector>

namespace nhood::store::internal {

GroupCommitter::GroupCommitter(std::unique_ptr<Connection> writer, std::string begin, size_t max_batch)
    : writer_(std::move(writer)), begin_(std::move(begin)), max_batch_(max_batch < 1 ? 1 : max_batch),
      thread_([this] { Loop(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_one();
  thread_.join();
}

Status GroupCommitter::Run(const Work& work) {
  Job job;
  job.work = &work;
  std::unique_lock<std::mutex> lock(mu_);
  if (stop_) return Unavailable("store: closing");
  queue_.push_back(&job);
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return job.done; });
  return job.result;
}

GroupCommitter::Stats GroupCommitter::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void GroupCommitter::Loop() {
  // A library thread: the process's signals go to the application's threads.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<Job*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    ++stats_.batches;
    stats_.requests += static_cast<int64_t>(batch.size());
    for (Job* j : batch) j->done = true;
    done_cv_.notify_all();
  }
}

void GroupCommitter::RunBatch(const std::vector<Job*>& batch) {
  Connection& c = *writer_;
  Status open = c.Exec(begin_);
  std::vector<Job*> applied;  // work inside the open transaction, not yet committed
  size_t i = 0;
  for (; i < batch.size(); ++i) {
    if (!open.ok()) break;
    Job* j = batch[i];
    Status s = c.Exec("SAVEPOINT nhood_request");
    if (s.ok()) s = (*j->work)(c);
    if (s.ok()) s = c.Exec("RELEASE nhood_request");
    if (s.ok()) {
      applied.push_back(j);
      continue;
    }
    j->result = s;
    if (c.InTransaction()) {
      // Undo this request only; the savepoint is released so the next one
      // opens a fresh one at the same depth.
      Status undo = c.Exec("ROLLBACK TO nhood_request");
      if (undo.ok()) undo = c.Exec("RELEASE nhood_request");
      if (undo.ok()) continue;
      (void)c.Exec("ROLLBACK");
    }
    // The whole transaction is gone: what was applied in it is lost.
    for (Job* a : applied) {
      a->result = Unavailable("store: the write was rolled back with another request's failure; retry");
    }
    applied.clear();
    open = c.Exec(begin_);
  }
  for (; i < batch.size(); ++i) batch[i]->result = open;  // could not open a transaction
  if (!open.ok()) return;
  Status commit = c.Exec("COMMIT");
  if (!commit.ok()) {
    if (c.InTransaction()) (void)c.Exec("ROLLBACK");
    for (Job* a : applied) a->result = commit;
    return;
  }
  for (Job* a : applied) a->result = Status::Ok();
}

}  // namespace nhood::store::internal
