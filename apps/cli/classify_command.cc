#include "apps/cli/classify_command.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/config_options.h"
#include "apps/cli/indicator_loader.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/atlas/double_disadvantage.h"
#include "nhood/stats/group_comparison.h"
#include "nhood/base/number.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

using View = toml::node_view<const toml::node>;

// Reads `section`.file and checks the named columns exist.
Result<Table> ReadSection(const View& root, const std::string& section, const std::string& config,
                          const std::string& data_dir, const std::vector<std::string>& keys) {
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, section + ".file", config));
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(DataPath(data_dir, file)));
  for (const auto& k : keys) {
    NHOOD_ASSIGN_OR_RETURN(std::string col, RequiredString(root, section + "." + k, config));
    NHOOD_RETURN_IF_ERROR(RequireColumn(t, col, config, section + "." + k));
  }
  return t;
}

bool Truthy(const std::string& s) { return s == "TRUE" || s == "True" || s == "true" || s == "1" || s == "Yes"; }

constexpr const char* kGroups[3] = {"doubly_disadvantaged", "other_deprived", "rest_of_england"};

// Per small area (LSOA 2011): its group (0, 1, 2), its population.
struct SmallAreaGroups {
  std::unordered_map<std::string, int> group;
  std::unordered_map<std::string, double> population;
};

// One [[health]] indicator compared across the groups. Counts give rate
// ratios; values give ratios (or differences) of population-weighted means.
Status CompareHealth(const toml::table& h, size_t index, const std::string& config, const std::string& data_dir,
                     const toml::table& root, const SmallAreaGroups& g, ClassifyRun* run,
                     std::vector<std::vector<std::string>>* text, std::vector<std::vector<double>>* num) {
  NHOOD_ASSIGN_OR_RETURN(AreaIndicator ind, LoadAreaIndicator(h, config + ": health " + std::to_string(index + 1), root,
                                                               config, data_dir, g.population));
  const std::string& name = ind.name;
  stats::RatioEstimate vs_dep, vs_rest;
  double group_value[3] = {NAN, NAN, NAN};
  if (ind.counts) {
    double sx[3] = {0, 0, 0}, sn[3] = {0, 0, 0};
    for (const auto& [id, xn] : ind.count) {
      auto it = g.group.find(id);
      if (it == g.group.end() || std::isnan(xn.first) || std::isnan(xn.second)) continue;
      sx[it->second] += xn.first;
      sn[it->second] += xn.second;
    }
    for (int k = 0; k < 3; ++k) group_value[k] = sn[k] > 0 ? sx[k] / sn[k] : NAN;
    vs_dep = stats::RateRatio(sx[0], sn[0], sx[1], sn[1]);
    vs_rest = stats::RateRatio(sx[0], sn[0], sx[2], sn[2]);
  } else {
    std::vector<double> v[3], w[3];
    for (const auto& [id, val] : ind.value) {
      auto it = g.group.find(id);
      auto p = g.population.find(id);
      if (it == g.group.end() || p == g.population.end()) continue;
      v[it->second].push_back(val);
      w[it->second].push_back(p->second);
    }
    vs_dep = stats::MeanRatio(v[0], w[0], v[1], w[1]);
    vs_rest = stats::MeanRatio(v[0], w[0], v[2], w[2]);
    if (vs_dep.measure != vs_rest.measure) {  // one measure per indicator
      vs_dep = stats::MeanRatio(v[0], w[0], v[1], w[1], 0.95, true);
      vs_rest = stats::MeanRatio(v[0], w[0], v[2], w[2], 0.95, true);
    }
    group_value[0] = vs_dep.value_group;
    group_value[1] = vs_dep.value_reference;
    group_value[2] = vs_rest.value_reference;
  }
  const bool higher_is_worse = ind.higher_is_worse;
  auto worse = [&](const stats::RatioEstimate& r) { return r.significance == (higher_is_worse ? "Higher" : "Lower"); };
  ++run->indicators;
  run->worse_than_deprived += worse(vs_dep);
  run->worse_than_rest += worse(vs_rest);
  (*text)[0].push_back(name);
  (*text)[1].push_back(vs_dep.measure);
  (*text)[2].push_back(vs_dep.significance);
  (*text)[3].push_back(vs_rest.significance);
  for (int k = 0; k < 3; ++k) (*num)[k].push_back(group_value[k]);
  for (const auto* r : {&vs_dep, &vs_rest}) {
    const size_t base = r == &vs_dep ? 3 : 6;
    (*num)[base].push_back(r->ratio);
    (*num)[base + 1].push_back(r->lower);
    (*num)[base + 2].push_back(r->upper);
  }
  return Status::Ok();
}

}  // namespace

Result<ClassifyRun> ComputeClassification(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::ClassifyConfigSchema(), data_dir));
  const View root(cfg);
  NHOOD_ASSIGN_OR_RETURN(const double percent, OptionalNumber(root, "percent", 10.0, config));
  if (!(percent > 0 && percent <= 100)) return InvalidArgument(config + ": 'percent' must be in (0, 100]");
  NHOOD_ASSIGN_OR_RETURN(const std::string unit, OptionalString(root, "unit_id", "area_code", config));
  // Validate every file and column first.
  NHOOD_ASSIGN_OR_RETURN(Table si, ReadSection(root, "social_infrastructure", config, data_dir, {"id", "score"}));
  NHOOD_ASSIGN_OR_RETURN(Table dep, ReadSection(root, "deprivation", config, data_dir, {"id", "score"}));
  NHOOD_ASSIGN_OR_RETURN(Table pop, ReadSection(root, "deprivation.population", config, data_dir, {"id", "column"}));
  NHOOD_ASSIGN_OR_RETURN(Table lookup, ReadSection(root, "deprivation.lookup", config, data_dir, {"from", "to"}));
  auto col = [&](const std::string& key) { return *RequiredString(root, key, config); };

  // Units: the social-infrastructure table's areas.
  const auto& units = si.text(*si.Find(col("social_infrastructure.id")));
  NHOOD_ASSIGN_OR_RETURN(auto need, si.GetNumbers(col("social_infrastructure.score")));
  // Deprivation: small-area scores, population-weighted to the units.
  std::unordered_map<std::string, std::string> unit_of;
  for (size_t r = 0; r < lookup.num_rows(); ++r) {
    unit_of[lookup.Cell(*lookup.Find(col("deprivation.lookup.from")), r)] = lookup.Cell(*lookup.Find(col("deprivation.lookup.to")), r);
  }
  std::unordered_map<std::string, double> pop_of;
  NHOOD_ASSIGN_OR_RETURN(auto pops, pop.GetNumbers(col("deprivation.population.column")));
  for (size_t r = 0; r < pop.num_rows(); ++r) pop_of[pop.Cell(*pop.Find(col("deprivation.population.id")), r)] = pops[r];
  NHOOD_ASSIGN_OR_RETURN(auto small_score, dep.GetNumbers(col("deprivation.score")));
  std::vector<std::string> keys;
  std::vector<double> s, w, dummy;
  size_t unmatched = 0;
  for (size_t r = 0; r < dep.num_rows(); ++r) {
    const std::string id = dep.Cell(*dep.Find(col("deprivation.id")), r);
    auto u = unit_of.find(id);
    auto p = pop_of.find(id);
    if (u == unit_of.end() || p == pop_of.end()) {
      ++unmatched;
      continue;
    }
    keys.push_back(u->second);
    s.push_back(small_score[r]);
    w.push_back(p->second);
    dummy.push_back(static_cast<double>(keys.size()));
  }
  const atlas::Grouping g = atlas::GroupBy(keys);
  NHOOD_ASSIGN_OR_RETURN(atlas::Aggregate agg, atlas::AggregateDeprivation(g, s, dummy, dummy, w));
  std::unordered_map<std::string, double> dep_of;
  for (size_t k = 0; k < g.names.size(); ++k) dep_of[g.names[k]] = agg.score[k];
  std::vector<double> deprivation(units.size(), NAN);
  size_t missing = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    auto it = dep_of.find(units[i]);
    if (it != dep_of.end()) deprivation[i] = it->second;
    else ++missing;
  }
  const std::vector<bool> flag = atlas::DoubleDisadvantage(deprivation, need, percent);
  ClassifyRun run;
  Table& t = run.table;
  NHOOD_RETURN_IF_ERROR(t.AddText(unit, units));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("deprivation_score", deprivation));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("cni_score", need));
  std::vector<std::string> text;
  size_t flagged = 0;
  for (bool f : flag) {
    text.push_back(f ? "true" : "false");
    flagged += f;
  }
  NHOOD_RETURN_IF_ERROR(t.AddText("double_disadvantage", text));
  run.summary = "classify: " + std::to_string(flagged) + " of " + std::to_string(units.size()) +
                " areas in the most deprived " + FormatNumber(percent) + "% on both deprivation and social need";
  if (missing) run.summary += "\nclassify: " + std::to_string(missing) + " areas have no small area in the lookup (no deprivation score, never flagged)";
  if (unmatched) run.summary += "\nclassify: " + std::to_string(unmatched) + " small areas missing from the lookup or population file were left out";
  if (root.at_path("compare.flag")) {
    const std::string fc = col("compare.flag");
    NHOOD_RETURN_IF_ERROR(RequireColumn(si, fc, config, "compare.flag"));
    const auto& pub = si.text(*si.Find(fc));
    for (size_t i = 0; i < units.size(); ++i) ++run.confusion[flag[i]][Truthy(pub[i])];
    run.compared = true;
    run.summary += "\nclassify: against the published '" + fc + "':\n" +
                   "                    published yes   published no\n" +
                   "  nhood yes         " + std::to_string(run.confusion[1][1]) + std::string(16 - std::to_string(run.confusion[1][1]).size(), ' ') + std::to_string(run.confusion[1][0]) + "\n" +
                   "  nhood no          " + std::to_string(run.confusion[0][1]) + std::string(16 - std::to_string(run.confusion[0][1]).size(), ' ') + std::to_string(run.confusion[0][0]);
  }
  // Health across the three groups, when configured.
  if (const toml::array* health = cfg["health"].as_array()) {
    const std::vector<bool> deprived = atlas::HighestPercent(deprivation, percent);
    std::unordered_map<std::string, int> unit_group;
    for (size_t i = 0; i < units.size(); ++i) unit_group[units[i]] = flag[i] ? 0 : (deprived[i] ? 1 : 2);
    SmallAreaGroups groups;
    for (const auto& [small, u] : unit_of) {
      auto it = unit_group.find(u);
      groups.group[small] = it == unit_group.end() ? 2 : it->second;
    }
    groups.population = pop_of;
    std::vector<std::vector<std::string>> text(4);
    std::vector<std::vector<double>> num(9);
    for (size_t k = 0; k < health->size(); ++k) {
      const toml::table* h = (*health)[k].as_table();
      if (!h) return InvalidArgument(config + ": health " + std::to_string(k + 1) + " is not a table");
      NHOOD_RETURN_IF_ERROR(CompareHealth(*h, k, config, data_dir, cfg, groups, &run, &text, &num));
    }
    Table& ht = run.health;
    NHOOD_RETURN_IF_ERROR(ht.AddText("indicator", text[0]));
    NHOOD_RETURN_IF_ERROR(ht.AddText("measure", text[1]));
    for (int g = 0; g < 3; ++g) NHOOD_RETURN_IF_ERROR(ht.AddNumbers(std::string(kGroups[g]) + "_value", num[g]));
    NHOOD_RETURN_IF_ERROR(ht.AddNumbers("vs_other_deprived", num[3]));
    NHOOD_RETURN_IF_ERROR(ht.AddNumbers("vs_other_deprived_lower95_0cl", num[4]));
    NHOOD_RETURN_IF_ERROR(ht.AddNumbers("vs_other_deprived_upper95_0cl", num[5]));
    NHOOD_RETURN_IF_ERROR(ht.AddText("vs_other_deprived_significance", text[2]));
    NHOOD_RETURN_IF_ERROR(ht.AddNumbers("vs_rest_of_england", num[6]));
    NHOOD_RETURN_IF_ERROR(ht.AddNumbers("vs_rest_lower95_0cl", num[7]));
    NHOOD_RETURN_IF_ERROR(ht.AddNumbers("vs_rest_upper95_0cl", num[8]));
    NHOOD_RETURN_IF_ERROR(ht.AddText("vs_rest_significance", text[3]));
    run.summary += "\nclassify: doubly disadvantaged areas are significantly worse than other equally deprived areas on " +
                   std::to_string(run.worse_than_deprived) + " of " + std::to_string(run.indicators) +
                   " health indicators, and worse than the rest of England on " + std::to_string(run.worse_than_rest) + " of " +
                   std::to_string(run.indicators) + " (95% intervals)";
  }
  return run;
}

void SetupClassifyCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("classify", "Double disadvantage: most deprived and most in need (e.g. left-behind wards)");
  cmd->footer(
      "Example:\n  nhood classify --config examples/left-behind-wards.toml --data-dir ../shared/data --output wards.csv\n"
      "Output: the unit id, deprivation_score (population-weighted), cni_score, double_disadvantage (true/false);\n"
      "the confusion table against a published flag goes to stderr.");
  std::shared_ptr<ConfigOptions> o = AddConfigOptions(cmd, ".csv, .xlsx, .ods or .json");
  cmd->callback([o, exit_code] {
    const std::string dir = o->DataDir();
    Result<ClassifyRun> r = ComputeClassification(o->config, dir);
    if (r && r->health.num_columns() > 0) {
      const std::filesystem::path out(o->output);
      const std::string health = (out.parent_path() / (out.stem().string() + "_health" + out.extension().string())).string();
      Status s = io::WriteTable(r->health, health);
      if (!s.ok()) {
        std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
        *exit_code = 1;
        return;
      }
      r->summary += "\nclassify: health comparison written to " + health;
    }
    *exit_code = r ? FinishCommand(nullptr, &r->table, o->output, r->summary) : FinishCommand(&r.error(), nullptr, "", "");
  });
}

}  // namespace nhood::cli
