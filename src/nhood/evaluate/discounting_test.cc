#include "nhood/evaluate/discounting.h"

#include <gtest/gtest.h>

namespace nhood::evaluate {
namespace {

// Hand-computed: 1/1.015^2 = 0.97066174864714...
TEST(DiscountFactor, GreenBookYearZeroIsUndiscounted) {
  EXPECT_EQ(*DiscountFactor(0.015, 0), 1.0);
  EXPECT_NEAR(*DiscountFactor(0.015, 1), 1 / 1.015, 1e-15);
  EXPECT_NEAR(*DiscountFactor(0.015, 2), 0.970661748647140, 1e-14);
}

// 1 + 1/1.015 + 1/1.015^2 = 1 + 0.985221674876847 + 0.970661748647140 = 2.955883423523988.
TEST(AnnuityFactor, ThreeYearsFromYearZeroAtHealthRate) {
  EXPECT_NEAR(*AnnuityFactor(kHealthDiscountRate, 3, 0), 2.955883423523988, 1e-14);
  EXPECT_EQ(*AnnuityFactor(kHealthDiscountRate, 1, 0), 1.0);
}

// SROI convention: years 1 and 2 at 3.5%: 1/1.035 + 1/1.035^2 = 1.89969427524563.
TEST(AnnuityFactor, FirstYearDiscountedOnce) { EXPECT_NEAR(*AnnuityFactor(0.035, 2, 1), 1.89969427524563, 1e-14); }

TEST(AnnuityFactor, ZeroRateCountsYears) { EXPECT_EQ(*AnnuityFactor(0, 7, 0), 7.0); }

TEST(AnnuityFactor, RejectsBadInput) {
  EXPECT_FALSE(AnnuityFactor(0.015, 0, 0).ok());
  EXPECT_FALSE(AnnuityFactor(-0.01, 3, 0).ok());
  EXPECT_FALSE(AnnuityFactor(1.5, 3, 0).ok());
  EXPECT_FALSE(AnnuityFactor(0.015, 3, -1).ok());
  const auto r = AnnuityFactor(2, 1, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("discount rate 2 must be a proportion"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace nhood::evaluate
