#include "apps/cli/bridge_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/id_list.h"
#include "apps/cli/input_checks.h"
#include "nhood/atlas/vintage_bridge.h"
#include "nhood/base/number.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t c = s.find(',', start);
    if (c == std::string::npos) c = s.size();
    if (c > start) out.push_back(s.substr(start, c - start));
    start = c + 1;
  }
  return out;
}

}  // namespace

Result<BridgeRun> ComputeBridge(const BridgeOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(Table in, io::ReadTable(o.input, {.skip_lines = o.skip_lines}));
  NHOOD_ASSIGN_OR_RETURN(size_t id_col, in.Require(o.id));
  NHOOD_ASSIGN_OR_RETURN(Table lookup, io::ReadTable(o.lookup));
  NHOOD_ASSIGN_OR_RETURN(size_t from_col, lookup.Require(o.lookup_from));
  NHOOD_ASSIGN_OR_RETURN(size_t to_col, lookup.Require(o.lookup_to));
  const std::vector<std::string> columns = Split(o.columns);
  if (columns.empty()) return InvalidArgument("--columns: name at least one count column");
  std::vector<std::string> ids;
  std::vector<size_t> rows;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    const std::string id = in.Cell(id_col, r);
    if (!o.where.empty() && id.rfind(o.where, 0) != 0) continue;
    ids.push_back(id);
    rows.push_back(r);
  }
  if (rows.empty()) return InvalidArgument(o.input + ": no row" + (o.where.empty() ? "" : " with an id starting '" + o.where + "'"));
  // A source twice in the input would be bridged twice.
  NHOOD_RETURN_IF_ERROR(RequireUniqueIds(in, id_col, rows, "each source area needs one row"));
  std::vector<std::vector<double>> counts;
  for (const auto& c : columns) {
    NHOOD_ASSIGN_OR_RETURN(auto all, in.GetNumbersOrSum(c));
    std::vector<double> v;
    for (size_t r : rows) v.push_back(all[r]);
    NHOOD_RETURN_IF_ERROR(RequireNonNegative(in, v, rows, c, "a count"));
    counts.push_back(std::move(v));
  }
  std::vector<atlas::BridgeLink> links;
  for (size_t r = 0; r < lookup.num_rows(); ++r) links.push_back({lookup.Cell(from_col, r), lookup.Cell(to_col, r)});
  std::unordered_map<std::string, double> pop;
  if (!o.population.empty()) {
    NHOOD_ASSIGN_OR_RETURN(Table p, io::ReadTable(o.population));
    NHOOD_ASSIGN_OR_RETURN(size_t pid, p.Require(o.population_id));
    NHOOD_ASSIGN_OR_RETURN(auto pv, p.GetNumbersOrSum(o.population_column));
    NHOOD_RETURN_IF_ERROR(RequireUniqueIds(p, pid, {}, "a target area needs one population"));
    NHOOD_RETURN_IF_ERROR(RequireNonNegative(p, pv, {}, o.population_column, "a population"));
    for (size_t r = 0; r < p.num_rows(); ++r) pop[p.Cell(pid, r)] = pv[r];
    // Population apportioning: a split source's shares are its targets'
    // populations over their sum, so every target needs one, and the shares
    // must add up to 1 (else counts are lost or made up).
    std::unordered_map<std::string, std::vector<std::string>> targets_of;
    std::unordered_map<std::string, size_t> link_row;
    for (size_t r = 0; r < links.size(); ++r) {
      auto& t = targets_of[links[r].from];
      if (std::find(t.begin(), t.end(), links[r].to) == t.end()) t.push_back(links[r].to);
      link_row.emplace(links[r].from + '\x1f' + links[r].to, r);
    }
    for (const auto& id : ids) {
      auto it = targets_of.find(id);
      if (it == targets_of.end() || it->second.size() < 2) continue;
      double total = 0;
      for (const auto& t : it->second) {
        auto q = pop.find(t);
        if (q == pop.end() || std::isnan(q->second)) {
          return InvalidArgument(lookup.RowLocation(link_row[id + '\x1f' + t]) + ", column '" + o.lookup_to +
                                 "': source '" + id + "' is split among several targets, but target '" + t +
                                 "' has no population in " + o.population + " to apportion by");
        }
        total += q->second;
      }
      double shares = 0;
      for (const auto& t : it->second) shares += total > 0 ? pop[t] / total : 1.0 / it->second.size();
      if (std::fabs(shares - 1) > 1e-9) {
        return InvalidArgument("bridge: the shares of source '" + id + "' add up to " + FormatNumber(shares) + ", not 1");
      }
    }
  }
  NHOOD_ASSIGN_OR_RETURN(atlas::Bridged b, atlas::BridgeCounts(links, ids, counts, pop));
  // Targets that received nothing (their sources were not in the input) are left out.
  std::vector<size_t> keep;
  std::unordered_map<std::string, bool> source_present;
  for (const auto& id : ids) source_present[id] = true;
  std::unordered_map<std::string, bool> target_fed;
  for (const auto& l : links) {
    if (source_present.count(l.from)) target_fed[l.to] = true;
  }
  for (size_t t = 0; t < b.targets.size(); ++t) {
    if (target_fed.count(b.targets[t])) keep.push_back(t);
  }
  BridgeRun run;
  std::vector<std::string> targets;
  for (size_t t : keep) targets.push_back(b.targets[t]);
  NHOOD_RETURN_IF_ERROR(run.table.AddText(o.lookup_to, targets));
  for (size_t c = 0; c < columns.size(); ++c) {
    std::vector<double> v;
    for (size_t t : keep) v.push_back(b.columns[c][t]);
    NHOOD_RETURN_IF_ERROR(run.table.AddNumbers(columns[c], v));
  }
  double in_total = 0, out_total = 0;
  for (double v : counts[0]) in_total += std::isnan(v) ? 0 : v;
  for (size_t t : keep) out_total += std::isnan(b.columns[0][t]) ? 0 : b.columns[0][t];
  run.summary = "bridge: " + std::to_string(ids.size()) + " source areas -> " + std::to_string(keep.size()) +
                " target areas; " + std::to_string(b.split_sources) + " sources shared among several targets by " +
                (pop.empty() ? "equal shares" : "target population") + "; total '" + columns[0] + "' " +
                FormatNumber(in_total) + " in, " + FormatNumber(std::round(out_total * 1e6) / 1e6) + " out";
  if (!b.unmatched_sources.empty()) {
    run.summary += "\nbridge: " + std::to_string(b.unmatched_sources.size()) + " source areas are not in the lookup and were lost: " +
                   FirstIds(b.unmatched_sources);
  }
  return run;
}

void SetupBridgeCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<BridgeOptions>();
  auto output = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("bridge", "Move counts between area vintages (LSOA 2011 <-> 2021) by population");
  cmd->footer(
      "Example (Census 2011 general health onto LSOA 2021):\n"
      "  nhood bridge --input census2011_QS302EW_general_health_lsoa11.csv --id code --where E01 \\\n"
      "      --columns all,bad+very_bad --lookup lsoa11_lsoa21_lad22_geographr.csv \\\n"
      "      --lookup-from lsoa11_code --lookup-to lsoa21_code \\\n"
      "      --population census2021_TS037_general_health_lsoa21.csv --population-id code --population-column all -o out.csv\n"
      "Split areas share their counts by the target areas' population; merged areas add up.");
  cmd->add_option("--input,-i", o->input, "table of counts by source area")->required();
  cmd->add_option("--id", o->id, "source area id column")->required();
  cmd->add_option("--where", o->where, "keep source ids starting with this prefix (e.g. E01)");
  cmd->add_option("--skip-lines", o->skip_lines, "lines before the CSV header");
  cmd->add_option("--columns", o->columns, "count columns to move (comma-separated; a+b sums)")->required();
  cmd->add_option("--lookup", o->lookup, "lookup table with source and target ids")->required();
  cmd->add_option("--lookup-from", o->lookup_from, "source id column of the lookup")->required();
  cmd->add_option("--lookup-to", o->lookup_to, "target id column of the lookup")->required();
  cmd->add_option("--population", o->population, "target populations (for apportioning splits)");
  cmd->add_option("--population-id", o->population_id, "id column of the population table");
  cmd->add_option("--population-column", o->population_column, "population column");
  cmd->add_option("--output,-o", *output, ".csv, .xlsx, .ods or .json")->required();
  cmd->callback([o, output, exit_code] {
    Result<BridgeRun> r = ComputeBridge(*o);
    *exit_code = r ? FinishCommand(nullptr, &r->table, *output, r->summary) : FinishCommand(&r.error(), nullptr, "", "");
  });
}

}  // namespace nhood::cli
