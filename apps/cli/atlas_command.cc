#include "apps/cli/atlas_command.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <set>

#include "apps/cli/atlas_inputs.h"
#include "apps/cli/config_options.h"
#include "nhood/base/number.h"
#include "nhood/io/atlas_output.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/table_io.h"
#include "nhood/io/version.h"

namespace nhood::cli {

namespace fs = std::filesystem;

Result<AtlasRun> ComputeAtlas(const std::string& config, const std::string& data_dir,
                              const std::function<void(const std::string&)>& stage) {
  auto say = [&](const std::string& s) {
    if (stage) stage(s);
  };
  NHOOD_ASSIGN_OR_RETURN(AtlasInputs in, LoadAtlasInputs(config, data_dir, say));
  say("neighbourhood profiles and risk");
  in.input.weights = &in.weights;
  Result<atlas::AtlasResult> computed = atlas::ComputeAtlas(in.input);
  if (!computed) return Error{computed.error().code, config + ": " + computed.error().message};
  AtlasRun run;
  run.result = std::move(*computed);
  const atlas::AtlasResult& r = run.result;

  say("outputs");
  run.name = in.name;
  NHOOD_ASSIGN_OR_RETURN(run.neighbourhoods, atlas::NeighbourhoodTable(r));
  run.priority = run.neighbourhoods.SelectRows(r.priority_order);
  NHOOD_ASSIGN_OR_RETURN(run.lsoas, atlas::AreaTable(in.input, r));
  run.area_name_column = in.input.area_name_column;
  run.ward_code_column = in.input.ward_code_column;
  run.ward_name_column = in.input.ward_name_column;
  run.deprivation_label = in.input.deprivation_label;
  if (!in.published_flag.empty()) {
    NHOOD_RETURN_IF_ERROR(run.lsoas.AddText("double_disadvantage_published", in.published_flag));
  }
  if (r.change) {
    NHOOD_ASSIGN_OR_RETURN(run.imd_change, atlas::ChangeTable(r));
    NHOOD_ASSIGN_OR_RETURN(run.imd_decile_moves, atlas::DecileMovesTable(in.input, r));
  }
  if (!r.groups.empty()) {
    NHOOD_ASSIGN_OR_RETURN(run.health_by_disadvantage, atlas::GroupComparisonTable(r));
  }
  if (in.confusion) {
    // Ours (rows) against the published flag (columns), over every English area.
    const atlas::FlagConfusion& c = *in.confusion;
    Table t;
    NHOOD_RETURN_IF_ERROR(t.AddText("double_disadvantage", {"true", "false", "total"}));
    const double bt = c.both, bf = c.ours_only, nt = c.theirs_only, nf = c.neither;
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("published_true", {bt, nt, bt + nt}));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("published_false", {bf, nf, bf + nf}));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("total", {bt + bf, nt + nf, bt + bf + nt + nf}));
    NHOOD_RETURN_IF_ERROR(t.AddText("published", {in.compare_source, in.compare_source, in.compare_source}));
    run.confusion = std::move(t);
  }
  for (const char* c : {"value", "moran_i", "moran_p_sim", "moran_p_fdr", "cluster", "gistar_z", "gistar_p_sim"}) {
    const Table& hot = in.hotspots.table;
    const size_t ci = *hot.Find(c);
    const std::string name = std::string("hotspot_") + c;
    if (hot.is_numeric(ci)) NHOOD_RETURN_IF_ERROR(run.lsoas.AddNumbers(name, hot.numbers(ci)));
    else NHOOD_RETURN_IF_ERROR(run.lsoas.AddText(name, hot.text(ci)));
  }
  NHOOD_ASSIGN_OR_RETURN(run.neighbourhood_layer, io::DissolveLayer(in.areas.layer, r.region, r.ids));
  run.lsoa_layer = std::move(in.areas.layer);
  for (const atlas::IndicatorProfile& p : r.indicators) {
    const std::string label =
        !p.standardised ? p.name
                        : p.name + (p.standardisation == "age" ? " (indirectly age-standardised, England = 100)"
                                                               : " (standardised for " + p.standardisation +
                                                                     ", England = 100)");
    run.spine.push_back({p.column, label, p.england, p.higher_is_worse, p.vs_england.empty() ? "" : p.column + "_vs_england"});
  }
  run.sources = in.sources;
  run.methods = atlas::DescribeMethods(in.methods, r);
  run.summary = atlas::DescribeAtlas(in.name, r, ShownPath(in.given_source), in.local_authorities) + "\n" +
                in.hotspots.summary;
  if (in.confusion) {
    const atlas::FlagConfusion& c = *in.confusion;
    run.summary += "\natlas: double disadvantage (most deprived " + FormatNumber(in.percent) + "% and most in need " +
                   FormatNumber(in.percent) + "%): " + std::to_string(c.both + c.ours_only) +
                   " English areas; the published flag (" + in.compare_source + "): " +
                   std::to_string(c.both + c.theirs_only) + "; both " + std::to_string(c.both) + ", ours only " +
                   std::to_string(c.ours_only) + ", published only " + std::to_string(c.theirs_only);
  }
  return run;
}

std::vector<io::AtlasIndicatorInfo> IndicatorList(const AtlasRun& run) {
  std::vector<io::AtlasIndicatorInfo> out;
  for (size_t k = 0; k < run.result.indicators.size(); ++k) {
    const atlas::IndicatorProfile& p = run.result.indicators[k];
    io::AtlasIndicatorInfo i;
    i.column = p.column;
    i.label = k < run.spine.size() ? run.spine[k].label : p.name;
    i.england = p.england;
    i.higher_is_worse = p.higher_is_worse;
    i.standardised = p.standardised;
    if (p.standardised) {
      i.unit = "ratio (England = 100)";
      i.method = "indirectly standardised for " + p.standardisation + " against England's rates in " +
                 std::to_string(p.reference_bands) +
                 " reference bands: O/E x 100 with an exact or Byar 95% interval (Breslow & Day 1987); "
                 "compared with England = 100 by the interval (Fingertips method 1)";
    } else if (p.counts) {
      i.unit = "proportion";
      i.method = "proportion of the summed counts with a Wilson score 95% interval (Wilson 1927); "
                 "compared with England by the interval (Fingertips method 1)";
    } else {
      i.unit = "score";
      i.method = "population-weighted mean of the LSOAs' values; no interval";
    }
    // Its input: the source line whose "what: " is the start of its name
    // (an indicator against equally deprived places shares its count's).
    size_t best = 0;
    for (const std::string& s : run.sources) {
      const size_t colon = s.find(": ");
      if (colon == std::string::npos || colon <= best || p.name.compare(0, colon, s, 0, colon) != 0) continue;
      best = colon;
      i.source = s.substr(colon + 2);
    }
    out.push_back(std::move(i));
  }
  return out;
}

std::string RenderReport(const AtlasRun& r) {
  report::AtlasReportInput in;
  in.title = "nhood atlas: " + r.name;
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  in.generated = std::string("Generated ") + when + " by nhood " + io::VersionString() +
                 ". Contains public sector information licensed under "
                 "the Open Government Licence v3.0; contains OS data (c) Crown copyright and database right.";
  in.summary = r.summary;
  in.neighbourhoods = r.neighbourhood_layer;
  in.neighbourhood_table = r.neighbourhoods;
  const Table& l = r.lsoas;
  const auto& cluster = l.text(*l.Find("hotspot_cluster"));
  const auto& lsoa_name = l.text(*l.Find(r.area_name_column));
  for (size_t i = 0; i < r.lsoa_layer.size(); ++i) {
    if (cluster[i] != "High-High" && cluster[i] != "Low-Low") continue;
    in.hotspots.ids.push_back(r.lsoa_layer.ids[i]);
    in.hotspots.polygons.push_back(r.lsoa_layer.polygons[i]);
    in.hotspot_cluster.push_back(cluster[i]);
    in.hotspot_names.push_back(lsoa_name[i]);
  }
  // Each neighbourhood's doubly disadvantaged wards, by name and code.
  in.neighbourhood_notes.resize(r.neighbourhoods.num_rows());
  std::vector<std::set<std::string>> wards(r.neighbourhoods.num_rows());
  const auto& ward = l.text(*l.Find(r.ward_code_column));
  const auto& ward_name = l.text(*l.Find(r.ward_name_column));
  const auto& dd = l.text(*l.Find("double_disadvantage"));
  for (size_t i = 0; i < l.num_rows(); ++i) {
    if (dd[i] == "true") wards[r.result.region[i]].insert(ward_name[i].empty() ? ward[i] : ward_name[i] + " (" + ward[i] + ")");
  }
  for (size_t g = 0; g < wards.size(); ++g) {
    for (const std::string& w : wards[g]) {
      in.neighbourhood_notes[g] += (in.neighbourhood_notes[g].empty() ? "Doubly disadvantaged wards: " : ", ") + w;
    }
  }
  in.priority = r.priority;
  in.priority_columns = {{"name", "Neighbourhood"}, {"neighbourhood_id", "Code"},
                         {"local_authority_name", "Local authority"},
                         {"local_authority", "LA code"}, {"population", "Population"},
                         {"imd_score", r.deprivation_label + " score"}, {"core20_share", "Core20 share"},
                         {"double_disadvantage_share", "Double disadvantage share"},
                         {"hotspot_share", "Hot-spot share"}, {"risk_score", "Risk score"}, {"tier", "Risk tier"}};
  for (const auto& s : r.spine) {
    const bool interval = r.priority.Find(s.column + "_lower95_0cl").has_value();
    in.priority_columns.push_back({s.column, s.label, interval ? s.column + "_lower95_0cl" : "",
                                   interval ? s.column + "_upper95_0cl" : ""});
  }
  in.spine = r.spine;
  in.sources = r.sources;
  in.methods = r.methods;
  return report::RenderAtlasReport(in);
}

void SetupAtlasCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("atlas", "The neighbourhood atlas: hot spots, neighbourhoods, double disadvantage, risk");
  cmd->footer(
      "Example:\n  nhood atlas --config examples/atlas-north-east.toml --data-dir ../shared/data --output out/atlas\n"
      "  nhood atlas --config examples/atlas-north-east-2025.toml --data-dir ../shared/data --output out/atlas2025\n"
      "Writes, in DIR:\n"
      "  atlas.gpkg                  layers lsoas and neighbourhoods (open in QGIS)\n"
      "  provenance.json             command line, inputs (size, SHA-256), options, seed, version, every file\n"
      "  lsoas.csv                   every LSOA: neighbourhood, deprivation, ward, hot-spot statistics\n"
      "  neighbourhoods.csv          every neighbourhood: profile, indicators with 95% intervals, risk, tier\n"
      "  priority.csv                the neighbourhoods by risk, highest first\n"
      "  indicators.csv              each indicator: key, name, unit, England, polarity, method, source\n"
      "  report.html                 the offline report: map, spine charts, priority table, methods\n"
      "  imd_change.csv, imd_decile_moves.csv   with [previous_deprivation]: IMD 2019 -> 2025 per neighbourhood / LSOA\n"
      "  health_by_disadvantage.csv  with standardised indicators: doubly disadvantaged, other equally deprived, rest\n"
      "  double_disadvantage_confusion.csv      with [double_disadvantage.compare]: ours against the published flag\n"
      "Stages are reported as they run. At least one [[risk]] entry is required.\n"
      "Neighbourhoods are built unless the configuration gives them: [neighbourhoods] file, id, column\n"
      "(a table of LSOA -> neighbourhood) or [neighbourhoods] polygons, id (each LSOA joins the polygon\n"
      "covering most of it). See docs/cli.md.");
  std::shared_ptr<ConfigOptions> o = AddConfigOptions(cmd, "output directory");
  cmd->callback([o, exit_code] {
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    int step = 0;
    auto stage = [&](const std::string& s) { std::fprintf(stderr, "nhood: atlas [%d/7, %.1f s] %s\n", ++step, seconds(), s.c_str()); };
    const std::string dir = o->DataDir();
    Result<AtlasRun> r = ComputeAtlas(o->config, dir, stage);
    if (!r) {
      std::fprintf(stderr, "nhood: %s\n", r.error().message.c_str());
      *exit_code = 1;
      return;
    }
    // The outputs, all written here, into a staging directory that replaces
    // the output directory only when every file is written
    // (nhood/io/staged_directory.h).
    Result<io::StagedDirectory> out = io::StagedDirectory::Begin(o->output);
    Status s = out ? Status::Ok() : Status(out.error());
    if (s.ok()) {
      s = io::WriteLayers(out->Path("atlas.gpkg"), {{&r->lsoa_layer, &r->lsoas, "lsoas"},
                                                   {&r->neighbourhood_layer, &r->neighbourhoods, "neighbourhoods"}});
    }
    for (const auto& [t, name] : {std::pair{&r->lsoas, "lsoas.csv"}, {&r->neighbourhoods, "neighbourhoods.csv"},
                                  {&r->priority, "priority.csv"}}) {
      if (s.ok()) s = io::WriteTable(*t, out->Path(name));
    }
    for (const auto& [t, name] : {std::pair{&r->imd_change, "imd_change.csv"}, {&r->imd_decile_moves, "imd_decile_moves.csv"},
                                  {&r->health_by_disadvantage, "health_by_disadvantage.csv"},
                                  {&r->confusion, "double_disadvantage_confusion.csv"}}) {
      if (s.ok() && t->has_value()) s = io::WriteTable(**t, out->Path(name));
    }
    if (s.ok()) s = io::WriteAtlasIndicators(IndicatorList(*r), out->Path("indicators.csv"));
    if (s.ok()) s = io::WriteTextFile(out->Path("report.html"), RenderReport(*r));
    if (s.ok()) s = out->Commit({o->config}, {{"methods", "docs/methods.md"}});
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      *exit_code = 1;
      return;
    }
    std::fprintf(stderr, "nhood: %s\nnhood: atlas done in %.1f s; open %s/report.html in a browser; %s/atlas.gpkg in QGIS\n",
                 r->summary.c_str(), seconds(), o->output.c_str(), o->output.c_str());
    *exit_code = 0;
  });
}

}  // namespace nhood::cli
