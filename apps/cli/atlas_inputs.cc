#include "apps/cli/atlas_inputs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "apps/cli/age_loader.h"
#include "apps/cli/classify_command.h"
#include "apps/cli/config.h"
#include "apps/cli/config_section.h"
#include "apps/cli/indicator_loader.h"
#include "nhood/atlas/age_standardisation.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/base/number.h"
#include "nhood/geo/contiguity.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/table_io.h"
#include "nhood/io/zones.h"

namespace nhood::cli {
namespace {

namespace fs = std::filesystem;

// User-defined neighbourhoods, area id -> neighbourhood name: a table of
// area -> neighbourhood ([neighbourhoods] file, id, column), or polygons
// ([neighbourhoods] polygons, id) that each area joins by largest overlap.
Result<std::unordered_map<std::string, std::string>> GivenNeighbourhoods(const ConfigView& root, const std::string& config,
                                                                         const std::string& data_dir,
                                                                         const geo::PolygonLayer& areas) {
  if (!root.at_path("neighbourhoods.polygons")) return ReadSectionMap(root, "neighbourhoods", config, data_dir);
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

// Configuration checks that need no data: required keys, the user's
// neighbourhoods file, reference rates against [ages] bands, bounds, risks.
Status CheckConfig(const toml::table& cfg, const std::string& config, const std::string& data_dir,
                   std::map<size_t, atlas::ReferenceRates>* reference_rates, AtlasInputs* out) {
  const ConfigView root(cfg);
  for (const char* key : {"areas.file", "areas.id", "population.file", "nest.file", "deprivation.file",
                          "hotspot.file", "hotspot.value", "double_disadvantage.classify"}) {
    NHOOD_RETURN_IF_ERROR(RequiredString(root, key, config).status());
  }
  const toml::array* risks = cfg["risk"].as_array();
  if (!risks || risks->empty()) {
    return InvalidArgument(config + ": no [[risk]] entry: the priority list ranks neighbourhoods by a risk score made "
                           "from at least one indicator (docs/cli.md, nhood atlas)");
  }
  if (root["neighbourhoods"]) {
    const char* source = root.at_path("neighbourhoods.polygons") ? "neighbourhoods.polygons" : "neighbourhoods.file";
    NHOOD_ASSIGN_OR_RETURN(out->given_source, RequiredString(root, source, config));
    NHOOD_RETURN_IF_ERROR(RequiredString(root, "neighbourhoods.id", config).status());
    if (out->given_source.empty() || !fs::exists(DataPath(data_dir, out->given_source))) {
      return NotFound(config + ": '" + source + "': no such file: " + DataPath(data_dir, out->given_source));
    }
  }
  // Age-standardised risk entries need [ages] and their reference rates.
  for (size_t e = 0; e < risks->size(); ++e) {
    const toml::table* t = (*risks)[e].as_table();
    if (!t || !t->contains("reference_rates")) continue;
    const std::string where = config + ": risk " + std::to_string(e + 1);
    NHOOD_ASSIGN_OR_RETURN(std::string rates, RequiredString(ConfigView(*t), "reference_rates", where));
    if (!fs::exists(DataPath(data_dir, rates))) {
      return NotFound(where + ": 'reference_rates': no such file: " + DataPath(data_dir, rates));
    }
    if (!t->contains("numerator")) {
      return InvalidArgument(where + ": age standardisation (reference_rates) needs counts: numerator and denominator");
    }
    NHOOD_ASSIGN_OR_RETURN((*reference_rates)[e], LoadReferenceRates(DataPath(data_dir, rates)));
  }
  if (!reference_rates->empty()) {
    for (const char* key : {"ages.file", "ages.id"}) NHOOD_RETURN_IF_ERROR(RequiredString(root, key, config).status());
    atlas::AgeBands bands;  // every configured band needs a reference rate
    NHOOD_ASSIGN_OR_RETURN(bands.bands, AgeBandNames(cfg, config));
    for (const auto& [e, rates] : *reference_rates) {
      Result<std::vector<double>> check = atlas::ExpectedEvents(bands, rates);
      if (!check) return InvalidArgument(config + ": risk " + std::to_string(e + 1) + ": " + check.error().message);
    }
  }
  region::RegionOptions& bounds = out->input.bounds;
  NHOOD_ASSIGN_OR_RETURN(bounds.floor, OptionalNumber(root, "bounds.floor", bounds.floor, config));
  NHOOD_ASSIGN_OR_RETURN(bounds.target, OptionalNumber(root, "bounds.target", bounds.target, config));
  NHOOD_ASSIGN_OR_RETURN(bounds.ceiling, OptionalNumber(root, "bounds.ceiling", bounds.ceiling, config));
  if (!(bounds.floor > 0 && bounds.floor <= bounds.target && bounds.target <= bounds.ceiling)) {
    return InvalidArgument(config + ": [bounds] need 0 < floor <= target <= ceiling");
  }
  NHOOD_ASSIGN_OR_RETURN(out->input.tier_top, OptionalNumber(root, "tiers.top", 0.2, config));
  NHOOD_ASSIGN_OR_RETURN(out->input.tier_middle, OptionalNumber(root, "tiers.middle", 0.3, config));
  return Status::Ok();
}

// The extent's areas: every area, or those whose [extent] column is one of
// its values.
Result<io::PolygonData> Extent(const ConfigView& root, const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData all,
                         io::ReadPolygons(DataPath(data_dir, *RequiredString(root, "areas.file", config)),
                                          *RequiredString(root, "areas.id", config), {.repair = false}));
  if (!root.at_path("extent.values")) return all;
  NHOOD_ASSIGN_OR_RETURN(auto ext, ReadSectionMap(root, "extent", config, data_dir));
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> values, OptionalStrings(root, "extent.values", config));
  std::vector<size_t> keep;
  for (size_t i = 0; i < all.layer.size(); ++i) {
    auto it = ext.find(all.layer.ids[i]);
    if (it != ext.end() && std::find(values.begin(), values.end(), it->second) != values.end()) keep.push_back(i);
  }
  if (keep.empty()) return InvalidArgument(config + ": [extent] matches no area");
  io::PolygonData areas;
  areas.layer.crs = all.layer.crs;
  areas.layer.projected = all.layer.projected;
  for (size_t i : keep) {
    areas.layer.ids.push_back(all.layer.ids[i]);
    areas.layer.polygons.push_back(all.layer.polygons[i]);
  }
  areas.attributes = all.attributes.SelectRows(keep);
  return areas;
}

// Wards of the extent's areas and their double disadvantage, from the
// classification the configuration names (through its LSOA -> ward lookup).
Status Wards(const ConfigView& root, const std::string& config, const std::string& data_dir, AtlasInputs* out) {
  const fs::path classify = fs::path(config).parent_path() / *RequiredString(root, "double_disadvantage.classify", config);
  NHOOD_ASSIGN_OR_RETURN(ClassifyRun classified, ComputeClassification(classify.string(), data_dir));
  NHOOD_ASSIGN_OR_RETURN(toml::table ccfg, LoadConfig(classify.string(), io::ClassifyConfigSchema(), data_dir));
  const ConfigView croot(ccfg);
  atlas::AtlasAreas& a = out->input.areas;
  NHOOD_ASSIGN_OR_RETURN(a.ward, ReadSectionFor(croot, "deprivation.lookup", classify.string(), data_dir, a.ids, false, "to", "from"));
  std::unordered_map<std::string, bool> ward_dd;
  const Table& t = classified.table;
  for (size_t r = 0; r < t.num_rows(); ++r) ward_dd[t.text(0)[r]] = t.text(*t.Find("double_disadvantage"))[r] == "true";
  for (const std::string& w : a.ward) a.double_disadvantage.push_back(!w.empty() && ward_dd[w]);
  if (croot.at_path("social_infrastructure.name")) {  // ward names, beside their codes
    NHOOD_ASSIGN_OR_RETURN(a.ward_name, ReadSectionFor(croot, "social_infrastructure", classify.string(), data_dir,
                                                       a.ward, false, "name"));
  }
  out->sources.push_back("double disadvantage: " + ShownPath(*RequiredString(root, "double_disadvantage.classify", config)) +
                         " (CNI 2019, IMD 2019)");
  return Status::Ok();
}

// The [[risk]] entries as in-memory indicators; age-standardised ones get
// their expected events.
Status Risks(const toml::table& cfg, const std::string& config, const std::string& data_dir,
             const std::map<size_t, atlas::ReferenceRates>& reference_rates, AtlasInputs* out) {
  const toml::array* arr = cfg["risk"].as_array();
  std::optional<atlas::AgeBands> ages;  // loaded when an indicator is age-standardised
  for (size_t e = 0; e < arr->size(); ++e) {
    const toml::table* t = (*arr)[e].as_table();
    const std::string where = config + ": risk " + std::to_string(e + 1);
    if (!t) return InvalidArgument(where + " is not a table");
    NHOOD_ASSIGN_OR_RETURN(AreaIndicator ind, LoadAreaIndicator(*t, where, cfg, config, data_dir, out->input.population));
    NHOOD_ASSIGN_OR_RETURN(std::string column, OptionalString(ConfigView(*t), "column", "risk" + std::to_string(e + 1), where));
    NHOOD_ASSIGN_OR_RETURN(const double weight, OptionalNumber(ConfigView(*t), "weight", 1.0, where));
    NHOOD_ASSIGN_OR_RETURN(const std::string vintage, OptionalString(ConfigView(*t), "vintage", "lsoa11", where));
    NHOOD_ASSIGN_OR_RETURN(const std::string file, RequiredString(ConfigView(*t), "file", where));
    atlas::RiskIndicator risk{.name = ind.name, .column = std::move(column),
                              .higher_is_worse = ind.higher_is_worse, .weight = weight,
                              .counts = ind.counts, .count = std::move(ind.count), .value = std::move(ind.value)};
    if (auto rates = reference_rates.find(e); rates != reference_rates.end()) {
      if (!ages) {
        NHOOD_ASSIGN_OR_RETURN(atlas::AgeBands a, LoadAgeBands(cfg, config, data_dir, out->input.population));
        ages = std::move(a);
      }
      NHOOD_ASSIGN_OR_RETURN(std::vector<double> expected, atlas::ExpectedEvents(*ages, rates->second));
      for (size_t i = 0; i < ages->ids.size(); ++i) risk.expected[ages->ids[i]] = expected[i];
      risk.reference_bands = rates->second.bands.size();
    }
    out->sources.push_back(risk.name + ": " + ShownPath(file));
    out->methods.vintages.push_back(risk.column + ": " + (vintage == "lsoa21" ? "LSOA 2021 counts bridged to LSOA 2011 by population"
                                                                               : "LSOA 2011, as the areas") +
                                    ", weight " + FormatNumber(risk.weight));
    out->input.risks.push_back(std::move(risk));
  }
  return Status::Ok();
}

}  // namespace

std::string ShownPath(const std::string& path) {
  return fs::path(path).is_absolute() ? fs::path(path).filename().string() : path;
}

Result<AtlasInputs> LoadAtlasInputs(const std::string& config, const std::string& data_dir,
                                    const std::function<void(const std::string&)>& say) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::AtlasConfigSchema(), data_dir));
  const ConfigView root(cfg);
  AtlasInputs out;
  std::map<size_t, atlas::ReferenceRates> reference_rates;  // by [[risk]] entry
  NHOOD_RETURN_IF_ERROR(CheckConfig(cfg, config, data_dir, &reference_rates, &out));
  NHOOD_ASSIGN_OR_RETURN(out.name, OptionalString(root, "name", "atlas", config));

  say("reading boundaries and selecting the extent");
  NHOOD_ASSIGN_OR_RETURN(out.areas, Extent(root, config, data_dir));
  atlas::AtlasAreas& a = out.input.areas;
  a.ids = out.areas.layer.ids;
  NHOOD_ASSIGN_OR_RETURN(const std::string area_name, OptionalString(root, "areas.name", "", config));
  if (!area_name.empty()) {  // LSOA names, from the boundaries
    NHOOD_RETURN_IF_ERROR(RequireColumn(out.areas.attributes, area_name, config, "areas.name"));
    a.names = out.areas.attributes.text(*out.areas.attributes.Find(area_name));
  }

  say("population, local authorities and deprivation");
  NHOOD_ASSIGN_OR_RETURN(auto pop_text, ReadSectionMap(root, "population", config, data_dir));
  for (const auto& [id, v] : pop_text) out.input.population[id] = ParseNumber(v).value_or(NAN);
  for (const std::string& id : a.ids) {
    auto p = out.input.population.find(id);
    if (p == out.input.population.end() || std::isnan(p->second)) {
      return InvalidArgument(config + ": [population] has no value for area " + id);
    }
    a.population.push_back(p->second);
  }
  NHOOD_ASSIGN_OR_RETURN(a.local_authority, ReadSectionFor(root, "nest", config, data_dir, a.ids, false));
  for (size_t i = 0; i < a.ids.size(); ++i) {
    if (a.local_authority[i].empty()) return InvalidArgument(config + ": [nest] has no local authority for area " + a.ids[i]);
  }
  if (root.at_path("nest.name")) {  // local authority names, beside their codes
    NHOOD_ASSIGN_OR_RETURN(a.local_authority_name, ReadSectionFor(root, "nest", config, data_dir, a.ids, false, "name"));
  }
  NHOOD_ASSIGN_OR_RETURN(Table imd, ReadSection(root, "deprivation", config, data_dir, {"id", "column"}));
  out.input.imd_ids = imd.text(*imd.Find(*RequiredString(root, "deprivation.id", config)));
  out.input.imd_scores = ToNumbers(imd.text(*imd.Find(*RequiredString(root, "deprivation.column", config))));
  out.local_authorities = atlas::GroupBy(a.local_authority).names.size();

  say("double disadvantage (wards)");
  NHOOD_RETURN_IF_ERROR(Wards(root, config, data_dir, &out));

  say("hot spots (local Moran, Gi*, permutations)");
  Table hot_data;
  const std::string hot_column = *RequiredString(root, "hotspot.value", config);
  NHOOD_ASSIGN_OR_RETURN(auto hv, ReadSectionFor(root, "hotspot", config, data_dir, a.ids, false, "value"));
  NHOOD_RETURN_IF_ERROR(hot_data.AddText("id", a.ids));
  NHOOD_RETURN_IF_ERROR(hot_data.AddText(hot_column, hv));
  HotspotOptions ho;
  ho.id = "id";
  ho.value = hot_column;
  NHOOD_ASSIGN_OR_RETURN(const int64_t permutations, OptionalInteger(root, "permutations", 999, config));
  NHOOD_ASSIGN_OR_RETURN(const int64_t seed, OptionalInteger(root, "seed", 12345, config));
  ho.permutations = static_cast<int>(permutations);  // the schema bounds it to 1..99,999
  ho.seed = static_cast<uint64_t>(seed);              // and the seed to 0 or more
  ho.fdr = static_cast<bool>(root.at_path("hotspot.fdr"));
  NHOOD_ASSIGN_OR_RETURN(ho.alpha, OptionalNumber(root, "hotspot.fdr", 0.05, config));
  NHOOD_ASSIGN_OR_RETURN(out.hotspots, ComputeHotspots(out.areas, hot_data, ho));
  a.hotspot_cluster = out.hotspots.table.text(*out.hotspots.table.Find("cluster"));
  out.methods = {.permutations = ho.permutations, .seed = ho.seed, .fdr = ho.fdr, .alpha = ho.alpha,
                 .hotspot_value = hot_column, .given_source = ShownPath(out.given_source), .bounds = out.input.bounds,
                 .tier_top = out.input.tier_top, .tier_middle = out.input.tier_middle};

  say("neighbourhoods and risk indicators");
  NHOOD_ASSIGN_OR_RETURN(out.weights, geo::ContiguityWeights(out.areas.layer));
  if (out.given_source.empty()) {
    NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer projected, io::ReprojectLayer(out.areas.layer, "EPSG:27700"));
    for (const auto& p : projected.polygons) out.input.centroids.push_back(geo::Centroid(p));
  } else {
    NHOOD_ASSIGN_OR_RETURN(out.input.given, GivenNeighbourhoods(root, config, data_dir, out.areas.layer));
  }
  for (const char* key : {"areas.file", "population.file", "nest.file", "deprivation.file", "hotspot.file"}) {
    out.sources.push_back(std::string(key).substr(0, std::string(key).find('.')) + ": " +
                          ShownPath(*RequiredString(root, key, config)));
  }
  NHOOD_RETURN_IF_ERROR(Risks(cfg, config, data_dir, reference_rates, &out));
  return out;
}

}  // namespace nhood::cli
