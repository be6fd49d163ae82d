#include "nhood/evaluate/codebook.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <string_view>
#include <tuple>
#include <toml++/toml.h>

#include "nhood/base/number.h"
#include "nhood/base/parallel.h"

namespace nhood::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string_view TrimView(std::string_view s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  const size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

Result<std::vector<std::string>> Strings(const toml::node_view<const toml::node>& v, const std::string& where) {
  std::vector<std::string> out;
  if (!v) return out;
  const toml::array* a = v.as_array();
  if (!a) return InvalidArgument(where + " must be an array of strings");
  for (const toml::node& n : *a) {
    auto s = n.value<std::string>();
    if (!s) return InvalidArgument(where + " must be an array of strings");
    out.push_back(*s);
  }
  return out;
}

// An optional key of type T: `fallback` when absent, an error naming the
// key when present with another type (never a silent fallback).
template <typename T>
Result<T> Optional(const toml::node_view<const toml::node>& t, const char* key, T fallback, const std::string& where,
                   const char* type) {
  if (!t[key]) return fallback;
  std::optional<T> v = t[key].template value_exact<T>();
  if (!v) return InvalidArgument(where + ": '" + key + "' must be " + type);
  return *v;
}

const std::set<std::string>& Methods() {
  static const std::set<std::string> m = {"swemwbs",        "wemwbs",          "mean",           "sum",
                                          "ons4_life_satisfaction", "ons4_worthwhile", "ons4_happiness",
                                          "ons4_anxiety"};
  return m;
}

}  // namespace

Result<Codebook> LoadCodebook(const std::string& path) {
  if (!std::filesystem::exists(path)) return NotFound(path + ": no such codebook");
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(path + ": line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  Codebook cb;
  cb.path = path;
  const toml::node_view<const toml::node> root{static_cast<const toml::node&>(t)};
  if (const toml::table* rs = root["responses"].as_table()) {
    for (const auto& [key, node] : *rs) {
      const std::string name(key.str());
      const std::string where = path + ": [responses." + name + "]";
      const toml::node_view<const toml::node> r{node};
      ResponseSet set;
      set.name = name;
      NHOOD_ASSIGN_OR_RETURN(set.labels, Strings(r["labels"], where + " labels"));
      NHOOD_ASSIGN_OR_RETURN(set.missing, Strings(r["missing"], where + " missing"));
      if (set.labels.empty()) {
        auto lo = r["min"].value<double>(), hi = r["max"].value<double>();
        if (!lo || !hi || *hi < *lo) return InvalidArgument(where + ": give labels, or a numeric min and max");
        set.numeric = true;
        set.min = *lo;
        set.max = *hi;
      } else {
        if (const toml::array* codes = r["codes"].as_array()) {
          for (const toml::node& n : *codes) {
            auto c = n.value<double>();
            if (!c) return InvalidArgument(where + " codes must be numbers");
            set.codes.push_back(*c);
          }
          if (set.codes.size() != set.labels.size()) {
            return InvalidArgument(where + ": " + std::to_string(set.codes.size()) + " codes for " +
                                   std::to_string(set.labels.size()) + " labels");
          }
        } else {
          for (size_t i = 0; i < set.labels.size(); ++i) set.codes.push_back(static_cast<double>(i + 1));
        }
        set.min = *std::min_element(set.codes.begin(), set.codes.end());
        set.max = *std::max_element(set.codes.begin(), set.codes.end());
        NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> agree, Strings(r["agree"], where + " agree"));
        for (const std::string& a : agree) {
          auto it = std::find(set.labels.begin(), set.labels.end(), a);
          if (it == set.labels.end()) return InvalidArgument(where + ": agree label '" + a + "' is not in labels");
          set.agree.push_back(set.codes[it - set.labels.begin()]);
        }
      }
      cb.responses[name] = std::move(set);
    }
  }
  if (const toml::array* items = root["items"].as_array()) {
    std::set<std::string> seen;
    for (size_t i = 0; i < items->size(); ++i) {
      const toml::node_view<const toml::node> it{(*items)[i]};
      const std::string where = path + ": [[items]] #" + std::to_string(i + 1);
      Item item;
      auto name = it["name"].value<std::string>();
      if (!name) return InvalidArgument(where + ": 'name' is required");
      item.name = *name;
      NHOOD_ASSIGN_OR_RETURN(item.column, Optional<std::string>(it, "column", item.name, where, "a string"));
      auto resp = it["responses"].value<std::string>();
      if (!resp) return InvalidArgument(where + " ('" + item.name + "'): 'responses' is required");
      if (!cb.responses.count(*resp)) {
        return InvalidArgument(where + " ('" + item.name + "'): responses '" + *resp + "' is not a [responses] set");
      }
      item.responses = *resp;
      NHOOD_ASSIGN_OR_RETURN(item.reverse, Optional<bool>(it, "reverse", false, where, "true or false"));
      if (!seen.insert(item.name).second) return InvalidArgument(where + ": item '" + item.name + "' is listed twice");
      cb.items.push_back(std::move(item));
    }
  }
  if (cb.items.empty()) return InvalidArgument(path + ": no [[items]]");
  if (const toml::array* scales = root["scales"].as_array()) {
    for (size_t i = 0; i < scales->size(); ++i) {
      const toml::node_view<const toml::node> s{(*scales)[i]};
      const std::string where = path + ": [[scales]] #" + std::to_string(i + 1);
      Scale scale;
      NHOOD_ASSIGN_OR_RETURN(scale.name, Optional<std::string>(s, "name", "", where, "a string"));
      NHOOD_ASSIGN_OR_RETURN(scale.method, Optional<std::string>(s, "method", "", where, "a string"));
      if (scale.name.empty()) return InvalidArgument(where + ": 'name' is required");
      if (!Methods().count(scale.method)) {
        return InvalidArgument(where + " ('" + scale.name + "'): method '" + scale.method +
                               "' is not one of swemwbs, wemwbs, mean, sum, ons4_life_satisfaction, "
                               "ons4_worthwhile, ons4_happiness, ons4_anxiety");
      }
      NHOOD_ASSIGN_OR_RETURN(scale.items, Strings(s["items"], where + " items"));
      for (const std::string& n : scale.items) {
        if (std::none_of(cb.items.begin(), cb.items.end(), [&](const Item& it) { return it.name == n; })) {
          return InvalidArgument(where + " ('" + scale.name + "'): item '" + n + "' is not in [[items]]");
        }
      }
      const size_t need = scale.method == "swemwbs" ? 7 : scale.method == "wemwbs" ? 14
                          : scale.method.rfind("ons4_", 0) == 0                       ? 1
                                                                                      : 0;
      if ((need && scale.items.size() != need) || scale.items.empty()) {
        return InvalidArgument(where + " ('" + scale.name + "'): " + scale.method + " takes " +
                               (need ? std::to_string(need) : std::string("at least 1")) + " items, not " +
                               std::to_string(scale.items.size()));
      }
      cb.scales.push_back(std::move(scale));
    }
  }
  NHOOD_ASSIGN_OR_RETURN(cb.groups, Strings(root["groups"]["columns"], path + ": [groups] columns"));
  const toml::node_view<const toml::node> design = root["design"], waves = root["waves"];
  NHOOD_ASSIGN_OR_RETURN(cb.weight, Optional<std::string>(design, "weight", "", path + ": [design]", "a string"));
  NHOOD_ASSIGN_OR_RETURN(cb.strata, Optional<std::string>(design, "strata", "", path + ": [design]", "a string"));
  NHOOD_ASSIGN_OR_RETURN(cb.psu, Optional<std::string>(design, "psu", "", path + ": [design]", "a string"));
  if (cb.weight.empty() && !(cb.strata.empty() && cb.psu.empty())) {
    return InvalidArgument(path + ": [design] names strata or psu without a weight");
  }
  NHOOD_ASSIGN_OR_RETURN(cb.wave, Optional<std::string>(waves, "column", "", path + ": [waves]", "a string"));
  NHOOD_ASSIGN_OR_RETURN(cb.id, Optional<std::string>(waves, "id", "", path + ": [waves]", "a string"));
  if (cb.wave.empty() && !cb.id.empty()) return InvalidArgument(path + ": [waves] names an id without a column");
  return cb;
}

Result<ScoredSurvey> ApplyCodebook(const Codebook& cb, const Table& data) {
  // Every column first, so a misnamed one stops before any work.
  std::vector<size_t> col(cb.items.size());
  for (size_t i = 0; i < cb.items.size(); ++i) {
    auto c = data.Find(cb.items[i].column);
    if (!c) {
      return InvalidArgument(cb.path + ": item '" + cb.items[i].name + "': column '" + cb.items[i].column +
                             "' is not a column of " + data.source());
    }
    col[i] = *c;
  }
  for (const std::string& g : cb.groups) {
    if (!data.Find(g)) return InvalidArgument(cb.path + ": [groups] column '" + g + "' is not a column of " + data.source());
  }
  for (const auto& [section, key, column] :
       {std::tuple<const char*, const char*, std::string>{"design", "weight", cb.weight},
        {"design", "strata", cb.strata}, {"design", "psu", cb.psu}, {"waves", "column", cb.wave},
        {"waves", "id", cb.id}}) {
    if (!column.empty() && !data.Find(column)) {
      return InvalidArgument(cb.path + ": [" + section + "] " + key + " '" + column + "' is not a column of " +
                             data.source());
    }
  }
  // Items are independent: one task each. Every item is scored whatever the
  // others give, and the error reported is the first in item order, then
  // row order, as a sequential pass would find it, on any thread count.
  ScoredSurvey out;
  out.items.resize(cb.items.size());
  std::vector<Status> status(cb.items.size());
  ParallelFor(cb.items.size(), 0, [&](size_t i) {
    const Item& item = cb.items[i];
    const ResponseSet& set = cb.responses.at(item.responses);
    ScoredItem& s = out.items[i];
    s.name = item.name;
    s.code.assign(data.num_rows(), kNaN);
    if (!set.agree.empty()) s.agree.assign(data.num_rows(), kNaN);
    const bool text = !data.is_numeric(col[i]);
    std::string number_cell;  // a numeric column's cell as text
    for (size_t r = 0; r < data.num_rows(); ++r) {
      if (!text) number_cell = data.Cell(col[i], r);
      const std::string_view cell = TrimView(text ? std::string_view(data.text(col[i])[r]) : number_cell);
      if (cell.empty()) {
        ++s.blank;
        continue;
      }
      if (std::find(set.missing.begin(), set.missing.end(), cell) != set.missing.end()) {
        ++s.missing_by[std::string(cell)];
        continue;
      }
      double code = kNaN;
      auto lab = std::find(set.labels.begin(), set.labels.end(), cell);
      if (lab != set.labels.end()) {
        code = set.codes[lab - set.labels.begin()];
      } else if (std::optional<double> v = ParseNumber(cell)) {
        const bool ok = set.numeric ? (std::floor(*v) == *v && *v >= set.min && *v <= set.max)
                                    : std::find(set.codes.begin(), set.codes.end(), *v) != set.codes.end();
        if (ok) code = *v;
      }
      if (std::isnan(code)) {
        std::string listed;
        if (set.numeric) {
          listed = "whole numbers " + FormatNumber(set.min) + "-" + FormatNumber(set.max);
        } else {
          for (const std::string& l : set.labels) listed += (listed.empty() ? "'" : ", '") + l + "'";
        }
        for (const std::string& l : set.missing) listed += ", missing '" + l + "'";
        status[i] = InvalidArgument(data.RowLocation(r) + ", column '" + item.column + "': '" + std::string(cell) +
                                    "' is not a response of '" + set.name + "' (" + listed + ")");
        return;
      }
      const bool agrees = std::find(set.agree.begin(), set.agree.end(), code) != set.agree.end();
      if (item.reverse) code = ReverseCode(code, set.min, set.max);
      s.code[r] = code;
      if (!s.agree.empty()) s.agree[r] = agrees ? 1 : 0;
    }
  });
  for (const Status& st : status) NHOOD_RETURN_IF_ERROR(st);
  auto item_index = [&](const std::string& name) {
    return static_cast<size_t>(std::find_if(cb.items.begin(), cb.items.end(),
                                            [&](const Item& it) { return it.name == name; }) -
                               cb.items.begin());
  };
  for (const Scale& scale : cb.scales) {
    ScaleScore sc;
    sc.name = scale.name;
    sc.method = scale.method;
    std::vector<std::vector<double>> cols;
    for (const std::string& n : scale.items) cols.push_back(out.items[item_index(n)].code);
    sc.score.assign(data.num_rows(), kNaN);
    const bool ons4 = scale.method.rfind("ons4_", 0) == 0;
    const Ons4Measure measure = scale.method == "ons4_anxiety"      ? Ons4Measure::kAnxiety
                                : scale.method == "ons4_worthwhile" ? Ons4Measure::kWorthwhile
                                : scale.method == "ons4_happiness"  ? Ons4Measure::kHappiness
                                                                    : Ons4Measure::kLifeSatisfaction;
    if (ons4) sc.band.assign(data.num_rows(), "");
    std::vector<double> row(cols.size());
    for (size_t r = 0; r < data.num_rows(); ++r) {
      bool missing = false;
      for (size_t k = 0; k < cols.size(); ++k) {
        row[k] = cols[k][r];
        missing = missing || std::isnan(row[k]);
      }
      if (missing) continue;
      const std::string where = data.RowLocation(r) + ", scale '" + scale.name + "'";
      if (scale.method == "swemwbs") {
        Result<double> v = SwemwbsScore(row);
        if (!v) return InvalidArgument(where + ": " + v.error().message);
        sc.score[r] = *v;
      } else if (scale.method == "wemwbs") {
        Result<double> v = WemwbsScore(row);
        if (!v) return InvalidArgument(where + ": " + v.error().message);
        sc.score[r] = *v;
      } else if (ons4) {
        Result<std::string> b = Ons4Band(measure, row[0]);
        if (!b) return InvalidArgument(where + ": " + b.error().message);
        sc.score[r] = row[0];
        sc.band[r] = *b;
      } else {
        double s = 0;
        for (double v : row) s += v;
        sc.score[r] = scale.method == "mean" ? s / static_cast<double>(row.size()) : s;
      }
    }
    if (cols.size() >= 2) {
      NHOOD_ASSIGN_OR_RETURN(sc.alpha, CronbachAlpha(cols));
    } else {
      sc.alpha.alpha = kNaN;
    }
    out.scales.push_back(std::move(sc));
  }
  return out;
}

}  // namespace nhood::evaluate
