#include "apps/cli/atlas_command.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "apps/cli/age_loader.h"
#include "apps/cli/classify_command.h"
#include "apps/cli/config.h"
#include "apps/cli/config_options.h"
#include "apps/cli/hotspot_table.h"
#include "apps/cli/indicator_loader.h"
#include "nhood/atlas/age_standardisation.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/atlas/composite_index.h"
#include "nhood/base/number.h"
#include "nhood/geo/contiguity.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/staged_directory.h"
#include "nhood/io/version.h"
#include "nhood/io/table_io.h"
#include "nhood/io/zones.h"
#include "nhood/region/neighbourhoods.h"
#include "nhood/stats/benchmark.h"
#include "nhood/stats/proportion.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;
using View = toml::node_view<const toml::node>;

// id -> text of `column` from `section`.file keyed by `section`.id.
Result<std::unordered_map<std::string, std::string>> Column(const View& root, const std::string& section,
                                                            const std::string& config, const std::string& data_dir,
                                                            const std::string& column_key = "column") {
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, section + ".file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, section + ".id", config));
  NHOOD_ASSIGN_OR_RETURN(std::string col, RequiredString(root, section + "." + column_key, config));
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(DataPath(data_dir, file)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(t, id, config, section + ".id"));
  NHOOD_RETURN_IF_ERROR(RequireColumn(t, col, config, section + "." + column_key));
  std::unordered_map<std::string, std::string> m;
  for (size_t r = 0; r < t.num_rows(); ++r) m[t.Cell(*t.Find(id), r)] = t.Cell(*t.Find(col), r);
  return m;
}

double Num(const std::unordered_map<std::string, std::string>& m, const std::string& id) {
  auto it = m.find(id);
  if (it == m.end()) return NAN;
  std::optional<double> v = ParseNumber(it->second);
  return v ? *v : NAN;
}

// User-defined neighbourhoods, area id -> neighbourhood name: a table of
// area -> neighbourhood ([neighbourhoods] file, id, column), or polygons
// ([neighbourhoods] polygons, id) that each area joins by largest overlap.
Result<std::unordered_map<std::string, std::string>> GivenNeighbourhoods(const View& root, const std::string& config,
                                                                         const std::string& data_dir,
                                                                         const geo::PolygonLayer& areas) {
  if (!root.at_path("neighbourhoods.polygons")) return Column(root, "neighbourhoods", config, data_dir);
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, "neighbourhoods.polygons", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, "neighbourhoods.id", config));
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData zones, io::ReadPolygons(DataPath(data_dir, file), id));
  NHOOD_ASSIGN_OR_RETURN(std::vector<int32_t> zone, io::AssignToZones(areas, zones.layer));
  std::unordered_map<std::string, std::string> given;
  for (size_t i = 0; i < areas.size(); ++i) {
    if (zone[i] >= 0) given[areas.ids[i]] = zones.layer.ids[zone[i]];
  }
  return given;
}

// Fingertips method 1: the 95% interval against the England value.
std::string VsEngland(double value, double lower95, double upper95, double england, bool higher_is_worse) {
  return stats::Compare({.value = value, .lower95 = lower95, .upper95 = upper95}, {.value = england},
                        stats::ComparisonMethod::kCi95,
                        higher_is_worse ? stats::Polarity::kLowIsGood : stats::Polarity::kHighIsGood)
      .rag;
}

// An age-standardised risk indicator: O/E x 100 per neighbourhood.
struct StandardisedColumns {
  std::vector<stats::IsrEstimate> ratio;
  double england = NAN;  // 100 x O / E over every area with both
};

// Observed counts from `ind`, expected events from `expected_all` (one per
// area of `ages`), summed over each neighbourhood's areas (`ids`, `region`).
Result<StandardisedColumns> Standardise(const AreaIndicator& ind, const atlas::AgeBands& ages,
                                        const std::vector<double>& expected_all, const std::vector<std::string>& ids,
                                        const std::vector<int32_t>& region, int32_t k) {
  std::unordered_map<std::string, double> expected_of;
  for (size_t i = 0; i < ages.ids.size(); ++i) expected_of[ages.ids[i]] = expected_all[i];
  std::vector<double> o(ids.size(), NAN), e(ids.size(), NAN);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto x = expected_of.find(ids[i]);
    if (x == expected_of.end()) return InvalidArgument("[ages] has no population by age for area " + ids[i]);
    e[i] = x->second;
    auto c = ind.count.find(ids[i]);
    if (c != ind.count.end()) o[i] = c->second.first;
  }
  StandardisedColumns out;
  out.ratio = atlas::StandardisedRatios(o, e, region, k, {.confidence = {0.95}, .ref_value = 100});
  double so = 0, se = 0;
  for (const auto& [id, xn] : ind.count) {
    auto x = expected_of.find(id);
    if (x == expected_of.end() || std::isnan(xn.first) || std::isnan(x->second)) continue;
    so += xn.first;
    se += x->second;
  }
  out.england = se > 0 ? 100 * so / se : NAN;
  return out;
}

// Columns COL (O/E x 100), COL_lower95_0cl, COL_upper95_0cl, COL_observed,
// COL_expected and COL_vs_england (interval against 100).
Status AddStandardised(Table& t, const std::string& col, const StandardisedColumns& sc, bool higher_is_worse) {
  const size_t k = sc.ratio.size();
  std::vector<double> value(k), lo(k), hi(k), obs(k), exp(k);
  std::vector<std::string> sig(k);
  for (size_t r = 0; r < k; ++r) {
    const stats::Estimate& est = sc.ratio[r].ratio;
    value[r] = est.value;
    lo[r] = est.intervals.empty() ? NAN : est.intervals[0].lower;
    hi[r] = est.intervals.empty() ? NAN : est.intervals[0].upper;
    obs[r] = sc.ratio[r].observed;
    exp[r] = sc.ratio[r].expected;
    sig[r] = VsEngland(value[r], lo[r], hi[r], 100.0, higher_is_worse);
  }
  NHOOD_RETURN_IF_ERROR(t.AddNumbers(col, value));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers(col + "_lower95_0cl", lo));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers(col + "_upper95_0cl", hi));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers(col + "_observed", obs));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers(col + "_expected", exp));
  return t.AddText(col + "_vs_england", sig);
}

}  // namespace

Status WriteReport(const AtlasRun& r, const std::string& path) {
  report::AtlasReportInput in;
  in.title = "nhood atlas: " + r.name;
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  in.generated = std::string("Generated ") + when + " by nhood " + io::VersionString() + ". Contains public sector information licensed under "
                 "the Open Government Licence v3.0; contains OS data (c) Crown copyright and database right.";
  in.summary = r.summary;
  in.neighbourhoods = r.neighbourhood_layer;
  in.neighbourhood_table = r.neighbourhoods;
  const auto& cluster = r.lsoas.text(*r.lsoas.Find("hotspot_cluster"));
  for (size_t i = 0; i < r.lsoa_layer.size(); ++i) {
    if (cluster[i] != "High-High" && cluster[i] != "Low-Low") continue;
    in.hotspots.ids.push_back(r.lsoa_layer.ids[i]);
    in.hotspots.polygons.push_back(r.lsoa_layer.polygons[i]);
    in.hotspot_cluster.push_back(cluster[i]);
  }
  in.priority = r.priority;
  in.priority_columns = {"neighbourhood_id", "local_authority", "population", "imd_score", "core20_share",
                         "double_disadvantage_share", "hotspot_share", "risk_score", "tier"};
  for (const auto& s : r.spine) in.priority_columns.push_back(s.column);
  in.spine = r.spine;
  in.sources = r.sources;
  in.methods = {
      "Neighbourhoods: contiguous groups of LSOAs of about 10,000 residents within each local authority "
      "(AZP-family zoning with max-p-style construction; region/neighbourhoods.h).",
      "Hot spots: local Moran's I and Getis-Ord Gi* with 999 conditional permutations per area, folded pseudo "
      "p-values, Benjamini-Hochberg FDR (spatial/permutation.h).",
      "Deprivation: IMD 2019 scores population-weighted to neighbourhoods; Core20 = LSOAs in the most deprived 20% "
      "nationally.",
      "Double disadvantage: wards in the most deprived 10% on the IMD 2019 and the most in need 10% on the "
      "Community Needs Index 2019 (Local Trust / OCSI).",
      "Rates: Wilson 95% intervals, compared with England by interval overlap (Fingertips method 1); Census 2021 "
      "counts bridged from LSOA 2021 to 2011 by population.",
      r.risk_method,
      "Full methods and references: docs/methods.md."};
  return io::WriteTextFile(path, report::RenderAtlasReport(in));
}

Result<AtlasRun> ComputeAtlas(const std::string& config, const std::string& data_dir,
                              const std::function<void(const std::string&)>& stage) {
  auto say = [&](const std::string& s) {
    if (stage) stage(s);
  };
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::AtlasConfigSchema(), data_dir));
  const View root(cfg);
  // Validate the configuration's shape before reading any data.
  for (const char* key : {"areas.file", "areas.id", "population.file", "nest.file", "deprivation.file",
                          "hotspot.file", "hotspot.value", "double_disadvantage.classify"}) {
    NHOOD_RETURN_IF_ERROR(RequiredString(root, key, config).status());
  }
  std::string given_file;  // user-defined neighbourhoods, when configured
  if (root["neighbourhoods"]) {
    const char* source = root.at_path("neighbourhoods.polygons") ? "neighbourhoods.polygons" : "neighbourhoods.file";
    NHOOD_ASSIGN_OR_RETURN(given_file, RequiredString(root, source, config));
    NHOOD_RETURN_IF_ERROR(RequiredString(root, "neighbourhoods.id", config).status());
    if (given_file.empty() || !std::filesystem::exists(DataPath(data_dir, given_file))) {
      return NotFound(config + ": '" + source + "': no such file: " + DataPath(data_dir, given_file));
    }
  }
  // Age-standardised risk entries need [ages] and their reference rates,
  // loaded and checked here.
  std::map<size_t, atlas::ReferenceRates> reference_rates;  // by [[risk]] entry
  if (const toml::array* arr = cfg["risk"].as_array()) {
    for (size_t e = 0; e < arr->size(); ++e) {
      const toml::table* t = (*arr)[e].as_table();
      if (!t || !t->contains("reference_rates")) continue;
      const std::string where = config + ": risk " + std::to_string(e + 1);
      NHOOD_ASSIGN_OR_RETURN(std::string rates, RequiredString(View(*t), "reference_rates", where));
      if (!fs::exists(DataPath(data_dir, rates))) {
        return NotFound(where + ": 'reference_rates': no such file: " + DataPath(data_dir, rates));
      }
      if (!t->contains("numerator")) {
        return InvalidArgument(where + ": age standardisation (reference_rates) needs counts: numerator and denominator");
      }
      NHOOD_ASSIGN_OR_RETURN(reference_rates[e], LoadReferenceRates(DataPath(data_dir, rates)));
    }
  }
  if (!reference_rates.empty()) {
    for (const char* key : {"ages.file", "ages.id"}) NHOOD_RETURN_IF_ERROR(RequiredString(root, key, config).status());
    // Every configured age band needs a reference rate: checked through an
    // empty area set before any data is read.
    atlas::AgeBands bands;
    NHOOD_ASSIGN_OR_RETURN(bands.bands, AgeBandNames(cfg, config));
    for (const auto& [e, rates] : reference_rates) {
      Result<std::vector<double>> check = atlas::ExpectedEvents(bands, rates);
      if (!check) return InvalidArgument(config + ": risk " + std::to_string(e + 1) + ": " + check.error().message);
    }
  }
  region::RegionOptions bounds;
  NHOOD_ASSIGN_OR_RETURN(bounds.floor, OptionalNumber(root, "bounds.floor", bounds.floor, config));
  NHOOD_ASSIGN_OR_RETURN(bounds.target, OptionalNumber(root, "bounds.target", bounds.target, config));
  NHOOD_ASSIGN_OR_RETURN(bounds.ceiling, OptionalNumber(root, "bounds.ceiling", bounds.ceiling, config));
  if (!(bounds.floor > 0 && bounds.floor <= bounds.target && bounds.target <= bounds.ceiling)) {
    return InvalidArgument(config + ": [bounds] need 0 < floor <= target <= ceiling");
  }

  say("reading boundaries and selecting the extent");
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData all, io::ReadPolygons(DataPath(data_dir, *RequiredString(root, "areas.file", config)),
                                                               *RequiredString(root, "areas.id", config), {.repair = false}));
  std::vector<size_t> keep;
  if (root.at_path("extent.values")) {
    NHOOD_ASSIGN_OR_RETURN(auto ext, Column(root, "extent", config, data_dir));
    NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> values, OptionalStrings(root, "extent.values", config));
    for (size_t i = 0; i < all.layer.size(); ++i) {
      auto it = ext.find(all.layer.ids[i]);
      if (it != ext.end() && std::find(values.begin(), values.end(), it->second) != values.end()) keep.push_back(i);
    }
    if (keep.empty()) return InvalidArgument(config + ": [extent] matches no area");
  } else {
    keep.resize(all.layer.size());
    std::iota(keep.begin(), keep.end(), 0);
  }
  io::PolygonData areas;
  areas.layer.crs = all.layer.crs;
  areas.layer.projected = all.layer.projected;
  for (size_t i : keep) {
    areas.layer.ids.push_back(all.layer.ids[i]);
    areas.layer.polygons.push_back(all.layer.polygons[i]);
  }
  areas.attributes = all.attributes.SelectRows(keep);
  const auto& ids = areas.layer.ids;
  const size_t n = ids.size();

  say("population, local authorities and deprivation");
  NHOOD_ASSIGN_OR_RETURN(auto pop_text, Column(root, "population", config, data_dir));
  NHOOD_ASSIGN_OR_RETURN(auto nest_text, Column(root, "nest", config, data_dir));
  NHOOD_ASSIGN_OR_RETURN(auto imd_text, Column(root, "deprivation", config, data_dir));
  std::unordered_map<std::string, double> pop_of;
  for (const auto& [k, v] : pop_text) pop_of[k] = Num(pop_text, k);
  // National IMD deciles (Core20 = the most deprived 20% nationally).
  std::vector<std::string> imd_ids;
  std::vector<double> imd_all;
  for (const auto& [k, v] : imd_text) {
    imd_ids.push_back(k);
    imd_all.push_back(Num(imd_text, k));
  }
  const atlas::Ranking national = atlas::RankDescending(imd_all);
  std::unordered_map<std::string, double> decile_of;
  for (size_t i = 0; i < imd_ids.size(); ++i) decile_of[imd_ids[i]] = national.decile[i];
  std::vector<double> pop(n), imd(n), decile(n);
  std::vector<int32_t> nest(n);
  std::map<std::string, int32_t> nest_index;
  std::vector<std::string> nest_names;
  for (size_t i = 0; i < n; ++i) {
    pop[i] = pop_of.count(ids[i]) ? pop_of[ids[i]] : NAN;
    if (std::isnan(pop[i])) return InvalidArgument(config + ": [population] has no value for area " + ids[i]);
    imd[i] = Num(imd_text, ids[i]);
    decile[i] = decile_of.count(ids[i]) ? decile_of[ids[i]] : NAN;
    auto it = nest_text.find(ids[i]);
    if (it == nest_text.end()) return InvalidArgument(config + ": [nest] has no local authority for area " + ids[i]);
    auto [ni, inserted] = nest_index.emplace(it->second, static_cast<int32_t>(nest_names.size()));
    if (inserted) nest_names.push_back(it->second);
    nest[i] = ni->second;
  }

  say("double disadvantage (wards)");
  const fs::path classify_path = fs::path(config).parent_path() / *RequiredString(root, "double_disadvantage.classify", config);
  NHOOD_ASSIGN_OR_RETURN(ClassifyRun classified, ComputeClassification(classify_path.string(), data_dir));
  NHOOD_ASSIGN_OR_RETURN(toml::table ccfg, LoadConfig(classify_path.string(), io::ClassifyConfigSchema(), data_dir));
  std::unordered_map<std::string, std::string> ward_of;  // small area -> ward, from the classify lookup
  {
    NHOOD_ASSIGN_OR_RETURN(std::string lf, RequiredString(View(ccfg), "deprivation.lookup.file", classify_path.string()));
    NHOOD_ASSIGN_OR_RETURN(std::string from, RequiredString(View(ccfg), "deprivation.lookup.from", classify_path.string()));
    NHOOD_ASSIGN_OR_RETURN(std::string to, RequiredString(View(ccfg), "deprivation.lookup.to", classify_path.string()));
    NHOOD_ASSIGN_OR_RETURN(Table lk, io::ReadTable(DataPath(data_dir, lf)));
    for (size_t r = 0; r < lk.num_rows(); ++r) ward_of[lk.Cell(*lk.Find(from), r)] = lk.Cell(*lk.Find(to), r);
  }
  std::unordered_map<std::string, bool> ward_dd;
  for (size_t r = 0; r < classified.table.num_rows(); ++r) {
    ward_dd[classified.table.text(0)[r]] = classified.table.text(*classified.table.Find("double_disadvantage"))[r] == "true";
  }

  say("hot spots (local Moran, Gi*, permutations)");
  Table hot_data;
  const std::string hot_column = *RequiredString(root, "hotspot.value", config);
  {
    NHOOD_ASSIGN_OR_RETURN(auto hv, Column(root, "hotspot", config, data_dir, "value"));
    std::vector<std::string> col;
    for (const auto& id : ids) col.push_back(hv.count(id) ? hv[id] : "");
    NHOOD_RETURN_IF_ERROR(hot_data.AddText("id", ids));
    NHOOD_RETURN_IF_ERROR(hot_data.AddText(hot_column, col));
  }
  HotspotOptions ho;
  ho.id = "id";
  ho.value = hot_column;
  NHOOD_ASSIGN_OR_RETURN(const int64_t permutations, OptionalInteger(root, "permutations", 999, config));
  NHOOD_ASSIGN_OR_RETURN(const int64_t seed, OptionalInteger(root, "seed", 12345, config));
  ho.permutations = static_cast<int>(permutations);  // the schema bounds it to 1..99,999
  ho.seed = static_cast<uint64_t>(seed);              // and the seed to 0 or more
  ho.fdr = static_cast<bool>(root.at_path("hotspot.fdr"));
  NHOOD_ASSIGN_OR_RETURN(ho.alpha, OptionalNumber(root, "hotspot.fdr", 0.05, config));
  NHOOD_ASSIGN_OR_RETURN(HotspotResult hot, ComputeHotspots(areas, hot_data, ho));

  say("neighbourhoods");
  NHOOD_ASSIGN_OR_RETURN(geo::SpatialWeights w, geo::ContiguityWeights(areas.layer));
  NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer projected, io::ReprojectLayer(areas.layer, "EPSG:27700"));
  std::vector<geo::Point> centroids;
  for (const auto& p : projected.polygons) centroids.push_back(geo::Centroid(p));
  std::vector<double> attr(imd);
  for (double& v : attr) {
    if (std::isnan(v)) v = 0;
  }
  region::Neighbourhoods nb;
  std::vector<std::string> names;
  if (!given_file.empty()) {
    NHOOD_ASSIGN_OR_RETURN(auto given, GivenNeighbourhoods(root, config, data_dir, areas.layer));
    std::map<std::string, int32_t> index;
    std::vector<std::string> missing;
    nb.region.assign(n, -1);
    for (size_t i = 0; i < n; ++i) {
      auto it = given.find(ids[i]);
      if (it == given.end() || it->second.empty()) {
        missing.push_back(ids[i]);
        continue;
      }
      auto [ni, inserted] = index.emplace(it->second, static_cast<int32_t>(names.size()));
      if (inserted) {
        names.push_back(it->second);
        nb.nest_of_region.push_back(nest[i]);
      }
      nb.region[i] = ni->second;
    }
    if (!missing.empty()) {
      return InvalidArgument(config + ": [neighbourhoods] assigns no neighbourhood to " + std::to_string(missing.size()) +
                             " areas of the extent (first: " + missing[0] + ")");
    }
    nb.count = static_cast<int32_t>(names.size());
  } else {
    NHOOD_ASSIGN_OR_RETURN(nb, region::BuildNeighbourhoods(w, nest, pop, centroids, attr, bounds));
    names.resize(nb.count);
    std::vector<int> per(nest_names.size(), 0);
    for (int32_t r = 0; r < nb.count; ++r) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "-%03d", ++per[nb.nest_of_region[r]]);
      names[r] = nest_names[nb.nest_of_region[r]] + buf;
    }
  }
  const bool contiguous = region::RegionsContiguous(w, nb.region, nb.count);

  say("neighbourhood profiles and risk");
  const int32_t k = nb.count;
  std::vector<double> npop(k, 0), nlsoa(k, 0), nimd(k, 0), ncore20(k, 0), ndd(k, 0), nhot(k, 0);
  const auto& cluster = hot.table.text(*hot.table.Find("cluster"));
  std::vector<std::string> lsoa_ward(n), lsoa_dd(n), lsoa_core20(n);
  for (size_t i = 0; i < n; ++i) {
    const int32_t r = nb.region[i];
    npop[r] += pop[i];
    nlsoa[r] += 1;
    if (!std::isnan(imd[i])) nimd[r] += pop[i] * imd[i];
    const bool core20 = decile[i] <= 2;
    lsoa_core20[i] = core20 ? "true" : "false";
    if (core20) ncore20[r] += pop[i];
    auto wd = ward_of.find(ids[i]);
    lsoa_ward[i] = wd == ward_of.end() ? "" : wd->second;
    const bool dd = wd != ward_of.end() && ward_dd[wd->second];
    lsoa_dd[i] = dd ? "true" : "false";
    if (dd) ndd[r] += pop[i];
    if (cluster[i] == "High-High") nhot[r] += pop[i];
  }
  for (int32_t r = 0; r < k; ++r) {
    nimd[r] /= npop[r];
    ncore20[r] /= npop[r];
    ndd[r] /= npop[r];
    nhot[r] /= npop[r];
  }
  Table nt;
  std::vector<std::string> nest_col;
  for (int32_t r = 0; r < k; ++r) nest_col.push_back(nest_names[nb.nest_of_region[r]]);
  NHOOD_RETURN_IF_ERROR(nt.AddText("neighbourhood_id", names));
  NHOOD_RETURN_IF_ERROR(nt.AddText("local_authority", nest_col));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("population", npop));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("lsoas", nlsoa));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("imd_score", nimd));
  // The IMD's own summaries for larger areas (IoD 2019 Appendix N): share of
  // LSOAs in the national most deprived decile, and extent. Percentiles are
  // national, so every English area takes part; those outside the extent
  // join no neighbourhood.
  {
    std::unordered_map<std::string, int32_t> region_of;
    for (size_t i = 0; i < n; ++i) region_of[ids[i]] = nb.region[i];
    atlas::Grouping g{{}, names};
    std::vector<double> weight;
    for (size_t i = 0; i < imd_ids.size(); ++i) {
      auto it = region_of.find(imd_ids[i]);
      g.group.push_back(it == region_of.end() ? -1 : it->second);
      auto p = pop_of.find(imd_ids[i]);
      weight.push_back(p == pop_of.end() || std::isnan(p->second) ? 0.0 : p->second);
    }
    NHOOD_ASSIGN_OR_RETURN(atlas::Aggregate agg,
                           atlas::AggregateDeprivation(g, imd_all, national.rank, national.decile, weight));
    NHOOD_RETURN_IF_ERROR(nt.AddNumbers("imd_proportion", agg.proportion));
    NHOOD_RETURN_IF_ERROR(nt.AddNumbers("imd_extent", agg.extent));
  }
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("core20_share", ncore20));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("double_disadvantage_share", ndd));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("hotspot_share", nhot));
  // Risk indicators: rates with Wilson intervals against England, or
  // population-weighted means; the risk score averages their z-scores.
  std::vector<double> risk(k, 0);
  std::vector<report::SpineIndicator> spine;
  std::vector<std::string> sources;
  double risk_weight = 0;
  int indicators = 0;
  std::optional<atlas::AgeBands> ages;  // loaded when an indicator is age-standardised
  std::vector<std::string> standardised_notes;
  if (const toml::array* arr = cfg["risk"].as_array()) {
    for (size_t e = 0; e < arr->size(); ++e) {
      const toml::table* t = (*arr)[e].as_table();
      if (!t) return InvalidArgument(config + ": risk " + std::to_string(e + 1) + " is not a table");
      NHOOD_ASSIGN_OR_RETURN(AreaIndicator ind, LoadAreaIndicator(*t, config + ": risk " + std::to_string(e + 1), cfg, config, data_dir, pop_of));
      const std::string where = config + ": risk " + std::to_string(e + 1);
      NHOOD_ASSIGN_OR_RETURN(const std::string file, RequiredString(View(*t), "file", where));
      sources.push_back(ind.name + ": " + file);
      NHOOD_ASSIGN_OR_RETURN(const double weight, OptionalNumber(View(*t), "weight", 1.0, where));
      NHOOD_ASSIGN_OR_RETURN(const std::string col,
                             OptionalString(View(*t), "column", "risk" + std::to_string(e + 1), where));
      std::vector<double> value(k, NAN);
      if (t->contains("reference_rates")) {
        if (!ages) {
          NHOOD_ASSIGN_OR_RETURN(atlas::AgeBands a, LoadAgeBands(cfg, config, data_dir, pop_of));
          ages = std::move(a);
        }
        const atlas::ReferenceRates& rates = reference_rates.at(e);
        NHOOD_ASSIGN_OR_RETURN(std::vector<double> expected_all, atlas::ExpectedEvents(*ages, rates));
        NHOOD_ASSIGN_OR_RETURN(StandardisedColumns sc, Standardise(ind, *ages, expected_all, ids, nb.region, k));
        for (int32_t r = 0; r < k; ++r) value[r] = sc.ratio[r].ratio.value;
        NHOOD_RETURN_IF_ERROR(AddStandardised(nt, col, sc, ind.higher_is_worse));
        spine.push_back({col, ind.name + " (indirectly age-standardised, England = 100)", 100.0, ind.higher_is_worse,
                         col + "_vs_england"});
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s: age-standardised against %zu reference age bands; England O/E = %.1f",
                      col.c_str(), rates.bands.size(), sc.england);
        standardised_notes.push_back(buf);
      } else if (ind.counts) {
        std::vector<double> x(k, 0), d(k, 0);
        double ex = 0, en = 0;
        for (const auto& [id, xn] : ind.count) {
          if (std::isnan(xn.first) || std::isnan(xn.second)) continue;
          ex += xn.first;
          en += xn.second;
        }
        for (size_t i = 0; i < n; ++i) {
          auto it = ind.count.find(ids[i]);
          if (it == ind.count.end()) continue;
          x[nb.region[i]] += it->second.first;
          d[nb.region[i]] += it->second.second;
        }
        std::vector<double> lo(k), hi(k);
        std::vector<std::string> sig(k);
        const stats::Estimate england = stats::Proportion(ex, en, {.confidence = {0.95}});
        spine.push_back({col, ind.name, england.value, ind.higher_is_worse, col + "_vs_england"});
        for (int32_t r = 0; r < k; ++r) {
          const stats::Estimate est = stats::Proportion(x[r], d[r], {.confidence = {0.95}});
          value[r] = est.value;
          lo[r] = est.intervals[0].lower;
          hi[r] = est.intervals[0].upper;
          sig[r] = VsEngland(est.value, lo[r], hi[r], england.value, ind.higher_is_worse);
        }
        NHOOD_RETURN_IF_ERROR(nt.AddNumbers(col, value));
        NHOOD_RETURN_IF_ERROR(nt.AddNumbers(col + "_lower95_0cl", lo));
        NHOOD_RETURN_IF_ERROR(nt.AddNumbers(col + "_upper95_0cl", hi));
        NHOOD_RETURN_IF_ERROR(nt.AddText(col + "_vs_england", sig));
      } else {
        std::vector<double> sw(k, 0), swx(k, 0);
        for (size_t i = 0; i < n; ++i) {
          auto it = ind.value.find(ids[i]);
          if (it == ind.value.end() || std::isnan(it->second)) continue;
          sw[nb.region[i]] += pop[i];
          swx[nb.region[i]] += pop[i] * it->second;
        }
        for (int32_t r = 0; r < k; ++r) value[r] = sw[r] > 0 ? swx[r] / sw[r] : NAN;
        NHOOD_RETURN_IF_ERROR(nt.AddNumbers(col, value));
        double ew = 0, ewx = 0;  // England: population-weighted over every area with a value
        for (const auto& [id, v] : ind.value) {
          auto p = pop_of.find(id);
          if (p == pop_of.end() || std::isnan(v) || std::isnan(p->second)) continue;
          ew += p->second;
          ewx += p->second * v;
        }
        spine.push_back({col, ind.name, ew > 0 ? ewx / ew : NAN, ind.higher_is_worse, ""});
      }
      const std::vector<double> z = atlas::ZScores(value);
      for (int32_t r = 0; r < k; ++r) {
        if (!std::isnan(z[r])) risk[r] += weight * (ind.higher_is_worse ? z[r] : -z[r]);
      }
      risk_weight += weight;
      ++indicators;
    }
  }
  if (risk_weight > 0) {
    for (double& v : risk) v /= risk_weight;
  }
  const atlas::Ranking ranked = atlas::RankDescending(risk);
  NHOOD_ASSIGN_OR_RETURN(const double top, OptionalNumber(root, "tiers.top", 0.2, config));
  NHOOD_ASSIGN_OR_RETURN(const double middle, OptionalNumber(root, "tiers.middle", 0.3, config));
  std::vector<double> tier(k);
  for (int32_t r = 0; r < k; ++r) {
    const double share = ranked.rank[r] / k;
    tier[r] = share <= top ? 1 : (share <= top + middle ? 2 : 3);
  }
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("risk_score", risk));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("priority", ranked.rank));
  NHOOD_RETURN_IF_ERROR(nt.AddNumbers("tier", tier));

  say("outputs");
  AtlasRun run;
  run.risk_method =
      "Risk: the mean of the indicators' z-scores across neighbourhoods (higher = worse); tiers by rank (top " +
      FormatNumber(100 * top) + "%, next " + FormatNumber(100 * middle) + "%, rest). ";
  if (standardised_notes.empty()) {
    run.risk_method += "Indicators are crude or already standardised (no [ages] and reference_rates configured).";
  } else {
    run.risk_method += "Count indicators with England's age-specific rates are indirectly age-standardised (O/E x 100, "
                       "exact or Byar 95% intervals; Breslow & Day 1987). ";
    for (const std::string& note : standardised_notes) run.risk_method += note + ". ";
  }
  run.neighbourhoods = nt;
  run.spine = spine;
  NHOOD_ASSIGN_OR_RETURN(run.name, OptionalString(root, "name", "atlas", config));
  for (const char* key : {"areas.file", "population.file", "nest.file", "deprivation.file", "hotspot.file"}) {
    run.sources.push_back(std::string(key).substr(0, std::string(key).find('.')) + ": " + *RequiredString(root, key, config));
  }
  run.sources.push_back("double disadvantage: " + classify_path.string() + " (CNI 2019, IMD 2019)");
  run.sources.insert(run.sources.end(), sources.begin(), sources.end());
  std::vector<size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ranked.rank[a] < ranked.rank[b]; });
  run.priority = nt.SelectRows(order);
  NHOOD_ASSIGN_OR_RETURN(run.neighbourhood_layer, io::DissolveLayer(areas.layer, nb.region, names));
  run.lsoa_layer = areas.layer;
  Table& lt = run.lsoas;
  std::vector<std::string> lsoa_nb;
  for (size_t i = 0; i < n; ++i) lsoa_nb.push_back(names[nb.region[i]]);
  std::vector<std::string> lsoa_la;
  for (size_t i = 0; i < n; ++i) lsoa_la.push_back(nest_names[nest[i]]);
  NHOOD_RETURN_IF_ERROR(lt.AddText("lsoa11_code", ids));
  NHOOD_RETURN_IF_ERROR(lt.AddText("neighbourhood_id", lsoa_nb));
  NHOOD_RETURN_IF_ERROR(lt.AddText("local_authority", lsoa_la));
  NHOOD_RETURN_IF_ERROR(lt.AddNumbers("population", pop));
  NHOOD_RETURN_IF_ERROR(lt.AddNumbers("imd_score", imd));
  NHOOD_RETURN_IF_ERROR(lt.AddNumbers("imd_decile_national", decile));
  NHOOD_RETURN_IF_ERROR(lt.AddText("core20", lsoa_core20));
  NHOOD_RETURN_IF_ERROR(lt.AddText("ward17_code", lsoa_ward));
  NHOOD_RETURN_IF_ERROR(lt.AddText("double_disadvantage", lsoa_dd));
  for (const char* c : {"value", "moran_i", "moran_p_sim", "moran_p_fdr", "cluster", "gistar_z", "gistar_p_sim"}) {
    const size_t ci = *hot.table.Find(c);
    const std::string name = std::string("hotspot_") + c;
    if (hot.table.is_numeric(ci)) NHOOD_RETURN_IF_ERROR(lt.AddNumbers(name, hot.table.numbers(ci)));
    else NHOOD_RETURN_IF_ERROR(lt.AddText(name, hot.table.text(ci)));
  }
  size_t tier1 = 0, dd_nb = 0;
  for (int32_t r = 0; r < k; ++r) {
    tier1 += tier[r] == 1;
    dd_nb += ndd[r] > 0;
  }
  run.summary = "atlas: " + run.name + ": " + std::to_string(n) + " LSOAs in " +
                std::to_string(nest_names.size()) + " local authorities -> " + std::to_string(k) + " neighbourhoods; " +
                std::to_string(dd_nb) + " contain doubly disadvantaged wards; " + std::to_string(tier1) +
                " in the highest risk tier (" + std::to_string(indicators) + " indicators); neighbourhoods " +
                (given_file.empty() ? std::string("built") : "given by " + given_file) +
                (contiguous ? ", all contiguous" : ", NOT all contiguous") + "\n" + hot.summary;
  for (const std::string& note : standardised_notes) run.summary += "\natlas: " + note;
  return run;
}

void SetupAtlasCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("atlas", "The neighbourhood atlas: hot spots, neighbourhoods, double disadvantage, risk");
  cmd->footer(
      "Example:\n  nhood atlas --config examples/atlas-north-east.toml --data-dir ../shared/data --output out/atlas\n"
      "Writes DIR/atlas.gpkg (layers lsoas and neighbourhoods), DIR/lsoas.csv, DIR/neighbourhoods.csv and\n"
      "DIR/priority.csv (neighbourhoods by risk). Stages are reported as they run.\n"
      "Neighbourhoods are built unless the configuration gives them: [neighbourhoods] file, id, column\n"
      "(a table of LSOA -> neighbourhood) or [neighbourhoods] polygons, id (each LSOA joins the polygon\n"
      "covering most of it). See docs/cli.md.");
  std::shared_ptr<ConfigOptions> o = AddConfigOptions(cmd, "output directory");
  cmd->callback([o, exit_code] {
    const auto start = std::chrono::steady_clock::now();
    int step = 0;
    auto stage = [&](const std::string& s) {
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "nhood: atlas [%d/7, %.1f s] %s\n", ++step, t, s.c_str());
    };
    const std::string dir = o->DataDir();
    Result<AtlasRun> r = ComputeAtlas(o->config, dir, stage);
    if (!r) {
      std::fprintf(stderr, "nhood: %s\n", r.error().message.c_str());
      *exit_code = 1;
      return;
    }
    // Every file goes into a staging directory that replaces the output
    // directory only when all of them are written (nhood/io/staged_directory.h).
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
    if (s.ok()) s = WriteReport(*r, out->Path("report.html"));
    if (s.ok()) s = out->Commit({o->config}, {{"methods", "docs/methods.md"}});
    if (!s.ok()) {
      std::fprintf(stderr, "nhood: %s\n", s.message().c_str());
      *exit_code = 1;
      return;
    }
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "nhood: %s\nnhood: atlas done in %.1f s; open %s/report.html in a browser; %s/atlas.gpkg in QGIS\n",
                 r->summary.c_str(), t, o->output.c_str(), o->output.c_str());
    *exit_code = 0;
  });
}

}  // namespace nhood::cli
