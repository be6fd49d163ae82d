#include "nhood/link/dates.h"

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

using namespace std::chrono;

TEST(ParseDate, RoundTripsAndRejectsNonDates) {
  Result<Date> d = ParseDate("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(FormatDate(*d), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2024-2-9"));
  Result<Date> bad = ParseDate("yesterday", "date_of_birth");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "date_of_birth");
}

TEST(ParseTime, UtcOnly) {
  Result<Time> t = ParseTime("2026-03-01T09:30:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatTime(*t), "2026-03-01T09:30:05Z");
  EXPECT_EQ(ToUnixSeconds(*ParseTime("1970-01-02T00:00:00Z")), 86400);
  EXPECT_FALSE(ParseTime("2026-03-01T09:30:05+01:00"));
  EXPECT_FALSE(ParseTime("2026-03-01T24:00:00Z"));
  EXPECT_EQ(FormatDate(DateOf(*t)), "2026-03-01");
}

TEST(AgeInYears, CountsBirthdays) {
  Date birth = 1990y / March / 15d;
  EXPECT_EQ(AgeInYears(birth, 2026y / March / 14d), 35);
  EXPECT_EQ(AgeInYears(birth, 2026y / March / 15d), 36);
  EXPECT_EQ(AgeInYears(birth, 1980y / January / 1d), 0);
}

}  // namespace
}  // namespace nhood::link
