#include "nhood/stats/quantile.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::stats {
namespace {

TEST(Quantiles, InvertPutsHighestInFirst) {
  const double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto q = AssignQuantiles(v, {.quantiles = 5, .invert = true});
  EXPECT_EQ(q[9], 1);
  EXPECT_EQ(q[0], 5);
  auto r = AssignQuantiles(v, {.quantiles = 5, .invert = false});
  EXPECT_EQ(r[0], 1);
  EXPECT_EQ(r[9], 5);
}

TEST(Quantiles, TooFewValuesGiveNone) {
  const double v[] = {1, 2, NAN};
  auto q = AssignQuantiles(v, {.quantiles = 5});
  for (int x : q) EXPECT_EQ(x, 0);
}

}  // namespace
}  // namespace nhood::stats
