// Bad input through the real command: one clear error line naming file, row
// and column, exit code 1, and no output file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "apps/cli/app.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

class CliErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nhood_cli_" + std::to_string(::getpid()) + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    out_ = (dir_ / "out.csv").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& content, const std::string& name = "in.csv") {
    std::ofstream((dir_ / name).string(), std::ios::binary) << content;
    return (dir_ / name).string();
  }
  // Runs `nhood indicators proportion` on `input`; returns exit code, stderr in err_.
  int Proportion(const std::string& input, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"indicators", "proportion", "-i", input, "-o", out_, "-x", "x", "-n", "n"};
    args.insert(args.end(), extra.begin(), extra.end());
    ::testing::internal::CaptureStderr();
    const int code = RunCli(args);
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  fs::path dir_;
  std::string out_, err_;
};

TEST_F(CliErrors, MissingColumn) {
  const std::string in = Write("id,x,count\nA,1,10\n");
  EXPECT_EQ(Proportion(in), 1);
  EXPECT_NE(err_.find(in + ": column 'n' not found"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(CliErrors, TextInNumericColumn) {
  const std::string in = Write("id,x,n\nA,1,10\nB,two,10\n");
  EXPECT_EQ(Proportion(in), 1);
  EXPECT_NE(err_.find(in + ": row 2 (line 3), column 'x': 'two' is not a number"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(CliErrors, NegativeDenominator) {
  const std::string in = Write("id,x,n\nA,1,10\nB,1,-5\n");
  EXPECT_EQ(Proportion(in), 1);
  EXPECT_NE(err_.find("row 2 (line 3), column 'n': denominator not positive"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(CliErrors, NumeratorAboveDenominator) {
  const std::string in = Write("id,x,n\nA,11,10\n");
  EXPECT_EQ(Proportion(in), 1);
  EXPECT_NE(err_.find("row 1 (line 2), column 'x': numerator above denominator"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(CliErrors, EmptyAndBinaryFiles) {
  EXPECT_EQ(Proportion(Write("", "empty.csv")), 1);
  EXPECT_NE(err_.find("empty.csv: file is empty"), std::string::npos) << err_;
  EXPECT_EQ(Proportion(Write(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "image.csv")), 1);
  EXPECT_NE(err_.find("image.csv: looks like a binary file"), std::string::npos) << err_;
  EXPECT_EQ(Proportion(Write("id,x,n\n", "header_only.csv")), 1);
  EXPECT_NE(err_.find("no rows"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(CliErrors, ErrorLeavesExistingOutputUntouched) {
  std::ofstream(out_) << "previous results";
  EXPECT_EQ(Proportion(Write("id,x,n\nA,11,10\n")), 1);
  std::ifstream in(out_);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), "previous results");
}

TEST_F(CliErrors, KeepInvalidWritesReasonInStatus) {
  EXPECT_EQ(Proportion(Write("id,x,n\nA,11,10\nB,3,10\n"), {"--keep-invalid", "--no-suppress"}), 0) << err_;
  Result<Table> t = io::ReadTable(out_);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->text(*t->Find("status"))[0], "numerator above denominator");
  EXPECT_EQ(t->text(*t->Find("value"))[0], "");
  EXPECT_EQ(t->text(*t->Find("status"))[1], "ok");
}

TEST_F(CliErrors, SuppressionBlanksSmallCountsButKeepsTheRow) {
  EXPECT_EQ(Proportion(Write("id,x,n\nA,3,10\nB,30,100\n"), {"--suppress-below", "5"}), 0) << err_;
  Result<Table> t = io::ReadTable(out_);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->num_rows(), 2u);
  EXPECT_EQ(t->text(*t->Find("status"))[0], "suppressed");
  EXPECT_EQ(t->text(*t->Find("lower95_0cl"))[0], "");
  EXPECT_EQ(t->text(*t->Find("value"))[1], "0.3");
}

// Issue 8 item 11: DESIGN.md's default, counts below 10 suppressed in the
// output, unless --no-suppress or --suppress-below 0.
TEST_F(CliErrors, SmallCountsAreSuppressedByDefault) {
  const std::string in = Write("id,x,n\nA,9,100\nB,10,100\n");
  ASSERT_EQ(Proportion(in), 0) << err_;
  Result<Table> t = io::ReadTable(out_);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->text(*t->Find("status")), (std::vector<std::string>{"suppressed", "ok"}));
  EXPECT_EQ(t->text(*t->Find("value"))[0], "");
  EXPECT_NE(err_.find("1 rows with a numerator below 10 suppressed"), std::string::npos) << err_;
  for (const auto& off : std::vector<std::vector<std::string>>{{"--no-suppress"}, {"--suppress-below", "0"}}) {
    ASSERT_EQ(Proportion(in, off), 0) << err_;
    t = io::ReadTable(out_);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->text(*t->Find("value"))[0], "0.09") << off[0];
  }
}

TEST_F(CliErrors, BenchmarkEnglandIsThePooledValue) {
  EXPECT_EQ(Proportion(Write("id,x,n\nA,10,100\nB,50,100\nC,30,100\n"),
                       {"--benchmark", "england", "--polarity", "low_is_good"}),
            0)
      << err_;
  Result<Table> t = io::ReadTable(out_);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->text(*t->Find("benchmark_value"))[0], "0.3");
  EXPECT_EQ(t->text(*t->Find("significance"))[0], "Lowest");
  EXPECT_EQ(t->text(*t->Find("rag"))[0], "Best");
  EXPECT_EQ(t->text(*t->Find("rag"))[1], "Worst");
  EXPECT_EQ(t->text(*t->Find("significance"))[2], "Similar");
}

TEST_F(CliErrors, UsageErrorsExitTwo) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(RunCli({"indicators", "proportion", "-i", "x.csv"}), 2);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(Proportion(Write("id,x,n\nA,1,10\n"), {"--confidence", "0.5"}), 2);
}

}  // namespace
}  // namespace nhood::cli
