#include "nhood/evaluate/gdp_deflator.h"

#include <gtest/gtest.h>

namespace nhood::evaluate {
namespace {

TEST(GdpDeflators, TableIsContiguousAndBasedOn2024) {
  const auto t = GdpDeflators();
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.front().year, 1990);
  EXPECT_EQ(t.back().year, 2024);
  for (size_t i = 1; i < t.size(); ++i) EXPECT_EQ(t[i].year, t[i - 1].year + 1);
  EXPECT_EQ(*GdpDeflator(2024), 100.0);
}

// Year-on-year changes of the published calendar-year deflator (ONS MNF2):
// 2020 +5.1%, 2021 +0.5%, 2022 +5.7%, 2023 +6.4%, 2024 +3.9% (one decimal).
TEST(GdpDeflators, RecentGrowthMatchesOnsOutturn) {
  const double growth[][2] = {{2020, 5.1}, {2021, 0.5}, {2022, 5.7}, {2023, 6.4}, {2024, 3.9}};
  for (const auto& g : growth) {
    const int y = static_cast<int>(g[0]);
    EXPECT_NEAR((*GdpDeflator(y) / *GdpDeflator(y - 1) - 1) * 100, g[1], 0.05) << y;
  }
}

// 96.2507 / 81.1085 = 1.186690667439294.
TEST(UprateFactor, From2019To2023) {
  EXPECT_NEAR(*UprateFactor(2019, 2023), 1.186690667439294, 1e-14);
  EXPECT_EQ(*UprateFactor(2019, 2019), 1.0);
}

TEST(UprateFactor, UnknownYearNamesTheTable) {
  const auto r = UprateFactor(2019, 2031);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, StatusCode::kNotFound);
  EXPECT_NE(r.error().message.find("unknown price year 2031"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("1990-2024"), std::string::npos) << r.error().message;
  EXPECT_FALSE(GdpDeflator(1989).ok());
}

}  // namespace
}  // namespace nhood::evaluate
