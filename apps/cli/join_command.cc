#include "apps/cli/join_command.h"

#include <memory>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/id_list.h"
#include "apps/cli/input_checks.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {

Result<JoinRun> ComputeJoin(const JoinOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(Table in, io::ReadTable(o.input, {.skip_lines = o.skip_lines}));
  NHOOD_ASSIGN_OR_RETURN(size_t id_col, in.Require(o.id));
  NHOOD_ASSIGN_OR_RETURN(Table lk, io::ReadTable(o.lookup));
  NHOOD_ASSIGN_OR_RETURN(size_t lk_id, lk.Require(o.lookup_id));
  std::vector<size_t> add;
  std::vector<std::string> names;
  size_t start = 0;
  while (start < o.columns.size()) {
    size_t c = o.columns.find(',', start);
    if (c == std::string::npos) c = o.columns.size();
    const std::string name = o.columns.substr(start, c - start);
    if (!name.empty()) {
      NHOOD_ASSIGN_OR_RETURN(size_t i, lk.Require(name));
      add.push_back(i);
      names.push_back(name);
    }
    start = c + 1;
  }
  if (add.empty()) return InvalidArgument("--columns: name at least one column of the lookup");
  // One lookup row per area: a second one was silently ignored before.
  NHOOD_RETURN_IF_ERROR(RequireUniqueIds(lk, lk_id, {}, "a hierarchy lookup needs one row per area"));
  std::unordered_map<std::string, size_t> row_of;
  for (size_t r = 0; r < lk.num_rows(); ++r) row_of.emplace(lk.Cell(lk_id, r), r);
  std::vector<size_t> keep;
  std::vector<std::string> unmatched;
  std::vector<std::vector<std::string>> extra(add.size());
  for (size_t r = 0; r < in.num_rows(); ++r) {
    const std::string id = in.Cell(id_col, r);
    if (!o.where.empty() && id.rfind(o.where, 0) != 0) continue;
    auto it = row_of.find(id);
    if (it == row_of.end()) {
      unmatched.push_back(id);
      if (o.drop_unmatched) continue;
    }
    keep.push_back(r);
    for (size_t k = 0; k < add.size(); ++k) extra[k].push_back(it == row_of.end() ? "" : lk.Cell(add[k], it->second));
  }
  JoinRun run;
  run.table = in.SelectRows(keep);
  for (size_t k = 0; k < add.size(); ++k) {
    std::string name = names[k];
    while (run.table.Find(name)) name += "_lookup";
    NHOOD_RETURN_IF_ERROR(run.table.AddText(name, extra[k]));
  }
  run.unmatched = unmatched.size();
  run.summary = "join: " + std::to_string(keep.size()) + " rows written; " + std::to_string(unmatched.size()) +
                " rows had no match in " + o.lookup;
  if (!unmatched.empty()) {
    run.summary += " (" + FirstIds(unmatched) + ")" +
                   (o.drop_unmatched ? ", dropped" : ", kept with empty columns");
  }
  return run;
}

void SetupJoinCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<JoinOptions>();
  auto output = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("join", "Add higher geographies (MSOA, ward, local authority, region) from a lookup");
  cmd->footer(
      "Example:\n  nhood join --input ts037.csv --id code --lookup lsoa21_ward24_lad24_geographr.csv \\\n"
      "      --lookup-id lsoa21_code --columns ward24_code,ltla24_code -o ts037_with_wards.csv\n"
      "Rows with no match are kept with empty columns (or dropped with --drop-unmatched); either way the count\n"
      "and the first ids are reported.");
  cmd->add_option("--input,-i", o->input, "table to extend")->required();
  cmd->add_option("--id", o->id, "area id column of the input")->required();
  cmd->add_option("--skip-lines", o->skip_lines, "lines before the CSV header");
  cmd->add_option("--where", o->where, "keep input ids starting with this prefix (e.g. E01)");
  cmd->add_option("--lookup", o->lookup, "lookup table (one row per area)")->required();
  cmd->add_option("--lookup-id", o->lookup_id, "area id column of the lookup")->required();
  cmd->add_option("--columns", o->columns, "lookup columns to add (comma-separated)")->required();
  cmd->add_flag("--drop-unmatched", o->drop_unmatched, "drop rows with no match (they are still reported)");
  cmd->add_option("--output,-o", *output, ".csv, .xlsx, .ods or .json")->required();
  cmd->callback([o, output, exit_code] {
    Result<JoinRun> r = ComputeJoin(*o);
    *exit_code = r ? FinishCommand(nullptr, &r->table, *output, r->summary) : FinishCommand(&r.error(), nullptr, "", "");
  });
}

}  // namespace nhood::cli
