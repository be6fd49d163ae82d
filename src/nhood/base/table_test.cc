#include "nhood/base/table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nhood {
namespace {

Table MakeTable() {
  Table t;
  t.set_source("areas.csv", 1);
  EXPECT_TRUE(t.AddText("code", {"E01000001", "E01000002", "E01000003"}).ok());
  EXPECT_TRUE(t.AddText("count", {"3", "NA", "x7"}).ok());
  EXPECT_TRUE(t.AddNumbers("pop", {10, 20, 30}).ok());
  return t;
}

TEST(Table, FindsColumnsByName) {
  Table t = MakeTable();
  EXPECT_EQ(t.num_rows(), 3u);
  EXPECT_EQ(*t.Find("pop"), 2u);
  EXPECT_FALSE(t.Find("nope"));
  Result<size_t> missing = t.Require("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "areas.csv: column 'nope' not found (columns: code, count, pop)");
}

TEST(Table, ParseErrorNamesFileRowAndColumn) {
  Table t = MakeTable();
  Result<Table::Numbers> r = t.GetNumbers("count");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "areas.csv: row 3 (line 4), column 'count': 'x7' is not a number");
  EXPECT_EQ((*t.GetNumbers("pop"))[1], 20);
}

TEST(Table, SumOfColumns) {
  Table t;
  ASSERT_TRUE(t.AddNumbers("a", {1, 2}).ok());
  ASSERT_TRUE(t.AddText("b", {"10", "NA"}).ok());
  Table::Numbers s = *t.GetNumbersOrSum("a+b");
  EXPECT_EQ(s[0], 11);
  EXPECT_TRUE(std::isnan(s[1]));
  EXPECT_EQ(t.GetNumbersOrSum("a+c").error().code, StatusCode::kNotFound);
}

TEST(Table, RejectsDuplicateNamesAndRaggedColumns) {
  Table t = MakeTable();
  EXPECT_FALSE(t.AddNumbers("pop", {1, 2, 3}).ok());
  EXPECT_FALSE(t.AddNumbers("short", {1}).ok());
}

TEST(Table, SelectRowsKeepsColumnKinds) {
  Table s = MakeTable().SelectRows({2, 0});
  EXPECT_EQ(s.num_rows(), 2u);
  EXPECT_EQ(s.text(0)[0], "E01000003");
  EXPECT_EQ(s.numbers(2)[1], 10);
  EXPECT_EQ(s.Cell(2, 0), "30");
  // Errors still point at the row's place in the file.
  EXPECT_EQ(s.RowLocation(0), "areas.csv: row 3 (line 4)");
  EXPECT_EQ(s.SelectRows({0}).RowLocation(0), "areas.csv: row 3 (line 4)");
}

}  // namespace
}  // namespace nhood
