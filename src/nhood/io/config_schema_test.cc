#include "nhood/io/config_schema.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace nhood::io {
namespace {

namespace fs = std::filesystem;
using T = ConfigType;

// A small schema in the shape of the atlas: top-level keys, tables, an
// array of tables with an enum, and a rule.
class SchemaTest : public ::testing::Test {
 protected:
  SchemaTest() : schema_("test") {
    ConfigSection& root = schema_.root();
    root.Key("name", T::kString);
    root.Key("seed", T::kInteger).AtLeast(0);
    root.Key("permutations", T::kInteger).Between(1, 99999);
    root.Key("flag", T::kBool);
    ConfigSection& areas = root.Table("areas").Required();
    areas.Key("file", T::kPath).Required();
    areas.Key("id", T::kString).Required();
    ConfigSection& hot = root.Table("hotspot");
    hot.Key("fdr", T::kNumber).Above(0).Below(1);
    ConfigSection& bounds = root.Table("bounds");
    bounds.Key("floor", T::kNumber).Above(0);
    bounds.Key("ceiling", T::kNumber).Above(0);
    bounds.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (!t.contains("floor") || !t.contains("ceiling")) return std::nullopt;
      if (*t["floor"].value<double>() <= *t["ceiling"].value<double>()) return std::nullopt;
      return RuleProblem{"floor", "floor above ceiling", t.get("floor")};
    });
    ConfigSection& ages = root.Table("ages");
    ages.Key("bands", T::kString).Array(1).Required();
    ages.Key("codes", T::kInteger).Array(0).Unique();
    ConfigSection& risk = root.ArrayOfTables("risk").Required();
    risk.Key("file", T::kPath).Required();
    risk.Key("weight", T::kNumber).AtLeast(0);
    risk.Key("direction", T::kString).OneOf({"higher_is_worse", "higher_is_better"});
    risk.ArrayOfTables("part").Key("column", T::kString).Required();
    dir_ = fs::temp_directory_path() / ("nhood_schema_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "a.csv") << "x\n1\n";
  }
  ~SchemaTest() override { fs::remove_all(dir_); }

  // The problems of `text` (as the file dir_/c.toml), data under dir_.
  std::vector<ConfigProblem> Problems(const std::string& text) {
    std::ofstream((dir_ / "c.toml").string()) << text;
    Result<toml::table> t = ParseConfigFile((dir_ / "c.toml").string());
    EXPECT_TRUE(t) << t.error().message;
    if (!t) return {};
    return FindConfigProblems(*t, schema_, (dir_ / "c.toml").string(), dir_.string());
  }
  // The only problem's message, "FILE: line L: ..." without the directory.
  std::string One(const std::string& text) {
    std::vector<ConfigProblem> p = Problems(text);
    EXPECT_EQ(p.size(), 1u);
    if (p.size() != 1) {
      for (const auto& x : p) ADD_FAILURE() << x.ToString();
      return "";
    }
    std::string s = p[0].ToString();
    const std::string prefix = (dir_ / "").string();
    if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
    return s;
  }

  const std::string kValid = "[areas]\nfile = \"a.csv\"\nid = \"code\"\n[[risk]]\nfile = \"a.csv\"\n";
  ConfigSchema schema_;
  fs::path dir_;
};

TEST_F(SchemaTest, AValidFileHasNoProblems) {
  EXPECT_TRUE(Problems(kValid).empty());
  EXPECT_TRUE(Problems("name = \"x\"\nseed = 0\npermutations = 999\nflag = true\n" + kValid +
                       "weight = 2\ndirection = \"higher_is_better\"\n[[risk.part]]\ncolumn = \"c\"\n"
                       "[hotspot]\nfdr = 0.05\n[bounds]\nfloor = 7000\nceiling = 15000.5\n[ages]\nbands = [\"a\"]\n")
                  .empty());
}

TEST_F(SchemaTest, UnknownKeysAndSectionsSuggestTheClosestName) {
  EXPECT_EQ(One("sead = 1\n" + kValid), "c.toml: line 1: unknown key 'sead' in the top level; did you mean 'seed'?");
  EXPECT_EQ(One(kValid + "[bound]\nfloor = 1\nceiling = 2\n"),
            "c.toml: line 6: unknown section [bound]; did you mean [bounds]?");
  EXPECT_EQ(One(kValid + "[hotspot]\nfrd = 0.05\n"),
            "c.toml: line 7: unknown key 'hotspot.frd' in [hotspot]; did you mean 'hotspot.fdr'?");
  EXPECT_EQ(One(kValid + "wieght = 1\n"),
            "c.toml: line 6: unknown key 'risk[1].wieght' in [[risk]]; did you mean 'risk[1].weight'?");
  EXPECT_EQ(One(kValid + "[[risks]]\nfile = \"a.csv\"\n"),
            "c.toml: line 6: unknown section [[risks]]; did you mean [[risk]]?");
  // A key in the wrong section says where it belongs.
  EXPECT_EQ(One("fdr = 0.05\n" + kValid), "c.toml: line 1: unknown key 'fdr' in the top level; 'fdr' belongs in [hotspot]");
  // Nothing close: the names allowed there.
  EXPECT_EQ(One(kValid + "[hotspot]\nalpha = 0.05\n"),
            "c.toml: line 7: unknown key 'hotspot.alpha' in [hotspot]; allowed here: fdr");
}

TEST_F(SchemaTest, WrongTypesAreErrorsNotDefaults) {
  EXPECT_EQ(One(kValid + "[hotspot]\nfdr = \"0.05\"\n"),
            "c.toml: line 7: 'hotspot.fdr' must be a number above 0 and below 1, not the string \"0.05\"; write it "
            "without quotes: fdr = 0.05");
  EXPECT_EQ(One("permutations = \"99\"\n" + kValid),
            "c.toml: line 1: 'permutations' must be an integer between 1 and 99999, not the string \"99\"; write it "
            "without quotes: permutations = 99");
  EXPECT_EQ(One("permutations = 99.0\n" + kValid),
            "c.toml: line 1: 'permutations' must be an integer between 1 and 99999, not the float 99 (integers are "
            "written without a decimal point)");
  EXPECT_EQ(One("permutations = true\n" + kValid),
            "c.toml: line 1: 'permutations' must be an integer between 1 and 99999, not the boolean true");
  EXPECT_EQ(One(kValid + "weight = \"2\"\n"),
            "c.toml: line 6: 'risk[1].weight' must be a number at least 0, not the string \"2\"; write it without "
            "quotes: weight = 2");
  EXPECT_EQ(One("name = 12\n" + kValid), "c.toml: line 1: 'name' must be a string, not the integer 12; put it in quotes");
  EXPECT_EQ(One("flag = 1\n" + kValid), "c.toml: line 1: 'flag' must be true or false, not the integer 1");
  EXPECT_EQ(One("bounds = 5\n" + kValid),
            "c.toml: line 1: 'bounds' must be a table, not the integer 5: write [bounds] and its keys on the lines "
            "below");
  EXPECT_EQ(One("[areas]\nfile = \"a.csv\"\nid = \"code\"\n[risk]\nfile = \"a.csv\"\n"),
            "c.toml: line 4: 'risk' must be an array of tables, not a table: write [[risk]] above each entry");
}

TEST_F(SchemaTest, AnIntegerIsAcceptedWhereANumberIsExpected) {
  EXPECT_TRUE(Problems(kValid + "weight = 0\n").empty());
  EXPECT_TRUE(Problems(kValid + "[bounds]\nfloor = 7000\nceiling = 15000\n").empty());
  // ... but it is still checked against the range: fdr = 0 is not a level.
  EXPECT_EQ(One(kValid + "[hotspot]\nfdr = 0\n"), "c.toml: line 7: 'hotspot.fdr' must be a number above 0 and below 1, not 0");
  EXPECT_EQ(One(kValid + "weight = 9007199254740993\n"),
            "c.toml: line 6: 'risk[1].weight' = 9007199254740993 is too large to convert exactly to a number");
}

TEST_F(SchemaTest, OutOfRangeAndNonFiniteNumbers) {
  EXPECT_EQ(One("permutations = 0\n" + kValid), "c.toml: line 1: 'permutations' must be an integer between 1 and 99999, not 0");
  EXPECT_EQ(One("permutations = 5000000000\n" + kValid),
            "c.toml: line 1: 'permutations' must be an integer between 1 and 99999, not 5000000000");
  EXPECT_EQ(One(kValid + "[hotspot]\nfdr = 1.5\n"),
            "c.toml: line 7: 'hotspot.fdr' must be a number above 0 and below 1, not 1.5");
  EXPECT_EQ(One(kValid + "[hotspot]\nfdr = 1\n"), "c.toml: line 7: 'hotspot.fdr' must be a number above 0 and below 1, not 1");
  EXPECT_EQ(One("seed = -1\n" + kValid), "c.toml: line 1: 'seed' must be an integer at least 0, not -1");
  EXPECT_EQ(One(kValid + "weight = nan\n"), "c.toml: line 6: 'risk[1].weight' must be a finite number, not nan");
  EXPECT_EQ(One(kValid + "weight = inf\n"), "c.toml: line 6: 'risk[1].weight' must be a finite number, not inf");
}

TEST_F(SchemaTest, UnknownEnumValuesListTheAllowedOnes) {
  EXPECT_EQ(One(kValid + "direction = \"higher_is_beter\"\n"),
            "c.toml: line 6: 'risk[1].direction' must be one of: higher_is_worse, higher_is_better, not "
            "\"higher_is_beter\"; did you mean \"higher_is_better\"?");
  EXPECT_EQ(One(kValid + "direction = \"up\"\n"),
            "c.toml: line 6: 'risk[1].direction' must be one of: higher_is_worse, higher_is_better, not \"up\"");
}

TEST_F(SchemaTest, EntriesOfArraysOfTablesCountFromOne) {
  const std::string text = kValid + "[[risk]]\nfile = \"a.csv\"\n[[risk.part]]\ncolumn = \"a\"\n[[risk.part]]\n"
                                    "column = 3\n";
  EXPECT_EQ(One(text), "c.toml: line 11: 'risk[2].part[2].column' must be a string, not the integer 3; put it in quotes");
  std::vector<ConfigProblem> p = Problems(kValid + "[[risk]]\nfile = \"a.csv\"\ndirection = \"x\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].key, "risk[2].direction");
  EXPECT_EQ(p[0].line, 8);
}

TEST_F(SchemaTest, MissingRequiredKeysAndSections) {
  // A present section names its line; an absent one has none.
  EXPECT_EQ(One("[areas]\nfile = \"a.csv\"\n[[risk]]\nfile = \"a.csv\"\n"),
            "c.toml: line 1: 'areas.id' is required (a string)");
  std::vector<ConfigProblem> p = Problems("[[risk]]\nfile = \"a.csv\"\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].ToString().substr(p[0].ToString().rfind("c.toml")), "c.toml: 'areas.file' is required (a file path)");
  EXPECT_EQ(p[1].message, "'areas.id' is required (a string)");
  EXPECT_EQ(p[1].line, 0);
  EXPECT_EQ(One("[areas]\nfile = \"a.csv\"\nid = \"code\"\n"), "c.toml: at least one [[risk]] entry is required");
  EXPECT_EQ(One(kValid + "[ages]\n"), "c.toml: line 6: 'ages.bands' is required (an array of strings (at least 1))");
}

TEST_F(SchemaTest, Arrays) {
  EXPECT_EQ(One(kValid + "[ages]\nbands = []\n"),
            "c.toml: line 7: 'ages.bands' must be an array of strings (at least 1), not an array of 0");
  EXPECT_EQ(One(kValid + "[ages]\nbands = \"a\"\n"),
            "c.toml: line 7: 'ages.bands' must be an array of strings (at least 1), not the string \"a\"");
  EXPECT_EQ(One(kValid + "[ages]\nbands = [\"a\", 2]\n"),
            "c.toml: line 7: 'ages.bands[2]' must be a string, not the integer 2; put it in quotes");
  // Repeats, where the key is declared unique.
  EXPECT_TRUE(Problems(kValid + "[ages]\nbands = [\"a\", \"a\"]\ncodes = []\n").empty());
  EXPECT_EQ(One(kValid + "[ages]\nbands = [\"a\"]\ncodes = [1, 2,\n 1]\n"),
            "c.toml: line 9: 'ages.codes[3]' repeats the integer 1 (already ages.codes[1])");
}

TEST_F(SchemaTest, FilePathsMustExist) {
  std::vector<ConfigProblem> p = Problems("[areas]\nfile = \"nope.csv\"\nid = \"code\"\n[[risk]]\nfile = \"a.csv\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].code, StatusCode::kNotFound);
  EXPECT_EQ(p[0].message, "'areas.file': no such file: " + (dir_ / "nope.csv").string() +
                              " (relative to the data directory)");
  // Absolute paths are kept.
  EXPECT_TRUE(Problems("[areas]\nfile = \"" + (dir_ / "a.csv").string() + "\"\nid = \"c\"\n[[risk]]\nfile = \"a.csv\"\n")
                  .empty());
  EXPECT_EQ(One("[areas]\nfile = \"\"\nid = \"c\"\n[[risk]]\nfile = \"a.csv\"\n"),
            "c.toml: line 2: 'areas.file' must name a file, not be empty");
}

TEST_F(SchemaTest, NestedConfigurationsAreValidatedInTurn) {
  ConfigSchema inner("inner");
  inner.root().Key("percent", T::kNumber).Above(0).AtMost(100);
  ConfigSchema outer("outer");
  outer.root().Key("other", T::kPath).Required().RelativeToConfig().Config(&inner);
  const fs::path sub = dir_ / "sub";
  fs::create_directories(sub);
  std::ofstream(sub / "inner.toml") << "percent = 200\n";
  std::ofstream(sub / "outer.toml") << "other = \"inner.toml\"\n";
  Result<toml::table> t = ParseConfigFile((sub / "outer.toml").string());
  ASSERT_TRUE(t);
  // The data directory does not matter: the path is relative to outer.toml.
  std::vector<ConfigProblem> p = FindConfigProblems(*t, outer, (sub / "outer.toml").string(), "/nonexistent");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].ToString(), (sub / "inner.toml").string() + ": line 1: 'percent' must be a number above 0 and at most 100, not 200");
  // A configuration that names itself is a loop, not a crash.
  std::ofstream(sub / "self.toml") << "other = \"self.toml\"\n";
  ConfigSchema selfish("self");
  selfish.root().Key("other", T::kPath).RelativeToConfig().Config(&selfish);
  t = ParseConfigFile((sub / "self.toml").string());
  ASSERT_TRUE(t);
  p = FindConfigProblems(*t, selfish, (sub / "self.toml").string(), "/nonexistent");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].message.find("configurations name each other in a loop"), std::string::npos) << p[0].message;
}

TEST_F(SchemaTest, RulesRunOnceTheKeysAreValid) {
  EXPECT_EQ(One(kValid + "[bounds]\nfloor = 20000\nceiling = 15000\n"), "c.toml: line 7: floor above ceiling");
  // A wrongly typed key is reported; the rule (which reads it) is not run.
  EXPECT_EQ(One(kValid + "[bounds]\nfloor = \"x\"\nceiling = 15000\n"),
            "c.toml: line 7: 'bounds.floor' must be a number above 0, not the string \"x\"");
  // An unknown key beside valid ones does not stop the rule.
  std::vector<ConfigProblem> p = Problems(kValid + "[bounds]\nfloor = 20000\nceiling = 15000\nfloo = 1\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].message, "floor above ceiling");
  EXPECT_EQ(p[1].message, "unknown key 'bounds.floo' in [bounds]; did you mean 'bounds.floor'?");
}

TEST_F(SchemaTest, EveryProblemIsReportedInLineOrder) {
  const std::string text = "sead = 1\npermutations = 0\n[areas]\nfile = \"nope.csv\"\n[hotspot]\nfdr = \"0.05\"\n";
  std::vector<ConfigProblem> p = Problems(text);
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0].line, 1);
  EXPECT_EQ(p[1].line, 2);
  EXPECT_EQ(p[2].key, "areas.id");  // reported at its section's line
  EXPECT_EQ(p[2].line, 3);
  EXPECT_EQ(p[3].key, "areas.file");
  EXPECT_EQ(p[4].key, "hotspot.fdr");
  EXPECT_EQ(p[5].message, "at least one [[risk]] entry is required");
  Result<toml::table> t = ParseConfigFile((dir_ / "c.toml").string());
  ASSERT_TRUE(t);
  Status s = ValidateConfig(*t, schema_, "c.toml", dir_.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(std::count(s.message().begin(), s.message().end(), '\n'), 5);
  EXPECT_EQ(s.message().substr(0, 73), "c.toml: line 1: unknown key 'sead' in the top level; did you mean 'seed'?");
}

TEST_F(SchemaTest, AtMostTwentyProblemsAreListed) {
  std::string text;
  for (int i = 0; i < 25; ++i) text += "unknown" + std::to_string(i) + " = 1\n";
  std::ofstream(dir_ / "many.toml") << text + kValid;
  Result<toml::table> r = LoadConfigFile((dir_ / "many.toml").string(), schema_, dir_.string());
  ASSERT_FALSE(r);
  const std::string& m = r.error().message;
  EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 20);
  EXPECT_NE(m.find("many.toml: and 5 more problems"), std::string::npos) << m;
}

TEST_F(SchemaTest, LoadConfigFileParsesThenValidates) {
  std::ofstream(dir_ / "bad.toml") << "this is = = not toml";
  Result<toml::table> r = LoadConfigFile((dir_ / "bad.toml").string(), schema_, dir_.string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bad.toml: line 1, column"), std::string::npos) << r.error().message;
  EXPECT_EQ(LoadConfigFile((dir_ / "none.toml").string(), schema_, dir_.string()).error().code, StatusCode::kNotFound);
  std::ofstream(dir_ / "good.toml") << kValid;
  EXPECT_TRUE(LoadConfigFile((dir_ / "good.toml").string(), schema_, dir_.string()));
}

// Tables the user names ([responses.NAME]), an array of tables also written
// as one table ([model] or [[model]]), and an array key that also takes one
// value alone (x = "a" or x = ["a", "b"]).
class SchemaShapesTest : public ::testing::Test {
 protected:
  SchemaShapesTest() : schema_("shapes") {
    ConfigSection& r = schema_.root().NamedTables("responses");
    r.Key("labels", T::kString).Array(1);
    r.Key("min", T::kNumber);
    ConfigSection& m = schema_.root().ArrayOfTables("model").OrOneTable();
    m.Key("y", T::kString).Required();
    m.Key("x", T::kString).Array(0).OrOne();
    dir_ = fs::temp_directory_path() / ("nhood_schema_shapes_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  ~SchemaShapesTest() override { fs::remove_all(dir_); }
  // Every problem of `text`, one a line, without the directory.
  std::string All(const std::string& text) {
    std::ofstream((dir_ / "c.toml").string()) << text;
    Result<toml::table> t = ParseConfigFile((dir_ / "c.toml").string());
    EXPECT_TRUE(t) << t.error().message;
    if (!t) return "?";
    std::string out;
    for (const ConfigProblem& p : FindConfigProblems(*t, schema_, (dir_ / "c.toml").string(), dir_.string())) {
      std::string s = p.ToString();
      if (s.rfind((dir_ / "").string(), 0) == 0) s = s.substr((dir_ / "").string().size());
      out += s + "\n";
    }
    return out;
  }
  ConfigSchema schema_;
  fs::path dir_;
};

TEST_F(SchemaShapesTest, EachNamedTableIsValidatedByItsSection) {
  EXPECT_EQ(All("[responses.a]\nlabels = [\"No\", \"Yes\"]\n[responses.b]\nmin = 0\n"), "");
  EXPECT_EQ(All("[responses.a]\nlabels = [\"No\"]\n[responses.b]\nmin = \"0\"\n"),
            "c.toml: line 4: 'responses.b.min' must be a number, not the string \"0\"; write it without quotes: "
            "min = 0\n");
  EXPECT_EQ(All("[responses.a]\nlables = [\"No\"]\n"),
            "c.toml: line 2: unknown key 'responses.a.lables' in [responses.a]; did you mean "
            "'responses.a.labels'?\n");
  EXPECT_EQ(All("[responses]\na = 5\n"),
            "c.toml: line 2: 'responses.a' must be a table, not the integer 5: write [responses.a] and its keys on the "
            "lines below\n");
  EXPECT_EQ(All("[responses.a]\nlabels = \"No\"\n"),
            "c.toml: line 2: 'responses.a.labels' must be an array of strings (at least 1), not the string \"No\"\n");
  // A key of an entry written at the top level says where it belongs.
  EXPECT_EQ(All("min = 0\n"),
            "c.toml: line 1: unknown key 'min' in the top level; 'min' belongs in "
            "[responses.NAME]\n");
}

TEST(SchemaShapes, ARequiredTableOfNamedTablesNeedsOneEntry) {
  ConfigSchema schema("named");
  schema.root().NamedTables("responses").Required().Key("min", T::kNumber).Required();
  toml::table empty;
  std::vector<ConfigProblem> p = FindConfigProblems(empty, schema, "c.toml", ".");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].ToString(), "c.toml: at least one [responses.NAME] table is required");
  toml::table none = toml::parse("[responses]\n");
  p = FindConfigProblems(none, schema, "c.toml", ".");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].ToString(), "c.toml: line 1: at least one [responses.NAME] table is required");
  toml::table one = toml::parse("[responses.a]\nmin = 1\n");
  EXPECT_TRUE(FindConfigProblems(one, schema, "c.toml", ".").empty());
}

TEST_F(SchemaShapesTest, OneTableOrAnArrayOfTables) {
  EXPECT_EQ(All("[model]\ny = \"a\"\n"), "");
  EXPECT_EQ(All("[[model]]\ny = \"a\"\n[[model]]\ny = \"b\"\n"), "");
  EXPECT_EQ(All("[model]\nyy = \"a\"\n"),
            "c.toml: line 1: 'model.y' is required (a string)\n"
            "c.toml: line 2: unknown key 'model.yy' in [[model]]; allowed here: y, x\n");
  EXPECT_EQ(All("[[model]]\ny = \"a\"\n[[model]]\ny = 2\n"),
            "c.toml: line 4: 'model[2].y' must be a string, not the integer 2; put it in quotes\n");
  EXPECT_EQ(All("model = 3\n"),
            "c.toml: line 1: 'model' must be an array of tables, not the integer 3: write [[model]] above each "
            "entry\n");
}

TEST_F(SchemaShapesTest, AnArrayKeyThatTakesOneValueAlone) {
  EXPECT_EQ(All("[model]\ny = \"a\"\nx = \"b\"\n"), "");
  EXPECT_EQ(All("[model]\ny = \"a\"\nx = [\"b\", \"c\"]\n"), "");
  EXPECT_EQ(All("[model]\ny = \"a\"\nx = 5\n"),
            "c.toml: line 3: 'model.x' must be a string or an array of strings, not the integer 5\n");
  EXPECT_EQ(All("[model]\ny = \"a\"\nx = [\"b\", 5]\n"),
            "c.toml: line 3: 'model.x[2]' must be a string, not the integer 5; put it in quotes\n");
}

TEST(EditDistance, CountsEditsAndTranspositions) {
  EXPECT_EQ(EditDistance("seed", "seed"), 0u);
  EXPECT_EQ(EditDistance("sead", "seed"), 1u);
  EXPECT_EQ(EditDistance("bound", "bounds"), 1u);
  EXPECT_EQ(EditDistance("fdr", "frd"), 1u);  // a transposition
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(EditDistance, ClosestNameOnlyWithinATypo) {
  EXPECT_EQ(ClosestName("sead", {"name", "seed", "permutations"}), "seed");
  EXPECT_EQ(ClosestName("permutation", {"name", "seed", "permutations"}), "permutations");
  EXPECT_EQ(ClosestName("alpha", {"fdr"}), "");
  EXPECT_EQ(ClosestName("x", {"id"}), "");
}

}  // namespace
}  // namespace nhood::io
