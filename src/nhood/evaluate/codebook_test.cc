#include "nhood/evaluate/codebook.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace nhood::evaluate {
namespace {

namespace fs = std::filesystem;

constexpr char kCodebook[] = R"(
[responses.agree5]
labels = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
agree = ["Agree", "Strongly agree"]
missing = ["Don't know", "Prefer not to say"]

[responses.wellbeing5]
labels = ["None of the time", "Rarely", "Some of the time", "Often", "All of the time"]

[responses.ons]
min = 0
max = 10
missing = ["Don't know"]

[[items]]
name = "talk"
column = "Q1"
responses = "agree5"

[[items]]
name = "influence"
column = "Q2"
responses = "agree5"
reverse = true

[[items]]
name = "ls"
responses = "ons"

[[scales]]
name = "life_satisfaction"
method = "ons4_life_satisfaction"
items = ["ls"]

[groups]
columns = ["project"]
)";

class CodebookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_codebook_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  Table Data(const std::vector<std::vector<std::string>>& cols, const std::vector<std::string>& names) {
    Table t;
    for (size_t c = 0; c < cols.size(); ++c) EXPECT_TRUE(t.AddText(names[c], cols[c]).ok());
    t.set_source("survey.csv");
    return t;
  }
  fs::path dir_;
};

TEST_F(CodebookTest, CodesAgreementReverseMissingAndOns4Bands) {
  Result<Codebook> cb = LoadCodebook(Write("cb.toml", kCodebook));
  ASSERT_TRUE(cb) << cb.error().message;
  const Table t = Data({{"Agree", "Don't know", "", "Strongly disagree"},
                        {"Agree", "Disagree", "Strongly agree", "Neither"},
                        {"7", "4", "Don't know", "10"},
                        {"p1", "p1", "p2", "p2"}},
                       {"Q1", "Q2", "ls", "project"});
  Result<ScoredSurvey> s = ApplyCodebook(*cb, t);
  ASSERT_TRUE(s) << s.error().message;
  const ScoredItem& talk = s->items[0];
  EXPECT_EQ(talk.code[0], 4);
  EXPECT_TRUE(std::isnan(talk.code[1]));
  EXPECT_EQ(talk.agree[0], 1);
  EXPECT_EQ(talk.agree[3], 0);
  EXPECT_TRUE(std::isnan(talk.agree[2]));
  EXPECT_EQ(talk.blank, 1u);
  EXPECT_EQ(talk.missing_by.at("Don't know"), 1u);
  const ScoredItem& influence = s->items[1];
  EXPECT_EQ(influence.code[0], 2);  // Agree (4) reversed on 1-5
  EXPECT_EQ(influence.code[2], 1);
  EXPECT_EQ(influence.agree[0], 1);  // agreement is read before reversing
  const ScaleScore& ls = s->scales[0];
  EXPECT_EQ(ls.band[0], "high");
  EXPECT_EQ(ls.band[1], "low");
  EXPECT_EQ(ls.band[2], "");
  EXPECT_EQ(ls.band[3], "very high");
}

TEST_F(CodebookTest, SwemwbsScaleIsRaschConverted) {
  std::string text = "[responses.w]\nlabels = [\"None of the time\", \"Rarely\", \"Some of the time\", \"Often\", "
                     "\"All of the time\"]\n";
  std::vector<std::vector<std::string>> cols;
  std::vector<std::string> names;
  for (int i = 1; i <= 7; ++i) {
    text += "[[items]]\nname = \"w" + std::to_string(i) + "\"\nresponses = \"w\"\n";
    names.push_back("w" + std::to_string(i));
    cols.push_back({"Some of the time", i == 1 ? "Often" : "Some of the time"});
  }
  text += "[[scales]]\nname = \"swemwbs\"\nmethod = \"swemwbs\"\nitems = [\"w1\",\"w2\",\"w3\",\"w4\",\"w5\",\"w6\",\"w7\"]\n";
  Result<Codebook> cb = LoadCodebook(Write("w.toml", text));
  ASSERT_TRUE(cb) << cb.error().message;
  Result<ScoredSurvey> s = ApplyCodebook(*cb, Data(cols, names));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_DOUBLE_EQ(s->scales[0].score[0], 19.25);  // raw 21
  EXPECT_DOUBLE_EQ(s->scales[0].score[1], 19.98);  // raw 22
}

TEST_F(CodebookTest, MissingColumnStopsNamingCodebookAndItem) {
  const std::string path = Write("cb.toml", kCodebook);
  Result<Codebook> cb = LoadCodebook(path);
  ASSERT_TRUE(cb);
  Result<ScoredSurvey> s = ApplyCodebook(*cb, Data({{"Agree"}, {"7"}, {"p"}}, {"Q1", "ls", "project"}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, path + ": item 'influence': column 'Q2' is not a column of survey.csv");
}

TEST_F(CodebookTest, UnknownResponseNamesRowAndColumn) {
  Result<Codebook> cb = LoadCodebook(Write("cb.toml", kCodebook));
  ASSERT_TRUE(cb);
  Result<ScoredSurvey> s =
      ApplyCodebook(*cb, Data({{"Agree", "Agre"}, {"Agree", "Agree"}, {"7", "7"}, {"p", "p"}}, {"Q1", "Q2", "ls", "project"}));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("survey.csv: row 2 (line 3), column 'Q1': 'Agre' is not a response of 'agree5'"),
            std::string::npos)
      << s.error().message;
  // Items are scored in parallel; the error is still the first in item order.
  for (int run = 0; run < 20; ++run) {
    s = ApplyCodebook(*cb, Data({{"Agree", "Agree"}, {"Agree", "Bad"}, {"7", "99"}, {"p", "p"}},
                                {"Q1", "Q2", "ls", "project"}));
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("row 2 (line 3), column 'Q2': 'Bad'"), std::string::npos) << s.error().message;
  }
  s = ApplyCodebook(*cb, Data({{"Agree"}, {"Agree"}, {"11"}, {"p"}}, {"Q1", "Q2", "ls", "project"}));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("column 'ls': '11' is not a response of 'ons' (whole numbers 0-10"),
            std::string::npos)
      << s.error().message;
}

TEST_F(CodebookTest, BadCodebooksNameTheKey) {
  Result<Codebook> cb = LoadCodebook(Write("a.toml", "[[items]]\nname = \"q\"\nresponses = \"nope\"\n"));
  ASSERT_FALSE(cb);
  EXPECT_NE(cb.error().message.find("responses 'nope' is not a [responses] set"), std::string::npos);
  cb = LoadCodebook(Write("b.toml", "[responses.r]\nmin = 0\nmax = 10\n[[items]]\nname = \"q\"\nresponses = \"r\"\n"
                                    "[[scales]]\nname = \"s\"\nmethod = \"swemwbs\"\nitems = [\"q\"]\n"));
  ASSERT_FALSE(cb);
  EXPECT_NE(cb.error().message.find("swemwbs takes 7 items, not 1"), std::string::npos) << cb.error().message;
  cb = LoadCodebook(Write("c.toml", "[[items]\n"));
  ASSERT_FALSE(cb);
  EXPECT_NE(cb.error().message.find("c.toml: line 1"), std::string::npos) << cb.error().message;
}

// A key written with the wrong type is an error, never its default.
TEST_F(CodebookTest, WrongTypesAreErrorsNotDefaults) {
  const std::string head = "[responses.r]\nmin = 0\nmax = 10\n[[items]]\nname = \"q\"\nresponses = \"r\"\n";
  Result<Codebook> cb = LoadCodebook(Write("d.toml", head + "reverse = \"yes\"\n"));
  ASSERT_FALSE(cb);
  EXPECT_NE(cb.error().message.find("'reverse' must be true or false"), std::string::npos) << cb.error().message;
  cb = LoadCodebook(Write("e.toml", head + "column = 5\n"));
  ASSERT_FALSE(cb);
  EXPECT_NE(cb.error().message.find("'column' must be a string"), std::string::npos) << cb.error().message;
}

}  // namespace
}  // namespace nhood::evaluate
