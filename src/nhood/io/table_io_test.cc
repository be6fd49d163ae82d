#include "nhood/io/table_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

class TableIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_io_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  fs::path dir_;
};

TEST_F(TableIoTest, ReadsCsvWithBomAndQuotedFields) {
  const std::string path = Write("a.csv", "\xEF\xBB\xBF" "code,name,n\nE01000001,\"Barking, East\",12\nE01000002,\"Say \"\"hi\"\"\",NA\n");
  Result<Table> t = ReadTable(path);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->names(), (std::vector<std::string>{"code", "name", "n"}));
  EXPECT_EQ(t->text(1)[0], "Barking, East");
  EXPECT_EQ(t->text(1)[1], "Say \"hi\"");
  EXPECT_TRUE(std::isnan((*t->GetNumbers("n"))[1]));
}

TEST_F(TableIoTest, SkipsNomisMetadataLinesAndBlankRows) {
  const std::string path = Write("nomis.csv",
                                 "\n\"TS007A - Age\"\n\"ONS Crown Copyright\"\n\"Date :\",\"2021\"\n\n"
                                 "\"area\",\"mnemonic\",\"Total\"\n\n\"Hartlepool 001A\",\"E01011954\",2284\n\n");
  Result<Table> t = ReadTable(path, {.skip_lines = 5});
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->num_rows(), 1u);
  EXPECT_EQ(t->text(1)[0], "E01011954");
}

TEST_F(TableIoTest, BadCellReportsFileRowAndLine) {
  const std::string path = Write("bad.csv", "x,n\n1,10\nabc,10\n");
  Result<Table> t = ReadTable(path);
  ASSERT_TRUE(t);
  Result<Table::Numbers> x = t->GetNumbers("x");
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().message, path + ": row 2 (line 3), column 'x': 'abc' is not a number");
}

TEST_F(TableIoTest, RejectsEmptyBinaryMissingAndUnknownFiles) {
  EXPECT_EQ(ReadTable(Write("empty.csv", "")).error().message, (dir_ / "empty.csv").string() + ": file is empty");
  EXPECT_NE(ReadTable(Write("bin.csv", std::string("PK\x03\x04\0\0\0", 7))).error().message.find("binary"),
            std::string::npos);
  EXPECT_EQ(ReadTable((dir_ / "nope.csv").string()).error().code, StatusCode::kNotFound);
  EXPECT_EQ(ReadTable(Write("x.parquet", "abc")).error().code, StatusCode::kInvalidArgument);
}

Table Sample() {
  Table t;
  EXPECT_TRUE(t.AddText("code", {"E01000001", "E01000002"}).ok());
  EXPECT_TRUE(t.AddNumbers("value", {0.1, std::nan("")}).ok());
  EXPECT_TRUE(t.AddNumbers("upper", {1.0 / 3.0, 2}).ok());
  return t;
}

TEST_F(TableIoTest, CsvRoundTripKeepsEveryBit) {
  const std::string path = (dir_ / "out.csv").string();
  ASSERT_TRUE(WriteTable(Sample(), path).ok());
  Result<Table> back = ReadTable(path);
  ASSERT_TRUE(back);
  EXPECT_EQ((*back->GetNumbers("upper"))[0], 1.0 / 3.0);
  EXPECT_EQ(back->text(1)[1], "");
  // No temporary file left behind.
  int files = 0;
  for (auto& e : fs::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST_F(TableIoTest, XlsxOdsAndGeoPackageRoundTrip) {
  for (const char* name : {"out.xlsx", "out.ods", "out.gpkg"}) {
    const std::string path = (dir_ / name).string();
    ASSERT_TRUE(WriteTable(Sample(), path).ok()) << name;
    Result<Table> back = ReadTable(path);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->text(0)[1], "E01000002");
    EXPECT_NEAR((*back->GetNumbers("upper"))[0], 1.0 / 3.0, 1e-15) << name;
  }
}

TEST_F(TableIoTest, JsonIsAnArrayOfRecords) {
  const std::string path = (dir_ / "out.json").string();
  ASSERT_TRUE(WriteTable(Sample(), path).ok());
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(s.find("\"code\": \"E01000001\""), std::string::npos);
  EXPECT_NE(s.find("\"value\": null"), std::string::npos);
}

TEST_F(TableIoTest, FailedWriteLeavesExistingFileAlone) {
  const std::string path = Write("keep.txt", "precious");
  EXPECT_FALSE(WriteTable(Sample(), path).ok());  // unsupported extension
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "precious");
}

}  // namespace
}  // namespace nhood::io
