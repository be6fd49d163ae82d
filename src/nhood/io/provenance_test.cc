#include "nhood/io/provenance.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nhood/io/catalogue.h"
#include "nhood/io/checksum.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "nhood/io/version.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

class ProvenanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_prov_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    old_cwd_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
  }
  static std::string Slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  static void Put(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path().empty() ? "." : p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  fs::path dir_, old_cwd_;
};

// Issue 8 item 4: `-i x.csv -o x.csv` replaced the input.
TEST_F(ProvenanceTest, AnOutputThatIsAnInputIsRefusedAndTheInputKept) {
  const std::string csv = "code,n\nA,1\n";
  Put("x.csv", csv);
  fs::create_hard_link("x.csv", "hard.csv");
  fs::create_symlink(fs::absolute("x.csv"), "link.csv");
  io::Run run({"indicators", "proportion", "-i", "x.csv", "-o", "x.csv"});
  Result<Table> t = ReadTable("x.csv");
  ASSERT_TRUE(t) << t.error().message;
  for (const std::string& out : std::vector<std::string>{"x.csv", "./x.csv", "hard.csv", "link.csv", (dir_ / "x.csv").string()}) {
    Status s = WriteTable(*t, out);
    ASSERT_FALSE(s.ok()) << out;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), out + ": is also an input of this run (x.csv); nhood never overwrites its inputs: "
                                 "choose another output");
  }
  EXPECT_EQ(Slurp("x.csv"), csv);
  EXPECT_TRUE(WriteTable(*t, "y.csv").ok());
  // Every writer checks, and a directory that holds an input is refused.
  EXPECT_FALSE(WriteTextFile("x.csv", "text").ok());
  EXPECT_FALSE(CheckNotAnInput(".", {}, true).ok());
  EXPECT_TRUE(CheckNotAnInput("out_dir", {}, true).ok());
  EXPECT_EQ(Slurp("x.csv"), csv);
}

TEST_F(ProvenanceTest, WithoutARunOnlyTheGivenInputsAreChecked) {
  Put("a.csv", "code,n\nA,1\n");
  ASSERT_TRUE(ReadTable("a.csv"));
  EXPECT_TRUE(CheckNotAnInput("a.csv").ok());
  EXPECT_FALSE(CheckNotAnInput("a.csv", {"./a.csv"}).ok());
}

// Issue 8 item 5: provenance had no checksums, a hard-coded "0.1.0" and
// absolute paths of the machine.
TEST_F(ProvenanceTest, RecordHasChecksumsVersionVintagesAndNoAbsolutePaths) {
  const Dataset& d = Catalogue().front();
  const fs::path data = dir_ / "data";
  Put(data / d.path, "some,data\n1,2\n");
  Put("local.csv", "code,n\nA,1\n");
  const std::string abs_local = fs::absolute("local.csv").string();
  io::Run run({"indicators", "proportion", "-i", abs_local, "--data-dir=" + data.string(), "--seed", "7", "--fdr", "-o",
           (dir_ / "out.csv").string()});
  ASSERT_TRUE(ReadTable(abs_local));
  RecordInput((data / d.path).string());
  run.SetField("permutations", "99");
  Table t;
  ASSERT_TRUE(t.AddText("code", {"A"}).ok());
  ASSERT_TRUE(WriteTable(t, (dir_ / "out.csv").string()).ok());  // writes the sidecar itself
  const std::string text = Slurp("out.csv.provenance.json");
  EXPECT_EQ(text.find(dir_.string()), std::string::npos) << text;
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["nhood_version"], ProjectVersion());
  EXPECT_EQ(j["tool"], "nhood " + VersionString());
  EXPECT_EQ(j["output"], "out.csv");
  EXPECT_EQ(j["command_line"], "nhood indicators proportion -i local.csv --data-dir=data --seed 7 --fdr -o out.csv");
  EXPECT_EQ(j["subcommand"], "indicators proportion");
  EXPECT_EQ(j["options"]["--seed"], "7");
  EXPECT_EQ(j["options"]["--fdr"], true);
  EXPECT_EQ(j["seed"], "7");
  EXPECT_EQ(j["permutations"], "99");
  EXPECT_EQ(j["data_dir"], "data");
  ASSERT_EQ(j["inputs"].size(), 2u);
  EXPECT_EQ(j["inputs"][0]["path"], "local.csv");
  EXPECT_EQ(j["inputs"][0]["relative_to"], "working directory");
  EXPECT_EQ(j["inputs"][0]["bytes"], 11);
  EXPECT_EQ(j["inputs"][0]["sha256"], Sha256("code,n\nA,1\n"));
  EXPECT_EQ(j["inputs"][1]["path"], d.path);
  EXPECT_EQ(j["inputs"][1]["relative_to"], "data directory");
  EXPECT_EQ(j["inputs"][1]["dataset"]["id"], d.id);
  EXPECT_EQ(j["inputs"][1]["dataset"]["vintage"], d.vintage);
  // Explicit records add fields and inputs, and also stay relative.
  ASSERT_TRUE(WriteProvenance("out.csv", {"local.csv"}, {{"command", "nhood x -i " + abs_local}}).ok());
  const nlohmann::json k = nlohmann::json::parse(Slurp("out.csv.provenance.json"));
  EXPECT_EQ(k["command"], "nhood x -i local.csv");
  EXPECT_EQ(k["inputs"].size(), 2u);
}

TEST_F(ProvenanceTest, TheVersionComesFromTheBuild) {
  EXPECT_FALSE(ProjectVersion().empty());
  EXPECT_NE(VersionString().find(ProjectVersion()), std::string::npos);
  if (!GitDescribe().empty()) {
    EXPECT_EQ(VersionString(), ProjectVersion() + " (" + GitDescribe() + ")");
  }
}

}  // namespace
}  // namespace nhood::io
