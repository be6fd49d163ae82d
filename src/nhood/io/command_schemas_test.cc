#include "nhood/io/command_schemas.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/data_dir.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

fs::path DataDir() { return test_support::DataDir(); }

fs::path Examples() { return fs::path(NHOOD_SOURCE_DIR) / "examples"; }

const ConfigSchema* SchemaFor(const std::string& example) {
  if (example.rfind("atlas-", 0) == 0) return &AtlasConfigSchema();
  if (example == "england-neighbourhoods.toml") return &RegionsConfigSchema();
  if (example == "left-behind-wards.toml") return &ClassifyConfigSchema();
  if (example == "imd2019.toml" || example == "health-domain-factor.toml") return &IndexConfigSchema();
  if (example == "did-left-behind.toml") return &DidConfigSchema();
  return nullptr;
}

// Every shipped configuration is valid against its command's schema,
// including the files it names in the data mirror. Without the mirror this
// fails, saying where it looked: the paths cannot be checked.
TEST(CommandSchemas, EveryExampleIsValid) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2019"));
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(Examples())) {
    if (entry.path().extension() != ".toml") continue;
    const std::string name = entry.path().filename().string();
    // `value sroi` checks its file with its own reader (ValueCommand tests
    // run this example), not yet with a declared schema.
    if (name == "sroi-example.toml") continue;
    const ConfigSchema* schema = SchemaFor(name);
    ASSERT_NE(schema, nullptr) << name << ": which command reads it? add it to SchemaFor";
    Result<toml::table> t = LoadConfigFile(entry.path().string(), *schema, DataDir().string());
    EXPECT_TRUE(t) << t.error().message;
    ++checked;
  }
  EXPECT_EQ(checked, 9u);  // 8 on main plus did-left-behind.toml
}

class CommandSchemaRules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nhood_command_schemas_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "f.csv") << "x\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<ConfigProblem> Problems(const ConfigSchema& schema, const std::string& text) {
    std::ofstream(dir_ / "c.toml") << text;
    Result<toml::table> t = ParseConfigFile((dir_ / "c.toml").string());
    EXPECT_TRUE(t) << t.error().message;
    return t ? FindConfigProblems(*t, schema, (dir_ / "c.toml").string(), dir_.string()) : std::vector<ConfigProblem>{};
  }
  std::string Messages(const ConfigSchema& schema, const std::string& text) {
    std::string m;
    for (const ConfigProblem& p : Problems(schema, text)) m += p.message + "\n";
    return m;
  }
  fs::path dir_;
};

const char* kRegions =
    "[areas]\nfile = \"f.csv\"\nid = \"a\"\n[population]\nfile = \"f.csv\"\nid = \"a\"\ncolumn = \"p\"\n"
    "[nest]\nfile = \"f.csv\"\nid = \"a\"\ncolumn = \"n\"\n";

TEST_F(CommandSchemaRules, RegionsBoundsAndWeights) {
  EXPECT_EQ(Messages(RegionsConfigSchema(), kRegions), "");
  EXPECT_EQ(Messages(RegionsConfigSchema(), std::string(kRegions) + "[bounds]\nfloor = 12000\ntarget = 10000\n"),
            "[bounds] need 0 < floor <= target <= ceiling, not 12000 / 10000 / default\n");
  EXPECT_EQ(Messages(RegionsConfigSchema(), std::string(kRegions) + "[bounds]\nfloor = \"12000\"\n"),
            "'bounds.floor' must be a number above 0, not the string \"12000\"; write it without quotes: floor = "
            "12000\n");
  EXPECT_EQ(Messages(RegionsConfigSchema(), std::string(kRegions) +
                                                "[homogeneity]\nfile = \"f.csv\"\nid = \"a\"\ncolumn = \"s\"\nweight = "
                                                "\"2\"\n"),
            "'homogeneity.weight' must be a number at least 0, not the string \"2\"; write it without quotes: weight = "
            "2\n");
}

TEST_F(CommandSchemaRules, IndicatorEntries) {
  const std::string head = "[social_infrastructure]\nfile = \"f.csv\"\nid = \"a\"\nscore = \"s\"\n"
                           "[deprivation]\nfile = \"f.csv\"\nid = \"a\"\nscore = \"s\"\n"
                           "[deprivation.population]\nfile = \"f.csv\"\nid = \"a\"\ncolumn = \"p\"\n"
                           "[deprivation.lookup]\nfile = \"f.csv\"\nfrom = \"a\"\nto = \"b\"\n";
  EXPECT_EQ(Messages(ClassifyConfigSchema(), head), "");
  const std::string h = head + "[[health]]\nfile = \"f.csv\"\nid = \"a\"\n";
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h + "value = \"v\"\n"), "");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h), "give numerator and denominator (counts), or value\n");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h + "numerator = \"x\"\n"),
            "'numerator' and 'denominator' go together: give both (counts), or 'value' instead\n");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h + "value = \"v\"\nfilter_column = \"c\"\n"),
            "'filter_column' and 'filter_value' go together: give both, or neither\n");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h + "value = \"v\"\npolarity = \"low_is_goood\"\n"),
            "'health[1].polarity' must be one of: low_is_good, high_is_good, not \"low_is_goood\"; did you mean "
            "\"low_is_good\"?\n");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h + "numerator = \"x\"\ndenominator = \"n\"\nvintage = \"lsoa21\"\n"),
            "'bridge.file' is required: health[1] has vintage = \"lsoa21\", bridged to LSOA 2011 through [bridge] "
            "file, from, to\n");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), h + "value = \"v\"\nvintage = \"lsoa21\"\n[bridge]\nfile = \"f.csv\"\n"
                                                 "from = \"a\"\nto = \"b\"\n"),
            "vintage = \"lsoa21\" bridges counts (numerator, denominator) to LSOA 2011; a value cannot be bridged: "
            "give it on LSOA 2011\n");
  EXPECT_EQ(Messages(ClassifyConfigSchema(), "percent = 0\n" + head),
            "'percent' must be a number above 0 and at most 100, not 0\n");
}

TEST_F(CommandSchemaRules, IndexDomains) {
  const std::string head = "[input]\nfile = \"f.csv\"\nid = \"a\"\n";
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\ncolumn = \"a\"\nweight = 1\n"), "");
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\nweight = 1\n"),
            "give either 'column' or [[domain.indicator]] entries\n");
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\nweight = 1\n[[domain.indicator]]\ncolumn = \"a\"\n"
                                                  "direction = \"higher_is_beter\"\n"),
            "'domain[1].indicator[1].direction' must be one of: higher_is_worse, higher_is_better, not "
            "\"higher_is_beter\"; did you mean \"higher_is_better\"?\n");
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\ncolumn = \"a\"\nweight = 1\nstandardise = \"z\"\n"),
            "'domain[1].standardise' must be one of: none, rank_normal, zscore, not \"z\"\n");
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\ncolumn = \"a\"\n"),
            "'domain[1].weight' is required (a number at least 0)\n");
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\ncolumn = \"a\"\nweight = 0.5\n[[domain]]\ncolumn = "
                                                  "\"b\"\nweight = 0.5\nname = \"domain1\"\n"),
            "'domain[2].name' = \"domain1\" is already domain[1]'s name: each domain needs its own\n");
  EXPECT_EQ(Messages(IndexConfigSchema(), head + "[[domain]]\nweight = 1\n[[domain.indicator]]\ncolumn = \"a\"\n"
                                                  "[[domain.indicator]]\ncolumn = \"a\"\n"),
            "column \"a\" is already indicator[1]\n");
}

// The atlas' own rules, on the North East example edited (needs the data
// mirror for its paths, like EveryExampleIsValid).
TEST_F(CommandSchemaRules, AtlasRules) {
  ASSERT_TRUE(test_support::HaveData(DataDir() / "imd2019"));
  std::ifstream in(Examples() / "atlas-north-east.toml");
  const std::string base((std::istreambuf_iterator<char>(in)), {});
  fs::copy_file(Examples() / "left-behind-wards.toml", dir_ / "left-behind-wards.toml");
  auto problems = [&](std::string cfg) {
    std::ofstream(dir_ / "atlas.toml") << cfg;
    Result<toml::table> t = ParseConfigFile((dir_ / "atlas.toml").string());
    EXPECT_TRUE(t);
    std::string m;
    for (const ConfigProblem& p : FindConfigProblems(*t, AtlasConfigSchema(), (dir_ / "atlas.toml").string(),
                                                     DataDir().string())) {
      m += p.message + "\n";
    }
    return m;
  };
  auto edit = [&](std::string from, std::string to) {
    std::string cfg = base;
    EXPECT_NE(cfg.find(from), std::string::npos) << from;
    return cfg.replace(cfg.find(from), from.size(), to);
  };
  EXPECT_EQ(problems(base), "");
  // top alone, with the default middle of 0.3.
  EXPECT_EQ(problems(edit("top = 0.2\nmiddle = 0.3\n", "top = 0.9\n")),
            "[tiers] top and middle are shares of the neighbourhoods: together at most 1, not 0.9 + 0.3 (with the "
            "default)\n");
  EXPECT_EQ(problems(edit("column = \"cidr\"", "column = \"bad_health_2021\"")),
            "'risk[3].column' = \"bad_health_2021\" is already risk[1]'s column: each [[risk]] needs its own\n");
  EXPECT_EQ(problems(base + "\n[ages]\nfile = \"lookups/lsoa11_msoa11_geographr.csv\"\nid = \"a\"\nbands = [\"x\", "
                            "\"y\", \"x\"]\n"),
            "'ages.bands[3]' repeats \"x\" (already ages.bands[1])\n");
  EXPECT_EQ(problems(edit("\n[[risk]]", "\n[neighbourhoods]\nid = \"x\"\n\n[[risk]]")),
            "give file, id, column (a table of area -> neighbourhood) or polygons, id\n");
  EXPECT_EQ(problems(edit("\n[bridge]", "\n[old_bridge]")),
            "unknown section [old_bridge]; allowed here: name, seed, permutations, extent, areas, population, nest, "
            "deprivation, double_disadvantage, wards, previous_deprivation, standardisation, hotspot, bounds, tiers, "
            "bridge, ages, neighbourhoods, risk\n"
            "'bridge.file' is required: risk[1] has vintage = \"lsoa21\", bridged to LSOA 2011 through [bridge] file, "
            "from, to\n");
}

TEST_F(CommandSchemaRules, DidTreatedFlagValueNeedsAFlag) {
  const std::string rest =
      "[clusters]\nfile = \"f.csv\"\nfrom = \"a\"\nto = \"b\"\n[bridge]\nfile = \"f.csv\"\nfrom = \"a\"\nto = \"b\"\n"
      "[census2011]\nfile = \"f.csv\"\nid = \"code\"\n[census2021]\nfile = \"f.csv\"\nid = \"code\"\n"
      "[deprivation]\nfile = \"f.csv\"\nid = \"a\"\nscore = \"s\"\n[deciles]\nfile = \"f.csv\"\nid = \"a\"\ncolumn = \"d\"\n";
  const std::string treated = "[treated]\nfile = \"f.csv\"\nid = \"code\"\n";
  EXPECT_EQ(Messages(DidConfigSchema(), treated + rest), "");
  EXPECT_EQ(Messages(DidConfigSchema(), treated + "flag_value = \"TRUE\"\n" + rest),
            "'flag_value' is read only with 'flag' (the column to test)\n");
  EXPECT_NE(Messages(DidConfigSchema(), treated + rest + "[matching]\nratio = 0\n"), "");
  EXPECT_NE(Messages(DidConfigSchema(), rest), "");  // [treated] is required
}

}  // namespace
}  // namespace nhood::io
