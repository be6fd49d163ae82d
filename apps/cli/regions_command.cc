#include "apps/cli/regions_command.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>

#include "apps/cli/config.h"
#include "apps/cli/config_options.h"
#include "apps/cli/config_section.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/geo/contiguity.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/table_io.h"
#include "nhood/region/named_regions.h"
#include "nhood/region/zoning_summary.h"

namespace nhood::cli {

Result<RegionsRun> ComputeRegions(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::RegionsConfigSchema(), data_dir));
  const ConfigView root(cfg);
  region::RegionOptions opt;
  NHOOD_ASSIGN_OR_RETURN(opt.floor, OptionalNumber(root, "bounds.floor", opt.floor, config));
  NHOOD_ASSIGN_OR_RETURN(opt.target, OptionalNumber(root, "bounds.target", opt.target, config));
  NHOOD_ASSIGN_OR_RETURN(opt.ceiling, OptionalNumber(root, "bounds.ceiling", opt.ceiling, config));
  NHOOD_ASSIGN_OR_RETURN(opt.homogeneity_weight, OptionalNumber(root, "homogeneity.weight", opt.homogeneity_weight, config));
  NHOOD_ASSIGN_OR_RETURN(opt.compactness_weight, OptionalNumber(root, "compactness_weight", opt.compactness_weight, config));
  NHOOD_ASSIGN_OR_RETURN(opt.inertia_weight, OptionalNumber(root, "inertia_weight", opt.inertia_weight, config));
  // Whole numbers, read as integers: a seed above 2^53 keeps every digit, and a sweep count too large for an
  // int is an error rather than an out-of-range conversion (the schema has already refused negatives).
  NHOOD_ASSIGN_OR_RETURN(int64_t sweeps, OptionalInteger(root, "anneal_sweeps", opt.anneal_sweeps, config));
  NHOOD_ASSIGN_OR_RETURN(int64_t seed, OptionalInteger(root, "seed", static_cast<int64_t>(opt.seed), config));
  constexpr int64_t kMaxSweeps = 1000000;
  if (sweeps < 0 || sweeps > kMaxSweeps) {
    return InvalidArgument(config + ": 'anneal_sweeps' is " + std::to_string(sweeps) + ": use 0 to " +
                           std::to_string(kMaxSweeps) + " (500 takes seconds for England)");
  }
  if (seed < 0) return InvalidArgument(config + ": 'seed' must be 0 or more");
  opt.anneal_sweeps = static_cast<int>(sweeps);
  opt.seed = static_cast<uint64_t>(seed);
  if (!(opt.floor > 0 && opt.floor <= opt.target && opt.target <= opt.ceiling)) {
    return InvalidArgument(config + ": [bounds] need 0 < floor <= target <= ceiling");
  }
  NHOOD_ASSIGN_OR_RETURN(std::string areas_file, RequiredString(root, "areas.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string area_id, RequiredString(root, "areas.id", config));
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData areas, io::ReadPolygons(DataPath(data_dir, areas_file), area_id, {.repair = false}));
  const auto& ids = areas.layer.ids;
  NHOOD_ASSIGN_OR_RETURN(auto pop_text, ReadSectionFor(root, "population", config, data_dir, ids, true));
  NHOOD_ASSIGN_OR_RETURN(auto nest_text, ReadSectionFor(root, "nest", config, data_dir, ids, true));
  std::vector<std::string> attr_text;
  if (root["homogeneity"]) {
    NHOOD_ASSIGN_OR_RETURN(attr_text, ReadSectionFor(root, "homogeneity", config, data_dir, ids, true));
  }
  std::vector<std::string> msoa;
  if (root["compare"]) {
    NHOOD_ASSIGN_OR_RETURN(msoa, ReadSectionFor(root, "compare", config, data_dir, ids, false));
  }
  NHOOD_ASSIGN_OR_RETURN(const std::vector<double> pop,
                         ToNumbers(pop_text, ids, SectionWhere(root, "population", config, data_dir)));
  NHOOD_ASSIGN_OR_RETURN(const std::vector<double> attr,
                         ToNumbers(attr_text, ids, SectionWhere(root, "homogeneity", config, data_dir)));
  NHOOD_ASSIGN_OR_RETURN(geo::SpatialWeights w, geo::ContiguityWeights(areas.layer));
  NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer projected, io::ReprojectLayer(areas.layer, "EPSG:27700"));
  NHOOD_ASSIGN_OR_RETURN(region::SharedBoundaries boundaries, region::ComputeSharedBoundaries(projected, w));
  region::RegionsInput in{.weights = &w, .nest = nest_text, .population = pop, .attribute = attr, .options = opt,
                          .boundaries = &boundaries};
  for (const auto& p : projected.polygons) in.centroids.push_back(geo::Centroid(p));
  std::fprintf(stderr, "nhood: regions: building neighbourhoods from %zu areas (%d annealing sweeps)...\n", ids.size(),
               opt.anneal_sweeps);
  NHOOD_ASSIGN_OR_RETURN(region::RegionsResult built, region::ComputeRegions(in));
  const region::Neighbourhoods& n = built.neighbourhoods;
  const std::vector<std::string>& name = built.names;

  RegionsRun run;
  run.count = n.count;
  run.contiguous = built.contiguous;
  run.nested = built.nested;
  std::vector<std::string> assigned;
  for (size_t i = 0; i < ids.size(); ++i) assigned.push_back(name[n.region[i]]);
  NHOOD_RETURN_IF_ERROR(run.assignment.AddText(area_id, ids));
  NHOOD_RETURN_IF_ERROR(run.assignment.AddText("neighbourhood_id", assigned));

  // Compactness from the dissolved neighbourhoods, in metres; the
  // comparison areas (MSOAs) dissolve on a second thread meanwhile.
  atlas::Grouping m = atlas::GroupBy(msoa);  // "" (no MSOA) joins no group
  std::future<Result<geo::PolygonLayer>> compare_dissolved;
  if (!msoa.empty()) {
    compare_dissolved = std::async(std::launch::async, [&] { return io::DissolveLayer(projected, m.group, m.names); });
  }
  Result<geo::PolygonLayer> ours_dissolved = io::DissolveLayer(projected, n.region, name);
  Result<geo::PolygonLayer> theirs_dissolved = msoa.empty() ? Result<geo::PolygonLayer>(geo::PolygonLayer{})
                                                            : compare_dissolved.get();
  NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer dissolved, std::move(ours_dissolved));
  NHOOD_ASSIGN_OR_RETURN(region::ZoningSummary ours,
                         region::Summarise(n.region, n.count, pop, attr, dissolved.polygons, opt.floor, opt.ceiling));
  run.share_within_bounds = ours.share_within_bounds;
  run.mean_heterogeneity = ours.mean_heterogeneity;
  run.mean_polsby_popper = ours.mean_polsby_popper;
  std::vector<double> lsoas(n.count, 0), within(n.count);
  for (int32_t r : n.region) ++lsoas[r];
  for (int32_t r = 0; r < n.count; ++r) within[r] = ours.within_bounds[r];
  std::vector<std::string> nest_col;
  for (int32_t r = 0; r < n.count; ++r) nest_col.push_back(built.nest_names[n.nest_of_region[r]]);
  NHOOD_RETURN_IF_ERROR(run.summary.AddText("neighbourhood_id", name));
  NHOOD_RETURN_IF_ERROR(run.summary.AddText("nest", nest_col));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("population", ours.population));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("areas", lsoas));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("polsby_popper", ours.polsby_popper));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("heterogeneity", ours.heterogeneity));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("within_bounds", within));

  region::ZoningReportInput report{.ours = &ours, .names = &name, .areas = ids.size(),
                                   .nest_groups = built.nest_names.size(), .options = opt,
                                   .has_attribute = !attr.empty(), .contiguous = run.contiguous, .nested = run.nested,
                                   .islands = built.islands};
  region::ZoningSummary theirs;
  if (!msoa.empty()) {
    const int32_t groups = static_cast<int32_t>(m.names.size());
    NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer md, std::move(theirs_dissolved));
    NHOOD_ASSIGN_OR_RETURN(theirs, region::Summarise(m.group, groups, pop, attr, md.polygons, opt.floor, opt.ceiling));
    run.msoa_mean_heterogeneity = theirs.mean_heterogeneity;
    run.msoa_mean_polsby_popper = theirs.mean_polsby_popper;
    run.msoa_share_within_bounds = theirs.share_within_bounds;
    report.compare = &theirs;
  }
  run.report = region::DescribeZoning(report);
  return run;
}

void SetupRegionsCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("regions", "Neighbourhoods of about 10,000 people from LSOAs, within local authorities");
  cmd->footer(
      "Example:\n  nhood regions --config examples/england-neighbourhoods.toml --data-dir ../shared/data --output out/regions\n"
      "Writes DIR/neighbourhoods.csv (<area id>, neighbourhood_id) and DIR/neighbourhood_summary.csv\n"
      "(population, areas, Polsby-Popper, heterogeneity, within_bounds); the report, with ONS MSOAs\n"
      "side by side, goes to stderr.\n"
      "Shape: compactness_weight (on 1 - Polsby-Popper), inertia_weight, anneal_sweeps and seed in\n"
      "the config trade homogeneity for compactness (docs/cli.md, nhood regions).");
  std::shared_ptr<ConfigOptions> o = AddConfigOptions(cmd, "output directory");
  cmd->callback([o, exit_code] {
    const auto start = std::chrono::steady_clock::now();
    const std::string dir = o->DataDir();
    Result<RegionsRun> r = ComputeRegions(o->config, dir);
    if (!r) {
      std::fprintf(stderr, "nhood: %s\n", r.error().message.c_str());
      *exit_code = 1;
      return;
    }
    // All-or-nothing: a staging directory replaces the output directory
    // only when every file is written (nhood/io/staged_directory.h).
    Result<io::StagedDirectory> out = io::StagedDirectory::Begin(o->output);
    Status s = out ? Status::Ok() : Status(out.error());
    if (s.ok()) s = io::WriteTable(r->assignment, out->Path("neighbourhoods.csv"));
    if (s.ok()) s = io::WriteTable(r->summary, out->Path("neighbourhood_summary.csv"));
    if (s.ok()) s = out->Commit({o->config});
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      *exit_code = 1;
      return;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "nhood: %s\nnhood: %.1f s; wrote %s/neighbourhoods.csv and neighbourhood_summary.csv\n",
                 r->report.c_str(), secs, o->output.c_str());
    *exit_code = 0;
  });
}

}  // namespace nhood::cli
