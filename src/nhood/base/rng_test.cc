#include "nhood/base/rng.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace nhood {
namespace {

TEST(Rng, EngineSequenceIsTheStandardOne) {
  // The C++ standard fixes mt19937_64's 10000th output for the default seed.
  Rng rng(5489u);
  uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = rng.Next();
  EXPECT_EQ(v, 9981545732273789042ULL);
}

TEST(Rng, StreamsAreReproducibleAndDistinct) {
  Rng a = Rng::ForStream(42, 7), b = Rng::ForStream(42, 7), c = Rng::ForStream(42, 8);
  uint64_t va = a.Next();
  EXPECT_EQ(va, b.Next());
  EXPECT_NE(va, c.Next());
}

TEST(Rng, BoundedIsInRangeAndRoughlyUniform) {
  Rng rng(1);
  std::vector<int> counts(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) {
    uint64_t k = rng.Bounded(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  // Each cell ~ Binomial(70000, 1/7): sd ~ 93; 5 sd bound.
  for (int c : counts) EXPECT_NEAR(c, n / 7, 465);
}

TEST(StreamRng, DependsOnlyOnSeedAndStream) {
  StreamRng a(7, 100), b(7, 100), c(7, 101), d(8, 100);
  const uint64_t va = a.Next();
  EXPECT_EQ(va, b.Next());
  EXPECT_NE(va, c.Next());
  EXPECT_NE(va, d.Next());
  for (int i = 0; i < 1000; ++i) ASSERT_LT(a.Bounded(3), 3u);
  std::vector<int> counts(5, 0);
  StreamRng e(1, 2);
  for (int i = 0; i < 50000; ++i) ++counts[e.Bounded32(5)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);  // ~5 sd
}

TEST(Rng, ShuffleIsAPermutation) {
  Rng rng(3);
  std::vector<int> v(100);
  std::iota(v.begin(), v.end(), 0);
  rng.Shuffle(std::span<int>(v));
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_FALSE(std::is_sorted(v.begin(), v.end()));
}

}  // namespace
}  // namespace nhood
