#include "nhood/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace nhood {

int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

void ParallelFor(size_t count, int threads, const std::function<void(size_t)>& fn,
                 const std::function<void(size_t)>& progress) {
  const int n = std::min<int>(ResolveThreads(threads), static_cast<int>(std::max<size_t>(count, 1)));
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    for (size_t t; (t = next.fetch_add(1)) < count;) {
      fn(t);
      done.fetch_add(1, std::memory_order_relaxed);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(work);
  if (!progress) {
    work();
  } else {
    // The caller's thread works too, and reports between tasks.
    auto last = std::chrono::steady_clock::now();
    for (size_t t; (t = next.fetch_add(1)) < count;) {
      fn(t);
      done.fetch_add(1, std::memory_order_relaxed);
      auto now = std::chrono::steady_clock::now();
      if (now - last > std::chrono::milliseconds(100)) {
        progress(done.load());
        last = now;
      }
    }
  }
  for (auto& th : pool) th.join();
  if (progress) progress(count);
}

}  // namespace nhood
