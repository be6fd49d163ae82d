#include "nhood/io/atlas_output.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <unordered_map>
#include <limits>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "nhood/base/number.h"
#include "nhood/base/parallel.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Dataset {
  GDALDatasetH h = nullptr;
  ~Dataset() {
    if (h) GDALClose(h);
  }
};

struct QuietErrors {
  QuietErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietErrors() { CPLPopErrorHandler(); }
};

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, std::strlen(from), to);
  }
  return s;
}

// The indicator columns of neighbourhoods.csv, in the order the atlas wrote
// them: between hotspot_share and risk_score, without the interval,
// observed/expected and comparison columns.
std::vector<std::string> IndicatorColumns(const Table& t) {
  std::vector<std::string> out;
  bool inside = false;
  for (const std::string& c : t.names()) {
    if (c == "hotspot_share") {
      inside = true;
      continue;
    }
    if (c == "risk_score") break;
    if (!inside) continue;
    bool part = false;
    for (const char* s : {"_lower95_0cl", "_upper95_0cl", "_observed", "_expected", "_vs_england"}) part |= EndsWith(c, s);
    if (!part) out.push_back(c);
  }
  return out;
}

// The report's embedded profile JSON: title and indicator list.
void ReadReport(const std::string& path, AtlasOutput* out) {
  auto text = ReadTextFile(path);
  if (!text) return;
  const std::string& h = *text;
  const size_t t0 = h.find("<title>"), t1 = h.find("</title>");
  if (t0 != std::string::npos && t1 != std::string::npos && t1 > t0) {
    std::string title = Unescape(h.substr(t0 + 7, t1 - t0 - 7));
    const std::string prefix = "nhood atlas: ";
    if (title.rfind(prefix, 0) == 0) title = title.substr(prefix.size());
    if (!title.empty()) out->title = title;
  }
  const std::string open = "<script type=\"application/json\" id=\"profiles\">";
  const size_t p0 = h.find(open);
  if (p0 == std::string::npos) return;
  const size_t p1 = h.find("</script>", p0);
  if (p1 == std::string::npos) return;
  const json prof = json::parse(h.substr(p0 + open.size(), p1 - p0 - open.size()), nullptr, false);
  if (prof.is_discarded() || !prof.contains("indicators") || !prof["indicators"].is_array()) return;
  std::vector<std::string> columns = IndicatorColumns(out->neighbourhoods);
  const json& list = prof["indicators"];
  if (list.size() != columns.size()) {
    // Standardised ratios written beside the report's own indicators.
    std::erase_if(columns, [](const std::string& c) { return EndsWith(c, "_sr") || EndsWith(c, "_sdr"); });
  }
  if (list.size() != columns.size()) return;  // cannot match labels to columns: use none
  for (size_t i = 0; i < list.size(); ++i) {
    AtlasIndicatorInfo info;
    info.column = columns[i];
    info.label = list[i].value("label", columns[i]);
    info.england = list[i].contains("england") && list[i]["england"].is_number() ? list[i]["england"].get<double>()
                                                                                  : std::numeric_limits<double>::quiet_NaN();
    info.higher_is_worse = list[i].value("higher_is_worse", true);
    out->indicators.push_back(std::move(info));
  }
}

// "FILE: row R (line L), column 'C': WHAT".
Error BadCell(const Table& t, size_t row, const std::string& column, const std::string& what) {
  return InvalidField(column, t.source() + ": row " + std::to_string(row + 1) + " (line " + std::to_string(row + 2) +
                                  "), column '" + column + "': " + what);
}

Result<bool> Flag(const Table& t, size_t column, size_t row) {
  const std::string v = t.Cell(column, row);
  if (v == "true") return true;
  if (v == "false") return false;
  return BadCell(t, row, t.name(column), "'" + v + "' is not true or false");
}

std::string GeometryJson(OGRGeometryH g, int decimals) {
  std::string precision = "COORDINATE_PRECISION=" + std::to_string(decimals);
  char* options[] = {precision.data(), nullptr};
  char* s = OGR_G_ExportToJsonEx(g, options);
  std::string out = s ? s : "null";
  CPLFree(s);
  return out;
}

// Reads every feature, then simplifies and writes each one's bands on
// `threads` threads (each feature writes only its own slots). `bands_of`
// says from which band a feature needs geometry (0: all); lower bands stay
// empty.
Result<LayerGeometry> ReadLayer(GDALDatasetH ds, const std::string& path, const std::string& layer_name,
                                const std::regex& id_field, const std::function<size_t(const std::string&)>& bands_of,
                                int threads) {
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, layer_name.c_str());
  if (!layer) return NotFound(path + ": no layer '" + layer_name + "'");
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  int id_index = -1;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    if (std::regex_match(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), id_field)) {
      id_index = i;
      break;
    }
  }
  if (id_index < 0) return InvalidArgument(path + ": layer '" + layer_name + "' has no id column");
  const auto& bands = ExplorerZoomBands();
  LayerGeometry out;
  std::vector<OGRGeometryH> geometry;
  struct Free {
    std::vector<OGRGeometryH>& g;
    ~Free() {
      for (OGRGeometryH h : g) OGR_G_DestroyGeometry(h);
    }
  } free_all{geometry};
  OGR_L_ResetReading(layer);
  size_t feature = 0;
  for (OGRFeatureH f = OGR_L_GetNextFeature(layer); f; f = OGR_L_GetNextFeature(layer), ++feature) {
    OGRGeometryH g = OGR_F_StealGeometry(f);
    const std::string id = OGR_F_IsFieldSetAndNotNull(f, id_index) ? OGR_F_GetFieldAsString(f, id_index) : "";
    OGR_F_Destroy(f);
    if (!g || OGR_G_IsEmpty(g) || id.empty()) {
      if (g) OGR_G_DestroyGeometry(g);
      return InvalidArgument(path + ": layer '" + layer_name + "' feature " + std::to_string(feature + 1) +
                             " has no " + (id.empty() ? "id" : "geometry"));
    }
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    out.ids.push_back(id);
    out.bbox.push_back({env.MinX, env.MinY, env.MaxX, env.MaxY});
    geometry.push_back(g);
  }
  out.geometry.assign(bands.size(), std::vector<std::string>(geometry.size()));
  std::vector<size_t> first(geometry.size());
  for (size_t i = 0; i < geometry.size(); ++i) first[i] = bands_of ? bands_of(out.ids[i]) : 0;
  constexpr size_t kChunk = 64;
  ParallelFor((geometry.size() + kChunk - 1) / kChunk, threads, [&](size_t chunk) {
    QuietErrors quiet;  // GDAL's error handlers are per thread
    for (size_t i = chunk * kChunk; i < std::min(geometry.size(), (chunk + 1) * kChunk); ++i) {
      for (size_t b = first[i]; b < bands.size(); ++b) {
        OGRGeometryH s = bands[b].tolerance > 0 ? OGR_G_SimplifyPreserveTopology(geometry[i], bands[b].tolerance) : nullptr;
        const bool usable = s && !OGR_G_IsEmpty(s);
        out.geometry[b][i] = GeometryJson(usable ? s : geometry[i], bands[b].decimals);
        if (s) OGR_G_DestroyGeometry(s);
      }
    }
  });
  return out;
}

}  // namespace

Status WriteAtlasIndicators(const std::vector<AtlasIndicatorInfo>& indicators, const std::string& path) {
  Table::Text key, name, unit, higher, standardised, method, source;
  Table::Numbers england;
  for (const AtlasIndicatorInfo& i : indicators) {
    key.push_back(i.column);
    name.push_back(i.label);
    unit.push_back(i.unit);
    england.push_back(i.england);
    higher.push_back(i.higher_is_worse ? "true" : "false");
    standardised.push_back(i.standardised ? "true" : "false");
    method.push_back(i.method);
    source.push_back(i.source);
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("key", std::move(key)));
  NHOOD_RETURN_IF_ERROR(t.AddText("name", std::move(name)));
  NHOOD_RETURN_IF_ERROR(t.AddText("unit", std::move(unit)));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("england", std::move(england)));
  NHOOD_RETURN_IF_ERROR(t.AddText("higher_is_worse", std::move(higher)));
  NHOOD_RETURN_IF_ERROR(t.AddText("standardised", std::move(standardised)));
  NHOOD_RETURN_IF_ERROR(t.AddText("method", std::move(method)));
  NHOOD_RETURN_IF_ERROR(t.AddText("source", std::move(source)));
  return WriteTable(t, path);
}

Result<std::vector<AtlasIndicatorInfo>> ReadAtlasIndicators(const std::string& path) {
  NHOOD_ASSIGN_OR_RETURN(Table t, ReadTable(path));
  size_t c[8];
  const char* const kColumns[] = {"key", "name", "unit", "england", "higher_is_worse", "standardised", "method", "source"};
  for (size_t k = 0; k < 8; ++k) {
    auto found = t.Require(kColumns[k]);
    if (!found) return InvalidField(kColumns[k], found.error().message);
    c[k] = *found;
  }
  std::vector<AtlasIndicatorInfo> out;
  std::set<std::string> seen;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    AtlasIndicatorInfo i;
    i.column = t.Cell(c[0], r);
    if (i.column.empty()) return BadCell(t, r, "key", "empty");
    if (!seen.insert(i.column).second) return BadCell(t, r, "key", "'" + i.column + "' appears twice");
    i.label = t.Cell(c[1], r);
    if (i.label.empty()) i.label = i.column;
    i.unit = t.Cell(c[2], r);
    const std::string e = t.Cell(c[3], r);
    i.england = std::numeric_limits<double>::quiet_NaN();
    if (!e.empty()) {
      auto v = ParseNumber(e);
      if (!v || !std::isfinite(*v)) return BadCell(t, r, "england", "'" + e + "' is not a number");
      i.england = *v;
    }
    NHOOD_ASSIGN_OR_RETURN(i.higher_is_worse, Flag(t, c[4], r));
    NHOOD_ASSIGN_OR_RETURN(i.standardised, Flag(t, c[5], r));
    i.method = t.Cell(c[6], r);
    i.source = t.Cell(c[7], r);
    out.push_back(std::move(i));
  }
  return out;
}

const std::vector<ZoomBand>& ExplorerZoomBands() {
  static const std::vector<ZoomBand> kBands = {{0, 0.008, 3}, {8, 0.001, 4}, {10, 0.0003, 5}, {12, 0, 6}};
  return kBands;
}

size_t ZoomBandOf(int zoom) {
  const auto& bands = ExplorerZoomBands();
  size_t b = 0;
  while (b + 1 < bands.size() && zoom >= bands[b + 1].min_zoom) ++b;
  return b;
}

Result<AtlasOutput> ReadAtlasOutput(const std::string& dir, const AtlasReadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound(dir + ": no such atlas output directory");
  AtlasOutput out;
  out.dir = dir;
  out.title = fs::path(dir).lexically_normal().filename().string();
  if (out.title.empty()) out.title = fs::path(dir).lexically_normal().parent_path().filename().string();
  const std::string nb_path = (fs::path(dir) / "neighbourhoods.csv").string();
  const std::string lsoa_path = (fs::path(dir) / "lsoas.csv").string();
  const std::string gpkg = (fs::path(dir) / "atlas.gpkg").string();
  NHOOD_ASSIGN_OR_RETURN(out.neighbourhoods, ReadTable(nb_path, {.id_column = "neighbourhood_id"}));
  NHOOD_ASSIGN_OR_RETURN(out.lsoas, ReadTable(lsoa_path));
  NHOOD_RETURN_IF_ERROR(out.lsoas.Require("neighbourhood_id").status());
  bool has_code = false;
  for (const std::string& c : out.lsoas.names()) has_code |= std::regex_match(c, std::regex("lsoa\\d\\d_code"));
  if (!has_code) return InvalidArgument(lsoa_path + ": no lsoa11_code or lsoa21_code column");
  NHOOD_ASSIGN_OR_RETURN(out.neighbourhoods_csv, ReadTextFile(nb_path));
  if (!fs::exists(gpkg, ec)) return NotFound(gpkg + ": no such file");
  GDALAllRegister();
  Dataset ds;
  {
    QuietErrors quiet;
    ds.h = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  }
  if (!ds.h) return Error{StatusCode::kIoError, gpkg + ": cannot open as a GeoPackage"};
  {
    QuietErrors quiet;
    NHOOD_ASSIGN_OR_RETURN(out.neighbourhood_geometry, ReadLayer(ds.h, gpkg, "neighbourhoods",
                                                                 std::regex("neighbourhood_id"), {}, options.threads));
    std::function<size_t(const std::string&)> lsoa_bands;
    if (options.lsoa_first_band) {
      std::unordered_map<std::string, size_t> row;
      const Table& l = out.lsoas;
      size_t code = 0;
      while (!std::regex_match(l.name(code), std::regex("lsoa\\d\\d_code"))) ++code;
      for (size_t r = 0; r < l.num_rows(); ++r) row.emplace(l.Cell(code, r), r);
      lsoa_bands = [&, row = std::move(row)](const std::string& id) -> size_t {
        auto it = row.find(id);
        return it != row.end() ? options.lsoa_first_band(l, it->second) : 0;
      };
    }
    NHOOD_ASSIGN_OR_RETURN(out.lsoa_geometry, ReadLayer(ds.h, gpkg, "lsoas", std::regex("lsoa\\d\\d_code"),
                                                        lsoa_bands, options.threads));
  }
  // The indicator list: indicators.csv when the atlas wrote one, else (an
  // older directory) the report's embedded copy. The title: the report.
  const std::string report = (fs::path(dir) / "report.html").string();
  const std::string indicators = (fs::path(dir) / "indicators.csv").string();
  if (fs::exists(report, ec)) ReadReport(report, &out);
  if (fs::exists(indicators, ec)) {
    NHOOD_ASSIGN_OR_RETURN(out.indicators, ReadAtlasIndicators(indicators));
    for (size_t r = 0; r < out.indicators.size(); ++r) {
      if (!out.neighbourhoods.Find(out.indicators[r].column)) {
        return InvalidField("key", indicators + ": row " + std::to_string(r + 1) + " (line " + std::to_string(r + 2) +
                                       "), column 'key': '" + out.indicators[r].column +
                                       "' is not a column of neighbourhoods.csv");
      }
    }
  }
  return out;
}

Result<std::string> CsvText(const Table& table) {
  static std::atomic<uint64_t> counter{0};
  const std::string path = "/vsimem/nhood_csv_" + std::to_string(counter.fetch_add(1)) + ".csv";
  GDALAllRegister();
  GDALDriverH driver = GDALGetDriverByName("CSV");
  if (!driver) return Error{StatusCode::kInternal, "GDAL has no CSV driver"};
  QuietErrors quiet;
  GDALDatasetH ds = GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds) return Error{StatusCode::kIoError, "cannot create an in-memory CSV"};
  char quoting[] = "STRING_QUOTING=IF_NEEDED";
  char lf[] = "LINEFORMAT=LF";
  char* options[] = {quoting, lf, nullptr};
  OGRLayerH layer = GDALDatasetCreateLayer(ds, "table", nullptr, wkbNone, options);
  bool ok = layer != nullptr;
  for (size_t c = 0; ok && c < table.num_columns(); ++c) {
    OGRFieldDefnH f = OGR_Fld_Create(table.name(c).c_str(), OFTString);
    ok = OGR_L_CreateField(layer, f, TRUE) == OGRERR_NONE;
    OGR_Fld_Destroy(f);
  }
  for (size_t r = 0; ok && r < table.num_rows(); ++r) {
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    for (size_t c = 0; c < table.num_columns(); ++c) {
      OGR_F_SetFieldString(f, static_cast<int>(c), table.Cell(c, r).c_str());
    }
    ok = OGR_L_CreateFeature(layer, f) == OGRERR_NONE;
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  vsi_l_offset size = 0;
  GByte* bytes = VSIGetMemFileBuffer(path.c_str(), &size, FALSE);
  std::string text = bytes ? std::string(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size)) : "";
  VSIUnlink(path.c_str());
  if (!ok || !bytes) return Error{StatusCode::kIoError, "cannot write the table as CSV"};
  return text;
}

}  // namespace nhood::io
