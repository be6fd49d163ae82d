#include "nhood/base/number.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood {
namespace {

TEST(ParseNumber, AcceptsNumbersAndMissingSpellings) {
  EXPECT_EQ(*ParseNumber("42"), 42);
  EXPECT_EQ(*ParseNumber(" -1.5e3 "), -1500);
  EXPECT_EQ(*ParseNumber("+7"), 7);
  EXPECT_TRUE(std::isnan(*ParseNumber("NA")));
  EXPECT_TRUE(std::isnan(*ParseNumber("")));
  EXPECT_FALSE(ParseNumber("abc").has_value());
  EXPECT_FALSE(ParseNumber("1.2.3").has_value());
  EXPECT_FALSE(ParseNumber("12 apples").has_value());
}

TEST(FormatNumber, RoundTripsEveryBit) {
  for (double v : {0.1, 1.0 / 3.0, 3601.9980362234824, 1e-300, 123456789.0}) {
    EXPECT_EQ(*ParseNumber(FormatNumber(v)), v);
  }
  EXPECT_EQ(FormatNumber(13487), "13487");
  EXPECT_EQ(FormatNumber(std::nan("")), "");
}

}  // namespace
}  // namespace nhood
