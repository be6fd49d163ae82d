#include "apps/cli/classify_command.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/config_options.h"
#include "apps/cli/config_section.h"
#include "apps/cli/indicator_loader.h"
#include "nhood/atlas/ward_classification.h"
#include "nhood/base/number.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

Result<ClassifyRun> ComputeClassification(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::ClassifyConfigSchema(), data_dir));
  const ConfigView root(cfg);
  atlas::ClassificationInput in;
  NHOOD_ASSIGN_OR_RETURN(in.percent, OptionalNumber(root, "percent", 10.0, config));
  if (!(in.percent > 0 && in.percent <= 100)) return InvalidArgument(config + ": 'percent' must be in (0, 100]");
  NHOOD_ASSIGN_OR_RETURN(const std::string unit, OptionalString(root, "unit_id", "area_code", config));
  // Validate every file and column first.
  NHOOD_ASSIGN_OR_RETURN(Table si, ReadSection(root, "social_infrastructure", config, data_dir, {"id", "score"}));
  NHOOD_ASSIGN_OR_RETURN(Table dep, ReadSection(root, "deprivation", config, data_dir, {"id", "score"}));
  NHOOD_ASSIGN_OR_RETURN(Table pop, ReadSection(root, "deprivation.population", config, data_dir, {"id", "column"}));
  NHOOD_ASSIGN_OR_RETURN(in.unit_of, ReadSectionMap(root, "deprivation.lookup", config, data_dir, "to", "from"));
  auto col = [&](const std::string& key) { return *RequiredString(root, key, config); };
  std::string flag_column;
  if (root.at_path("compare.flag")) {
    flag_column = col("compare.flag");
    NHOOD_RETURN_IF_ERROR(RequireColumn(si, flag_column, config, "compare.flag"));
    in.published = si.text(*si.Find(flag_column));
  }
  in.units = si.text(*si.Find(col("social_infrastructure.id")));
  NHOOD_ASSIGN_OR_RETURN(in.need, si.GetNumbers(col("social_infrastructure.score")));
  NHOOD_ASSIGN_OR_RETURN(auto pops, pop.GetNumbers(col("deprivation.population.column")));
  for (size_t r = 0; r < pop.num_rows(); ++r) in.population[pop.Cell(*pop.Find(col("deprivation.population.id")), r)] = pops[r];
  in.small_ids = dep.text(*dep.Find(col("deprivation.id")));
  NHOOD_ASSIGN_OR_RETURN(in.small_score, dep.GetNumbers(col("deprivation.score")));
  Result<atlas::Classification> classified = atlas::Classify(in);
  if (!classified) return Error{classified.error().code, config + ": " + classified.error().message};
  const atlas::Classification& c = *classified;

  ClassifyRun run;
  Table& t = run.table;
  NHOOD_RETURN_IF_ERROR(t.AddText(unit, in.units));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("deprivation_score", c.deprivation));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("cni_score", in.need));
  std::vector<std::string> text;
  for (bool f : c.flag) text.push_back(f ? "true" : "false");
  NHOOD_RETURN_IF_ERROR(t.AddText("double_disadvantage", text));
  run.summary = "classify: " + std::to_string(c.flagged) + " of " + std::to_string(in.units.size()) +
                " areas in the most deprived " + FormatNumber(in.percent) + "% on both deprivation and social need";
  if (c.units_without_small_area) {
    run.summary += "\nclassify: " + std::to_string(c.units_without_small_area) +
                   " areas have no small area in the lookup (no deprivation score, never flagged)";
  }
  if (c.small_areas_left_out) {
    run.summary += "\nclassify: " + std::to_string(c.small_areas_left_out) +
                   " small areas missing from the lookup or population file were left out";
  }
  if (c.compared) {
    for (int a = 0; a < 2; ++a) {
      for (int b = 0; b < 2; ++b) run.confusion[a][b] = c.confusion[a][b];
    }
    run.compared = true;
    auto cell = [](long v) { return std::to_string(v) + std::string(16 - std::to_string(v).size(), ' '); };
    run.summary += "\nclassify: against the published '" + flag_column + "':\n" +
                   "                    published yes   published no\n" +
                   "  nhood yes         " + cell(c.confusion[1][1]) + std::to_string(c.confusion[1][0]) + "\n" +
                   "  nhood no          " + cell(c.confusion[0][1]) + std::to_string(c.confusion[0][0]);
  }
  // Health across the three groups, when configured.
  if (const toml::array* health = cfg["health"].as_array()) {
    const atlas::SmallAreaGroups groups = atlas::GroupSmallAreas(in, c);
    std::vector<atlas::HealthComparison> rows;
    for (size_t k = 0; k < health->size(); ++k) {
      const toml::table* h = (*health)[k].as_table();
      if (!h) return InvalidArgument(config + ": health " + std::to_string(k + 1) + " is not a table");
      NHOOD_ASSIGN_OR_RETURN(AreaIndicator ind, LoadAreaIndicator(*h, config + ": health " + std::to_string(k + 1), cfg,
                                                                   config, data_dir, groups.population));
      rows.push_back(atlas::CompareHealth({.name = ind.name, .higher_is_worse = ind.higher_is_worse, .counts = ind.counts,
                                           .count = std::move(ind.count), .value = std::move(ind.value)},
                                          groups));
      ++run.indicators;
      run.worse_than_deprived += rows.back().worse_than_deprived;
      run.worse_than_rest += rows.back().worse_than_rest;
    }
    NHOOD_ASSIGN_OR_RETURN(run.health, atlas::HealthTable(rows));
    run.summary += "\nclassify: doubly disadvantaged areas are significantly worse than other equally deprived areas on " +
                   std::to_string(run.worse_than_deprived) + " of " + std::to_string(run.indicators) +
                   " health indicators, and worse than the rest of England on " + std::to_string(run.worse_than_rest) +
                   " of " + std::to_string(run.indicators) + " (95% intervals)";
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
