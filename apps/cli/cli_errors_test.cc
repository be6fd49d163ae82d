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
  // Runs any command; returns exit code, stderr in err_.
  int Cli(std::vector<std::string> args) {
    ::testing::internal::CaptureStderr();
    const int code = RunCli(args);
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }
  int Bridge(const std::string& input, const std::string& lookup, std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"bridge", "-i", input, "--id", "code", "--columns", "x", "--lookup", lookup,
                                  "--lookup-from", "from", "--lookup-to", "to", "-o", out_};
    a.insert(a.end(), extra.begin(), extra.end());
    return Cli(a);
  }
  int Aggregate(const std::string& input, const std::string& lookup, std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"aggregate", "-i", input, "--id", "code", "--lookup", lookup,
                                  "--lookup-from", "from", "--lookup-to", "to", "-o", out_};
    a.insert(a.end(), extra.begin(), extra.end());
    return Cli(a);
  }
  fs::path dir_;
  std::string out_, err_;
};

// Issue 8 item 3: `bridge` carried -50 through and bridged a duplicated
// source twice; a split source whose target has no population lost its
// share silently.
TEST_F(CliErrors, BridgeRejectsNegativeCountsDuplicateSourcesAndUnapportionableSplits) {
  const std::string lookup = Write("from,to\nA,P\nB,Q\nB,R\n", "lookup.csv");
  const std::string neg = Write("code,x\nA,10\nB,-50\n", "neg.csv");
  EXPECT_EQ(Bridge(neg, lookup), 1);
  EXPECT_NE(err_.find(neg + ": row 2 (line 3), column 'x': -50 is negative (a count cannot be)"), std::string::npos) << err_;
  const std::string dup = Write("code,x\nA,10\nB,5\nA,3\n", "dup.csv");
  EXPECT_EQ(Bridge(dup, lookup), 1);
  EXPECT_NE(err_.find(dup + ": row 3 (line 4), column 'code': id 'A' appears more than once (first at row 1)"),
            std::string::npos)
      << err_;
  const std::string good = Write("code,x\nA,10\nB,6\n", "good.csv");
  const std::string pop = Write("area,people\nP,100\nQ,200\n", "pop.csv");
  EXPECT_EQ(Bridge(good, lookup, {"--population", pop, "--population-id", "area", "--population-column", "people"}), 1);
  EXPECT_NE(err_.find("lookup.csv: row 3 (line 4), column 'to': source 'B' is split among several targets, but target "
                      "'R' has no population"),
            std::string::npos)
      << err_;
  const std::string dup_pop = Write("area,people\nP,100\nQ,200\nR,100\nQ,5\n", "dup_pop.csv");
  EXPECT_EQ(Bridge(good, lookup, {"--population", dup_pop, "--population-id", "area", "--population-column", "people"}), 1);
  EXPECT_NE(err_.find("dup_pop.csv: row 4 (line 5), column 'area': id 'Q' appears more than once"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
  // With every population the split is apportioned 2:1 and the total kept.
  const std::string full = Write("area,people\nP,100\nQ,200\nR,100\n", "full.csv");
  ASSERT_EQ(Bridge(good, lookup, {"--population", full, "--population-id", "area", "--population-column", "people"}), 0)
      << err_;
  Result<Table> t = io::ReadTable(out_);
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->GetNumbers("x"), (std::vector<double>{10, 4, 2}));
}

// Issue 8 item 3: `aggregate` gave a blank for a negative count, counted a
// duplicated area twice, and kept one of two groups for an area.
TEST_F(CliErrors, AggregateRejectsNegativesDuplicatesAndAmbiguousLookups) {
  const std::string lookup = Write("from,to\nA,G\nB,G\nB,G\nC,H\n", "lookup.csv");  // B repeated, same group: fine
  const std::string neg = Write("code,x,n\nA,5,100\nB,-3,100\nC,1,10\n", "neg.csv");
  EXPECT_EQ(Aggregate(neg, lookup, {"-x", "x", "-n", "n"}), 1);
  EXPECT_NE(err_.find(neg + ": row 2 (line 3), column 'x': -3 is negative (a count cannot be)"), std::string::npos) << err_;
  const std::string dup = Write("code,x,n\nA,5,100\nB,3,100\nA,5,100\n", "dup.csv");
  EXPECT_EQ(Aggregate(dup, lookup, {"-x", "x", "-n", "n"}), 1);
  EXPECT_NE(err_.find(dup + ": row 3 (line 4), column 'code': id 'A' appears more than once (first at row 1)"),
            std::string::npos)
      << err_;
  const std::string two = Write("from,to\nA,G\nB,G\nB,H\n", "two.csv");
  const std::string good = Write("code,x,n\nA,5,100\nB,3,100\nC,1,10\n", "good.csv");
  EXPECT_EQ(Aggregate(good, two, {"-x", "x", "-n", "n"}), 1);
  EXPECT_NE(err_.find("two.csv: row 3 (line 4), column 'to': area 'B' is mapped to 'H' here and to 'G' at row 2"),
            std::string::npos)
      << err_;
  const std::string huge = Write("code,x,n\nA,1e308,1.5e308\nB,1e308,1.5e308\nC,1,10\n", "huge.csv");
  EXPECT_EQ(Aggregate(huge, lookup, {"-x", "x", "-n", "n"}), 1);
  EXPECT_NE(err_.find("huge.csv, column 'x': the sum over group 'G' overflows"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(out_));
  ASSERT_EQ(Aggregate(good, lookup, {"-x", "x", "-n", "n"}), 0) << err_;
  Result<Table> t = io::ReadTable(out_);
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->GetNumbers("numerator"), (std::vector<double>{8, 1}));
}

TEST_F(CliErrors, JoinLookupWithTwoRowsForAnAreaNamesTheRow) {
  const std::string lookup = Write("code,ward\nA,W1\nB,W2\nA,W3\n", "lookup.csv");
  EXPECT_EQ(Cli({"join", "-i", Write("code,x\nA,1\n"), "--id", "code", "--lookup", lookup, "--lookup-id", "code",
                 "--columns", "ward", "-o", out_}),
            1);
  EXPECT_NE(err_.find("lookup.csv: row 3 (line 4), column 'code': id 'A' appears more than once (first at row 1); a "
                      "hierarchy lookup needs one row per area"),
            std::string::npos)
      << err_;
  EXPECT_FALSE(fs::exists(out_));
}

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

// Issue 8 item 11: usage errors exit 2 (docs/cli.md), data errors 1; a
// mistyped command says which it could have been.
TEST_F(CliErrors, UsageErrorsExitTwoAndSuggestTheCommand) {
  const std::string in = Write("id,x,n\nA,1,10\n");
  EXPECT_EQ(Cli({"indicators", "proportionn", "-i", in, "-o", out_}), 2);
  EXPECT_NE(err_.find("unknown command 'proportionn' for 'nhood indicators'; did you mean 'proportion'?"),
            std::string::npos)
      << err_;
  EXPECT_EQ(Cli({"hotspts"}), 2);
  EXPECT_NE(err_.find("unknown command 'hotspts' for 'nhood'; did you mean 'hotspots'?"), std::string::npos) << err_;
  EXPECT_EQ(Cli({"data", "chek"}), 2);
  EXPECT_NE(err_.find("did you mean 'check'?"), std::string::npos) << err_;
  const std::vector<std::vector<std::string>> usage = {
      {"indicators", "proportion", "-i", in, "-x", "x", "-n", "n"},                                    // no -o
      {"indicators", "proportion", "-i", in, "-o", out_, "-x", "x", "-n", "n", "--bogus"},            // unknown option
      {"indicators", "proportion", "-i", in, "-o", out_, "-x", "x", "-n", "n", "--polarity", "lo"},   // enum
      {"indicators", "proportion", "-i", in, "-o", out_, "-x", "x", "-n", "n", "--benchmark-method", "ci96"},
      {"indicators", "proportion", "-i", in, "-o", out_, "-x", "x", "-n", "n", "--suppress-below", "-1"},
      {"indicators", "proportion", "-i", in, "-o", out_, "-x", "x", "-n", "n", "--confidence", "high"},
      {"indicators", "proportion", "-i", in, "-o", (dir_ / "out.txt").string(), "-x", "x", "-n", "n"},
      {"indicators", "quantile", "-i", in, "-o", out_, "--value", "x", "--quantiles", "1"},
      {"indicators", "funnel", "-i", in, "-o", out_, "-x", "x", "-n", "n", "--mode", "limit"},
      {"hotspots", "--areas", in, "--data", in, "--id", "id", "--value", "x", "-o", out_, "--draws", "one"},
      {"hotspots", "--areas", in, "--data", in, "--id", "id", "--value", "x", "-o", out_, "--permutations", "0"},
      {"hotspots", "--areas", in, "--data", in, "--id", "id", "--value", "x", "-o", out_, "--smooth", "bayes"},
      {"hotspots", "--areas", in, "--data", in, "--id", "id", "--value", "x", "-o", out_, "--fdr", "1.5"},
  };
  for (const auto& args : usage) {
    std::string line;
    for (const auto& a : args) line += " " + a;
    EXPECT_EQ(Cli(args), 2) << line << "\n" << err_;
  }
  EXPECT_FALSE(fs::exists(out_));
  EXPECT_EQ(Proportion(Write("id,x,n\nA,1,-10\n")), 1);  // bad data, not bad usage
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
