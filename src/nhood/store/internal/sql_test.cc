#include "nhood/store/internal/sql.h"

#include <gtest/gtest.h>

#include "nhood/store/internal/migrations.h"

namespace nhood::store::internal {
namespace {

TEST(NumberPlaceholders, SkipsQuotedText) {
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c LIKE '?%' AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c LIKE '?%' AND d = $2");
  EXPECT_EQ(NumberPlaceholders("x = ? ESCAPE '\\' OR y = ?"), "x = $1 ESCAPE '\\' OR y = $2");
}

TEST(Row, ConvertsTextCellsAsPostgresSendsThem) {
  Row r({Value(std::string("42")), Value(std::string("-1.5")), Value(std::monostate{}), Value(std::string("x"))});
  bool ok = true;
  EXPECT_EQ(r.Int(0, &ok), 42);
  EXPECT_DOUBLE_EQ(r.Double(1, &ok), -1.5);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(r.IsNull(2));
  r.Int(3, &ok);
  EXPECT_FALSE(ok);
}

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  int expected = 1;
  for (const Migration& m : Migrations()) {
    EXPECT_EQ(m.version, expected++);
    EXPECT_FALSE(m.description.empty());
    EXPECT_FALSE(m.common.empty());
  }
  EXPECT_EQ(LatestSchemaVersion(), 5);
}

}  // namespace
}  // namespace nhood::store::internal
