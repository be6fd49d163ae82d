#include "apps/cli/classify_command.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/atlas/double_disadvantage.h"
#include "nhood/base/number.h"
#include "nhood/io/catalogue.h"
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

}  // namespace

Result<ClassifyRun> ComputeClassification(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config));
  const View root(cfg);
  const double percent = root["percent"].value_or(10.0);
  if (!(percent > 0 && percent <= 100)) return InvalidArgument(config + ": 'percent' must be in (0, 100]");
  const std::string unit = OptionalString(root, "unit_id", "area_code");
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
  return run;
}

void SetupClassifyCommand(CLI::App& app, int* exit_code) {
  struct Options {
    std::string config, data_dir, output;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("classify", "Double disadvantage: most deprived and most in need (e.g. left-behind wards)");
  cmd->footer(
      "Example:\n  nhood classify --config examples/left-behind-wards.toml --data-dir ../shared/data --output wards.csv\n"
      "Output: the unit id, deprivation_score (population-weighted), cni_score, double_disadvantage (true/false);\n"
      "the confusion table against a published flag goes to stderr.");
  cmd->add_option("--config", o->config, "TOML configuration (see examples/)")->required();
  cmd->add_option("--data-dir", o->data_dir, "data directory (default: $NHOOD_DATA_DIR or ../shared/data)");
  cmd->add_option("--output,-o", o->output, ".csv, .xlsx, .ods or .json")->required();
  cmd->callback([o, exit_code] {
    const std::string dir = o->data_dir.empty() ? io::DefaultDataDir() : o->data_dir;
    Result<ClassifyRun> r = ComputeClassification(o->config, dir);
    *exit_code = r ? FinishCommand(nullptr, &r->table, o->output, r->summary) : FinishCommand(&r.error(), nullptr, "", "");
  });
}

}  // namespace nhood::cli
