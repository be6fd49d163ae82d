#include "nhood/link/suppression.h"

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

TEST(Withheld, FourIsWithheldFiveAndSixAreShown) {
  const SuppressionRule rule;  // the default: < 5 people
  EXPECT_TRUE(Withheld(4, rule));
  EXPECT_FALSE(Withheld(5, rule));
  EXPECT_FALSE(Withheld(6, rule));
  EXPECT_FALSE(Withheld(0, rule));  // a zero discloses no one
  EXPECT_TRUE(Withheld(1, rule));
  EXPECT_FALSE(Withheld(4, {.below = 1}));  // below 1: nothing withheld
  EXPECT_TRUE(Withheld(9, {.below = 10}));
}

TEST(SuppressionCounter, CountsAndNamesEveryWithheldCell) {
  SuppressionCounter sc;
  EXPECT_EQ(sc.Count(4, "a"), std::nullopt);
  EXPECT_EQ(sc.Count(5, "b"), 5);
  EXPECT_EQ(sc.Count(6, "c"), 6);
  EXPECT_EQ(sc.Figure(2.5, false, "d"), std::nullopt);
  EXPECT_EQ(sc.Figure(std::nullopt, false, "undefined"), std::nullopt);  // not a suppression
  EXPECT_EQ(sc.Figure(2.5, true, "e"), 2.5);
  EXPECT_EQ(sc.cells(), 2);
  EXPECT_EQ(sc.names(), (std::vector<std::string>{"a", "d"}));
}

TEST(WithheldInColumn, ALoneWithheldCellTakesTheNextSmallestWithIt) {
  const SuppressionRule rule;
  // 4 alone would be found as total - the rest: 6 (the smallest other) goes too.
  EXPECT_EQ(WithheldInColumn({4, 5, 6, 20}, rule), (std::vector<bool>{true, true, false, false}));
  // Two withheld already protect each other.
  EXPECT_EQ(WithheldInColumn({4, 3, 6}, rule), (std::vector<bool>{true, true, false}));
  // Zeros are neither withheld nor used as the complement.
  EXPECT_EQ(WithheldInColumn({0, 4, 9}, rule), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(WithheldInColumn({5, 6}, rule), (std::vector<bool>{false, false}));
}

}  // namespace
}  // namespace nhood::link
