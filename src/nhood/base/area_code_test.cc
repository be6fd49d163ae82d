#include "nhood/base/area_code.h"

#include <gtest/gtest.h>

namespace nhood {
namespace {

TEST(AreaCode, ValidatesShape) {
  EXPECT_TRUE(IsValidGssCode("E01000001"));
  EXPECT_TRUE(IsValidGssCode("W02000001"));
  EXPECT_FALSE(IsValidGssCode("E0100001"));    // 8 characters
  EXPECT_FALSE(IsValidGssCode("X01000001"));   // unknown country
  EXPECT_FALSE(IsValidGssCode("E01O00001"));   // letter O, not zero
  EXPECT_FALSE(IsValidGssCode(""));
}

TEST(AreaCode, TypeFromPrefix) {
  EXPECT_EQ(AreaTypeOf("E01021988"), AreaType::kLsoa);
  EXPECT_EQ(AreaTypeOf("E02000001"), AreaType::kMsoa);
  EXPECT_EQ(AreaTypeOf("E05000026"), AreaType::kWard);
  EXPECT_EQ(AreaTypeOf("E06000001"), AreaType::kLocalAuthority);
  EXPECT_EQ(AreaTypeOf("E09000001"), AreaType::kLocalAuthority);
  EXPECT_EQ(AreaTypeOf("E12000001"), AreaType::kRegion);
  EXPECT_EQ(AreaTypeOf("E92000001"), AreaType::kCountry);
  EXPECT_EQ(AreaTypeOf("E99999999"), AreaType::kUnknown);
  EXPECT_STREQ(AreaTypeName(AreaTypeOf("E01000001")), "LSOA");
}

}  // namespace
}  // namespace nhood
