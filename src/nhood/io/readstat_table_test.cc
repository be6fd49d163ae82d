// ReadStatTable: a small .sav written here with ReadStat's own writer API
// (labelled and unlabelled variables, a system-missing value), read back with
// value labels kept; a labelled variable with a code its set lacks is an
// error naming file, row and column.
#include "nhood/io/readstat_table.h"

#include <gtest/gtest.h>
#include <readstat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

ssize_t WriteBytes(const void* data, size_t len, void* ctx) {
  return static_cast<ssize_t>(std::fwrite(data, 1, len, static_cast<FILE*>(ctx)));
}

// q: labelled 1 = "No", 2 = "Yes"; age: plain numbers. Rows: q codes, age.
void WriteSav(const std::string& path, const std::vector<double>& q, const std::vector<double>& age) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  readstat_writer_t* w = readstat_writer_init();
  readstat_set_data_writer(w, WriteBytes);
  readstat_label_set_t* set = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "yesno");
  readstat_label_double_value(set, 1, "No");
  readstat_label_double_value(set, 2, "Yes");
  readstat_variable_t* vq = readstat_add_variable(w, "q", READSTAT_TYPE_DOUBLE, 0);
  readstat_variable_set_label_set(vq, set);
  readstat_variable_t* va = readstat_add_variable(w, "age", READSTAT_TYPE_DOUBLE, 0);
  ASSERT_EQ(readstat_begin_writing_sav(w, f, static_cast<long>(q.size())), READSTAT_OK);
  for (size_t r = 0; r < q.size(); ++r) {
    readstat_begin_row(w);
    if (std::isnan(q[r])) readstat_insert_missing_value(w, vq);
    else readstat_insert_double_value(w, vq, q[r]);
    readstat_insert_double_value(w, va, age[r]);
    readstat_end_row(w);
  }
  ASSERT_EQ(readstat_end_writing(w), READSTAT_OK);
  readstat_writer_free(w);
  std::fclose(f);
}

class ReadStatTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_readstat_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ReadStatTableTest, ValueLabelsAreKept) {
  const std::string path = (dir_ / "s.sav").string();
  WriteSav(path, {2, 1, std::nan(""), 2}, {34, 51.5, 60, 19});
  Result<Table> t = ReadStatTable(path);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->num_rows(), 4u);
  ASSERT_EQ(t->num_columns(), 2u);
  EXPECT_EQ(t->names()[0], "q");
  EXPECT_EQ(t->Cell(0, 0), "Yes");
  EXPECT_EQ(t->Cell(0, 1), "No");
  EXPECT_EQ(t->Cell(0, 2), "");  // system-missing
  EXPECT_EQ(t->Cell(0, 3), "Yes");
  EXPECT_EQ(t->Cell(1, 1), "51.5");
  EXPECT_EQ(t->Cell(1, 3), "19");
  EXPECT_TRUE(IsReadStatPath("a/b.SAV"));
  EXPECT_TRUE(IsReadStatPath("x.dta"));
  EXPECT_FALSE(IsReadStatPath("x.csv"));
}

TEST_F(ReadStatTableTest, UnlabelledCodeNamesFileRowAndColumn) {
  const std::string path = (dir_ / "bad.sav").string();
  WriteSav(path, {2, 1, 7}, {34, 51, 60});
  Result<Table> t = ReadStatTable(path);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find(path + ": row 3, column 'q': code 7 has no value label"), std::string::npos)
      << t.error().message;
}

TEST_F(ReadStatTableTest, NotSpssIsAnError) {
  const std::string path = (dir_ / "no.sav").string();
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("not a sav file\n", f);
  std::fclose(f);
  Result<Table> t = ReadStatTable(path);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("cannot be read as SPSS data"), std::string::npos) << t.error().message;
  EXPECT_EQ(ReadStatTable((dir_ / "missing.sav").string()).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace nhood::io
