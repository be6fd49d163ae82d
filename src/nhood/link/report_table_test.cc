#include "nhood/link/report_table.h"

#include <cmath>

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

TEST(ToTable, NumbersStayNumbersAndWithheldCellsAreEmpty) {
  ReportTable t;
  t.name = "x";
  t.columns = {"group", "n", "share", "flag"};
  t.AddRow({std::string("a"), int64_t{12}, 0.25, true});
  t.AddRow({std::string("b"), ReportValue(), ReportValue(), false});  // withheld
  Result<Table> out = ToTable(t);
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_FALSE(out->is_numeric(0));
  ASSERT_TRUE(out->is_numeric(1));
  EXPECT_EQ(out->numbers(1)[0], 12);
  EXPECT_TRUE(std::isnan(out->numbers(1)[1]));
  EXPECT_EQ(out->Cell(2, 0), "0.25");
  EXPECT_EQ(out->Cell(2, 1), "");
  EXPECT_EQ(out->Cell(3, 0), "true");
}

TEST(ToTable, ARaggedRowIsAnError) {
  ReportTable t;
  t.name = "x";
  t.columns = {"a", "b"};
  t.AddRow({int64_t{1}});
  Result<Table> out = ToTable(t);
  ASSERT_FALSE(out.has_value());
  EXPECT_NE(out.error().message.find("row 1 has 1 cells for 2 columns"), std::string::npos);
}

TEST(ReportValueText, EachKind) {
  EXPECT_EQ(ReportValueText(ReportValue()), "");
  EXPECT_EQ(ReportValueText(int64_t{-3}), "-3");
  EXPECT_EQ(ReportValueText(0.1), "0.1");
  EXPECT_EQ(ReportValueText(std::string("N1")), "N1");
  EXPECT_EQ(ReportValueText(false), "false");
}

}  // namespace
}  // namespace nhood::link
