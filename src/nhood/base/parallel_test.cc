#include "nhood/base/parallel.h"

#include <gtest/gtest.h>

#include <vector>

namespace nhood {
namespace {

TEST(ParallelFor, EveryTaskOnceWhateverTheThreads) {
  for (int threads : {1, 2, 4}) {
    std::vector<int> hits(1000, 0);
    size_t last = 0;
    ParallelFor(hits.size(), threads, [&](size_t i) { ++hits[i]; }, [&](size_t d) { last = d; });
    for (int h : hits) ASSERT_EQ(h, 1);
    EXPECT_EQ(last, 1000u);
  }
  ParallelFor(0, 2, [](size_t) { FAIL(); });
}

}  // namespace
}  // namespace nhood
