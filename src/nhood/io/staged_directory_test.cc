#include "nhood/io/staged_directory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

class StagedDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_stage_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    out_ = (dir_ / "atlas").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string Slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  static void Put(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
  static Table Small(const std::string& value) {
    Table t;
    (void)t.AddText("code", {"A"});
    (void)t.AddText("value", {value});
    return t;
  }
  // Names in the directory, sorted.
  std::vector<std::string> Names(const fs::path& d) const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(d)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir_;
  std::string out_;
};

TEST_F(StagedDirectoryTest, CommitPutsEveryFileInPlaceWithItsRecord) {
  Result<StagedDirectory> s = StagedDirectory::Begin(out_);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(WriteTable(Small("A"), s->Path("a.csv")).ok());
  ASSERT_TRUE(WriteTextFile(s->Path("report.html"), "<p>ok</p>").ok());
  EXPECT_FALSE(fs::exists(out_));  // nothing in place before the commit
  ASSERT_TRUE(s->Commit({}, {{"seed", "3"}}).ok());
  EXPECT_EQ(Names(out_), (std::vector<std::string>{"a.csv", "provenance.json", "report.html"}));
  EXPECT_EQ(Names(dir_), (std::vector<std::string>{"atlas"}));  // no staging left
  const nlohmann::json j = nlohmann::json::parse(Slurp(fs::path(out_) / "provenance.json"));
  ASSERT_EQ(j["files"].size(), 2u);
  EXPECT_EQ(j["files"][0]["name"], "a.csv");
  EXPECT_EQ(j["files"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["seed"], "3");
}

// Issue 8 item 4: a failed report.html left a new atlas.gpkg beside old CSVs.
TEST_F(StagedDirectoryTest, AFailedRunLeavesTheOldDirectoryExactlyAsItWas) {
  fs::create_directories(out_);
  Put(fs::path(out_) / "lsoas.csv", "old lsoas\n");
  Put(fs::path(out_) / "atlas.gpkg", "old gpkg\n");
  {
    Result<StagedDirectory> s = StagedDirectory::Begin(out_);
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(WriteTable(Small("new"), s->Path("lsoas.csv")).ok());
    ASSERT_TRUE(WriteTable(Small("new"), s->Path("atlas.gpkg")).ok());
    Table bad;
    ASSERT_TRUE(bad.AddText("name", {"caf\xE9"}).ok());
    ASSERT_FALSE(WriteTable(bad, s->Path("priority.csv")).ok());  // the run fails here, before Commit
  }
  EXPECT_EQ(Names(out_), (std::vector<std::string>{"atlas.gpkg", "lsoas.csv"}));
  EXPECT_EQ(Slurp(fs::path(out_) / "lsoas.csv"), "old lsoas\n");
  EXPECT_EQ(Slurp(fs::path(out_) / "atlas.gpkg"), "old gpkg\n");
  EXPECT_EQ(Names(dir_), (std::vector<std::string>{"atlas"}));  // the staging directory is gone
}

TEST_F(StagedDirectoryTest, ARerunKeepsTheUsersFilesAndDropsItsOwnStaleOnes) {
  {
    Result<StagedDirectory> s = StagedDirectory::Begin(out_);
    ASSERT_TRUE(WriteTable(Small("1"), s->Path("a.csv")).ok());
    ASSERT_TRUE(WriteTable(Small("1"), s->Path("stale.csv")).ok());
    ASSERT_TRUE(s->Commit().ok());
  }
  Put(fs::path(out_) / "notes.txt", "mine\n");
  Result<StagedDirectory> s = StagedDirectory::Begin(out_);
  ASSERT_TRUE(WriteTable(Small("2"), s->Path("a.csv")).ok());
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(Names(out_), (std::vector<std::string>{"a.csv", "notes.txt", "provenance.json"}));
  EXPECT_EQ(Slurp(fs::path(out_) / "notes.txt"), "mine\n");
  EXPECT_EQ(Slurp(fs::path(out_) / "a.csv"), "code,value\nA,2\n");
  EXPECT_EQ(Names(dir_), (std::vector<std::string>{"atlas"}));
}

TEST_F(StagedDirectoryTest, RefusesADirectoryHoldingAnInputOrAFile) {
  fs::create_directories(out_);
  const std::string input = (fs::path(out_) / "neighbourhoods.csv").string();
  Put(input, "code,n\nA,1\n");
  io::Run run({"atlas", "--output", out_});
  ASSERT_TRUE(ReadTable(input));
  Result<StagedDirectory> s = StagedDirectory::Begin(out_);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("holds an input of this run"), std::string::npos) << s.error().message;
  Put(dir_ / "file", "x");
  EXPECT_FALSE(StagedDirectory::Begin((dir_ / "file").string()));
  EXPECT_EQ(Slurp(input), "code,n\nA,1\n");
}

}  // namespace
}  // namespace nhood::io
