#include "apps/cli/aggregate_command.h"

#include <cmath>
#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/id_list.h"
#include "apps/cli/input_checks.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/atlas/composite_index.h"
#include "nhood/io/table_io.h"
#include "nhood/stats/proportion.h"

namespace nhood::cli {
namespace {

// Values of `column` per input row: from the input itself, or from `file`
// keyed by `file_id` (NaN where the file has no row for the area).
Result<std::vector<double>> ColumnFor(const Table& in, const std::vector<std::string>& ids, const std::string& file,
                                      const std::string& file_id, const std::string& column) {
  if (file.empty()) return in.GetNumbersOrSum(column);
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(file));
  NHOOD_ASSIGN_OR_RETURN(size_t id_col, t.Require(file_id));
  NHOOD_ASSIGN_OR_RETURN(std::vector<double> v, t.GetNumbersOrSum(column));
  NHOOD_RETURN_IF_ERROR(RequireUniqueIds(t, id_col, {}, "an area needs one row"));
  NHOOD_RETURN_IF_ERROR(RequireNonNegative(t, v, {}, column, "a population"));
  std::unordered_map<std::string, double> by_id;
  for (size_t r = 0; r < t.num_rows(); ++r) by_id[t.Cell(id_col, r)] = v[r];
  std::vector<double> out(ids.size(), NAN);
  for (size_t r = 0; r < ids.size(); ++r) {
    auto it = by_id.find(ids[r]);
    if (it != by_id.end()) out[r] = it->second;
  }
  return out;
}

}  // namespace

Result<AggregateRun> ComputeAggregate(const AggregateOptions& o) {
  if (o.score.empty() && o.numerator.empty()) return InvalidArgument("give --score, or --numerator and --denominator");
  if (o.numerator.empty() != o.denominator.empty()) return InvalidArgument("--numerator and --denominator go together");
  if (!o.score.empty() && o.population_column.empty()) {
    return InvalidArgument("--score needs population weights: --population-column (with --population FILE and "
                           "--population-id, or a column of the input)");
  }
  if (o.rank.empty() != o.decile.empty()) return InvalidArgument("--rank and --decile go together");
  NHOOD_ASSIGN_OR_RETURN(Table in, io::ReadTable(o.input, {.skip_lines = o.skip_lines}));
  NHOOD_ASSIGN_OR_RETURN(size_t id_col, in.Require(o.id));
  NHOOD_ASSIGN_OR_RETURN(Table lookup, io::ReadTable(o.lookup));
  NHOOD_ASSIGN_OR_RETURN(size_t from_col, lookup.Require(o.lookup_from));
  NHOOD_ASSIGN_OR_RETURN(size_t to_col, lookup.Require(o.lookup_to));
  // One group per small area: a row repeating a mapping is harmless (lookups
  // built from output areas repeat each LSOA), a second group is an error.
  std::unordered_map<std::string, size_t> group_row;
  std::unordered_map<std::string, std::string> group_of;
  for (size_t r = 0; r < lookup.num_rows(); ++r) {
    const std::string from = lookup.Cell(from_col, r), to = lookup.Cell(to_col, r);
    auto [it, inserted] = group_of.emplace(from, to);
    if (inserted) {
      group_row[from] = r;
    } else if (it->second != to) {
      return InvalidArgument(lookup.RowLocation(r) + ", column '" + o.lookup_to + "': area '" + from + "' is mapped to '" +
                             to + "' here and to '" + it->second + "' at row " + std::to_string(group_row[from] + 1) +
                             "; an aggregation lookup needs one group per area");
    }
  }

  std::vector<size_t> rows;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    if (o.where.empty() || in.Cell(id_col, r).rfind(o.where, 0) == 0) rows.push_back(r);
  }
  if (rows.empty()) return InvalidArgument(o.input + ": no row" + (o.where.empty() ? "" : " with an id starting '" + o.where + "'"));
  // An area twice in the input would be counted twice in its group.
  NHOOD_RETURN_IF_ERROR(RequireUniqueIds(in, id_col, rows, "each small area needs one row"));
  in = in.SelectRows(rows);
  const std::vector<std::string>& ids = in.text(id_col);
  AggregateRun run;
  std::vector<std::string> keys(ids.size()), lost;
  for (size_t r = 0; r < ids.size(); ++r) {
    auto it = group_of.find(ids[r]);
    if (it == group_of.end()) lost.push_back(ids[r]);
    else keys[r] = it->second;
  }
  // Areas without a group stay in the national ranks but join no group.
  const atlas::Grouping g = atlas::GroupBy(keys);
  const std::vector<std::string>& names = g.names;
  const size_t k = names.size();
  NHOOD_RETURN_IF_ERROR(run.table.AddText(o.lookup_to, names));
  std::vector<double> areas(k, 0);
  for (int32_t gr : g.group) {
    if (gr >= 0) areas[gr] += 1;
  }
  NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("areas", areas));

  if (!o.score.empty()) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> score, in.GetNumbers(o.score));
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> pop,
                           ColumnFor(in, ids, o.population, o.population_id, o.population_column));
    if (o.population.empty()) NHOOD_RETURN_IF_ERROR(RequireNonNegative(in, pop, {}, o.population_column, "a population"));
    std::vector<double> rank, decile;
    if (o.rank.empty()) {  // national ranks over every input area, 1 = highest score
      atlas::Ranking national = atlas::RankDescending(score);
      rank = std::move(national.rank);
      decile = std::move(national.decile);
    } else {
      NHOOD_ASSIGN_OR_RETURN(rank, in.GetNumbers(o.rank));
      NHOOD_ASSIGN_OR_RETURN(decile, in.GetNumbers(o.decile));
    }
    for (size_t r = 0; r < ids.size(); ++r) {
      if (!std::isfinite(score[r])) return InvalidArgument(in.RowLocation(r) + ", column '" + o.score + "': no score");
      if (g.group[r] < 0 && std::isnan(pop[r])) pop[r] = 0;  // in no group: weight unused
      if (!(pop[r] >= 0)) {
        return InvalidArgument((o.population.empty() ? o.input : o.population) + ": no population for area " + ids[r] +
                               " (column '" + o.population_column + "')");
      }
    }
    NHOOD_ASSIGN_OR_RETURN(atlas::Aggregate a, atlas::AggregateDeprivation(g, score, rank, decile, pop));
    const atlas::Ranking ranked = atlas::RankDescending(a.score);
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("population", a.population));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("score", a.score));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("proportion", a.proportion));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("extent", a.extent));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("rank", ranked.rank));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("decile", ranked.decile));
  }
  if (!o.numerator.empty()) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> x, in.GetNumbersOrSum(o.numerator));
    NHOOD_ASSIGN_OR_RETURN(std::vector<double> n, in.GetNumbersOrSum(o.denominator));
    NHOOD_RETURN_IF_ERROR(RequireNonNegative(in, x, {}, o.numerator, "a count"));
    NHOOD_RETURN_IF_ERROR(RequireNonNegative(in, n, {}, o.denominator, "a count"));
    std::vector<double> sx(k, 0), sn(k, 0), value(k), lo(k), hi(k);
    for (size_t r = 0; r < ids.size(); ++r) {
      if (g.group[r] < 0) continue;
      sx[g.group[r]] += x[r];
      sn[g.group[r]] += n[r];
    }
    for (size_t j = 0; j < k; ++j) {
      NHOOD_RETURN_IF_ERROR(RequireFiniteSum(sx[j], o.input, o.numerator, "group '" + names[j] + "'"));
      NHOOD_RETURN_IF_ERROR(RequireFiniteSum(sn[j], o.input, o.denominator, "group '" + names[j] + "'"));
    }
    for (size_t j = 0; j < k; ++j) {
      const stats::Estimate e = stats::Proportion(sx[j], sn[j], {.confidence = {0.95}, .multiplier = o.multiplier});
      value[j] = e.value;
      lo[j] = e.intervals[0].lower;
      hi[j] = e.intervals[0].upper;
    }
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("numerator", sx));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("denominator", sn));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("value", value));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("lower95_0cl", lo));
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers("upper95_0cl", hi));
  }
  run.unmatched = lost.size();
  run.summary = "aggregate: " + std::to_string(ids.size()) + " areas -> " + std::to_string(k) + " " + o.lookup_to +
                (o.score.empty() ? "" : "; deprivation by the IoD 2019 method (population-weighted score, proportion, extent)") +
                (o.numerator.empty() ? "" : "; counts summed, Wilson 95% intervals");
  if (!lost.empty()) {
    run.summary += "\naggregate: " + std::to_string(lost.size()) + " areas are not in the lookup and join no group: " +
                   FirstIds(lost);
  }
  return run;
}

void SetupAggregateCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<AggregateOptions>();
  auto output = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("aggregate", "Sum small areas to a higher geography or to neighbourhoods");
  cmd->footer(
      "Examples (--data-dir is not used: give paths):\n"
      "  IMD 2019 to MSOAs the IMD way (score, proportion in the most deprived decile, extent):\n"
      "  nhood aggregate -i IoD2019_scores_IMD_income_employment_from_mysociety.csv --id lsoa11cd --score imd_score \\\n"
      "      --population IoD2019_File6_Population_Denominators.csv --population-id 'LSOA code (2011)' \\\n"
      "      --population-column 'Total population: mid 2015 (excluding prisoners)' \\\n"
      "      --lookup lsoa11_msoa11_geographr.csv --lookup-from lsoa11_code --lookup-to msoa11_code -o msoa.csv\n"
      "  Census 2021 bad health to your neighbourhoods (from `nhood regions`), with Wilson intervals:\n"
      "  nhood aggregate -i ts037.csv --id code --numerator bad+very_bad --denominator all \\\n"
      "      --lookup out/neighbourhoods.csv --lookup-from lsoa11_code --lookup-to neighbourhood_id -o nb.csv\n"
      "Ranks and deciles are national over the input's areas (1 = most deprived) unless --rank and --decile\n"
      "name published ones. Areas the lookup misses are listed.");
  cmd->add_option("--input,-i", o->input, "table by small area")->required();
  cmd->add_option("--id", o->id, "small-area id column")->required();
  cmd->add_option("--where", o->where, "keep ids starting with this prefix (e.g. E01)");
  cmd->add_option("--skip-lines", o->skip_lines, "lines before the CSV header");
  cmd->add_option("--lookup", o->lookup, "small area -> group lookup (CSV, XLSX, GPKG ...)")->required();
  cmd->add_option("--lookup-from", o->lookup_from, "small-area id column of the lookup")->required();
  cmd->add_option("--lookup-to", o->lookup_to, "group id column of the lookup")->required();
  cmd->add_option("--score", o->score, "deprivation score column (higher = more deprived)");
  cmd->add_option("--rank", o->rank, "published national rank column (1 = most deprived)");
  cmd->add_option("--decile", o->decile, "published national decile column (1 = most deprived)");
  cmd->add_option("--population", o->population, "population table (else --population-column is in the input)");
  cmd->add_option("--population-id", o->population_id, "id column of the population table");
  cmd->add_option("--population-column", o->population_column, "population column (weights for --score)");
  cmd->add_option("--numerator,-x", o->numerator, "count column (a+b sums)");
  cmd->add_option("--denominator,-n", o->denominator, "denominator column (a+b sums)");
  cmd->add_option("--multiplier", o->multiplier, "rate scale for counts")->capture_default_str();
  cmd->add_option("--output,-o", *output, ".csv, .xlsx, .ods or .json")->required();
  cmd->callback([o, output, exit_code] {
    Result<AggregateRun> r = ComputeAggregate(*o);
    *exit_code = r ? FinishCommand(nullptr, &r->table, *output, r->summary) : FinishCommand(&r.error(), nullptr, "", "");
  });
}

}  // namespace nhood::cli
