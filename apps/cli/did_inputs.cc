#include "apps/cli/did_inputs.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "apps/cli/atlas_inputs.h"
#include "apps/cli/config.h"
#include "apps/cli/config_section.h"
#include "apps/cli/id_list.h"
#include "apps/cli/input_checks.h"
#include "nhood/atlas/vintage_bridge.h"
#include "nhood/base/number.h"
#include "nhood/io/command_schemas.h"
#include "nhood/io/point_in_polygon.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"

namespace nhood::cli {
namespace {

// One census file's England rows: ids, persons and the two outcome counts.
struct Census {
  Table table;
  std::vector<size_t> rows;
  std::vector<std::string> ids;
  std::vector<double> persons, very_good, bad;
  double total_persons = 0, total_very_good = 0, total_bad = 0;
  std::string file;  // as written in the configuration
};

Result<Census> ReadCensus(const ConfigView& root, const std::string& section, const std::string& config,
                          const std::string& data_dir) {
  Census c;
  NHOOD_ASSIGN_OR_RETURN(c.file, RequiredString(root, section + ".file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, section + ".id", config));
  NHOOD_ASSIGN_OR_RETURN(std::string where, OptionalString(root, section + ".where", "E01", config));
  NHOOD_ASSIGN_OR_RETURN(std::string persons, OptionalString(root, section + ".persons", "all", config));
  NHOOD_ASSIGN_OR_RETURN(std::string very_good, OptionalString(root, section + ".very_good", "very_good", config));
  NHOOD_ASSIGN_OR_RETURN(std::string bad, OptionalString(root, section + ".bad", "bad+very_bad", config));
  NHOOD_ASSIGN_OR_RETURN(c.table, io::ReadTable(DataPath(data_dir, c.file)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(c.table, id, config, section + ".id"));
  const size_t id_col = *c.table.Find(id);
  for (size_t r = 0; r < c.table.num_rows(); ++r) {
    std::string code = c.table.Cell(id_col, r);
    if (code.rfind(where, 0) != 0) continue;
    c.rows.push_back(r);
    c.ids.push_back(std::move(code));
  }
  if (c.rows.empty()) return InvalidArgument(c.table.source() + ": no row with an id starting '" + where + "'");
  NHOOD_RETURN_IF_ERROR(RequireUniqueIds(c.table, id_col, c.rows, "each area needs one row"));
  for (auto [expr, key, out] : {std::tuple{&persons, "persons", &c.persons}, {&very_good, "very_good", &c.very_good},
                                {&bad, "bad", &c.bad}}) {
    Result<Table::Numbers> all = c.table.GetNumbersOrSum(*expr);
    if (!all) {
      if (all.error().code == StatusCode::kNotFound) {
        return InvalidArgument(config + ": " + section + "." + key + " = '" + *expr + "': " + all.error().message);
      }
      return all.error();
    }
    for (size_t r : c.rows) {
      const double v = (*all)[r];
      if (!std::isfinite(v)) {
        return InvalidArgument(c.table.RowLocation(r) + ", column '" + *expr + "': a count is missing");
      }
      out->push_back(v);
    }
    NHOOD_RETURN_IF_ERROR(RequireNonNegative(c.table, *out, c.rows, *expr, "a count"));
  }
  for (size_t k = 0; k < c.rows.size(); ++k) {
    if (c.very_good[k] > c.persons[k] || c.bad[k] > c.persons[k]) {
      return InvalidArgument(c.table.RowLocation(c.rows[k]) + ": an outcome count exceeds '" + persons + "' (" +
                             FormatNumber(c.persons[k]) + ")");
    }
    c.total_persons += c.persons[k];
    c.total_very_good += c.very_good[k];
    c.total_bad += c.bad[k];
  }
  return c;
}

// `values` (text per area) as numbers; a missing or non-numeric value is an
// error naming the section's file and the area.
Result<std::vector<double>> Numbers(const std::vector<std::string>& text, const std::vector<std::string>& ids,
                                    const std::string& section, const std::string& file, const std::string& column) {
  NHOOD_ASSIGN_OR_RETURN(std::vector<double> v,
                         ToNumbers(text, ids, file + ", column '" + column + "' ([" + section + "])"));
  for (size_t u = 0; u < v.size(); ++u) {
    if (!std::isfinite(v[u])) {
      return InvalidArgument(file + ", column '" + column + "': area " + ids[u] + " has " +
                             (text[u].empty() ? "no value" : "'" + text[u] + "', not a number") + " ([" + section +
                             "])");
    }
  }
  return v;
}

constexpr const char* kBritishNationalGrid = "EPSG:27700";

// The point of every unit (LSOA 2011) in British National Grid metres, from
// [centroids]: the centroid of each polygon of a boundary layer, or the x/y
// columns of a table in `crs`. Every unit needs one; other ids are ignored.
Result<std::vector<geo::Point>> UnitPoints(const ConfigView& root, const std::string& config,
                                           const std::string& data_dir, const std::vector<std::string>& ids,
                                           std::string* how) {
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, "centroids.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, "centroids.id", config));
  const std::string path = DataPath(data_dir, file);
  std::unordered_map<std::string, size_t> unit_of;
  for (size_t u = 0; u < ids.size(); ++u) unit_of.emplace(ids[u], u);
  std::vector<geo::Point> points(ids.size(), geo::Point{NAN, NAN});
  if (root["centroids"]["x"]) {
    NHOOD_ASSIGN_OR_RETURN(std::string xs, RequiredString(root, "centroids.x", config));
    NHOOD_ASSIGN_OR_RETURN(std::string ys, RequiredString(root, "centroids.y", config));
    NHOOD_ASSIGN_OR_RETURN(std::string crs, OptionalString(root, "centroids.crs", kBritishNationalGrid, config));
    NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(path));
    NHOOD_RETURN_IF_ERROR(RequireColumn(t, id, config, "centroids.id"));
    NHOOD_RETURN_IF_ERROR(RequireColumn(t, xs, config, "centroids.x"));
    NHOOD_RETURN_IF_ERROR(RequireColumn(t, ys, config, "centroids.y"));
    const size_t id_col = *t.Find(id), x_col = *t.Find(xs), y_col = *t.Find(ys);
    // Text in a coordinate column is an error naming its row and column.
    NHOOD_ASSIGN_OR_RETURN(const Table::Numbers x, t.GetNumbers(xs));
    NHOOD_ASSIGN_OR_RETURN(const Table::Numbers y, t.GetNumbers(ys));
    std::vector<geo::Point> given;
    std::vector<size_t> unit;
    for (size_t r = 0; r < t.num_rows(); ++r) {
      auto it = unit_of.find(t.Cell(id_col, r));
      if (it == unit_of.end()) continue;
      if (!std::isfinite(x[r]) || !std::isfinite(y[r])) {
        return InvalidArgument(t.RowLocation(r) + ", column '" + (std::isfinite(x[r]) ? ys : xs) + "': '" +
                               t.Cell(std::isfinite(x[r]) ? y_col : x_col, r) + "' is not a coordinate ([centroids])");
      }
      given.push_back({x[r], y[r]});
      unit.push_back(it->second);
    }
    Result<std::vector<geo::Point>> moved = io::ReprojectPoints(given, crs, kBritishNationalGrid);
    if (!moved) return InvalidArgument(config + ": centroids.crs = '" + crs + "': " + moved.error().message);
    for (size_t k = 0; k < unit.size(); ++k) points[unit[k]] = (*moved)[k];
    *how = "the points of " + ShownPath(file) + " ('" + xs + "', '" + ys + "' in " + crs + ")";
  } else {
    io::PolygonReadOptions read;
    read.attributes = false;
    NHOOD_ASSIGN_OR_RETURN(io::PolygonData data, io::ReadPolygons(path, id, read));
    if (data.layer.crs.empty()) {
      return InvalidArgument(path + ": the layer has no coordinate reference system ([centroids])");
    }
    NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer layer, io::ReprojectLayer(data.layer, kBritishNationalGrid));
    for (size_t f = 0; f < layer.size(); ++f) {
      auto it = unit_of.find(layer.ids[f]);
      if (it != unit_of.end()) points[it->second] = geo::Centroid(layer.polygons[f]);
    }
    *how = "the centroid (area-weighted, in British National Grid metres) of each polygon of " + ShownPath(file);
  }
  std::vector<std::string> missing;
  for (size_t u = 0; u < ids.size(); ++u) {
    if (!std::isfinite(points[u].x) || !std::isfinite(points[u].y)) missing.push_back(ids[u]);
  }
  if (!missing.empty()) {
    return InvalidArgument(path + ", column '" + id + "': " + std::to_string(missing.size()) +
                           " LSOAs 2011 of [census2011] have no point ([centroids]): " + FirstIds(missing));
  }
  return points;
}

// The units whose point falls inside a polygon of treated.polygons. A
// polygon that is invalid (GEOS), or holds no unit's point, is an error
// naming the file and the polygon.
Result<std::unordered_set<size_t>> TreatedByPolygons(const ConfigView& root, const std::string& config,
                                                     const std::string& data_dir,
                                                     const std::vector<std::string>& ids, size_t* polygons,
                                                     std::string* note) {
  NHOOD_ASSIGN_OR_RETURN(std::string file, RequiredString(root, "treated.polygons", config));
  NHOOD_ASSIGN_OR_RETURN(std::string id, RequiredString(root, "treated.polygon_id", config));
  io::PolygonReadOptions read;
  NHOOD_ASSIGN_OR_RETURN(read.layer, OptionalString(root, "treated.layer", "", config));
  read.attributes = false;
  read.repair = false;  // an invalid treated area is the user's to fix, not ours to guess
  const std::string path = DataPath(data_dir, file);
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData data, io::ReadPolygons(path, id, read));
  if (!data.problems.empty()) {
    const io::FeatureProblem& p = data.problems.front();
    return InvalidArgument(path + ": feature " + std::to_string(p.feature + 1) + " ('" + p.id + "'): " + p.problem +
                           " ([treated] polygons; " + std::to_string(data.problems.size()) + " invalid in all)");
  }
  if (data.layer.crs.empty()) {
    return InvalidArgument(path + ": the layer has no coordinate reference system ([treated] polygons)");
  }
  NHOOD_ASSIGN_OR_RETURN(geo::PolygonLayer layer, io::ReprojectLayer(data.layer, kBritishNationalGrid));
  std::string how;
  NHOOD_ASSIGN_OR_RETURN(std::vector<geo::Point> points, UnitPoints(root, config, data_dir, ids, &how));
  NHOOD_ASSIGN_OR_RETURN(std::unique_ptr<io::PointInPolygonIndex> index, io::PointInPolygonIndex::Build(layer));
  std::vector<size_t> held(layer.size(), 0);
  std::unordered_set<size_t> treated;
  for (size_t u = 0; u < ids.size(); ++u) {
    const std::optional<size_t> f = index->Find(points[u].x, points[u].y);
    if (!f) continue;
    ++held[*f];
    treated.insert(u);
  }
  for (size_t f = 0; f < layer.size(); ++f) {
    if (held[f] == 0) {
      return InvalidArgument(path + ": feature " + std::to_string(f + 1) + " ('" + layer.ids[f] +
                             "') holds no LSOA 2011 point of [centroids] (" + how +
                             "): is it in England, and is its coordinate reference system right?");
    }
  }
  *polygons = layer.size();
  *note = "LSOAs 2011 whose point (" + how + ") falls inside a polygon of " + ShownPath(file);
  return treated;
}

}  // namespace

Result<DidInputs> LoadDidInputs(const std::string& config, const std::string& data_dir) {
  NHOOD_ASSIGN_OR_RETURN(toml::table cfg, LoadConfig(config, io::DidConfigSchema(), data_dir));
  const ConfigView root(cfg);
  DidInputs out;
  NHOOD_ASSIGN_OR_RETURN(out.name, OptionalString(root, "name", "difference-in-differences", config));
  NHOOD_ASSIGN_OR_RETURN(int64_t seed, OptionalInteger(root, "seed", 2011, config));
  out.seed = static_cast<uint64_t>(seed);
  NHOOD_ASSIGN_OR_RETURN(int64_t replicates, OptionalInteger(root, "replicates", 999, config));
  out.replicates = static_cast<int>(replicates);
  NHOOD_ASSIGN_OR_RETURN(int64_t ratio, OptionalInteger(root, "matching.ratio", 3, config));
  out.matching.ratio = static_cast<int>(ratio);
  NHOOD_ASSIGN_OR_RETURN(std::string method, OptionalString(root, "matching.method", "mahalanobis", config));
  out.matching.method =
      method == "propensity" ? evaluate::MatchingMethod::kPropensity : evaluate::MatchingMethod::kMahalanobis;
  // The caliper's unit is the method's: Mahalanobis distance, or SDs of the
  // logit of the propensity score (Austin 2011: 0.2).
  const double default_caliper = out.matching.method == evaluate::MatchingMethod::kPropensity ? 0.2 : 2.0;
  NHOOD_ASSIGN_OR_RETURN(out.matching.caliper, OptionalNumber(root, "matching.caliper", default_caliper, config));
  NHOOD_ASSIGN_OR_RETURN(out.matching.replacement, OptionalBool(root, "matching.replacement", true, config));
  NHOOD_ASSIGN_OR_RETURN(out.treated_level, OptionalString(root, "treated.level", "lsoa", config));

  // The geography: England's LSOAs 2011 of the 2011 census file.
  NHOOD_ASSIGN_OR_RETURN(Census c11, ReadCensus(root, "census2011", config, data_dir));
  NHOOD_ASSIGN_OR_RETURN(Census c21, ReadCensus(root, "census2021", config, data_dir));
  const std::vector<std::string>& ids = c11.ids;
  const size_t n = ids.size();
  std::unordered_map<std::string, size_t> unit_of;
  for (size_t u = 0; u < n; ++u) unit_of.emplace(ids[u], u);

  // Census 2021 onto LSOA 2011 (population-apportioned: atlas/vintage_bridge.h).
  NHOOD_ASSIGN_OR_RETURN(std::string bridge_file, RequiredString(root, "bridge.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string bridge_from, RequiredString(root, "bridge.from", config));
  NHOOD_ASSIGN_OR_RETURN(std::string bridge_to, RequiredString(root, "bridge.to", config));
  NHOOD_ASSIGN_OR_RETURN(Table lookup, io::ReadTable(DataPath(data_dir, bridge_file)));
  NHOOD_RETURN_IF_ERROR(RequireColumn(lookup, bridge_from, config, "bridge.from"));
  NHOOD_RETURN_IF_ERROR(RequireColumn(lookup, bridge_to, config, "bridge.to"));
  std::vector<atlas::BridgeLink> links;
  {
    const size_t f = *lookup.Find(bridge_from), t = *lookup.Find(bridge_to);
    for (size_t r = 0; r < lookup.num_rows(); ++r) {
      atlas::BridgeLink l{lookup.Cell(f, r), lookup.Cell(t, r)};
      if (!unit_of.count(l.to)) continue;  // another country's or vintage's areas
      links.push_back(std::move(l));
    }
  }
  std::unordered_map<std::string, double> population_2011;
  for (size_t u = 0; u < n; ++u) population_2011[ids[u]] = c11.persons[u];
  NHOOD_ASSIGN_OR_RETURN(atlas::Bridged bridged,
                         atlas::BridgeCounts(links, c21.ids, {c21.persons, c21.very_good, c21.bad}, population_2011));
  if (!bridged.unmatched_sources.empty()) {
    return InvalidArgument(lookup.source() + ", column '" + bridge_from + "': " +
                           std::to_string(bridged.unmatched_sources.size()) + " areas of " + c21.table.source() +
                           " are not in the lookup (their counts would be lost): " + FirstIds(bridged.unmatched_sources));
  }
  out.split_sources = bridged.split_sources;
  std::vector<double> p21(n, NAN), vg21(n, NAN), bad21(n, NAN);
  for (size_t k = 0; k < bridged.targets.size(); ++k) {
    const size_t u = unit_of.at(bridged.targets[k]);
    p21[u] = bridged.columns[0][k];
    vg21[u] = bridged.columns[1][k];
    bad21[u] = bridged.columns[2][k];
  }
  {
    std::vector<std::string> missing;
    for (size_t u = 0; u < n; ++u) {
      if (std::isnan(p21[u])) missing.push_back(ids[u]);
      else out.england_bridged_after += p21[u];
    }
    if (!missing.empty()) {
      return InvalidArgument(lookup.source() + ", column '" + bridge_to + "': " + std::to_string(missing.size()) +
                             " areas of " + c11.table.source() + " have no area of " + c21.table.source() +
                             " in the lookup: " + FirstIds(missing));
    }
  }

  // The bridge is additive: England's 2021 persons must survive it.
  if (std::fabs(out.england_bridged_after - c21.total_persons) > 1e-6 * c21.total_persons) {
    return InvalidArgument(lookup.source() + ": bridging " + c21.table.source() + " onto LSOA 2011 gives " +
                           FormatNumber(out.england_bridged_after) + " persons, not the file's " +
                           FormatNumber(c21.total_persons));
  }

  // Bootstrap clusters (wards), and the treated areas.
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> ward,
                         ReadSectionFor(root, "clusters", config, data_dir, ids, true, "to", "from"));
  NHOOD_ASSIGN_OR_RETURN(std::string clusters_file, RequiredString(root, "clusters.file", config));
  const bool by_polygon = static_cast<bool>(root["treated"]["polygons"]);
  std::string treated_file;
  std::unordered_set<std::string> treated_ids;
  std::unordered_set<size_t> treated_units;
  if (by_polygon) {
    NHOOD_ASSIGN_OR_RETURN(treated_file, RequiredString(root, "treated.polygons", config));
    out.treated_level = "polygon";
    NHOOD_ASSIGN_OR_RETURN(treated_units, TreatedByPolygons(root, config, data_dir, ids, &out.treated_rows,
                                                            &out.treated_note));
    NHOOD_ASSIGN_OR_RETURN(std::string centroids_file, RequiredString(root, "centroids.file", config));
    out.sources.push_back("LSOA 2011 points (centroids): " + centroids_file);
  } else {
    NHOOD_ASSIGN_OR_RETURN(treated_file, RequiredString(root, "treated.file", config));
    NHOOD_ASSIGN_OR_RETURN(std::string treated_id, RequiredString(root, "treated.id", config));
    NHOOD_ASSIGN_OR_RETURN(std::string flag, OptionalString(root, "treated.flag", "", config));
    NHOOD_ASSIGN_OR_RETURN(std::string flag_value, OptionalString(root, "treated.flag_value", "TRUE", config));
    NHOOD_ASSIGN_OR_RETURN(Table treated_table, io::ReadTable(DataPath(data_dir, treated_file)));
    NHOOD_RETURN_IF_ERROR(RequireColumn(treated_table, treated_id, config, "treated.id"));
    if (!flag.empty()) NHOOD_RETURN_IF_ERROR(RequireColumn(treated_table, flag, config, "treated.flag"));
    const bool by_ward = out.treated_level == "ward";
    std::unordered_set<std::string> wards_on_geography(ward.begin(), ward.end());
    {
      const size_t id_col = *treated_table.Find(treated_id);
      const std::optional<size_t> flag_col = flag.empty() ? std::nullopt : treated_table.Find(flag);
      std::unordered_map<std::string, size_t> first;
      for (size_t r = 0; r < treated_table.num_rows(); ++r) {
        if (flag_col && treated_table.Cell(*flag_col, r) != flag_value) continue;
        const std::string code = treated_table.Cell(id_col, r);
        const std::string where = treated_table.RowLocation(r) + ", column '" + treated_id + "': ";
        if (code.empty()) return InvalidArgument(where + "the id is empty");
        if (by_ward ? !wards_on_geography.count(code) : !unit_of.count(code)) {
          return InvalidArgument(where + "'" + code + "' is not on the geography: " +
                                 (by_ward ? "no LSOA 2011 of " + c11.table.source() + " is in ward '" + code +
                                                "' of " + DataPath(data_dir, clusters_file) + " ([clusters])"
                                          : "not an LSOA 2011 of " + c11.table.source() + " ([census2011])"));
        }
        auto [it, inserted] = first.emplace(code, r);
        if (!inserted) {
          return InvalidArgument(where + "'" + code + "' appears more than once (first at row " +
                                 std::to_string(it->second + 1) + ")");
        }
        treated_ids.insert(code);
        ++out.treated_rows;
      }
      if (treated_ids.empty()) {
        return InvalidArgument(treated_table.source() + ": no treated area" +
                               (flag.empty() ? "" : " (no row has '" + flag + "' = '" + flag_value + "')"));
      }
    }
  }

  evaluate::DidInput& in = out.input;
  in.ids = ids;
  in.cluster = ward;
  in.treated.resize(n);
  const bool by_ward = out.treated_level == "ward";
  for (size_t u = 0; u < n; ++u) {
    in.treated[u] = by_polygon ? treated_units.count(u) > 0 : treated_ids.count(by_ward ? ward[u] : ids[u]) > 0;
  }
  in.persons_before = c11.persons;
  in.persons_after = p21;
  in.outcomes = {{"very_good_health", c11.very_good, vg21, c11.total_very_good, c21.total_very_good},
                 {"bad_health", c11.bad, bad21, c11.total_bad, c21.total_bad}};
  in.england_persons_before = c11.total_persons;
  in.england_persons_after = c21.total_persons;

  // Deprivation: IMD score (a matching covariate) and decile (the
  // similarly-deprived standardisation).
  NHOOD_ASSIGN_OR_RETURN(std::string dep_file, RequiredString(root, "deprivation.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string dep_score, RequiredString(root, "deprivation.score", config));
  NHOOD_ASSIGN_OR_RETURN(auto score_text, ReadSectionFor(root, "deprivation", config, data_dir, ids, true, "score"));
  NHOOD_ASSIGN_OR_RETURN(std::vector<double> imd,
                         Numbers(score_text, ids, "deprivation", DataPath(data_dir, dep_file), dep_score));
  NHOOD_ASSIGN_OR_RETURN(std::string dec_file, RequiredString(root, "deciles.file", config));
  NHOOD_ASSIGN_OR_RETURN(std::string dec_column, RequiredString(root, "deciles.column", config));
  NHOOD_ASSIGN_OR_RETURN(auto decile_text, ReadSectionFor(root, "deciles", config, data_dir, ids, true));
  NHOOD_ASSIGN_OR_RETURN(std::vector<double> decile,
                         Numbers(decile_text, ids, "deciles", DataPath(data_dir, dec_file), dec_column));
  for (size_t u = 0; u < n; ++u) {
    if (decile[u] != std::floor(decile[u]) || decile[u] < 1 || decile[u] > 10) {
      return InvalidArgument(DataPath(data_dir, dec_file) + ", column '" + dec_column + "': area " + ids[u] +
                             " has decile '" + decile_text[u] + "', not a whole number 1-10");
    }
    in.imd_decile.push_back(static_cast<int>(decile[u]));
  }

  // Baseline covariates for matching.
  std::vector<double> vg_share(n), bad_share(n);
  for (size_t u = 0; u < n; ++u) {
    vg_share[u] = c11.persons[u] > 0 ? c11.very_good[u] / c11.persons[u] : 0;
    bad_share[u] = c11.persons[u] > 0 ? c11.bad[u] / c11.persons[u] : 0;
  }
  in.covariates = {{"imd_score", imd}, {"very_good_health_2011", vg_share}, {"bad_health_2011", bad_share}};
  out.covariate_notes = {"imd_score: IMD 2019 score (" + ShownPath(dep_file) + ")",
                         "very_good_health_2011, bad_health_2011: the 2011 outcome shares (Census 2011)"};
  if (root["ages"]) {
    NHOOD_ASSIGN_OR_RETURN(std::string ages_file, RequiredString(root, "ages.file", config));
    // One read of the file for the three columns.
    NHOOD_ASSIGN_OR_RETURN(Table ages, ReadSection(root, "ages", config, data_dir, {"id", "total", "young", "old"}));
    NHOOD_ASSIGN_OR_RETURN(std::string ages_id, RequiredString(root, "ages.id", config));
    const size_t id_col = *ages.Find(ages_id);
    std::unordered_map<std::string, size_t> row_of;
    for (size_t r = 0; r < ages.num_rows(); ++r) {
      auto [it, inserted] = row_of.emplace(ages.Cell(id_col, r), r);
      if (!inserted) {
        return InvalidArgument(ages.RowLocation(r) + ", column '" + ages_id + "': '" + it->first +
                               "' appears more than once (first at row " + std::to_string(it->second + 1) + ")");
      }
    }
    std::vector<std::vector<double>> cols;
    for (const char* key : {"total", "young", "old"}) {
      NHOOD_ASSIGN_OR_RETURN(std::string column, RequiredString(root, std::string("ages.") + key, config));
      const size_t c = *ages.Find(column);
      std::vector<std::string> text;
      for (const std::string& id : ids) {
        auto it = row_of.find(id);
        if (it == row_of.end()) {
          return InvalidArgument(config + ": [ages] " + ages.source() + " has no row for area " + id);
        }
        text.push_back(ages.Cell(c, it->second));
      }
      NHOOD_ASSIGN_OR_RETURN(auto v, Numbers(text, ids, "ages", ages.source(), column));
      cols.push_back(std::move(v));
    }
    std::vector<double> young(n), old(n);
    for (size_t u = 0; u < n; ++u) {
      if (!(cols[0][u] > 0)) {
        return InvalidArgument(DataPath(data_dir, ages_file) + ": area " + ids[u] + " has no population ([ages] total)");
      }
      young[u] = cols[1][u] / cols[0][u];
      old[u] = cols[2][u] / cols[0][u];
    }
    in.covariates.push_back({"aged_0_15_share", young});
    in.covariates.push_back({"aged_60_plus_share", old});
    out.ages_matched = true;
    out.covariate_notes.push_back("aged_0_15_share, aged_60_plus_share: age structure, '" +
                                  *RequiredString(root, "ages.young", config) + "' and '" +
                                  *RequiredString(root, "ages.old", config) + "' over '" +
                                  *RequiredString(root, "ages.total", config) + "' (" + ShownPath(ages_file) + ")");
    out.sources.push_back("Age structure: " + ages_file);
  }
  if (root["rural_urban"]) {
    NHOOD_ASSIGN_OR_RETURN(std::string ru_file, RequiredString(root, "rural_urban.file", config));
    NHOOD_ASSIGN_OR_RETURN(std::string urban_value, OptionalString(root, "rural_urban.urban", "Urban", config));
    NHOOD_ASSIGN_OR_RETURN(auto text, ReadSectionFor(root, "rural_urban", config, data_dir, ids, true));
    std::vector<double> urban(n);
    for (size_t u = 0; u < n; ++u) {
      urban[u] = text[u] == urban_value ? 1.0 : 0.0;
      in.stratum.push_back(static_cast<int>(urban[u]));
    }
    in.covariates.push_back({"urban", urban});
    out.covariate_notes.push_back("urban: 1 when the rural-urban class is '" + urban_value + "' (" + ShownPath(ru_file) +
                                  "); matched exactly (comparators of the same class)");
    out.sources.push_back("Rural-urban classification: " + ru_file);
  }
  out.sources.insert(out.sources.begin(),
                     {"Census 2011 general health (QS302EW), LSOA 2011: " + c11.file,
                      "Census 2021 general health (TS037), LSOA 2021: " + c21.file,
                      "LSOA 2021 -> 2011 lookup (bridge): " + bridge_file, "Treated areas: " + treated_file,
                      "LSOA 2011 -> ward (clusters): " + clusters_file, "IMD 2019 score: " + dep_file,
                      "IMD 2019 decile: " + dec_file});
  // Shared outputs never show a machine's absolute paths.
  for (std::string& s : out.sources) {
    const size_t colon = s.rfind(": ");
    s = s.substr(0, colon + 2) + ShownPath(s.substr(colon + 2));
  }
  return out;
}

}  // namespace nhood::cli
