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
#include "nhood/atlas/deprivation_change.h"
#include "nhood/atlas/double_disadvantage.h"
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
                          "hotspot.file", "hotspot.value"}) {
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


// Double disadvantage of the areas themselves: the most deprived `percent`
// on [deprivation] and the most in need `percent` on
// [double_disadvantage.need], both over every English area of the files
// (national cuts, whatever the extent), with the published flag of
// [double_disadvantage.compare] beside it.
Status AreaDoubleDisadvantage(const ConfigView& root, const std::string& config, const std::string& data_dir,
                              AtlasInputs* out) {
  NHOOD_ASSIGN_OR_RETURN(out->percent, OptionalNumber(root, "double_disadvantage.percent", 10, config));
  const std::vector<std::string>& ids = out->input.imd_ids;
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> need_text,
                         ReadSectionFor(root, "double_disadvantage.need", config, data_dir, ids, false));
  NHOOD_ASSIGN_OR_RETURN(const std::vector<double> need,
                         ToNumbers(need_text, ids, SectionWhere(root, "double_disadvantage.need", config, data_dir)));
  const std::vector<bool> flag = atlas::DoubleDisadvantage(out->input.imd_scores, need, out->percent);
  std::unordered_map<std::string, bool> flag_of;
  for (size_t i = 0; i < ids.size(); ++i) flag_of[ids[i]] = flag[i];
  atlas::AtlasAreas& a = out->input.areas;
  for (const std::string& id : a.ids) a.double_disadvantage.push_back(flag_of[id]);
  const std::string need_file = *RequiredString(root, "double_disadvantage.need.file", config);
  const std::string label = *OptionalString(root, "deprivation.label", "IMD 2019", config);
  out->methods.double_disadvantage = "areas in the most deprived " + FormatNumber(out->percent) + "% on the " + label +
                                     " and the most in need " + FormatNumber(out->percent) + "% on " +
                                     *RequiredString(root, "double_disadvantage.need.column", config) + " (" +
                                     ShownPath(need_file) + "), both nationally over every English area.";
  out->sources.push_back("double disadvantage (need): " + ShownPath(need_file));
  if (!root.at_path("double_disadvantage.compare")) return Status::Ok();
  NHOOD_ASSIGN_OR_RETURN(auto published, ReadSectionMap(root, "double_disadvantage.compare", config, data_dir));
  const std::string compare_file = *RequiredString(root, "double_disadvantage.compare.file", config);
  out->compare_source = ShownPath(compare_file) + ": " + *RequiredString(root, "double_disadvantage.compare.column", config);
  auto truth = [&](const std::string& id, const std::string& v) -> Result<bool> {
    if (v == "TRUE" || v == "True" || v == "true" || v == "1") return true;
    if (v == "FALSE" || v == "False" || v == "false" || v == "0") return false;
    return InvalidArgument(config + ": [double_disadvantage.compare] " + DataPath(data_dir, compare_file) +
                           ": area " + id + " has '" + v + "', not TRUE or FALSE");
  };
  std::vector<bool> theirs(ids.size(), false);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = published.find(ids[i]);
    if (it == published.end()) continue;
    NHOOD_ASSIGN_OR_RETURN(theirs[i], truth(ids[i], it->second));
  }
  out->confusion = atlas::CompareFlags(flag, theirs);
  for (const std::string& id : a.ids) {
    auto it = published.find(id);
    if (it == published.end()) {
      out->published_flag.emplace_back();
      continue;
    }
    NHOOD_ASSIGN_OR_RETURN(const bool t, truth(id, it->second));
    out->published_flag.push_back(t ? "true" : "false");
  }
  return Status::Ok();
}

// [wards]: each area's ward (code and name) for the neighbourhood names.
Status AreaWards(const ConfigView& root, const std::string& config, const std::string& data_dir, AtlasInputs* out) {
  atlas::AtlasAreas& a = out->input.areas;
  if (!root.at_path("wards")) {
    a.ward.assign(a.ids.size(), "");
    return Status::Ok();
  }
  NHOOD_ASSIGN_OR_RETURN(a.ward, ReadSectionFor(root, "wards", config, data_dir, a.ids, false));
  out->input.ward_code_column = *RequiredString(root, "wards.column", config);
  if (root.at_path("wards.name")) {
    NHOOD_ASSIGN_OR_RETURN(a.ward_name, ReadSectionFor(root, "wards", config, data_dir, a.ids, false, "name"));
    out->input.ward_name_column = *RequiredString(root, "wards.name", config);
  } else {
    out->input.ward_name_column = out->input.ward_code_column + "_name";
  }
  out->sources.push_back("wards: " + ShownPath(*RequiredString(root, "wards.file", config)));
  return Status::Ok();
}

// [previous_deprivation]: the earlier IMD (2019, LSOA 2011) carried onto
// every area of the areas' vintage through [bridge], by population, with
// its deciles at its own national cut points (atlas/deprivation_change.h).
Status PreviousDeprivation(const toml::table& cfg, const ConfigView& root, const std::string& config,
                           const std::string& data_dir, AtlasInputs* out) {
  if (!root.at_path("previous_deprivation")) return Status::Ok();
  NHOOD_ASSIGN_OR_RETURN(Table t, ReadSection(root, "previous_deprivation", config, data_dir, {"id", "column"}));
  const std::vector<std::string> ids = t.text(*t.Find(*RequiredString(root, "previous_deprivation.id", config)));
  NHOOD_ASSIGN_OR_RETURN(
      const std::vector<double> score,
      ToNumbers(t.text(*t.Find(*RequiredString(root, "previous_deprivation.column", config))), ids,
                SectionWhere(root, "previous_deprivation", config, data_dir)));
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> pop_text,
                         ReadSectionFor(root, "previous_deprivation.population", config, data_dir, ids, true));
  NHOOD_ASSIGN_OR_RETURN(const std::vector<double> pop,
                         ToNumbers(pop_text, ids, SectionWhere(root, "previous_deprivation.population", config, data_dir)));
  NHOOD_ASSIGN_OR_RETURN(std::string bf, RequiredString(root, "bridge.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string from, RequiredString(root, "bridge.from", config));
  NHOOD_ASSIGN_OR_RETURN(std::string to, RequiredString(root, "bridge.to", config));
  NHOOD_ASSIGN_OR_RETURN(Table lk, io::ReadTable(DataPath(data_dir, bf)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(lk, from, config, "bridge.from"));
  NHOOD_RETURN_IF_ERROR(RequireColumn(lk, to, config, "bridge.to"));
  std::vector<atlas::BridgeLink> links;
  for (size_t r = 0; r < lk.num_rows(); ++r) links.push_back({lk.Cell(*lk.Find(from), r), lk.Cell(*lk.Find(to), r)});
  NHOOD_ASSIGN_OR_RETURN(atlas::CarriedScores carried,
                         atlas::CarryScores(links, ids, score, pop, out->input.population));
  atlas::PreviousDeprivation prev;
  NHOOD_ASSIGN_OR_RETURN(prev.label, OptionalString(root, "previous_deprivation.label", "IMD 2019", config));
  prev.decile = atlas::DecilesAgainst(score, carried.score);
  prev.ids = std::move(carried.ids);
  prev.score = std::move(carried.score);
  out->sources.push_back("earlier deprivation (" + prev.label + "): " +
                         ShownPath(*RequiredString(root, "previous_deprivation.file", config)) + ", carried through " +
                         ShownPath(bf));
  out->methods.vintages.push_back(prev.label + ": scores carried onto the areas' " + AreasVintage(cfg) +
                                  " through the best-fit lookup by population (a merged area takes its sources' "
                                  "population-weighted mean), deciles at " + prev.label + "'s own national cut points");
  out->input.previous = std::move(prev);
  return Status::Ok();
}

// England's reference rates from [standardisation] for one [[risk]] entry's
// events: by [ages] band (summed over deciles) and by decile and band.
struct StandardRates {
  atlas::ReferenceRates age;
  atlas::StratifiedRates age_decile;  // empty without [standardisation] decile
};

Result<StandardRates> LoadStandardRates(const ConfigView& root, const Table& ref, const std::vector<std::string>& bands,
                                        const std::string& events, const std::string& config,
                                        const std::string& where) {
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> groups, OptionalStrings(root, "standardisation.bands", config));
  if (groups.size() != bands.size()) {
    return InvalidArgument(config + ": 'standardisation.bands' has " + std::to_string(groups.size()) +
                           " entries and [ages] bands " + std::to_string(bands.size()) +
                           ": one reference band (or 'A|B' to sum rows) per [ages] band, in the same order");
  }
  std::unordered_map<std::string, size_t> band_of;  // reference age label -> [ages] band
  for (size_t b = 0; b < groups.size(); ++b) {
    size_t start = 0;
    while (start <= groups[b].size()) {
      const size_t bar = groups[b].find('|', start);
      const std::string part = groups[b].substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      if (!band_of.emplace(part, b).second) {
        return InvalidArgument(config + ": 'standardisation.bands': reference band '" + part + "' listed twice");
      }
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  }
  const std::string age_col = *RequiredString(root, "standardisation.age", config);
  const std::string pop_col = *RequiredString(root, "standardisation.population", config);
  const std::string decile_col = *OptionalString(root, "standardisation.decile", "", config);
  const std::string filter_col = *OptionalString(root, "standardisation.filter_column", "", config);
  const std::string filter_val = *OptionalString(root, "standardisation.filter_value", "", config);
  Result<std::vector<double>> ev = ref.GetNumbersOrSum(events);
  if (!ev) return InvalidArgument(where + ": 'standardise' = \"" + events + "\": " + ev.error().message);
  NHOOD_ASSIGN_OR_RETURN(std::vector<double> pop, ref.GetNumbers(pop_col));
  std::vector<double> decile;
  if (!decile_col.empty()) {
    NHOOD_ASSIGN_OR_RETURN(decile, ref.GetNumbers(decile_col));
  }
  const size_t k = bands.size();
  std::vector<double> e(k, 0), p(k, 0);
  std::map<int, std::pair<std::vector<double>, std::vector<double>>> by_decile;
  std::vector<bool> seen(k, false);
  for (size_t r = 0; r < ref.num_rows(); ++r) {
    if (!filter_col.empty() && ref.Cell(*ref.Find(filter_col), r) != filter_val) continue;
    auto it = band_of.find(ref.Cell(*ref.Find(age_col), r));
    if (it == band_of.end()) continue;  // an age band this configuration does not use
    if (!(ev->at(r) >= 0)) return InvalidArgument(ref.RowLocation(r) + ": events (" + events + ") must be 0 or more");
    if (!(pop[r] > 0)) return InvalidArgument(ref.RowLocation(r) + ", column '" + pop_col + "': population must be above 0");
    const size_t b = it->second;
    seen[b] = true;
    e[b] += (*ev)[r];
    p[b] += pop[r];
    if (decile_col.empty()) continue;
    if (!(decile[r] >= 1 && decile[r] <= 10 && decile[r] == std::floor(decile[r]))) {
      return InvalidArgument(ref.RowLocation(r) + ", column '" + decile_col + "': a decile is a whole number 1 to 10");
    }
    auto& cell = by_decile[static_cast<int>(decile[r])];
    if (cell.first.empty()) cell = {std::vector<double>(k, 0), std::vector<double>(k, 0)};
    cell.first[b] += (*ev)[r];
    cell.second[b] += pop[r];
  }
  for (size_t b = 0; b < k; ++b) {
    if (!seen[b]) {
      return InvalidArgument(config + ": 'standardisation.bands': '" + groups[b] + "' (for [ages] band '" + bands[b] +
                             "') matches no row of column '" + age_col + "'" +
                             (filter_col.empty() ? "" : " with " + filter_col + " = " + filter_val));
    }
  }
  StandardRates out;
  out.age.bands = bands;
  for (size_t b = 0; b < k; ++b) out.age.rate.push_back(e[b] / p[b]);
  if (!decile_col.empty()) {
    out.age_decile.bands = bands;
    for (const auto& [d, cell] : by_decile) {
      out.age_decile.strata.push_back(d);
      for (size_t b = 0; b < k; ++b) {
        if (!(cell.second[b] > 0)) {
          return InvalidArgument(config + ": [standardisation]: decile " + std::to_string(d) + " has no population in " +
                                 "band '" + groups[b] + "'");
        }
        out.age_decile.rate.push_back(cell.first[b] / cell.second[b]);
      }
    }
  }
  return out;
}

// The [[risk]] entries as in-memory indicators; age-standardised ones get
// their expected events.
Status Risks(const toml::table& cfg, const std::string& config, const std::string& data_dir,
             const std::map<size_t, atlas::ReferenceRates>& reference_rates, AtlasInputs* out) {
  const toml::array* arr = cfg["risk"].as_array();
  std::optional<atlas::AgeBands> ages;  // loaded when an indicator is age-standardised
  std::optional<Table> standard;        // [standardisation] file, read once
  const ConfigView root(cfg);
  for (size_t e = 0; e < arr->size(); ++e) {
    const toml::table* t = (*arr)[e].as_table();
    const std::string where = config + ": risk " + std::to_string(e + 1);
    if (!t) return InvalidArgument(where + " is not a table");
    NHOOD_ASSIGN_OR_RETURN(AreaIndicator ind, LoadAreaIndicator(*t, where, cfg, config, data_dir, out->input.population));
    NHOOD_ASSIGN_OR_RETURN(std::string column, OptionalString(ConfigView(*t), "column", "risk" + std::to_string(e + 1), where));
    NHOOD_ASSIGN_OR_RETURN(const double weight, OptionalNumber(ConfigView(*t), "weight", 1.0, where));
    NHOOD_ASSIGN_OR_RETURN(const std::string vintage, OptionalString(ConfigView(*t), "vintage", AreasVintage(cfg), where));
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
    NHOOD_ASSIGN_OR_RETURN(const std::string standardise, OptionalString(ConfigView(*t), "standardise", "", where));
    std::optional<atlas::RiskIndicator> sdr;
    if (!standardise.empty()) {
      if (!ages) {
        NHOOD_ASSIGN_OR_RETURN(atlas::AgeBands a, LoadAgeBands(cfg, config, data_dir, out->input.population));
        ages = std::move(a);
      }
      if (!standard) {
        NHOOD_ASSIGN_OR_RETURN(Table ref, ReadSection(root, "standardisation", config, data_dir, {"age", "population"}));
        standard = std::move(ref);
      }
      NHOOD_ASSIGN_OR_RETURN(StandardRates rates, LoadStandardRates(root, *standard, ages->bands, standardise, config, where));
      NHOOD_ASSIGN_OR_RETURN(std::vector<double> expected, atlas::ExpectedEvents(*ages, rates.age));
      for (size_t i = 0; i < ages->ids.size(); ++i) risk.expected[ages->ids[i]] = expected[i];
      risk.reference_bands = ages->bands.size();
      NHOOD_ASSIGN_OR_RETURN(const std::string sdr_column, OptionalString(ConfigView(*t), "sdr_column", "", where));
      if (!sdr_column.empty()) {
        // Each area at the rates of its own IMD 2019 decile.
        if (!out->input.previous) return InvalidArgument(where + ": 'sdr_column' needs [previous_deprivation]");
        const atlas::PreviousDeprivation& prev = *out->input.previous;
        std::unordered_map<std::string, double> decile_of;
        for (size_t i = 0; i < prev.ids.size(); ++i) decile_of[prev.ids[i]] = prev.decile[i];
        std::vector<int> stratum;
        for (const std::string& id : ages->ids) {
          auto it = decile_of.find(id);
          stratum.push_back(it == decile_of.end() || std::isnan(it->second) ? 0 : static_cast<int>(it->second));
        }
        NHOOD_ASSIGN_OR_RETURN(std::vector<double> by_decile,
                               atlas::ExpectedEventsByStratum(*ages, stratum, rates.age_decile));
        sdr = atlas::RiskIndicator{.name = risk.name + ", against equally deprived places",
                                   .column = sdr_column, .higher_is_worse = risk.higher_is_worse, .weight = 0,
                                   .counts = true, .count = risk.count, .value = {}};
        for (size_t i = 0; i < ages->ids.size(); ++i) sdr->expected[ages->ids[i]] = by_decile[i];
        sdr->reference_bands = ages->bands.size();
        sdr->standardisation = "age and " + prev.label + " decile";
        sdr->in_risk = false;
      }
    }
    out->sources.push_back(risk.name + ": " + ShownPath(file));
    const std::string own = AreasVintage(cfg);
    out->methods.vintages.push_back(risk.column + ": " + (vintage == own ? own + ", as the areas"
                                                                          : vintage + " counts bridged to " + own +
                                                                                " by population") +
                                    ", weight " + FormatNumber(risk.weight));
    out->input.risks.push_back(std::move(risk));
    if (sdr) out->input.risks.push_back(std::move(*sdr));
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
  {  // lsoas.csv keeps the boundaries' own code column (lsoa11_code, lsoa21_code)
    const std::string id = *RequiredString(root, "areas.id", config);
    const size_t suffix = id.rfind("_code");
    out.input.area_code_column = id;
    out.input.area_name_column =
        !area_name.empty() ? area_name
                           : (suffix != std::string::npos && suffix + 5 == id.size() ? id.substr(0, suffix) : id) + "_name";
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
  NHOOD_ASSIGN_OR_RETURN(out.input.imd_scores,
                         ToNumbers(imd.text(*imd.Find(*RequiredString(root, "deprivation.column", config))),
                                   out.input.imd_ids, SectionWhere(root, "deprivation", config, data_dir)));
  out.local_authorities = atlas::GroupBy(a.local_authority).names.size();
  NHOOD_ASSIGN_OR_RETURN(out.input.deprivation_label, OptionalString(root, "deprivation.label", "IMD 2019", config));
  out.input.rest_label = root.at_path("extent.values") ? "rest of " + out.name : "rest of England";

  if (root.at_path("double_disadvantage.classify")) {
    say("double disadvantage (wards)");
    NHOOD_RETURN_IF_ERROR(Wards(root, config, data_dir, &out));
  } else {
    say("double disadvantage (the areas' own)");
    out.input.double_disadvantage_unit = "LSOAs";
    NHOOD_RETURN_IF_ERROR(AreaDoubleDisadvantage(root, config, data_dir, &out));
    NHOOD_RETURN_IF_ERROR(AreaWards(root, config, data_dir, &out));
  }

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
  out.methods.permutations = ho.permutations;
  out.methods.seed = ho.seed;
  out.methods.fdr = ho.fdr;
  out.methods.alpha = ho.alpha;
  out.methods.hotspot_value = hot_column;
  out.methods.given_source = ShownPath(out.given_source);
  out.methods.bounds = out.input.bounds;
  out.methods.tier_top = out.input.tier_top;
  out.methods.tier_middle = out.input.tier_middle;
  out.methods.deprivation_label = out.input.deprivation_label;

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
  NHOOD_RETURN_IF_ERROR(PreviousDeprivation(cfg, root, config, data_dir, &out));
  NHOOD_RETURN_IF_ERROR(Risks(cfg, config, data_dir, reference_rates, &out));
  return out;
}

}  // namespace nhood::cli
