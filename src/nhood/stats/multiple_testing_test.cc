#include "nhood/stats/multiple_testing.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood::stats {
namespace {

// R: p.adjust(c(0.001, 0.01, 0.5, NA), "BH") = 0.003 0.015 0.5 NA;
//    p.adjust(c(0.001, 0.01, 0.5, NA), "bonferroni") = 0.003 0.03 1 NA.
TEST(MultipleTesting, MatchesRPAdjust) {
  const double p[] = {0.01, 0.001, 0.5, NAN};
  auto bh = BenjaminiHochberg(p);
  EXPECT_NEAR(bh[0], 0.015, 1e-15);
  EXPECT_NEAR(bh[1], 0.003, 1e-15);
  EXPECT_NEAR(bh[2], 0.5, 1e-15);
  EXPECT_TRUE(std::isnan(bh[3]));
  auto bon = Bonferroni(p);
  EXPECT_NEAR(bon[0], 0.03, 1e-15);
  EXPECT_EQ(bon[2], 1.0);
}

}  // namespace
}  // namespace nhood::stats
