#include "apps/cli/regions_command.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <numbers>
#include <unordered_map>

#include "apps/cli/config.h"
#include "apps/cli/config_options.h"
#include "nhood/base/number.h"
#include "nhood/geo/contiguity.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/table_io.h"
#include "nhood/region/neighbourhoods.h"

namespace nhood::cli {
namespace {

using View = toml::node_view<const toml::node>;

// A column of `section` keyed by `section`.id, looked up for every area id.
Result<std::vector<std::string>> Lookup(const View& root, const std::string& section, const std::string& config,
                                        const std::string& data_dir, const std::vector<std::string>& ids,
                                        bool required) {
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, section + ".file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, section + ".id", config));
  NHOOD_ASSIGN_OR_RETURN(std::string column, RequiredString(root, section + ".column", config));
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(DataPath(data_dir, file)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(t, id, config, section + ".id"));
  NHOOD_RETURN_IF_ERROR(RequireColumn(t, column, config, section + ".column"));
  std::unordered_map<std::string, std::string> m;
  for (size_t r = 0; r < t.num_rows(); ++r) m[t.Cell(*t.Find(id), r)] = t.Cell(*t.Find(column), r);
  std::vector<std::string> out;
  size_t missing = 0;
  std::string first;
  for (const auto& a : ids) {
    auto it = m.find(a);
    if (it == m.end()) {
      if (!missing++) first = a;
      out.emplace_back();
    } else {
      out.push_back(it->second);
    }
  }
  if (missing && required) {
    return InvalidArgument(config + ": [" + section + "] " + t.source() + " has no row for " + std::to_string(missing) +
                           " areas (first: " + first + ")");
  }
  return out;
}

std::vector<double> Numbers(const std::vector<std::string>& text) {
  std::vector<double> v;
  for (const auto& s : text) {
    std::optional<double> x = ParseNumber(s);
    v.push_back(x ? *x : NAN);
  }
  return v;
}

// Area and perimeter of each group's union (polygons dissolved): perimeter
// = sum of perimeters - 2 x the boundary the group's members share.
// Segments are matched by their exact original coordinates (shared ONS
// boundaries repeat vertices exactly); lengths come from the projected layer.
struct Shapes {
  std::vector<double> area, perimeter;
};
Shapes Dissolve(const geo::PolygonLayer& original, const geo::PolygonLayer& projected, const std::vector<int32_t>& group,
                int32_t groups) {
  Shapes s;
  s.area.assign(groups, 0);
  s.perimeter.assign(groups, 0);
  struct Segment {
    uint64_t a, b, c, d;
    int32_t polygon;
    double length;
  };
  auto bits = [](double v) {
    if (v == 0) v = 0;  // -0 == 0
    uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
  };
  std::vector<Segment> segs;
  for (size_t i = 0; i < original.size(); ++i) {
    if (group[i] < 0) continue;
    s.area[group[i]] += geo::Area(projected.polygons[i]);
    s.perimeter[group[i]] += geo::Perimeter(projected.polygons[i]);
    const auto& op = original.polygons[i];
    const auto& pp = projected.polygons[i];
    for (size_t part = 0; part < op.parts.size(); ++part) {
      for (size_t ring = 0; ring < op.parts[part].size(); ++ring) {
        const auto& r = op.parts[part][ring];
        const auto& q = pp.parts[part][ring];
        for (size_t k = 0; k + 1 < r.size(); ++k) {
          uint64_t x1 = bits(r[k].x), y1 = bits(r[k].y), x2 = bits(r[k + 1].x), y2 = bits(r[k + 1].y);
          if (std::tie(x2, y2) < std::tie(x1, y1)) {
            std::swap(x1, x2);
            std::swap(y1, y2);
          }
          segs.push_back({x1, y1, x2, y2, static_cast<int32_t>(i), std::hypot(q[k + 1].x - q[k].x, q[k + 1].y - q[k].y)});
        }
      }
    }
  }
  std::sort(segs.begin(), segs.end(), [](const Segment& l, const Segment& r) {
    return std::tie(l.a, l.b, l.c, l.d, l.polygon) < std::tie(r.a, r.b, r.c, r.d, r.polygon);
  });
  for (size_t k = 0; k + 1 < segs.size(); ++k) {
    const Segment &l = segs[k], &r = segs[k + 1];
    if (l.a == r.a && l.b == r.b && l.c == r.c && l.d == r.d && l.polygon != r.polygon &&
        group[l.polygon] == group[r.polygon]) {
      s.perimeter[group[l.polygon]] -= l.length + r.length;
    }
  }
  return s;
}

// Population-weighted standard deviation of `x` within each group.
std::vector<double> Heterogeneity(const std::vector<int32_t>& group, int32_t groups, const std::vector<double>& pop,
                                  const std::vector<double>& x) {
  std::vector<double> w(groups, 0), sx(groups, 0), sxx(groups, 0);
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i] < 0 || std::isnan(x[i])) continue;
    w[group[i]] += pop[i];
    sx[group[i]] += pop[i] * x[i];
    sxx[group[i]] += pop[i] * x[i] * x[i];
  }
  std::vector<double> sd(groups, NAN);
  for (int32_t g = 0; g < groups; ++g) {
    if (w[g] > 0) sd[g] = std::sqrt(std::max(0.0, sxx[g] / w[g] - (sx[g] / w[g]) * (sx[g] / w[g])));
  }
  return sd;
}

struct GroupReport {
  double within = 0, mean_pp = 0, mean_het = 0;
  int count = 0;
};

GroupReport Report(const std::vector<int32_t>& group, int32_t groups, const std::vector<double>& pop,
                   const std::vector<double>& attr, const Shapes& shapes, double floor, double ceiling,
                   std::vector<double>* group_pop, std::vector<double>* het) {
  group_pop->assign(groups, 0);
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i] >= 0) (*group_pop)[group[i]] += pop[i];
  }
  *het = Heterogeneity(group, groups, pop, attr);
  GroupReport r;
  r.count = groups;
  double het_n = 0;
  for (int32_t g = 0; g < groups; ++g) {
    r.within += (*group_pop)[g] >= floor && (*group_pop)[g] <= ceiling;
    r.mean_pp += 4 * std::numbers::pi * shapes.area[g] / (shapes.perimeter[g] * shapes.perimeter[g]);
    if (!std::isnan((*het)[g])) {
      r.mean_het += (*het)[g];
      ++het_n;
    }
  }
  r.within /= groups;
  r.mean_pp /= groups;
  r.mean_het /= het_n;
  return r;
}

}  // namespace

Result<RegionsRun> ComputeRegions(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::RegionsConfigSchema(), data_dir));
  const View root(cfg);
  region::RegionOptions opt;
  NHOOD_ASSIGN_OR_RETURN(opt.floor, OptionalNumber(root, "bounds.floor", opt.floor, config));
  NHOOD_ASSIGN_OR_RETURN(opt.target, OptionalNumber(root, "bounds.target", opt.target, config));
  NHOOD_ASSIGN_OR_RETURN(opt.ceiling, OptionalNumber(root, "bounds.ceiling", opt.ceiling, config));
  NHOOD_ASSIGN_OR_RETURN(opt.homogeneity_weight, OptionalNumber(root, "homogeneity.weight", opt.homogeneity_weight, config));
  NHOOD_ASSIGN_OR_RETURN(opt.compactness_weight, OptionalNumber(root, "compactness_weight", opt.compactness_weight, config));
  if (!(opt.floor > 0 && opt.floor <= opt.target && opt.target <= opt.ceiling)) {
    return InvalidArgument(config + ": [bounds] need 0 < floor <= target <= ceiling");
  }
  NHOOD_ASSIGN_OR_RETURN(std::string areas_file, RequiredString(root, "areas.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string area_id, RequiredString(root, "areas.id", config));
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData areas, io::ReadPolygons(DataPath(data_dir, areas_file), area_id, {.repair = false}));
  const auto& ids = areas.layer.ids;
  NHOOD_ASSIGN_OR_RETURN(auto pop_text, Lookup(root, "population", config, data_dir, ids, true));
  NHOOD_ASSIGN_OR_RETURN(auto nest_text, Lookup(root, "nest", config, data_dir, ids, true));
  std::vector<std::string> attr_text;
  if (root["homogeneity"]) {
    NHOOD_ASSIGN_OR_RETURN(attr_text, Lookup(root, "homogeneity", config, data_dir, ids, true));
  }
  std::vector<std::string> msoa;
  if (root["compare"]) {
    NHOOD_ASSIGN_OR_RETURN(msoa, Lookup(root, "compare", config, data_dir, ids, false));
  }
  const std::vector<double> pop = Numbers(pop_text), attr = Numbers(attr_text);
  std::map<std::string, int32_t> nest_index;
  std::vector<int32_t> nest;
  std::vector<std::string> nest_names;
  for (const auto& s : nest_text) {
    auto [it, inserted] = nest_index.emplace(s, static_cast<int32_t>(nest_names.size()));
    if (inserted) nest_names.push_back(s);
    nest.push_back(it->second);
  }
  NHOOD_ASSIGN_OR_RETURN(geo::SpatialWeights w, geo::ContiguityWeights(areas.layer));
  NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer projected, io::ReprojectLayer(areas.layer, "EPSG:27700"));
  std::vector<geo::Point> centroids;
  for (const auto& p : projected.polygons) centroids.push_back(geo::Centroid(p));
  NHOOD_ASSIGN_OR_RETURN(region::Neighbourhoods n, region::BuildNeighbourhoods(w, nest, pop, centroids, attr, opt));

  RegionsRun run;
  run.count = n.count;
  run.contiguous = region::RegionsContiguous(w, n.region, n.count);
  run.nested = true;
  for (size_t i = 0; i < ids.size(); ++i) run.nested = run.nested && n.nest_of_region[n.region[i]] == nest[i];
  // Ids: <nest code>-<number within the nest>.
  std::vector<std::string> name(n.count);
  std::vector<int> per_nest(nest_names.size(), 0);
  for (int32_t r = 0; r < n.count; ++r) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "-%03d", ++per_nest[n.nest_of_region[r]]);
    name[r] = nest_names[n.nest_of_region[r]] + buf;
  }
  std::vector<std::string> assigned;
  for (size_t i = 0; i < ids.size(); ++i) assigned.push_back(name[n.region[i]]);
  NHOOD_RETURN_IF_ERROR(run.assignment.AddText(area_id, ids));
  NHOOD_RETURN_IF_ERROR(run.assignment.AddText("neighbourhood_id", assigned));

  const Shapes shapes = Dissolve(areas.layer, projected, n.region, n.count);
  std::vector<double> region_pop, het;
  GroupReport ours = Report(n.region, n.count, pop, attr, shapes, opt.floor, opt.ceiling, &region_pop, &het);
  run.share_within_bounds = ours.within;
  run.mean_heterogeneity = ours.mean_het;
  std::vector<double> lsoas(n.count, 0), pp(n.count), within(n.count);
  for (int32_t r : n.region) ++lsoas[r];
  for (int32_t r = 0; r < n.count; ++r) {
    pp[r] = 4 * std::numbers::pi * shapes.area[r] / (shapes.perimeter[r] * shapes.perimeter[r]);
    within[r] = region_pop[r] >= opt.floor && region_pop[r] <= opt.ceiling;
  }
  std::vector<std::string> nest_col;
  for (int32_t r = 0; r < n.count; ++r) nest_col.push_back(nest_names[n.nest_of_region[r]]);
  NHOOD_RETURN_IF_ERROR(run.summary.AddText("neighbourhood_id", name));
  NHOOD_RETURN_IF_ERROR(run.summary.AddText("nest", nest_col));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("population", region_pop));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("areas", lsoas));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("polsby_popper", pp));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("heterogeneity", het));
  NHOOD_RETURN_IF_ERROR(run.summary.AddNumbers("within_bounds", within));

  auto pct = [](double v) { return FormatNumber(std::round(v * 1000) / 10) + "%"; };
  run.report = "regions: " + std::to_string(n.count) + " neighbourhoods from " + std::to_string(ids.size()) +
               " areas in " + std::to_string(nest_names.size()) + " nest groups; bounds " + FormatNumber(opt.floor) +
               " / " + FormatNumber(opt.target) + " / " + FormatNumber(opt.ceiling) + "\nregions: within bounds " +
               pct(ours.within) + ", mean Polsby-Popper " + FormatNumber(std::round(ours.mean_pp * 1000) / 1000) +
               ", mean within-neighbourhood SD of the attribute " + FormatNumber(std::round(ours.mean_het * 1000) / 1000) +
               "; contiguous: " + (run.contiguous ? "yes" : "NO") + "; nested: " + (run.nested ? "yes" : "NO");
  std::string below;
  int below_n = 0;
  for (int32_t r = 0; r < n.count; ++r) {
    if (!within[r] && below_n++ < 8) below += (below.empty() ? "" : ", ") + name[r] + " (" + FormatNumber(region_pop[r]) + ")";
  }
  if (below_n) run.report += "\nregions: outside bounds: " + std::to_string(below_n) + ": " + below + (below_n > 8 ? ", ..." : "");
  const auto islands = w.Islands();
  for (size_t i : islands) run.report += "\nregions: island " + ids[i] + " (no neighbours) is its own neighbourhood";
  if (!msoa.empty()) {
    std::map<std::string, int32_t> m;
    std::vector<int32_t> mg;
    for (const auto& s : msoa) {
      if (s.empty()) {
        mg.push_back(-1);
        continue;
      }
      mg.push_back(m.emplace(s, static_cast<int32_t>(m.size())).first->second);
    }
    const Shapes ms = Dissolve(areas.layer, projected, mg, static_cast<int32_t>(m.size()));
    std::vector<double> mp, mh;
    GroupReport theirs = Report(mg, static_cast<int32_t>(m.size()), pop, attr, ms, opt.floor, opt.ceiling, &mp, &mh);
    run.msoa_mean_heterogeneity = theirs.mean_het;
    run.report += "\nregions: ONS MSOAs for comparison: " + std::to_string(theirs.count) + " areas, within bounds " +
                  pct(theirs.within) + ", mean Polsby-Popper " + FormatNumber(std::round(theirs.mean_pp * 1000) / 1000) +
                  ", mean within-area SD of the attribute " + FormatNumber(std::round(theirs.mean_het * 1000) / 1000);
  }
  return run;
}

void SetupRegionsCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("regions", "Neighbourhoods of about 10,000 people from LSOAs, within local authorities");
  cmd->footer(
      "Example:\n  nhood regions --config examples/england-neighbourhoods.toml --data-dir ../shared/data --output out/regions\n"
      "Writes DIR/neighbourhoods.csv (<area id>, neighbourhood_id) and DIR/neighbourhood_summary.csv\n"
      "(population, areas, Polsby-Popper, heterogeneity, within_bounds); the report, with ONS MSOAs\n"
      "side by side, goes to stderr.");
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
