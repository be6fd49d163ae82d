// ParallelFor: runs fn(task) for task in [0, count) on `threads` threads.
//
// Tasks are handed out in order through an atomic counter; each task must
// write only its own outputs, so results never depend on the thread count
// or the schedule. The calling thread reports progress (tasks finished)
// through `progress` about ten times a second. threads <= 0 means the number
// of hardware threads.
#pragma once

#include <cstddef>
#include <functional>

namespace nhood {

void ParallelFor(size_t count, int threads, const std::function<void(size_t)>& fn,
                 const std::function<void(size_t)>& progress = {});

// The number of threads ParallelFor uses for `threads`.
int ResolveThreads(int threads);

}  // namespace nhood
