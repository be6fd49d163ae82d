#include "nhood/base/result.h"

#include <gtest/gtest.h>

namespace nhood {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd value " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  NHOOD_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

Status CheckEven(int x) {
  NHOOD_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(Result, HoldsValueOrError) {
  Result<int> ok = Half(8);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 4);
  Result<int> bad = Half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "odd value 3");
}

TEST(Result, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).error().message, "odd value 3");
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(5).ToString(), "InvalidArgument: odd value 5");
}

TEST(Status, InvalidFieldNamesTheField) {
  Status s = InvalidField("minutes", "contact minutes -5 is negative");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "minutes");
  EXPECT_EQ(s.message(), "contact minutes -5 is negative");
  EXPECT_EQ(Status(PermissionDenied("x")).ToString(), "PermissionDenied: x");
  EXPECT_EQ(Status(NotFound("y")).field(), "");
}

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
}

}  // namespace
}  // namespace nhood
