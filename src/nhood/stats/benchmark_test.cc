#include "nhood/stats/benchmark.h"

#include <gtest/gtest.h>

namespace nhood::stats {
namespace {

TEST(Compare, BoundsAreInclusive) {
  AreaValue a{.value = 10, .lower95 = 9, .upper95 = 11, .lower998 = 8.5, .upper998 = 11.5};
  Comparison c = Compare(a, {.value = 11}, ComparisonMethod::kCi95, Polarity::kHighIsGood);
  EXPECT_EQ(c.significance, "Similar");
  c = Compare(a, {.value = 8.4}, ComparisonMethod::kCi95And998, Polarity::kHighIsGood);
  EXPECT_EQ(c.significance, "Highest");
  EXPECT_EQ(c.rag, "Best");
  c = Compare(a, {.value = 8}, ComparisonMethod::kCi95, Polarity::kNoJudgement);
  EXPECT_EQ(c.rag, "Higher");
}

TEST(Quintiles, OneIsAlwaysBest) {
  const double v[] = {1, 2, 3, 4, 5, 6};
  auto high = Quintiles(v, Polarity::kHighIsGood);
  EXPECT_EQ(high[5].significance, "1");
  auto low = Quintiles(v, Polarity::kLowIsGood);
  EXPECT_EQ(low[0].significance, "1");
}

}  // namespace
}  // namespace nhood::stats
