// Issue 8 item 2: a configuration is validated against its command's schema
// before any work. Each defect the review found (a typo or a wrongly typed
// value that used to give a different answer with exit code 0) is run
// through the command itself, as a user would: exit code 1, one message per
// problem naming the file, the line, the key and what is allowed, and no
// output written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "apps/cli/app.h"
#include "apps/cli/config.h"
#include "nhood/io/command_schemas.h"
#include "tests/support/data_dir.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

fs::path DataDir() { return test_support::DataDir(); }

fs::path Examples() { return fs::path(NHOOD_SOURCE_DIR) / "examples"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The shipped examples, edited one defect at a time. Their data paths must
// exist (the schema checks them), so the data mirror is required: without
// it these tests fail, saying where they looked.
class ConfigDefect : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2019"));
    dir_ = fs::temp_directory_path() / ("nhood_config_defect_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy_file(Examples() / "left-behind-wards.toml", dir_ / "left-behind-wards.toml");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // `example` with the unique text `from` replaced by `to`; remembers the
  // line of the edit.
  std::string Edit(const std::string& example, const std::string& from, const std::string& to) {
    std::string cfg = ReadFile(Examples() / example);
    const size_t at = cfg.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(cfg.find(from, at + 1), std::string::npos) << from << " is not unique";
    if (at == std::string::npos) return cfg;
    cfg.replace(at, from.size(), to);
    line_ = 1 + std::count(cfg.begin(), cfg.begin() + at, '\n') + std::count(to.begin(), to.end(), '\n') -
            (to.empty() || to.back() != '\n' ? 0 : 1);
    return cfg;
  }

  // Runs `nhood COMMAND --config dir/NAME --data-dir MIRROR --output dir/out`.
  int Run(const std::string& command, const std::string& cfg, const std::string& output = "out") {
    config_ = (dir_ / (command + ".toml")).string();
    std::ofstream(config_) << cfg;
    output_ = dir_ / output;
    ::testing::internal::CaptureStderr();
    const int code = RunCli({command, "--config", config_, "--data-dir", DataDir().string(), "--output", output_.string()});
    err_ = ::testing::internal::GetCapturedStderr();
    return code;
  }

  // The run failed before any work: exit 1, nothing written, and stderr
  // names the file and line of the edit followed by `message`.
  void ExpectRejected(int code, const std::string& message) {
    EXPECT_EQ(code, 1) << err_;
    EXPECT_FALSE(fs::exists(output_)) << output_ << " was written";
    const std::string where = config_ + ": line " + std::to_string(line_) + ": " + message;
    EXPECT_NE(err_.find(where), std::string::npos) << "expected: " << where << "\ngot: " << err_;
    EXPECT_EQ(err_.find("atlas [1/7"), std::string::npos) << "work started: " << err_;
  }

  fs::path dir_, output_;
  std::string config_, err_;
  int line_ = 0;
};

constexpr const char* kAtlas = "atlas-north-east.toml";

TEST_F(ConfigDefect, UnknownSectionSuggestsTheDeclaredOne) {
  // [bound] was ignored: the default bounds were used without a word.
  const std::string cfg = Edit(kAtlas, "[bounds]\n", "[bound]\n");
  ExpectRejected(Run("atlas", cfg), "unknown section [bound]; did you mean [bounds]?");
}

TEST_F(ConfigDefect, UnknownKeySuggestsTheDeclaredOne) {
  // sead = 1 was ignored: the default seed was used.
  const std::string cfg = Edit(kAtlas, "seed = 12345\n", "sead = 1\n");
  ExpectRejected(Run("atlas", cfg), "unknown key 'sead' in the top level; did you mean 'seed'?");
}

TEST_F(ConfigDefect, FdrAsAStringIsAnError) {
  // fdr = "0.05" silently turned FDR off (High-High 87 -> 196).
  const std::string cfg = Edit(kAtlas, "fdr = 0.05\n", "fdr = \"0.05\"\n");
  ExpectRejected(Run("atlas", cfg),
                 "'hotspot.fdr' must be a number above 0 and below 1, not the string \"0.05\"; write it without quotes: "
                 "fdr = 0.05");
}

TEST_F(ConfigDefect, FloorAsAStringIsAnError) {
  const std::string cfg = Edit(kAtlas, "floor = 7000\n", "floor = \"12000\"\n");
  ExpectRejected(Run("atlas", cfg), "'bounds.floor' must be a number above 0, not the string \"12000\"");
}

TEST_F(ConfigDefect, PermutationsAsAStringIsAnError) {
  const std::string cfg = Edit(kAtlas, "permutations = 999\n", "permutations = \"99\"\n");
  ExpectRejected(Run("atlas", cfg), "'permutations' must be an integer between 1 and 99999, not the string \"99\"");
}

TEST_F(ConfigDefect, RiskWeightAsAStringIsAnError) {
  // The second [[risk]] entry's weight = "2" fell back to 1.
  const std::string cfg = Edit(kAtlas, "denominator = \"total_residents\"\n", "denominator = \"total_residents\"\nweight = \"2\"\n");
  ExpectRejected(Run("atlas", cfg),
                 "'risk[2].weight' must be a number at least 0, not the string \"2\"; write it without quotes: weight = 2");
}

TEST_F(ConfigDefect, PermutationsOutOfRange) {
  ExpectRejected(Run("atlas", Edit(kAtlas, "permutations = 999\n", "permutations = 0\n")),
                 "'permutations' must be an integer between 1 and 99999, not 0");
  ExpectRejected(Run("atlas", Edit(kAtlas, "permutations = 999\n", "permutations = 5000000000\n")),
                 "'permutations' must be an integer between 1 and 99999, not 5000000000");
}

TEST_F(ConfigDefect, FdrOutOfRange) {
  ExpectRejected(Run("atlas", Edit(kAtlas, "fdr = 0.05\n", "fdr = 1.5\n")),
                 "'hotspot.fdr' must be a number above 0 and below 1, not 1.5");
}

TEST_F(ConfigDefect, TierShareOutOfRange) {
  // top = 20 (a percentage for a share) put every neighbourhood in tier 1.
  ExpectRejected(Run("atlas", Edit(kAtlas, "top = 0.2\n", "top = 20\n")),
                 "'tiers.top' must be a number between 0 and 1, not 20");
}

TEST_F(ConfigDefect, UnknownPolarityListsTheAllowedValues) {
  const std::string cfg =
      Edit(kAtlas, "denominator = \"all\"\n", "denominator = \"all\"\npolarity = \"high_is_goood\"\n");
  ExpectRejected(Run("atlas", cfg),
                 "'risk[1].polarity' must be one of: low_is_good, high_is_good, not \"high_is_goood\"; did you mean "
                 "\"high_is_good\"?");
}

TEST_F(ConfigDefect, TheClassifyConfigurationOfAnAtlasIsValidatedFirst) {
  // The atlas names a classify configuration: its problems stop the atlas
  // before any work too, naming that file.
  std::string classify = ReadFile(dir_ / "left-behind-wards.toml");
  classify.replace(classify.find("percent = 10"), 12, "percent = \"10\"");
  std::ofstream(dir_ / "left-behind-wards.toml") << classify;
  EXPECT_EQ(Run("atlas", ReadFile(Examples() / kAtlas)), 1);
  EXPECT_FALSE(fs::exists(output_));
  const std::string where = (dir_ / "left-behind-wards.toml").string() + ": line 7: 'percent' must be a number above 0 "
                                                                          "and at most 100, not the string \"10\"";
  EXPECT_NE(err_.find(where), std::string::npos) << err_;
}

TEST_F(ConfigDefect, UnknownDirectionInTheIndexListsTheAllowedValues) {
  // direction = "higher_is_beter" was taken as higher-is-worse.
  const std::string cfg =
      Edit("health-domain-factor.toml", "column = \"comparative_illness_and_disability_ratio_indicator\"\n",
           "column = \"comparative_illness_and_disability_ratio_indicator\"\ndirection = \"higher_is_beter\"\n");
  ExpectRejected(Run("index", cfg, "index.csv"),
                 "'domain[1].indicator[2].direction' must be one of: higher_is_worse, higher_is_better, not "
                 "\"higher_is_beter\"; did you mean \"higher_is_better\"?");
}

TEST_F(ConfigDefect, RegionsHomogeneityWeightAsAStringIsAnError) {
  const std::string cfg = Edit("england-neighbourhoods.toml", "weight = 1.0\n", "weight = \"2\"\n");
  ExpectRejected(Run("regions", cfg), "'homogeneity.weight' must be a number at least 0, not the string \"2\"");
}

TEST_F(ConfigDefect, ClassifyPercentAsAStringIsAnError) {
  const std::string cfg = Edit("left-behind-wards.toml", "percent = 10\n", "percent = \"10\"\n");
  ExpectRejected(Run("classify", cfg, "wards.csv"), "'percent' must be a number above 0 and at most 100, not the string \"10\"");
}

TEST_F(ConfigDefect, AMissingDataFileIsFoundBeforeAnyWork) {
  // A misspelt risk file used to surface only after the hot spots and
  // neighbourhoods were computed.
  const std::string cfg = Edit(kAtlas, "census/census2021_TS037_general_health_lsoa21.csv",
                               "census/census2021_TS037_general_helth_lsoa21.csv");
  ExpectRejected(Run("atlas", cfg), "'risk[1].file': no such file: " +
                                        (DataDir() / "census/census2021_TS037_general_helth_lsoa21.csv").string());
}

TEST_F(ConfigDefect, EveryProblemIsListed) {
  std::string cfg = Edit(kAtlas, "seed = 12345\n", "sead = 1\n");
  cfg.replace(cfg.find("fdr = 0.05"), 10, "fdr = 1.5");
  EXPECT_EQ(Run("atlas", cfg), 1);
  EXPECT_NE(err_.find("did you mean 'seed'?\n" + config_ + ": line "), std::string::npos) << err_;
  EXPECT_NE(err_.find("'hotspot.fdr' must be a number above 0 and below 1, not 1.5"), std::string::npos) << err_;
}

// Integers are accepted where a number is expected (the examples write
// floor = 7000 and weight = 1), and still checked against the range.
TEST_F(ConfigDefect, IntegersWhereNumbersAreExpected) {
  std::string cfg = Edit(kAtlas, "denominator = \"all\"\n", "denominator = \"all\"\nweight = 2\n");
  cfg.replace(cfg.find("floor = 7000"), 12, "floor = 7000.0");
  cfg.replace(cfg.find("top = 0.2"), 9, "top = 0");
  std::ofstream(dir_ / "ok.toml") << cfg;
  Result<toml::table> ok = LoadConfig((dir_ / "ok.toml").string(), io::AtlasConfigSchema(), DataDir().string());
  EXPECT_TRUE(ok) << ok.error().message;
  cfg.replace(cfg.find("fdr = 0.05"), 10, "fdr = 0");
  std::ofstream(dir_ / "zero.toml") << cfg;
  Result<toml::table> zero = LoadConfig((dir_ / "zero.toml").string(), io::AtlasConfigSchema(), DataDir().string());
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("'hotspot.fdr' must be a number above 0 and below 1, not 0"), std::string::npos)
      << zero.error().message;
}

}  // namespace
}  // namespace nhood::cli
