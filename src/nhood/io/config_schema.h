// A declared schema for a TOML configuration file, and validation of a
// parsed file against it before any work is done.
//
// A schema is a tree of sections: the top level, tables ([bounds]) and
// arrays of tables ([[risk]]). Each section declares its keys with a type
// (string, integer, number, true/false, file path, or an array of one of
// those), whether it is required, a range or a list of allowed values.
// Rules across keys (floor <= target <= ceiling) run once a section's keys
// are each valid.
//
//   ConfigSchema s("regions");
//   ConfigSection& bounds = s.root().Table("bounds");
//   bounds.Key("floor", ConfigType::kNumber).Above(0);
//   ConfigSection& areas = s.root().Table("areas").Required();
//   areas.Key("file", ConfigType::kPath).Required();
//
// Validation reports every problem, each naming the file, the key as a
// dotted path (`hotspot.fdr`, `risk[2].direction`; entries of an array of
// tables count from 1, as a reader counts the [[risk]] headers), the line
// when the key or its section is in the file, and what is allowed:
//   - a key or section the schema does not declare, with the closest
//     declared name ("did you mean") by edit distance, or the section where
//     that key belongs;
//   - a value of the wrong type: no conversion is made, except that an
//     integer is accepted where a number is expected (`fdr = 0` reads as
//     0.0; integers up to 2^53 convert exactly, larger ones are an error).
//     A float is never accepted where an integer is expected
//     (`permutations = 99.0`), a string never where a number is
//     (`fdr = "0.05"`), and true/false never as a number;
//   - a number outside its range, or any non-finite number (nan, inf);
//   - a string not among the allowed values, with the list and the closest;
//   - a repeated value in an array declared unique;
//   - a required key or section that is missing;
//   - a section of the wrong shape: a key where a table is expected, a
//     table where an array of tables is ([risk] for [[risk]]), or, in a
//     table of named tables ([responses.NAME]), an entry that is no table;
//   - a file path that does not exist (resolved against the data directory,
//     or the configuration's own directory when so declared; an absolute
//     path is kept). A path may also name another configuration file,
//     validated in turn against its own schema.
//
// Schemas are built once and then only read: validating from several
// threads at once is safe.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "nhood/base/result.h"

namespace nhood::io {

enum class ConfigType {
  kString,
  kInteger,  // a TOML integer (64-bit)
  kNumber,   // a TOML float, or an integer (converted exactly)
  kBool,
  kPath,     // a string naming a file that must exist
};

class ConfigSchema;

// One key of a section: its type and constraints. Built by
// ConfigSection::Key; the setters return *this so they chain.
class ConfigKey {
 public:
  ConfigKey(std::string name, ConfigType type) : name_(std::move(name)), type_(type) {}

  ConfigKey& Required();
  // An array of values of the key's type, with at least `min_items`.
  ConfigKey& Array(size_t min_items = 1);
  // An array whose values may not repeat.
  ConfigKey& Unique();
  // Inclusive bounds (integers and numbers).
  ConfigKey& AtLeast(double min);
  ConfigKey& AtMost(double max);
  ConfigKey& Between(double min, double max);  // both inclusive
  // Exclusive bounds.
  ConfigKey& Above(double min);
  ConfigKey& Below(double max);
  // The only values a string may take.
  ConfigKey& OneOf(std::vector<std::string> values);
  // kPath: resolved against the configuration file's directory instead of
  // the data directory.
  ConfigKey& RelativeToConfig();
  // kPath: the file is itself a configuration, validated against `schema`
  // (which must outlive this one).
  ConfigKey& Config(const ConfigSchema* schema);
  // An array key (Array) that also takes one value alone: x = "a" reads as
  // x = ["a"].
  ConfigKey& OrOne();

  const std::string& name() const { return name_; }
  ConfigType type() const { return type_; }
  bool required() const { return required_; }
  bool is_array() const { return array_; }
  bool or_one() const { return or_one_; }
  bool unique() const { return unique_; }
  size_t min_items() const { return min_items_; }
  const std::vector<std::string>& allowed() const { return allowed_; }
  bool relative_to_config() const { return relative_to_config_; }
  const ConfigSchema* config() const { return config_; }
  // "a number above 0 and below 1", "an integer between 1 and 99999", "one
  // of: none, rank_normal, zscore", "an array of strings".
  std::string Describe() const;
  // The same for one value (an element of an array key).
  std::string DescribeOne() const;
  // The problem with `value` against the range and allowed values, or ""
  // when it is fine. REQUIRES: `value` already of the key's type.
  std::string CheckRange(double value) const;
  std::string CheckAllowed(const std::string& value) const;

 private:
  std::string name_;
  ConfigType type_;
  bool required_ = false;
  bool array_ = false, unique_ = false, or_one_ = false;
  size_t min_items_ = 0;
  double min_ = -std::numeric_limits<double>::infinity(), max_ = std::numeric_limits<double>::infinity();
  bool min_inclusive_ = true, max_inclusive_ = true;
  std::vector<std::string> allowed_;
  bool relative_to_config_ = false;
  const ConfigSchema* config_ = nullptr;
};

// A problem found in a configuration. `line` is 0 when the key is not in the
// file (a missing required key of the top level) or the problem has no
// place in it.
struct ConfigProblem {
  StatusCode code = StatusCode::kInvalidArgument;  // kNotFound for a missing file
  std::string file;
  int line = 0;
  std::string key;      // dotted path, "" for the whole file
  std::string message;  // the whole sentence, naming the key
  // "FILE: line L: MESSAGE" (or "FILE: MESSAGE" without a line).
  std::string ToString() const;
};

// What a cross-key rule reports: the key (a dotted path relative to the
// section it was declared on) and the problem. `at`, when set, gives the
// line; otherwise the section's line is used.
struct RuleProblem {
  std::string key;
  std::string message;
  const toml::node* at = nullptr;
};
using ConfigRule = std::function<std::optional<RuleProblem>(const toml::table& section)>;

// A table, an array of tables, or the top level.
class ConfigSection {
 public:
  ConfigSection(std::string name, bool array_of_tables) : name_(std::move(name)), array_(array_of_tables) {}

  // Declares a key (names are unique within a section).
  ConfigKey& Key(std::string name, ConfigType type);
  // Declares a sub-table [name] or an array of tables [[name]].
  ConfigSection& Table(std::string name);
  ConfigSection& ArrayOfTables(std::string name);
  // Declares a table [name] of tables the user names ([responses.agree5],
  // [responses.ons]): every entry is a table, each validated against the
  // section returned.
  ConfigSection& NamedTables(std::string name);
  // An array of tables that may also be written as one [name] table.
  ConfigSection& OrOneTable();
  // The table must be present; for an array of tables, at least one entry.
  ConfigSection& Required();
  // A rule across this section's keys, run once each key is valid. For an
  // array of tables it runs on every entry.
  ConfigSection& Rule(ConfigRule rule);

  const std::string& name() const { return name_; }
  bool is_array_of_tables() const { return array_; }
  bool named_tables() const { return named_; }
  bool or_one_table() const { return or_one_table_; }
  bool required() const { return required_; }
  const ConfigKey* FindKey(const std::string& name) const;
  const ConfigSection* FindSection(const std::string& name) const;
  const std::deque<ConfigKey>& keys() const { return keys_; }
  const std::deque<ConfigSection>& sections() const { return sections_; }
  const std::vector<ConfigRule>& rules() const { return rules_; }

 private:
  std::string name_;
  bool array_;
  bool named_ = false, or_one_table_ = false;
  bool required_ = false;
  std::deque<ConfigKey> keys_;  // deque: references stay valid as keys are added
  std::deque<ConfigSection> sections_;
  std::vector<ConfigRule> rules_;
};

// The schema of one command's configuration file.
class ConfigSchema {
 public:
  explicit ConfigSchema(std::string command) : command_(std::move(command)), root_("", false) {}
  ConfigSchema(const ConfigSchema&) = delete;  // nested schemas are held by pointer
  ConfigSchema& operator=(const ConfigSchema&) = delete;

  const std::string& command() const { return command_; }
  ConfigSection& root() { return root_; }
  const ConfigSection& root() const { return root_; }

 private:
  std::string command_;
  ConfigSection root_;
};

// Parses the TOML file at `path`: kNotFound when it does not exist,
// kInvalidArgument "FILE: line L, column C: what" on a syntax error.
Result<toml::table> ParseConfigFile(const std::string& path);

// Every problem of `config` (parsed from `file`) against `schema`, in line
// order (problems without a line last). Relative paths resolve against
// `data_dir` (or `file`'s directory, where declared).
std::vector<ConfigProblem> FindConfigProblems(const toml::table& config, const ConfigSchema& schema,
                                              const std::string& file, const std::string& data_dir);

// Ok, or an error listing every problem, one per line (the first 20, then
// how many more); its code is the first problem's (kNotFound when that is a
// missing file, else kInvalidArgument).
Status ValidateConfig(const toml::table& config, const ConfigSchema& schema, const std::string& file,
                      const std::string& data_dir);

// ParseConfigFile, then ValidateConfig.
Result<toml::table> LoadConfigFile(const std::string& path, const ConfigSchema& schema, const std::string& data_dir);

// The edit distance between two names (insertions, deletions,
// substitutions and adjacent transpositions, each 1); the basis of "did you
// mean".
size_t EditDistance(const std::string& a, const std::string& b);

// The candidate closest to `name` within a distance a typo could explain
// (at most 1 for names up to 4 characters, 2 up to 8, else 3), or "".
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace nhood::io
