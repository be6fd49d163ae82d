#include "nhood/io/config_schema.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "nhood/base/number.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxReported = 20;
constexpr int kMaxNesting = 4;  // configurations naming configurations

const char* TypeName(ConfigType t, bool plural) {
  switch (t) {
    case ConfigType::kString: return plural ? "strings" : "a string";
    case ConfigType::kInteger: return plural ? "integers" : "an integer";
    case ConfigType::kNumber: return plural ? "numbers" : "a number";
    case ConfigType::kBool: return plural ? "true or false values" : "true or false";
    case ConfigType::kPath: return plural ? "file paths" : "a file path";
  }
  return "";
}

// Numbers as TOML writes them: nan and inf spelt out.
std::string TomlNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return FormatNumber(v);
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// "the string \"0.05\"", "the integer 5000000000", "a table".
std::string DescribeNode(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "the string " + Quoted(*n.value_exact<std::string>());
    case toml::node_type::integer: return "the integer " + std::to_string(*n.value_exact<int64_t>());
    case toml::node_type::floating_point: return "the float " + TomlNumber(*n.value_exact<double>());
    case toml::node_type::boolean: return std::string("the boolean ") + (*n.value_exact<bool>() ? "true" : "false");
    case toml::node_type::array: return n.is_array_of_tables() ? "an array of tables" : "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

// Whether `n` has the TOML type a value of `t` is written in (an integer
// counts as a number).
bool OfType(const toml::node& n, ConfigType t) {
  switch (t) {
    case ConfigType::kString:
    case ConfigType::kPath:
      return n.is_string();
    case ConfigType::kInteger:
      return n.is_integer();
    case ConfigType::kNumber:
      return n.is_number();
    case ConfigType::kBool:
      return n.is_boolean();
  }
  return false;
}

int LineOf(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

// "[hotspot]", "[[risk]]", "the top level".
std::string Where(const std::string& table_path, bool array) {
  if (table_path.empty()) return "the top level";
  return array ? "[[" + table_path + "]]" : "[" + table_path + "]";
}

// Every declared name -> the sections that declare it ("[hotspot]"), for
// "'fdr' belongs in [hotspot]".
void CollectNames(const ConfigSection& s, const std::string& table_path, std::multimap<std::string, std::string>* out) {
  const std::string where = Where(table_path, s.is_array_of_tables());
  for (const ConfigKey& k : s.keys()) out->emplace(k.name(), where);
  for (const ConfigSection& c : s.sections()) {
    out->emplace(c.name(), where);
    const std::string path = table_path.empty() ? c.name() : table_path + "." + c.name();
    CollectNames(c, c.named_tables() ? path + ".NAME" : path, out);
  }
}

class Walker {
 public:
  Walker(const ConfigSchema& schema, std::string file, std::string data_dir, std::vector<ConfigProblem>* out,
         std::set<std::string>* open, int depth)
      : schema_(schema), file_(std::move(file)), data_dir_(std::move(data_dir)), out_(out), open_(open), depth_(depth) {
    CollectNames(schema.root(), "", &names_);
  }

  void Run(const toml::table& root) { Section(root, schema_.root(), "", "", 0); }

 private:
  void Add(int line, const std::string& key, std::string message, StatusCode code = StatusCode::kInvalidArgument) {
    out_->push_back({code, file_, line, key, std::move(message)});
  }

  // `path`: the display path of this table ("risk[2]"); `table_path`: its
  // schema path ("risk"), for naming sections.
  void Section(const toml::table& t, const ConfigSection& s, const std::string& path, const std::string& table_path,
               int line) {
    const std::string prefix = path.empty() ? "" : path + ".";
    size_t key_problems = 0;
    for (auto&& [k, node] : t) {
      const std::string name(k.str());
      const std::string key_path = prefix + name;
      const int key_line = k.source().begin.line > 0 ? static_cast<int>(k.source().begin.line) : LineOf(node);
      if (const ConfigKey* spec = s.FindKey(name)) {
        const size_t before = out_->size();
        Value(node, *spec, key_path, key_line);
        key_problems += out_->size() - before;
      } else if (const ConfigSection* sub = s.FindSection(name)) {
        const std::string sub_table = table_path.empty() ? name : table_path + "." + name;
        if (sub->is_array_of_tables() && sub->or_one_table() && node.is_table()) {
          Section(*node.as_table(), *sub, key_path, sub_table, LineOf(node) ? LineOf(node) : key_line);
        } else if (sub->is_array_of_tables()) {
          const toml::array* a = node.as_array();
          if (!a || !node.is_array_of_tables()) {
            Add(key_line, key_path,
                "'" + key_path + "' must be an array of tables, not " + DescribeNode(node) + ": write [[" + sub_table +
                    "]] above each entry");
            continue;
          }
          for (size_t i = 0; i < a->size(); ++i) {
            const toml::table& entry = *(*a)[i].as_table();
            Section(entry, *sub, key_path + "[" + std::to_string(i + 1) + "]", sub_table, LineOf(entry));
          }
        } else if (const toml::table* sub_t = node.as_table(); sub_t && sub->named_tables()) {
          NamedEntries(*sub_t, *sub, key_path, sub_table, LineOf(*sub_t) ? LineOf(*sub_t) : key_line);
        } else if (sub_t) {
          Section(*sub_t, *sub, key_path, sub_table, LineOf(*sub_t) ? LineOf(*sub_t) : key_line);
        } else {
          Add(key_line, key_path,
              "'" + key_path + "' must be a table, not " + DescribeNode(node) + ": write [" + sub_table +
                  "] and its keys on the lines below");
        }
      } else {
        Unknown(name, node, s, table_path, key_path, key_line);  // does not stop the rules: they read declared keys
      }
    }
    for (const ConfigKey& k : s.keys()) {
      if (k.required() && !t.contains(k.name())) {
        Add(line, prefix + k.name(), "'" + prefix + k.name() + "' is required (" + k.Describe() + ")");
        ++key_problems;
      }
    }
    for (const ConfigSection& sub : s.sections()) {
      if (sub.required() && !t.contains(sub.name())) {
        Missing(sub, prefix + sub.name(), table_path.empty() ? sub.name() : table_path + "." + sub.name(), line);
      }
    }
    if (key_problems) return;  // rules read the declared keys: only when each is valid
    for (const ConfigRule& rule : s.rules()) {
      std::optional<RuleProblem> p = rule(t);
      if (!p) continue;
      Add(p->at ? LineOf(*p->at) : line, prefix + p->key, p->message);
    }
  }

  // The entries of a table of named tables: each a table, validated against
  // `s` ([responses.agree5] with the keys of [responses.NAME]).
  void NamedEntries(const toml::table& t, const ConfigSection& s, const std::string& path,
                    const std::string& table_path, int line) {
    if (t.empty() && s.required()) Add(line, path, "at least one [" + table_path + ".NAME] table is required");
    for (auto&& [k, node] : t) {
      const std::string name(k.str());
      const std::string entry_path = path + "." + name, entry_table = table_path + "." + name;
      const int key_line = k.source().begin.line > 0 ? static_cast<int>(k.source().begin.line) : LineOf(node);
      if (const toml::table* e = node.as_table()) {
        Section(*e, s, entry_path, entry_table, LineOf(*e) ? LineOf(*e) : key_line);
      } else {
        Add(key_line, entry_path,
            "'" + entry_path + "' must be a table, not " + DescribeNode(node) + ": write [" + entry_table +
                "] and its keys on the lines below");
      }
    }
  }

  // A required section that is absent: its required keys, or the section.
  void Missing(const ConfigSection& s, const std::string& path, const std::string& table_path, int line) {
    if (s.is_array_of_tables()) {
      Add(line, path, "at least one [[" + table_path + "]] entry is required");
      return;
    }
    if (s.named_tables()) {
      Add(line, path, "at least one [" + table_path + ".NAME] table is required");
      return;
    }
    bool any = false;
    for (const ConfigKey& k : s.keys()) {
      if (!k.required()) continue;
      Add(line, path + "." + k.name(), "'" + path + "." + k.name() + "' is required (" + k.Describe() + ")");
      any = true;
    }
    for (const ConfigSection& sub : s.sections()) {
      if (sub.required()) {
        Missing(sub, path + "." + sub.name(), table_path + "." + sub.name(), line);
        any = true;
      }
    }
    if (!any) Add(line, path, "section [" + table_path + "] is required");
  }

  void Unknown(const std::string& name, const toml::node& node, const ConfigSection& s, const std::string& table_path,
               const std::string& key_path, int line) {
    std::vector<std::string> here;
    for (const ConfigKey& k : s.keys()) here.push_back(k.name());
    for (const ConfigSection& c : s.sections()) here.push_back(c.name());
    const std::string full = table_path.empty() ? name : table_path + "." + name;
    std::string what;
    if (node.is_array_of_tables()) what = "unknown section [[" + full + "]]";
    else if (node.is_table()) what = "unknown section [" + full + "]";
    else what = "unknown key '" + key_path + "' in " + Where(table_path, s.is_array_of_tables());
    const std::string closest = ClosestName(name, here);
    if (!closest.empty()) {
      const std::string prefix = key_path.substr(0, key_path.size() - name.size());
      if (const ConfigSection* c = s.FindSection(closest)) {
        const std::string sub = table_path.empty() ? closest : table_path + "." + closest;
        what += "; did you mean " + (c->is_array_of_tables() ? "[[" + sub + "]]" : "[" + sub + "]") + "?";
      } else {
        what += "; did you mean '" + prefix + closest + "'?";
      }
    } else {
      std::vector<std::string> elsewhere;
      auto [lo, hi] = names_.equal_range(name);
      for (auto it = lo; it != hi; ++it) elsewhere.push_back(it->second);
      if (!elsewhere.empty()) {
        what += "; '" + name + "' belongs in " + JoinNames(elsewhere);
      } else {
        what += "; allowed here: " + (here.empty() ? std::string("nothing") : JoinNames(here));
      }
    }
    Add(line, key_path, what);
  }

  void Value(const toml::node& node, const ConfigKey& k, const std::string& path, int line) {
    if (!k.is_array()) {
      Scalar(node, k, path, line);
      return;
    }
    const toml::array* a = node.as_array();
    if (!a && k.or_one() && OfType(node, k.type())) {
      Scalar(node, k, path, line);
      return;
    }
    if (!a) {
      Add(line, path, "'" + path + "' must be " + k.Describe() + ", not " + DescribeNode(node));
      return;
    }
    if (a->size() < k.min_items()) {
      Add(line, path, "'" + path + "' must be " + k.Describe() + ", not an array of " + std::to_string(a->size()));
      return;
    }
    std::map<std::string, size_t> seen;  // value (as TOML text) -> first position
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& e = (*a)[i];
      const std::string at = path + "[" + std::to_string(i + 1) + "]";
      const int e_line = LineOf(e) ? LineOf(e) : line;
      const size_t before = out_->size();
      Scalar(e, k, at, e_line);
      if (!k.unique() || out_->size() != before) continue;
      const std::string text = e.is_string() ? Quoted(*e.value_exact<std::string>()) : DescribeNode(e);
      auto [it, inserted] = seen.emplace(text, i + 1);
      if (!inserted) {
        Add(e_line, at, "'" + at + "' repeats " + text + " (already " + path + "[" + std::to_string(it->second) + "])");
      }
    }
  }

  // `node` is one value: the key's, or an element of an array key.
  void WrongType(const toml::node& node, const ConfigKey& k, const std::string& path, int line) {
    std::string m = "'" + path + "' must be " + k.DescribeOne() + ", not " + DescribeNode(node);
    const std::string short_name = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
    if (node.is_string() && (k.type() == ConfigType::kInteger || k.type() == ConfigType::kNumber)) {
      const std::string text = *node.value_exact<std::string>();
      if (std::optional<double> v = ParseNumber(text); v && !std::isnan(*v)) {
        m += "; write it without quotes: " + short_name + " = " + text;
      }
    } else if ((node.is_number() || node.is_boolean()) &&
               (k.type() == ConfigType::kString || k.type() == ConfigType::kPath)) {
      m += "; put it in quotes";
    } else if (node.is_floating_point() && k.type() == ConfigType::kInteger) {
      m += " (integers are written without a decimal point)";
    }
    Add(line, path, m);
  }

  void Scalar(const toml::node& node, const ConfigKey& k, const std::string& path, int line) {
    switch (k.type()) {
      case ConfigType::kBool:
        if (!node.is_boolean()) WrongType(node, k, path, line);
        return;
      case ConfigType::kInteger: {
        if (!node.is_integer()) return WrongType(node, k, path, line);
        const int64_t v = *node.value_exact<int64_t>();
        const std::string p = k.CheckRange(static_cast<double>(v));
        if (!p.empty()) Add(line, path, "'" + path + "' must be " + p + ", not " + std::to_string(v));
        return;
      }
      case ConfigType::kNumber: {
        double v;
        if (node.is_integer()) {
          const int64_t i = *node.value_exact<int64_t>();
          if (i > (int64_t{1} << 53) || i < -(int64_t{1} << 53)) {
            Add(line, path, "'" + path + "' = " + std::to_string(i) + " is too large to convert exactly to a number");
            return;
          }
          v = static_cast<double>(i);
        } else if (node.is_floating_point()) {
          v = *node.value_exact<double>();
        } else {
          return WrongType(node, k, path, line);
        }
        if (!std::isfinite(v)) {
          Add(line, path, "'" + path + "' must be a finite number, not " + TomlNumber(v));
          return;
        }
        const std::string p = k.CheckRange(v);
        if (!p.empty()) Add(line, path, "'" + path + "' must be " + p + ", not " + FormatNumber(v));
        return;
      }
      case ConfigType::kString:
      case ConfigType::kPath: {
        if (!node.is_string()) return WrongType(node, k, path, line);
        const std::string v = *node.value_exact<std::string>();
        const std::string p = k.CheckAllowed(v);
        if (!p.empty()) {
          Add(line, path, "'" + path + "' must be " + p + ", not " + Quoted(v) + [&] {
            const std::string c = ClosestName(v, k.allowed());
            return c.empty() ? std::string() : "; did you mean " + Quoted(c) + "?";
          }());
          return;
        }
        if (k.type() == ConfigType::kPath) PathValue(v, k, path, line);
        return;
      }
    }
  }

  void PathValue(const std::string& v, const ConfigKey& k, const std::string& path, int line) {
    if (v.empty()) {
      Add(line, path, "'" + path + "' must name a file, not be empty");
      return;
    }
    fs::path resolved(v);
    if (resolved.is_relative()) {
      resolved = (k.relative_to_config() ? fs::path(file_).parent_path() : fs::path(data_dir_)) / resolved;
    }
    std::error_code ec;
    if (!fs::exists(resolved, ec)) {
      Add(line, path,
          "'" + path + "': no such file: " + resolved.string() +
              (k.relative_to_config() ? " (relative to the configuration's directory)"
                                      : (fs::path(v).is_relative() ? " (relative to the data directory)" : "")),
          StatusCode::kNotFound);
      return;
    }
    if (!k.config()) return;
    const std::string nested = resolved.string();
    if (depth_ >= kMaxNesting || open_->count(fs::weakly_canonical(resolved, ec).string())) {
      Add(line, path, "'" + path + "': configurations name each other in a loop (" + nested + ")");
      return;
    }
    Result<toml::table> parsed = ParseConfigFile(nested);
    if (!parsed) {
      out_->push_back({parsed.error().code, nested, 0, "", parsed.error().message});
      return;
    }
    const std::string canonical = fs::weakly_canonical(resolved, ec).string();
    open_->insert(canonical);
    Walker(*k.config(), nested, data_dir_, out_, open_, depth_ + 1).Run(*parsed);
    open_->erase(canonical);
  }

  const ConfigSchema& schema_;
  std::string file_, data_dir_;
  std::vector<ConfigProblem>* out_;
  std::set<std::string>* open_;
  int depth_;
  std::multimap<std::string, std::string> names_;
};

}  // namespace

ConfigKey& ConfigKey::Required() {
  required_ = true;
  return *this;
}
ConfigKey& ConfigKey::Array(size_t min_items) {
  array_ = true;
  min_items_ = min_items;
  return *this;
}
ConfigKey& ConfigKey::Unique() {
  unique_ = true;
  return *this;
}
ConfigKey& ConfigKey::AtLeast(double min) {
  min_ = min;
  min_inclusive_ = true;
  return *this;
}
ConfigKey& ConfigKey::AtMost(double max) {
  max_ = max;
  max_inclusive_ = true;
  return *this;
}
ConfigKey& ConfigKey::Between(double min, double max) { return AtLeast(min).AtMost(max); }
ConfigKey& ConfigKey::Above(double min) {
  min_ = min;
  min_inclusive_ = false;
  return *this;
}
ConfigKey& ConfigKey::Below(double max) {
  max_ = max;
  max_inclusive_ = false;
  return *this;
}
ConfigKey& ConfigKey::OneOf(std::vector<std::string> values) {
  allowed_ = std::move(values);
  return *this;
}
ConfigKey& ConfigKey::RelativeToConfig() {
  relative_to_config_ = true;
  return *this;
}
ConfigKey& ConfigKey::Config(const ConfigSchema* schema) {
  config_ = schema;
  return *this;
}
ConfigKey& ConfigKey::OrOne() {
  or_one_ = true;
  return *this;
}

std::string ConfigKey::DescribeOne() const {
  std::string d;
  if (!allowed_.empty()) {
    d = "one of: " + JoinNames(allowed_);
  } else {
    d = TypeName(type_, false);
    const bool has_min = std::isfinite(min_), has_max = std::isfinite(max_);
    if (has_min && has_max && min_inclusive_ && max_inclusive_) {
      d += " between " + FormatNumber(min_) + " and " + FormatNumber(max_);
    } else {
      if (has_min) d += (min_inclusive_ ? " at least " : " above ") + FormatNumber(min_);
      if (has_min && has_max) d += " and";
      if (has_max) d += (max_inclusive_ ? " at most " : " below ") + FormatNumber(max_);
    }
  }
  return d;
}

std::string ConfigKey::Describe() const {
  const std::string d = DescribeOne();
  if (!array_) return d;
  std::string a = (or_one_ ? DescribeOne() + " or " : std::string()) + "an array of " + TypeName(type_, true);
  if (min_items_ > 0) a += " (at least " + std::to_string(min_items_) + ")";
  if (!allowed_.empty() || std::isfinite(min_) || std::isfinite(max_)) a += ", each " + d;
  if (unique_) a += ", none repeated";
  return a;
}

std::string ConfigKey::CheckRange(double value) const {
  const bool low = min_inclusive_ ? value < min_ : value <= min_;
  const bool high = max_inclusive_ ? value > max_ : value >= max_;
  if (!low && !high) return "";
  return DescribeOne();
}

std::string ConfigKey::CheckAllowed(const std::string& value) const {
  if (allowed_.empty() || std::find(allowed_.begin(), allowed_.end(), value) != allowed_.end()) return "";
  return "one of: " + JoinNames(allowed_);
}

std::string ConfigProblem::ToString() const {
  return file + (line > 0 ? ": line " + std::to_string(line) : std::string()) + ": " + message;
}

ConfigKey& ConfigSection::Key(std::string name, ConfigType type) {
  keys_.emplace_back(std::move(name), type);
  return keys_.back();
}
ConfigSection& ConfigSection::Table(std::string name) {
  sections_.emplace_back(std::move(name), false);
  return sections_.back();
}
ConfigSection& ConfigSection::ArrayOfTables(std::string name) {
  sections_.emplace_back(std::move(name), true);
  return sections_.back();
}
ConfigSection& ConfigSection::NamedTables(std::string name) {
  ConfigSection& s = Table(std::move(name));
  s.named_ = true;
  return s;
}
ConfigSection& ConfigSection::OrOneTable() {
  or_one_table_ = true;
  return *this;
}
ConfigSection& ConfigSection::Required() {
  required_ = true;
  return *this;
}
ConfigSection& ConfigSection::Rule(ConfigRule rule) {
  rules_.push_back(std::move(rule));
  return *this;
}
const ConfigKey* ConfigSection::FindKey(const std::string& name) const {
  for (const ConfigKey& k : keys_) {
    if (k.name() == name) return &k;
  }
  return nullptr;
}
const ConfigSection* ConfigSection::FindSection(const std::string& name) const {
  for (const ConfigSection& s : sections_) {
    if (s.name() == name) return &s;
  }
  return nullptr;
}

Result<toml::table> ParseConfigFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound(path + ": no such configuration file");
  // Debian's toml++ is built with exceptions: parse errors arrive as
  // toml::parse_error, caught here at the edge.
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(path + ": line " + std::to_string(e.source().begin.line) + ", column " +
                           std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
}

std::vector<ConfigProblem> FindConfigProblems(const toml::table& config, const ConfigSchema& schema,
                                              const std::string& file, const std::string& data_dir) {
  std::vector<ConfigProblem> problems;
  std::set<std::string> open;
  std::error_code ec;
  open.insert(fs::weakly_canonical(file, ec).string());
  Walker(schema, file, data_dir, &problems, &open, 0).Run(config);
  // Line order within each file, files in the order they were reached.
  std::map<std::string, size_t> file_order;
  for (const ConfigProblem& p : problems) file_order.emplace(p.file, file_order.size());
  std::stable_sort(problems.begin(), problems.end(), [&](const ConfigProblem& a, const ConfigProblem& b) {
    return std::make_tuple(file_order[a.file], a.line == 0, a.line) <
           std::make_tuple(file_order[b.file], b.line == 0, b.line);
  });
  return problems;
}

Status ValidateConfig(const toml::table& config, const ConfigSchema& schema, const std::string& file,
                      const std::string& data_dir) {
  const std::vector<ConfigProblem> problems = FindConfigProblems(config, schema, file, data_dir);
  if (problems.empty()) return Status::Ok();
  std::string message;
  for (size_t i = 0; i < problems.size() && i < kMaxReported; ++i) {
    message += (i ? "\n" : "") + problems[i].ToString();
  }
  if (problems.size() > kMaxReported) {
    message += "\n" + file + ": and " + std::to_string(problems.size() - kMaxReported) + " more problems";
  }
  return Error{problems[0].code, message};
}

Result<toml::table> LoadConfigFile(const std::string& path, const ConfigSchema& schema, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table t, ParseConfigFile(path));
  NHOOD_RETURN_IF_ERROR(ValidateConfig(t, schema, path, data_dir));
  return t;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  // Optimal string alignment distance (restricted Damerau-Levenshtein).
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  const size_t limit = name.size() <= 4 ? 1 : (name.size() <= 8 ? 2 : 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(name, c);
    if (d < best_d && d < c.size()) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

}  // namespace nhood::io
