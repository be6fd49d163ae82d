#include "nhood/stats/r_random.h"

#include <gtest/gtest.h>

#include <vector>

namespace nhood::stats {
namespace {

// R 4.2: set.seed(42); runif(2) = 0.914806043496355 0.937075413297862
TEST(RRandom, UniformMatchesR) {
  RRandom r(42);
  EXPECT_NEAR(r.Uniform(), 0.914806043496355, 1e-15);
  EXPECT_NEAR(r.Uniform(), 0.937075413297862, 1e-15);
}

// R 4.2: set.seed(1); rnorm(2) = -0.626453810742332 0.183643324222082
//        set.seed(42); rnorm(1) = 1.37095844714667
TEST(RRandom, NormalMatchesR) {
  RRandom r(1);
  EXPECT_NEAR(r.Normal(), -0.626453810742332, 1e-14);
  EXPECT_NEAR(r.Normal(), 0.183643324222082, 1e-14);
  RRandom s(42);
  EXPECT_NEAR(s.Normal(), 1.37095844714667, 1e-14);
}

// R 4.2: set.seed(42); sample(10, 5, replace = TRUE) = 1 5 1 9 10
TEST(RRandom, SampleWithReplacementMatchesR) {
  RRandom r(42);
  std::vector<int> got;
  for (int i = 0; i < 5; ++i) got.push_back(static_cast<int>(r.UnifIndex(10)) + 1);
  EXPECT_EQ(got, (std::vector<int>{1, 5, 1, 9, 10}));
}

}  // namespace
}  // namespace nhood::stats
