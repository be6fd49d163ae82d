#include "apps/cli/index_command.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/config_options.h"
#include "nhood/atlas/composite_index.h"
#include "nhood/base/number.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

struct Indicator {
  std::string column;
  double weight = NAN;
  bool higher_is_worse = true;
};

struct Domain {
  std::string name;
  double weight = 0;
  std::string column;  // a ready domain score, or
  std::vector<Indicator> indicators;
  atlas::Standardise standardise = atlas::Standardise::kNone;
  std::string indicator_weights = "given";  // given, equal, pca
  bool exponential = false;
};

Result<std::vector<Domain>> ParseDomains(const toml::table& cfg, const std::string& file) {
  const toml::array* arr = cfg["domain"].as_array();
  if (!arr || arr->empty()) return InvalidArgument(file + ": at least one [[domain]] is required");
  std::vector<Domain> out;
  double total = 0;
  for (size_t d = 0; d < arr->size(); ++d) {
    const toml::table* t = (*arr)[d].as_table();
    const std::string where = file + ": domain " + std::to_string(d + 1);
    if (!t) return InvalidArgument(where + " is not a table");
    Domain dom;
    const toml::node_view<const toml::node> tv(*t);
    NHOOD_ASSIGN_OR_RETURN(dom.name, OptionalString(tv, "name", "domain" + std::to_string(d + 1), where));
    NHOOD_ASSIGN_OR_RETURN(const double w, OptionalNumber(tv, "weight", NAN, where));
    if (!(w >= 0)) return InvalidArgument(where + " ('" + dom.name + "'): 'weight' must be a non-negative number");
    dom.weight = w;
    total += w;
    NHOOD_ASSIGN_OR_RETURN(dom.column, OptionalString(tv, "column", "", where));
    NHOOD_ASSIGN_OR_RETURN(const std::string standardise, OptionalString(tv, "standardise", "none", where));
    NHOOD_ASSIGN_OR_RETURN(dom.standardise, atlas::ParseStandardise(standardise));
    NHOOD_ASSIGN_OR_RETURN(const std::string transform, OptionalString(tv, "transform", "none", where));
    if (transform != "none" && transform != "exponential") {
      return InvalidArgument(where + " ('" + dom.name + "'): transform must be none or exponential");
    }
    dom.exponential = transform == "exponential";
    NHOOD_ASSIGN_OR_RETURN(dom.indicator_weights, OptionalString(tv, "indicator_weights", "given", where));
    if (dom.indicator_weights != "given" && dom.indicator_weights != "equal" && dom.indicator_weights != "pca" &&
        dom.indicator_weights != "factor") {
      return InvalidArgument(where + " ('" + dom.name + "'): indicator_weights must be given, equal, pca or factor");
    }
    if (const toml::array* ind = (*t)["indicator"].as_array()) {
      double iw = 0;
      for (size_t k = 0; k < ind->size(); ++k) {
        const toml::table* it = (*ind)[k].as_table();
        if (!it || !(*it)["column"].value_exact<std::string>()) {
          return InvalidArgument(where + " ('" + dom.name + "'): indicator " + std::to_string(k + 1) + " needs a 'column'");
        }
        const toml::node_view<const toml::node> iv(*it);
        Indicator x;
        x.column = *(*it)["column"].value_exact<std::string>();
        NHOOD_ASSIGN_OR_RETURN(x.weight, OptionalNumber(iv, "weight", NAN, where));
        NHOOD_ASSIGN_OR_RETURN(const std::string direction, OptionalString(iv, "direction", "higher_is_worse", where));
        x.higher_is_worse = direction != "higher_is_better";  // the schema allows only these two
        if (dom.indicator_weights == "given") {
          if (std::isnan(x.weight)) return InvalidArgument(where + " ('" + dom.name + "'): indicator '" + x.column + "' needs a 'weight'");
          iw += x.weight;
        }
        dom.indicators.push_back(x);
      }
      if (dom.indicator_weights == "given" && std::fabs(iw - 1) > 0.01) {
        return InvalidArgument(where + " ('" + dom.name + "'): indicator weights sum to " + FormatNumber(iw) + ", not 1");
      }
    }
    if (dom.column.empty() == dom.indicators.empty()) {
      return InvalidArgument(where + " ('" + dom.name + "'): give either 'column' or [[domain.indicator]] entries");
    }
    out.push_back(std::move(dom));
  }
  // Published weights are rounded (the IMD's sum to 0.999), so allow 0.01.
  if (std::fabs(total - 1) > 0.01) {
    return InvalidArgument(file + ": domain weights sum to " + FormatNumber(total) + ", not 1");
  }
  return out;
}

}  // namespace

Result<IndexRun> ComputeIndex(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::IndexConfigSchema(), data_dir));
  const auto root = toml::node_view<const toml::node>(cfg);
  NHOOD_ASSIGN_OR_RETURN(std::string input, RequiredString(root, "input.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string input_id, RequiredString(root, "input.id", config));
  NHOOD_ASSIGN_OR_RETURN(const std::string out_id, OptionalString(root, "id", input_id, config));
  NHOOD_ASSIGN_OR_RETURN(const int64_t skip_lines, OptionalInteger(root, "input.skip_lines", 0, config));
  NHOOD_ASSIGN_OR_RETURN(const std::string index_name, OptionalString(root, "name", "composite index", config));
  NHOOD_ASSIGN_OR_RETURN(std::vector<Domain> domains, ParseDomains(cfg, config));
  // Validate every column before any work.
  NHOOD_ASSIGN_OR_RETURN(Table in, io::ReadTable(DataPath(data_dir, input), {.skip_lines = static_cast<int>(skip_lines)}));
  NHOOD_RETURN_IF_ERROR(RequireColumn(in, input_id, config, "input.id"));
  for (const Domain& d : domains) {
    if (!d.column.empty()) NHOOD_RETURN_IF_ERROR(RequireColumn(in, d.column, config, "domain '" + d.name + "' column"));
    for (const Indicator& x : d.indicators) {
      NHOOD_RETURN_IF_ERROR(RequireColumn(in, x.column, config, "domain '" + d.name + "' indicator column"));
    }
  }
  const size_t n = in.num_rows();
  std::vector<atlas::IndexDomain> spec;
  for (const Domain& d : domains) {
    atlas::IndexDomain x{.name = d.name, .weight = d.weight, .standardise = d.standardise, .exponential = d.exponential};
    x.indicator_weights = d.indicator_weights == "pca"      ? atlas::IndicatorWeights::kPca
                          : d.indicator_weights == "factor" ? atlas::IndicatorWeights::kFactor
                          : d.indicator_weights == "equal"  ? atlas::IndicatorWeights::kEqual
                                                            : atlas::IndicatorWeights::kGiven;
    if (!d.column.empty()) {
      NHOOD_ASSIGN_OR_RETURN(x.score, in.GetNumbers(d.column));
    }
    for (const Indicator& i : d.indicators) {
      NHOOD_ASSIGN_OR_RETURN(auto v, in.GetNumbers(i.column));
      x.indicators.push_back({.values = std::move(v), .weight = i.weight, .higher_is_worse = i.higher_is_worse});
    }
    spec.push_back(std::move(x));
  }
  std::vector<std::string> where;
  for (size_t i = 0; i < n; ++i) where.push_back(in.RowLocation(i));
  NHOOD_ASSIGN_OR_RETURN(atlas::CompositeIndexResult index, atlas::ComputeCompositeIndex(spec, where));
  const std::vector<double>& score = index.score;
  Table out;
  out.set_source(in.source());
  NHOOD_RETURN_IF_ERROR(out.AddText(out_id, in.text(*in.Find(input_id))));
  for (size_t d = 0; d < domains.size(); ++d) {
    NHOOD_RETURN_IF_ERROR(out.AddNumbers(domains[d].name + "_score", index.domain_scores[d]));
  }
  NHOOD_RETURN_IF_ERROR(out.AddNumbers("score", score));
  NHOOD_RETURN_IF_ERROR(out.AddNumbers("rank", index.ranking.rank));
  NHOOD_RETURN_IF_ERROR(out.AddNumbers("decile", index.ranking.decile));
  IndexRun run;
  double weight_sum = 0;
  for (const Domain& d : domains) weight_sum += d.weight;
  run.summary = "index: " + index_name + ", " + std::to_string(n) + " areas, " +
                std::to_string(domains.size()) + " domains, weights summing to " + FormatNumber(weight_sum);
  // Optional check against a published score.
  if (root.at_path("check.file")) {
    NHOOD_ASSIGN_OR_RETURN(std::string cf, RequiredString(root, "check.file", config));
    NHOOD_ASSIGN_OR_RETURN(std::string cid, RequiredString(root, "check.id", config));
    NHOOD_ASSIGN_OR_RETURN(std::string ccol, RequiredString(root, "check.column", config));
    NHOOD_ASSIGN_OR_RETURN(Table pub, io::ReadTable(DataPath(data_dir, cf)));
    NHOOD_RETURN_IF_ERROR(RequireColumn(pub, cid, config, "check.id"));
    NHOOD_ASSIGN_OR_RETURN(auto published, pub.GetNumbers(ccol));
    std::unordered_map<std::string, double> by_id;
    for (size_t i = 0; i < pub.num_rows(); ++i) by_id[pub.Cell(*pub.Find(cid), i)] = published[i];
    double max_diff = 0;
    size_t matched = 0;
    const auto& ids = out.text(0);
    for (size_t i = 0; i < n; ++i) {
      auto it = by_id.find(ids[i]);
      if (it == by_id.end()) continue;
      ++matched;
      max_diff = std::max(max_diff, std::fabs(score[i] - it->second));
    }
    run.max_difference = max_diff;
    run.summary += "\nindex: against the published " + ccol + ": " + std::to_string(matched) + " of " + std::to_string(n) +
                   " areas matched, max |difference| = " + FormatNumber(max_diff);
  }
  run.table = std::move(out);
  return run;
}

void SetupIndexCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("index", "A composite index (IMD-style) from a TOML configuration");
  cmd->footer(
      "Example:\n  nhood index --config examples/imd2019.toml --data-dir ../shared/data --output imd.csv\n"
      "Output: the id, each domain's score, score, rank (1 = most deprived) and decile (1 = most deprived 10%).\n"
      "Configuration keys: docs/cli.md (nhood index).");
  std::shared_ptr<ConfigOptions> o = AddConfigOptions(cmd, ".csv, .xlsx, .ods or .json");
  cmd->callback([o, exit_code] {
    const std::string dir = o->DataDir();
    Result<IndexRun> r = ComputeIndex(o->config, dir);
    *exit_code = r ? FinishCommand(nullptr, &r->table, o->output, r->summary) : FinishCommand(&r.error(), nullptr, "", "");
  });
}

}  // namespace nhood::cli
