#include "nhood/io/command_schemas.h"

#include <map>
#include <optional>
#include <string>

#include "nhood/base/number.h"

namespace nhood::io {
namespace {

using T = ConfigType;

// Rules run only once the section's keys are each valid, so a present key
// has its declared type here.
std::optional<double> Number(const toml::table& t, const char* key) { return t[key].value<double>(); }
bool Has(const toml::table& t, const char* key) { return t.contains(key); }

// A section of file, id and column (the "id -> value" tables).
ConfigSection& FileIdColumn(ConfigSection& parent, const char* name, bool required, const char* column = "column") {
  ConfigSection& s = parent.Table(name);
  if (required) s.Required();
  s.Key("file", T::kPath).Required();
  s.Key("id", T::kString).Required();
  s.Key(column, T::kString).Required();
  return s;
}

void DeclareBounds(ConfigSection& root) {
  ConfigSection& b = root.Table("bounds");
  for (const char* k : {"floor", "target", "ceiling"}) b.Key(k, T::kNumber).Above(0);
  // Only the keys given are compared here; the command compares them with
  // its defaults for the missing ones.
  b.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
    const std::optional<double> f = Number(t, "floor"), g = Number(t, "target"), c = Number(t, "ceiling");
    const bool bad = (f && g && *f > *g) || (g && c && *g > *c) || (f && c && *f > *c);
    if (!bad) return std::nullopt;
    auto show = [](const std::optional<double>& v) { return v ? FormatNumber(*v) : std::string("default"); };
    return RuleProblem{"floor", "[bounds] need 0 < floor <= target <= ceiling, not " + show(f) + " / " + show(g) +
                                    " / " + show(c),
                       t.get("floor") ? t.get("floor") : t.get("target")};
  });
}

void DeclareBridge(ConfigSection& root) {
  ConfigSection& b = root.Table("bridge");
  b.Key("file", T::kPath).Required();
  b.Key("from", T::kString).Required();
  b.Key("to", T::kString).Required();
}

// An entry (of `array`) with vintage = "lsoa21" needs [bridge].
void RequireBridgeFor(ConfigSection& root, const char* array) {
  root.Rule([array](const toml::table& t) -> std::optional<RuleProblem> {
    if (Has(t, "bridge")) return std::nullopt;
    // Bridged when its vintage is not the areas' own (LSOA 2011 unless
    // [areas] vintage says otherwise).
    const std::string own = t["areas"]["vintage"].value<std::string>().value_or("lsoa11");
    auto needs = [own](const toml::node* n) { return n && n->value<std::string>().value_or(own) != own; };
    std::string who;
    const toml::node* at = nullptr;
    if (const toml::array* a = t[array].as_array()) {
      for (size_t i = 0; i < a->size() && who.empty(); ++i) {
        const toml::table* e = (*a)[i].as_table();
        if (e && needs(e->get("vintage"))) {
          who = std::string(array) + "[" + std::to_string(i + 1) + "]";
          at = e->get("vintage");
        }
      }
    }
    if (who.empty()) {
      const toml::table* ages = t["ages"].as_table();
      if (ages && needs(ages->get("vintage"))) {
        who = "ages";
        at = ages->get("vintage");
      }
    }
    if (who.empty()) return std::nullopt;
    const std::string theirs = at->value<std::string>().value_or("");
    const std::string shown = own == "lsoa11" ? "LSOA 2011" : "LSOA 2021";
    return RuleProblem{"bridge.file", "'bridge.file' is required: " + who + " has vintage = \"" + theirs +
                                          "\", bridged to " + shown + " through [bridge] file, from, to",
                       at};
  });
}

}  // namespace

void DeclareIndicatorKeys(ConfigSection& e) {
  e.Key("name", T::kString);
  e.Key("file", T::kPath).Required();
  e.Key("id", T::kString).Required();
  e.Key("numerator", T::kString);
  e.Key("denominator", T::kString);
  e.Key("value", T::kString);
  e.Key("filter_column", T::kString);
  e.Key("filter_value", T::kString);
  e.Key("vintage", T::kString).OneOf({"lsoa11", "lsoa21"});
  e.Key("polarity", T::kString).OneOf({"low_is_good", "high_is_good"});
  e.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
    const bool x = Has(t, "numerator"), n = Has(t, "denominator"), v = Has(t, "value");
    if (x != n) {
      return RuleProblem{x ? "denominator" : "numerator", "'numerator' and 'denominator' go together: give both "
                                                          "(counts), or 'value' instead",
                         t.get(x ? "numerator" : "denominator")};
    }
    if (x && v) return RuleProblem{"value", "give numerator and denominator (counts), or value, not both", t.get("value")};
    if (!x && !v) return RuleProblem{"value", "give numerator and denominator (counts), or value"};
    return std::nullopt;
  });
  e.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
    // Only counts are bridged between vintages; a value would be joined on
    // the other vintage's codes unchanged.
    if (Has(t, "numerator") || t["vintage"].value<std::string>() != std::optional<std::string>("lsoa21")) {
      return std::nullopt;
    }
    return RuleProblem{"vintage", "vintage = \"lsoa21\" bridges counts (numerator, denominator) to LSOA 2011; a "
                                  "value cannot be bridged: give it on LSOA 2011",
                       t.get("vintage")};
  });
  e.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
    if (Has(t, "filter_column") == Has(t, "filter_value")) return std::nullopt;
    const char* given = Has(t, "filter_column") ? "filter_column" : "filter_value";
    return RuleProblem{given, "'filter_column' and 'filter_value' go together: give both, or neither", t.get(given)};
  });
}

const ConfigSchema& AtlasConfigSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema("atlas");
    ConfigSection& root = s->root();
    root.Key("name", T::kString);
    root.Key("seed", T::kInteger).AtLeast(0);
    root.Key("permutations", T::kInteger).Between(1, 99999);
    ConfigSection& extent = FileIdColumn(root, "extent", false);
    extent.Key("values", T::kString).Array(1).Required();
    ConfigSection& areas = root.Table("areas").Required();
    areas.Key("file", T::kPath).Required();
    areas.Key("id", T::kString).Required();
    areas.Key("name", T::kString);  // a column of area names in the boundaries
    areas.Key("vintage", T::kString).OneOf({"lsoa11", "lsoa21"});  // the areas' codes; others are bridged
    FileIdColumn(root, "population", true);
    FileIdColumn(root, "nest", true).Key("name", T::kString);  // local authority names
    FileIdColumn(root, "deprivation", true).Key("label", T::kString);  // "IMD 2025"; default "IMD 2019"
    ConfigSection& dd = root.Table("double_disadvantage").Required();
    // Either wards classified by `nhood classify` (2019), or the areas
    // themselves: most deprived `percent` on [deprivation] and most in need
    // `percent` on [double_disadvantage.need], against a published flag.
    dd.Key("classify", T::kPath).RelativeToConfig().Config(&ClassifyConfigSchema());
    dd.Key("percent", T::kNumber).Above(0).AtMost(100);
    FileIdColumn(dd, "need", false);
    FileIdColumn(dd, "compare", false);
    dd.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      const bool classify = Has(t, "classify"), need = Has(t, "need");
      if (classify && need) {
        return RuleProblem{"need", "give classify (wards, by nhood classify) or need (the areas' own), not both",
                           t.get("need")};
      }
      if (!classify && !need) {
        return RuleProblem{"classify", "give classify (a classification of wards) or [double_disadvantage.need] "
                                       "file, id, column (the areas' need scores)"};
      }
      if (classify && (Has(t, "percent") || Has(t, "compare"))) {
        const char* k = Has(t, "percent") ? "percent" : "compare";
        return RuleProblem{k, std::string("'") + k + "' goes with [double_disadvantage.need]; the classification "
                                                     "sets its own",
                           t.get(k)};
      }
      return std::nullopt;
    });
    // Wards of the areas (names, and the ward in each neighbourhood's name);
    // with classify the classification's own wards are used.
    FileIdColumn(root, "wards", false).Key("name", T::kString);
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (!Has(t, "wards") || !t["double_disadvantage"]["classify"]) return std::nullopt;
      return RuleProblem{"wards", "[wards] goes with [double_disadvantage.need]: with classify the areas' wards are "
                                  "the classification's",
                         t.get("wards")};
    });
    // The earlier IMD, carried onto the areas through [bridge].
    ConfigSection& prev = FileIdColumn(root, "previous_deprivation", false);
    prev.Key("label", T::kString);
    FileIdColumn(prev, "population", true);
    // England's rates by age (and IMD 2019 decile) for indirect standardisation.
    ConfigSection& st = root.Table("standardisation");
    st.Key("file", T::kPath).Required();
    st.Key("age", T::kString).Required();
    st.Key("population", T::kString).Required();
    st.Key("decile", T::kString);
    st.Key("filter_column", T::kString);
    st.Key("filter_value", T::kString);
    st.Key("bands", T::kString).Array(1).Unique().Required();
    st.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (Has(t, "filter_column") == Has(t, "filter_value")) return std::nullopt;
      const char* given = Has(t, "filter_column") ? "filter_column" : "filter_value";
      return RuleProblem{given, "'filter_column' and 'filter_value' go together: give both, or neither", t.get(given)};
    });
    ConfigSection& hot = FileIdColumn(root, "hotspot", true, "value");
    hot.Key("fdr", T::kNumber).Above(0).Below(1);
    DeclareBounds(root);
    ConfigSection& tiers = root.Table("tiers");
    tiers.Key("top", T::kNumber).Between(0, 1);
    tiers.Key("middle", T::kNumber).Between(0, 1);
    tiers.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // A missing share takes the atlas' default (top 0.2, middle 0.3).
      const double top = Number(t, "top").value_or(0.2), middle = Number(t, "middle").value_or(0.3);
      if (top + middle <= 1) return std::nullopt;
      return RuleProblem{t.contains("middle") ? "middle" : "top",
                         "[tiers] top and middle are shares of the neighbourhoods: together at most 1, not " +
                             FormatNumber(top) + " + " + FormatNumber(middle) +
                             (t.contains("middle") && t.contains("top") ? "" : " (with the default)"),
                         t.contains("middle") ? t.get("middle") : t.get("top")};
    });
    DeclareBridge(root);
    ConfigSection& ages = root.Table("ages");
    ages.Key("file", T::kPath).Required();
    ages.Key("id", T::kString).Required();
    ages.Key("bands", T::kString).Array(1).Unique().Required();  // a repeated band would count its people twice
    ages.Key("skip_lines", T::kInteger).Between(0, 1000);
    ages.Key("vintage", T::kString).OneOf({"lsoa11", "lsoa21"});
    ConfigSection& nb = root.Table("neighbourhoods");
    nb.Key("file", T::kPath);
    nb.Key("polygons", T::kPath);
    nb.Key("id", T::kString).Required();
    nb.Key("column", T::kString);
    nb.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      const bool file = Has(t, "file"), polygons = Has(t, "polygons"), column = Has(t, "column");
      if (file && polygons) {
        return RuleProblem{"polygons", "give file, id, column (a table of area -> neighbourhood) or polygons, id, "
                                       "not both",
                           t.get("polygons")};
      }
      if (!file && !polygons) {
        return RuleProblem{"file", "give file, id, column (a table of area -> neighbourhood) or polygons, id"};
      }
      if (file && !column) return RuleProblem{"column", "'neighbourhoods.column' is required with 'file' (a string)"};
      if (polygons && column) {
        return RuleProblem{"column", "'neighbourhoods.column' is read only with 'file'; polygons are named by 'id'",
                           t.get("column")};
      }
      return std::nullopt;
    });
    ConfigSection& risk = root.ArrayOfTables("risk").Required();
    DeclareIndicatorKeys(risk);
    risk.Key("column", T::kString);
    risk.Key("weight", T::kNumber).AtLeast(0);
    risk.Key("reference_rates", T::kPath);
    risk.Key("standardise", T::kString);   // events column(s) of [standardisation] file, e.g. "bad+very_bad"
    risk.Key("sdr_column", T::kString);    // also standardised for age and IMD 2019 decile
    risk.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (Has(t, "standardise") && Has(t, "reference_rates")) {
        return RuleProblem{"standardise", "give standardise (rates from [standardisation]) or reference_rates, not "
                                          "both",
                           t.get("standardise")};
      }
      if (Has(t, "standardise") && !Has(t, "numerator")) {
        return RuleProblem{"standardise", "standardisation needs counts: numerator and denominator",
                           t.get("standardise")};
      }
      if (Has(t, "sdr_column") && !Has(t, "standardise")) {
        return RuleProblem{"sdr_column", "'sdr_column' needs 'standardise' (the events in [standardisation])",
                           t.get("sdr_column")};
      }
      return std::nullopt;
    });
    risk.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (!Has(t, "reference_rates") || Has(t, "numerator")) return std::nullopt;
      return RuleProblem{"reference_rates", "age standardisation (reference_rates) needs counts: numerator and "
                                            "denominator",
                         t.get("reference_rates")};
    });
    RequireBridgeFor(root, "risk");
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // Each entry's columns in the outputs: `column`, by default riskN.
      std::map<std::string, size_t> seen;
      const toml::array* a = t["risk"].as_array();
      for (size_t i = 0; a && i < a->size(); ++i) {
        const toml::table* e = (*a)[i].as_table();
        if (!e) continue;
        const std::string column = (*e)["column"].value<std::string>().value_or("risk" + std::to_string(i + 1));
        if (auto sdr = (*e)["sdr_column"].value<std::string>()) {
          auto [it, inserted] = seen.emplace(*sdr, i + 1);
          if (!inserted || *sdr == column) {
            return RuleProblem{"risk[" + std::to_string(i + 1) + "].sdr_column",
                               "'risk[" + std::to_string(i + 1) + "].sdr_column' = \"" + *sdr +
                                   "\" is already a [[risk]] column: each needs its own",
                               e->get("sdr_column")};
          }
        }
        auto [it, inserted] = seen.emplace(column, i + 1);
        if (!inserted) {
          return RuleProblem{"risk[" + std::to_string(i + 1) + "].column",
                             "'risk[" + std::to_string(i + 1) + "].column' = \"" + column + "\" is already risk[" +
                                 std::to_string(it->second) + "]'s column: each [[risk]] needs its own",
                             e->get("column") ? e->get("column") : e};
        }
      }
      return std::nullopt;
    });
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // standardise needs [standardisation] and [ages]; sdr_column the
      // deciles: [standardisation] decile and [previous_deprivation].
      const toml::array* a = t["risk"].as_array();
      for (size_t i = 0; a && i < a->size(); ++i) {
        const toml::table* e = (*a)[i].as_table();
        if (!e) continue;
        const std::string who = "risk[" + std::to_string(i + 1) + "]";
        if (e->contains("standardise")) {
          for (const char* need : {"standardisation", "ages"}) {
            if (Has(t, need)) continue;
            return RuleProblem{std::string(need) + ".file", "'" + std::string(need) + ".file' is required: " + who +
                                                                " sets standardise (England's rates by age from "
                                                                "[standardisation], areas' ages from [ages])",
                               e->get("standardise")};
          }
        }
        if (e->contains("sdr_column")) {
          if (!t["standardisation"]["decile"]) {
            return RuleProblem{"standardisation.decile", "'standardisation.decile' is required: " + who +
                                                             " sets sdr_column (rates by age and IMD decile)",
                               e->get("sdr_column")};
          }
          if (!Has(t, "previous_deprivation")) {
            return RuleProblem{"previous_deprivation.file",
                               "'previous_deprivation.file' is required: " + who +
                                   " sets sdr_column, and each area's IMD 2019 decile comes from [previous_deprivation]",
                               e->get("sdr_column")};
          }
        }
      }
      return std::nullopt;
    });
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // One reference band (or "A|B") per [ages] band, in the same order.
      const toml::array* ref = t["standardisation"]["bands"].as_array();
      const toml::array* ages = t["ages"]["bands"].as_array();
      if (!ref || !ages || ref->size() == ages->size()) return std::nullopt;
      return RuleProblem{"standardisation.bands", "'standardisation.bands' has " + std::to_string(ref->size()) +
                                                      " entries and 'ages.bands' " + std::to_string(ages->size()) +
                                                      ": one reference band (or \"A|B\" to sum rows) per [ages] band, "
                                                      "in the same order",
                         t["standardisation"]["bands"].node()};
    });
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (!Has(t, "previous_deprivation") || Has(t, "bridge")) return std::nullopt;
      return RuleProblem{"bridge.file", "'bridge.file' is required: [previous_deprivation] is carried onto the areas "
                                        "through [bridge] file, from, to",
                         t.get("previous_deprivation")};
    });
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (Has(t, "ages")) return std::nullopt;
      const toml::array* a = t["risk"].as_array();
      for (size_t i = 0; a && i < a->size(); ++i) {
        const toml::table* e = (*a)[i].as_table();
        if (e && e->contains("reference_rates")) {
          return RuleProblem{"ages.file", "'ages.file' is required (a file path): risk[" + std::to_string(i + 1) +
                                              "] sets reference_rates, and age standardisation needs [ages] file, id, "
                                              "bands",
                             e->get("reference_rates")};
        }
      }
      return std::nullopt;
    });
    return s;
  }();
  return *schema;
}

const ConfigSchema& RegionsConfigSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema("regions");
    ConfigSection& root = s->root();
    root.Key("compactness_weight", T::kNumber).AtLeast(0);
    root.Key("inertia_weight", T::kNumber).AtLeast(0);
    root.Key("anneal_sweeps", T::kInteger).AtLeast(0);
    root.Key("seed", T::kInteger).AtLeast(0);
    ConfigSection& areas = root.Table("areas").Required();
    areas.Key("file", T::kPath).Required();
    areas.Key("id", T::kString).Required();
    FileIdColumn(root, "population", true);
    FileIdColumn(root, "nest", true);
    ConfigSection& h = FileIdColumn(root, "homogeneity", false);
    h.Key("weight", T::kNumber).AtLeast(0);
    DeclareBounds(root);
    FileIdColumn(root, "compare", false);
    return s;
  }();
  return *schema;
}

const ConfigSchema& IndexConfigSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema("index");
    ConfigSection& root = s->root();
    root.Key("name", T::kString);
    root.Key("id", T::kString);
    ConfigSection& input = root.Table("input").Required();
    input.Key("file", T::kPath).Required();
    input.Key("id", T::kString).Required();
    input.Key("skip_lines", T::kInteger).Between(0, 1000);
    ConfigSection& d = root.ArrayOfTables("domain").Required();
    d.Key("name", T::kString);
    d.Key("weight", T::kNumber).AtLeast(0).Required();
    d.Key("column", T::kString);
    d.Key("standardise", T::kString).OneOf({"none", "rank_normal", "zscore"});
    d.Key("transform", T::kString).OneOf({"none", "exponential"});
    d.Key("indicator_weights", T::kString).OneOf({"given", "equal", "pca", "factor"});
    ConfigSection& ind = d.ArrayOfTables("indicator");
    ind.Key("column", T::kString).Required();
    ind.Key("weight", T::kNumber).AtLeast(0);
    ind.Key("direction", T::kString).OneOf({"higher_is_worse", "higher_is_better"});
    d.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (Has(t, "column") != Has(t, "indicator")) return std::nullopt;
      return RuleProblem{"column", "give either 'column' or [[domain.indicator]] entries", t.get("column")};
    });
    d.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // Columns within a domain are named once (a repeat would count twice).
      std::map<std::string, size_t> seen;
      const toml::array* a = t["indicator"].as_array();
      for (size_t i = 0; a && i < a->size(); ++i) {
        const toml::table* e = (*a)[i].as_table();
        const std::optional<std::string> c = e ? (*e)["column"].value<std::string>() : std::nullopt;
        if (!c) continue;
        auto [it, inserted] = seen.emplace(*c, i + 1);
        if (!inserted) {
          return RuleProblem{"indicator[" + std::to_string(i + 1) + "].column",
                             "column \"" + *c + "\" is already indicator[" + std::to_string(it->second) + "]",
                             e->get("column")};
        }
      }
      return std::nullopt;
    });
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // Each domain gives the output column NAME_score.
      std::map<std::string, size_t> seen;
      const toml::array* a = t["domain"].as_array();
      for (size_t i = 0; a && i < a->size(); ++i) {
        const toml::table* e = (*a)[i].as_table();
        if (!e) continue;
        const std::string name = (*e)["name"].value<std::string>().value_or("domain" + std::to_string(i + 1));
        auto [it, inserted] = seen.emplace(name, i + 1);
        if (!inserted) {
          return RuleProblem{"domain[" + std::to_string(i + 1) + "].name",
                             "'domain[" + std::to_string(i + 1) + "].name' = \"" + name + "\" is already domain[" +
                                 std::to_string(it->second) + "]'s name: each domain needs its own",
                             e->get("name") ? e->get("name") : e};
        }
      }
      return std::nullopt;
    });
    FileIdColumn(root, "check", false);
    return s;
  }();
  return *schema;
}

const ConfigSchema& ClassifyConfigSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema("classify");
    ConfigSection& root = s->root();
    root.Key("unit_id", T::kString);
    root.Key("percent", T::kNumber).Above(0).AtMost(100);
    FileIdColumn(root, "social_infrastructure", true, "score").Key("name", T::kString);  // ward names
    ConfigSection& dep = FileIdColumn(root, "deprivation", true, "score");
    FileIdColumn(dep, "population", true);
    ConfigSection& lookup = dep.Table("lookup").Required();
    lookup.Key("file", T::kPath).Required();
    lookup.Key("from", T::kString).Required();
    lookup.Key("to", T::kString).Required();
    ConfigSection& compare = root.Table("compare");
    compare.Key("flag", T::kString).Required();
    DeclareBridge(root);
    DeclareIndicatorKeys(root.ArrayOfTables("health"));
    RequireBridgeFor(root, "health");
    return s;
  }();
  return *schema;
}

const ConfigSchema& DidConfigSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema("did");
    ConfigSection& root = s->root();
    root.Key("name", T::kString);
    root.Key("seed", T::kInteger).AtLeast(0);
    root.Key("replicates", T::kInteger).Between(0, 99999);
    ConfigSection& treated = root.Table("treated").Required();
    treated.Key("file", T::kPath);
    treated.Key("id", T::kString);
    treated.Key("level", T::kString).OneOf({"lsoa", "ward"});
    treated.Key("flag", T::kString);
    treated.Key("flag_value", T::kString);
    // Or the treated areas as polygons: the LSOAs whose [centroids] point
    // falls inside one.
    treated.Key("polygons", T::kPath);
    treated.Key("polygon_id", T::kString);
    treated.Key("layer", T::kString);
    treated.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (!Has(t, "flag_value") || Has(t, "flag")) return std::nullopt;
      return RuleProblem{"flag_value", "'flag_value' is read only with 'flag' (the column to test)", t.get("flag_value")};
    });
    treated.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      const bool list = Has(t, "file"), polygons = Has(t, "polygons");
      if (list == polygons) {
        return RuleProblem{"file", "give either 'file' (a list of LSOAs or wards, with 'id') or 'polygons' (a "
                                   "GeoJSON or GeoPackage of the treated areas, with [centroids])",
                           nullptr};
      }
      if (list && !Has(t, "id")) return RuleProblem{"id", "required with 'file' (the column of area codes)", nullptr};
      if (polygons && !Has(t, "polygon_id")) {
        return RuleProblem{"polygon_id", "required with 'polygons' (the field naming each polygon)", nullptr};
      }
      if (polygons) {
        for (const char* k : {"id", "level", "flag"}) {
          if (Has(t, k)) {
            return RuleProblem{k, std::string("'") + k + "' is read only with 'file', not with 'polygons'", t.get(k)};
          }
        }
      } else {
        for (const char* k : {"polygon_id", "layer"}) {
          if (Has(t, k)) {
            return RuleProblem{k, std::string("'") + k + "' is read only with 'polygons', not with 'file'", t.get(k)};
          }
        }
      }
      return std::nullopt;
    });
    // The point of each LSOA 2011 that [treated] polygons select by: the
    // centroid of each polygon of a boundary layer, or x/y columns of a table
    // (e.g. population-weighted centroids) in `crs`.
    ConfigSection& centroids = root.Table("centroids");
    centroids.Key("file", T::kPath).Required();
    centroids.Key("id", T::kString).Required();
    centroids.Key("x", T::kString);
    centroids.Key("y", T::kString);
    centroids.Key("crs", T::kString);
    centroids.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      if (Has(t, "x") != Has(t, "y")) {
        return RuleProblem{Has(t, "x") ? "y" : "x", "'x' and 'y' go together (the columns of a table of points)",
                           nullptr};
      }
      if (Has(t, "crs") && !Has(t, "x")) {
        return RuleProblem{"crs", "'crs' is read only with 'x' and 'y' (a layer carries its own)", t.get("crs")};
      }
      return std::nullopt;
    });
    root.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      const toml::table* tr = t["treated"].as_table();
      if (!tr || !Has(*tr, "polygons") || Has(t, "centroids")) return std::nullopt;
      return RuleProblem{"centroids", "[centroids] is required with treated.polygons (the LSOAs' points)", nullptr};
    });
    for (const char* name : {"clusters", "bridge"}) {
      ConfigSection& l = root.Table(name).Required();
      l.Key("file", T::kPath).Required();
      l.Key("from", T::kString).Required();
      l.Key("to", T::kString).Required();
    }
    for (const char* name : {"census2011", "census2021"}) {
      ConfigSection& c = root.Table(name).Required();
      c.Key("file", T::kPath).Required();
      c.Key("id", T::kString).Required();
      c.Key("where", T::kString);
      for (const char* k : {"persons", "very_good", "bad"}) c.Key(k, T::kString);
    }
    FileIdColumn(root, "deprivation", true, "score");
    FileIdColumn(root, "deciles", true);
    ConfigSection& ages = root.Table("ages");
    ages.Key("file", T::kPath).Required();
    ages.Key("id", T::kString).Required();
    ages.Key("total", T::kString).Required();
    ages.Key("young", T::kString).Required();
    ages.Key("old", T::kString).Required();
    FileIdColumn(root, "rural_urban", false).Key("urban", T::kString);
    ConfigSection& m = root.Table("matching");
    m.Key("method", T::kString).OneOf({"mahalanobis", "propensity"});
    m.Key("ratio", T::kInteger).Between(1, 100);
    m.Key("caliper", T::kNumber).Above(0);
    m.Key("replacement", T::kBool);
    return s;
  }();
  return *schema;
}

const ConfigSchema& SurveyCodebookSchema() {
  static const ConfigSchema* schema = [] {
    auto* s = new ConfigSchema("survey codebook");
    ConfigSection& root = s->root();
    // A set of labelled responses, or a numeric scale min..max. The reader
    // (evaluate::LoadCodebook) checks that one or the other is given.
    ConfigSection& responses = root.NamedTables("responses");
    responses.Key("labels", T::kString).Array(0);
    responses.Key("codes", T::kNumber).Array(1);
    responses.Key("agree", T::kString).Array(0);
    responses.Key("missing", T::kString).Array(0);
    responses.Key("min", T::kNumber);
    responses.Key("max", T::kNumber);
    responses.Rule([](const toml::table& t) -> std::optional<RuleProblem> {
      // Either kind's keys with the other's would be read by neither.
      const bool labels = Has(t, "labels") && !t["labels"].as_array()->empty();
      for (const char* k : {"min", "max"}) {
        if (labels && Has(t, k)) {
          return RuleProblem{k, std::string("'") + k + "' is read only without labels (a numeric scale min..max)",
                             t.get(k)};
        }
      }
      for (const char* k : {"codes", "agree"}) {
        if (!labels && Has(t, k)) {
          return RuleProblem{k, std::string("'") + k + "' goes with labels (one per label)", t.get(k)};
        }
      }
      return std::nullopt;
    });
    ConfigSection& items = root.ArrayOfTables("items").Required();
    items.Key("name", T::kString).Required();
    items.Key("column", T::kString);
    items.Key("responses", T::kString).Required();
    items.Key("reverse", T::kBool);
    ConfigSection& scales = root.ArrayOfTables("scales");
    scales.Key("name", T::kString).Required();
    scales.Key("method", T::kString)
        .OneOf({"swemwbs", "wemwbs", "mean", "sum", "ons4_life_satisfaction", "ons4_worthwhile", "ons4_happiness",
                "ons4_anxiety"})
        .Required();
    scales.Key("items", T::kString).Array(1);
    root.Table("groups").Key("columns", T::kString).Array(0);
    ConfigSection& design = root.Table("design");
    for (const char* k : {"weight", "strata", "psu"}) design.Key(k, T::kString);
    ConfigSection& waves = root.Table("waves");
    waves.Key("column", T::kString);
    waves.Key("id", T::kString);
    ConfigSection& model = root.ArrayOfTables("model").OrOneTable();
    model.Key("name", T::kString);
    model.Key("y", T::kString).Required();
    model.Key("x", T::kString).Array(0).OrOne();
    model.Key("factors", T::kString).Array(0).OrOne();
    model.Key("family", T::kString).OneOf({"gaussian", "binomial"});
    model.Key("cluster", T::kString);
    model.Key("weight", T::kString);
    ConfigSection& mediation = root.ArrayOfTables("mediation").OrOneTable();
    mediation.Key("name", T::kString);
    for (const char* k : {"x", "m", "y", "cluster"}) mediation.Key(k, T::kString).Required();
    mediation.Key("covariates", T::kString).Array(0).OrOne();
    mediation.Key("covariate_factors", T::kString).Array(0).OrOne();
    mediation.Key("weight", T::kString);
    mediation.Key("replicates", T::kInteger).Between(1, 99999);
    mediation.Key("seed", T::kInteger).AtLeast(0);
    return s;
  }();
  return *schema;
}

}  // namespace nhood::io
