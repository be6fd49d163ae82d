#include "nhood/io/polygon_io.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "nhood/base/parallel.h"
#include "nhood/io/internal/atomic_file.h"
#include "nhood/io/internal/gdal_init.h"
#include "nhood/io/internal/ogr_field.h"
#include "nhood/io/internal/ogr_geometry.h"
#include "nhood/io/internal/output.h"
#include "nhood/io/provenance.h"
#include "nhood/io/table_io.h"
#include "nhood/io/validate.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

void AppendPolygon(OGRGeometryH g, geo::Polygon* out) {
  geo::Part part;
  const int rings = OGR_G_GetGeometryCount(g);
  for (int r = 0; r < rings; ++r) {
    OGRGeometryH ring = OGR_G_GetGeometryRef(g, r);
    const int n = OGR_G_GetPointCount(ring);
    geo::Ring pts(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) pts[i] = {OGR_G_GetX(ring, i), OGR_G_GetY(ring, i)};
    part.push_back(std::move(pts));
  }
  out->parts.push_back(std::move(part));
}

// Polygon parts of any polygonal geometry (MakeValid may return a collection).
bool ToPolygon(OGRGeometryH g, geo::Polygon* out) {
  const OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
  if (t == wkbPolygon) {
    AppendPolygon(g, out);
    return true;
  }
  if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
    bool any = false;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) {
      OGRGeometryH sub = OGR_G_GetGeometryRef(g, i);
      const OGRwkbGeometryType st = wkbFlatten(OGR_G_GetGeometryType(sub));
      if (st == wkbPolygon || st == wkbMultiPolygon) any = ToPolygon(sub, out) || any;
    }
    return any;
  }
  return false;
}

// True for GeoPackage's placeholders for "no CRS" (srs_id 0 and -1), which
// GDAL reports as "Undefined geographic SRS" / "Undefined Cartesian SRS".
bool IsUndefined(OGRSpatialReferenceH srs) {
  if (!srs || OSRGetAuthorityName(srs, nullptr)) return !srs;
  const char* name = OSRGetName(srs);
  return name && std::string(name).rfind("Undefined ", 0) == 0;
}

std::string CrsName(OGRSpatialReferenceH srs) {
  if (IsUndefined(srs)) return "";
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  OSRExportToWkt(srs, &wkt);
  std::string s = wkt ? wkt : "";
  CPLFree(wkt);
  return s;
}

bool IsGeoJson(const std::string& path) {
  const std::string ext = Extension(path);
  return ext == "geojson" || ext == "json";
}

// True when the last megabyte of the file holds the text "crs" in quotes: a
// cheap guard, not a parse (a false alarm only costs the full scan).
bool TailMentionsCrs(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  const std::streamoff from = std::max<std::streamoff>(0, size - (1 << 20));
  in.seekg(from);
  std::string tail(static_cast<size_t>(size - from), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  return !in || tail.find("\"crs\"") != std::string::npos;
}

// GDALOpenEx, quietly; `quick` stops a GeoJSON schema scan after the first
// 100 features (a setting of this thread only).
GDALDatasetH OpenVector(const std::string& path, bool quick) {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  if (quick) CPLSetThreadLocalConfigOption("OGR_GEOJSON_MAX_FEATURES_FIRST_PASS", "100");
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (quick) CPLSetThreadLocalConfigOption("OGR_GEOJSON_MAX_FEATURES_FIRST_PASS", nullptr);
  CPLPopErrorHandler();
  return ds;
}

// What the checker makes of one feature's geometry.
struct Checked {
  geo::Polygon polygon;
  bool invalid = false;   // OGR_G_IsValid (GEOS) said no
  bool repaired = false;  // ... and MakeValid gave a replacement
  bool polygonal = true;  // false: not a polygon (error)
  std::string type;       // the geometry's name, for that error
};

Checked Check(OGRGeometryH g, bool repair) {
  Checked c;
  OGRGeometryH repaired = nullptr;
  c.invalid = !OGR_G_IsValid(g);
  if (c.invalid && repair) repaired = OGR_G_MakeValid(g);
  c.repaired = repaired != nullptr;
  c.polygonal = ToPolygon(repaired ? repaired : g, &c.polygon);
  if (!c.polygonal) c.type = OGR_G_GetGeometryName(g);
  if (repaired) OGR_G_DestroyGeometry(repaired);
  return c;
}

// Validity checking (GEOS) and conversion on a second thread while the
// reader parses on: the reader hands over features in file order, the
// checker fills `out` by index and destroys them. What it finds depends only
// on the feature, never on the timing.
class BackgroundChecker {
 public:
  BackgroundChecker(bool repair, bool threaded) : repair_(repair) {
    if (threaded) worker_ = std::thread([this] { Work(); });
  }
  ~BackgroundChecker() { Finish(); }

  // Takes ownership of `f` (its geometry is checked, then it is destroyed).
  void Add(OGRFeatureH f) {
    if (!worker_.joinable()) {
      out_.push_back(CheckAndDestroy(f));
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(f);
    if (queue_.size() == 1) cv_.notify_one();
  }

  // Waits for every feature handed over; the results in file order.
  std::vector<Checked>& Finish() {
    if (worker_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
      }
      cv_.notify_one();
      worker_.join();
    }
    return out_;
  }

 private:
  Checked CheckAndDestroy(OGRFeatureH f) {
    CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS's complaints; handlers are per thread
    Checked c = Check(OGR_F_GetGeometryRef(f), repair_);
    CPLPopErrorHandler();
    OGR_F_Destroy(f);
    return c;
  }

  void Work() {
    std::vector<OGRFeatureH> batch;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return done_ || !queue_.empty(); });
        if (queue_.empty()) break;
        batch.swap(queue_);
      }
      for (OGRFeatureH f : batch) out_.push_back(CheckAndDestroy(f));
      batch.clear();
    }
  }

  const bool repair_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<OGRFeatureH> queue_;  // guarded by mu_
  bool done_ = false;               // guarded by mu_
  std::vector<Checked> out_;        // the worker's until Finish
  std::thread worker_;
};

}  // namespace

Result<PolygonData> ReadPolygons(const std::string& path, const std::string& id_column,
                                 const PolygonReadOptions& options) {
  internal::InitGdal();
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound(path + ": no such file");
  if (fs::file_size(path, ec) == 0) return InvalidArgument(path + ": file is empty");
  RecordInput(path);
  // GDAL's GeoJSON driver scans the whole file for the schema when it opens
  // it, then parses it again feature by feature: a fifth of reading England.
  // The id alone needs only the id's field, so with attributes = false the
  // scan may stop after the first features (OGR_GEOJSON_MAX_FEATURES_FIRST_PASS),
  // unless that could read differently: the id field missing from them or
  // not text (a later value might be), or a "crs" member possibly after the
  // features (seen only by a full scan). Then the file is opened again,
  // fully scanned.
  const bool quick = !options.attributes && IsGeoJson(path) && !TailMentionsCrs(path);
  GDALDatasetH ds = OpenVector(path, quick);
  if (!ds) return InvalidArgument(path + ": cannot be read as a vector file (GeoJSON, GeoPackage, Shapefile)");
  struct Closer {
    GDALDatasetH d;
    ~Closer() { if (d) GDALClose(d); }
  } closer{ds};
  OGRLayerH layer = nullptr;
  bool scanned = !quick;
  for (;;) {
    layer = options.layer.empty() ? GDALDatasetGetLayer(closer.d, 0)
                                  : GDALDatasetGetLayerByName(closer.d, options.layer.c_str());
    if (scanned || !layer) break;
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(layer);
    const int id = OGR_FD_GetFieldIndex(d, id_column.c_str());
    if (id >= 0 && OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, id)) == OFTString) break;
    GDALClose(closer.d);
    closer.d = OpenVector(path, false);
    scanned = true;
    if (!closer.d) return InvalidArgument(path + ": cannot be read as a vector file (GeoJSON, GeoPackage, Shapefile)");
  }
  if (!layer) return NotFound(path + ": no layer" + (options.layer.empty() ? "" : " '" + options.layer + "'"));
  // After a quick open the count would cost a full scan: an empty layer
  // then has no id field (so was scanned after all) or is found by the read.
  if (scanned && OGR_L_GetFeatureCount(layer, TRUE) == 0) return InvalidArgument(path + ": has no features");
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int nfields = OGR_FD_GetFieldCount(defn);
  const int id_field = OGR_FD_GetFieldIndex(defn, id_column.c_str());
  if (id_field < 0) {
    std::string names;
    for (int i = 0; i < nfields && i < 8; ++i) names += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    return NotFound(path + ": id column '" + id_column + "' not found (columns: " + names + ")");
  }
  // The attribute columns read: all, or the id alone (the others then never
  // leave the driver).
  std::vector<int> fields;
  for (int i = 0; i < nfields; ++i) {
    if (options.attributes || i == id_field) fields.push_back(i);
  }
  if (!options.attributes) {
    std::vector<const char*> ignored;
    for (int i = 0; i < nfields; ++i) {
      if (i != id_field) ignored.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    ignored.push_back(nullptr);
    OGR_L_SetIgnoredFields(layer, ignored.data());
  }
  PolygonData data;
  data.layer.crs = CrsName(OGR_L_GetSpatialRef(layer));
  data.layer.projected = !data.layer.crs.empty() && OSRIsProjected(OGR_L_GetSpatialRef(layer));
  std::vector<Table::Text> cols(fields.size());
  std::unordered_set<std::string> seen;
  // The first error the reader finds (missing or duplicate id, no
  // geometry), at feature `stop`; one the checker finds before it wins, so
  // the error is always the first feature's, as a serial read gives.
  std::string reader_error;
  size_t stop = SIZE_MAX;
  BackgroundChecker checker(options.repair, ResolveThreads(options.threads) > 1);
  OGR_L_ResetReading(layer);
  OGRFeatureH f;
  size_t index = 0;
  while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
    std::string id = internal::FieldText(f, id_field);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    auto where = [&] { return path + ": feature " + std::to_string(index + 1); };
    if (id.empty()) reader_error = where() + ": missing id in column '" + id_column + "'";
    else if (!seen.insert(id).second) reader_error = where() + ": duplicate id '" + id + "'";
    else if (!g || OGR_G_IsEmpty(g)) reader_error = where() + " ('" + id + "'): no geometry";
    if (!reader_error.empty()) {
      OGR_F_Destroy(f);
      stop = index;
      break;
    }
    for (size_t k = 0; k < fields.size(); ++k) cols[k].push_back(internal::FieldText(f, fields[k]));
    data.layer.ids.push_back(std::move(id));
    checker.Add(f);
    ++index;
  }
  std::vector<Checked>& checked = checker.Finish();
  for (size_t i = 0; i < checked.size(); ++i) {
    if (!checked[i].polygonal) {
      return InvalidArgument(path + ": feature " + std::to_string(i + 1) + " ('" + data.layer.ids[i] +
                             "'): not a polygon (" + checked[i].type + ")");
    }
  }
  if (stop != SIZE_MAX) return InvalidArgument(reader_error);
  if (index == 0) return InvalidArgument(path + ": has no features");
  data.layer.polygons.reserve(index);
  for (size_t i = 0; i < index; ++i) {
    if (checked[i].invalid) {
      data.problems.push_back({i, data.layer.ids[i],
                               checked[i].repaired ? "invalid polygon; repaired with MakeValid" : "invalid polygon; kept as is"});
    }
    data.layer.polygons.push_back(std::move(checked[i].polygon));
  }
  data.attributes.set_source(path);
  for (size_t k = 0; k < fields.size(); ++k) {
    (void)data.attributes.AddText(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, fields[k])), std::move(cols[k]));
  }
  NHOOD_RETURN_IF_ERROR(CheckFiniteNumbers(data.attributes));
  return data;
}

Result<std::vector<geo::Point>> ReprojectPoints(const std::vector<geo::Point>& points, const std::string& from,
                                                const std::string& to) {
  OGRSpatialReferenceH src = OSRNewSpatialReference(nullptr), dst = OSRNewSpatialReference(nullptr);
  struct Free {
    OGRSpatialReferenceH a, b;
    ~Free() {
      OSRDestroySpatialReference(a);
      OSRDestroySpatialReference(b);
    }
  } free_srs{src, dst};
  CPLPushErrorHandler(CPLQuietErrorHandler);
  const bool ok = OSRSetFromUserInput(src, from.c_str()) == OGRERR_NONE && OSRSetFromUserInput(dst, to.c_str()) == OGRERR_NONE;
  CPLPopErrorHandler();
  if (!ok) return InvalidArgument("reproject: unknown coordinate system '" + from + "' or '" + to + "'");
  OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(src, dst);
  if (!ct) return InvalidArgument("reproject: no transformation from " + from + " to " + to);
  std::vector<double> x(points.size()), y(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    x[i] = points[i].x;
    y[i] = points[i].y;
  }
  std::vector<int> success(points.size(), 0);
  const int done = OCTTransformEx(ct, static_cast<int>(points.size()), x.data(), y.data(), nullptr, success.data());
  OCTDestroyCoordinateTransformation(ct);
  if (!done) return InvalidArgument("reproject: transformation failed");
  std::vector<geo::Point> out(points.size());
  for (size_t i = 0; i < points.size(); ++i) out[i] = success[i] ? geo::Point{x[i], y[i]} : geo::Point{NAN, NAN};
  return out;
}

Result<geo::PolygonLayer> ReprojectLayer(const geo::PolygonLayer& layer, const std::string& to) {
  if (layer.crs.empty() || layer.crs == to) return layer;
  std::vector<geo::Point> all;
  for (const auto& p : layer.polygons) {
    for (const auto& part : p.parts) {
      for (const auto& ring : part) all.insert(all.end(), ring.begin(), ring.end());
    }
  }
  NHOOD_ASSIGN_OR_RETURN(auto moved, ReprojectPoints(all, layer.crs, to));
  geo::PolygonLayer out = layer;
  size_t k = 0;
  for (auto& p : out.polygons) {
    for (auto& part : p.parts) {
      for (auto& ring : part) {
        for (auto& q : ring) q = moved[k++];
      }
    }
  }
  out.crs = to;
  out.projected = true;
  return out;
}

Result<geo::PolygonLayer> DissolveLayer(const geo::PolygonLayer& layer, const std::vector<int32_t>& group,
                                        const std::vector<std::string>& names) {
  const size_t groups = names.size();
  std::vector<OGRGeometryH> multi(groups, nullptr);
  for (size_t i = 0; i < layer.size(); ++i) {
    const int32_t g = group[i];
    if (g < 0 || static_cast<size_t>(g) >= groups) continue;
    if (!multi[g]) multi[g] = OGR_G_CreateGeometry(wkbMultiPolygon);
    internal::AppendParts(layer.polygons[i], multi[g]);
  }
  geo::PolygonLayer out;
  out.crs = layer.crs;
  out.projected = layer.projected;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  for (size_t g = 0; g < groups; ++g) {
    geo::Polygon dissolved;
    if (multi[g]) {
      OGRGeometryH u = OGR_G_UnionCascaded(multi[g]);
      if (!u) {  // invalid input: repair, then union
        OGRGeometryH valid = OGR_G_MakeValid(multi[g]);
        u = valid ? OGR_G_UnionCascaded(valid) : nullptr;
        if (valid) OGR_G_DestroyGeometry(valid);
      }
      if (u) {
        ToPolygon(u, &dissolved);
        OGR_G_DestroyGeometry(u);
      }
      OGR_G_DestroyGeometry(multi[g]);
    }
    out.ids.push_back(names[g]);
    out.polygons.push_back(std::move(dissolved));
  }
  CPLPopErrorHandler();
  return out;
}

Status WriteLayer(const std::string& path, const geo::PolygonLayer& layer, const Table& t,
                  const std::string& layer_name) {
  return WriteLayers(path, {{&layer, &t, layer_name}});
}

namespace {

Status AddLayer(GDALDatasetH ds, const std::string& path, const NamedLayer& named) {
  const geo::PolygonLayer& layer = *named.layer;
  const Table& t = *named.attributes;
  if (t.num_rows() != layer.size()) return Internal("layer and attributes differ in rows");
  OGRSpatialReferenceH srs = nullptr;
  if (!layer.crs.empty()) {
    srs = OSRNewSpatialReference(nullptr);
    if (OSRSetFromUserInput(srs, layer.crs.c_str()) != OGRERR_NONE) {
      OSRDestroySpatialReference(srs);
      srs = nullptr;
    } else {
      OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
  }
  OGRLayerH out = GDALDatasetCreateLayer(ds, named.name.c_str(), srs, wkbMultiPolygon, nullptr);
  if (srs) OSRDestroySpatialReference(srs);
  if (!out) return IoError(path + ": cannot create layer '" + named.name + "'");
  CPLErrorReset();
  for (size_t c = 0; c < t.num_columns(); ++c) {
    OGRFieldDefnH def = OGR_Fld_Create(t.name(c).c_str(), t.is_numeric(c) ? OFTReal : OFTString);
    const OGRErr err = OGR_L_CreateField(out, def, TRUE);
    OGR_Fld_Destroy(def);
    if (err != OGRERR_NONE) return IoError(path + ": cannot create field '" + t.name(c) + "'");
  }
  GDALDatasetStartTransaction(ds, FALSE);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(out);
  for (size_t r = 0; r < t.num_rows(); ++r) {
    OGRFeatureH f = OGR_F_Create(defn);
    for (size_t c = 0; c < t.num_columns(); ++c) {
      const int i = static_cast<int>(c);
      if (t.is_numeric(c)) {
        const double v = t.numbers(c)[r];
        if (std::isfinite(v)) OGR_F_SetFieldDouble(f, i, v);
        else OGR_F_SetFieldNull(f, i);
      } else {
        OGR_F_SetFieldString(f, i, t.text(c)[r].c_str());
      }
    }
    OGR_F_SetGeometryDirectly(f, internal::ToMultiPolygon(layer.polygons[r]));
    const OGRErr err = OGR_L_CreateFeature(out, f);
    OGR_F_Destroy(f);
    if (err != OGRERR_NONE) return IoError(path + ": cannot write feature " + std::to_string(r + 1) + " of '" + named.name + "'");
  }
  GDALDatasetCommitTransaction(ds);
  return Status::Ok();
}

}  // namespace

Status WriteLayers(const std::string& path, const std::vector<NamedLayer>& layers) {
  internal::InitGdal();
  const fs::path target(path);
  std::string ext = target.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const char* driver_name = ext == ".gpkg" ? "GPKG" : (ext == ".geojson" || ext == ".json") ? "GeoJSON" : nullptr;
  if (!driver_name) return InvalidArgument(path + ": use a .gpkg or .geojson file for a layer with geometry");
  if (layers.size() > 1 && std::string(driver_name) != "GPKG") {
    return InvalidArgument(path + ": several layers need a GeoPackage (.gpkg)");
  }
  NHOOD_RETURN_IF_ERROR(CheckNotAnInput(path));
  for (const NamedLayer& l : layers) {
    if (Status u = CheckUtf8(*l.attributes); !u.ok()) return InvalidArgument(path + " not written: " + u.message());
  }
  const fs::path tmp = internal::TempPathFor(target);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName(driver_name), tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  Status status = Status::Ok();
  if (!ds) {
    status = IoError(path + ": cannot be created (does the directory exist and is it writable?)");
  } else {
    for (const NamedLayer& l : layers) {
      status = AddLayer(ds, path, l);
      if (!status.ok()) break;
    }
    CPLErrorReset();
    GDALClose(ds);  // flushes
    if (CPLGetLastErrorType() == CE_Failure && status.ok()) status = IoError(path + ": cannot be written (is the disk full?)");
  }
  CPLPopErrorHandler();
  if (!status.ok()) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return status;
  }
  NHOOD_RETURN_IF_ERROR(internal::Commit(tmp, target));
  return internal::AfterWrite(path);
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  NHOOD_RETURN_IF_ERROR(CheckNotAnInput(path));
  if (!CPLIsUTF8(text.data(), static_cast<int>(text.size()))) {
    // Name the first line that is not UTF-8.
    size_t line = 1, start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        if (!CPLIsUTF8(text.data() + start, static_cast<int>(i - start))) break;
        ++line;
        start = i + 1;
      }
    }
    return InvalidArgument(path + " not written: line " + std::to_string(line) + " is not valid UTF-8");
  }
  const fs::path target(path);
  const fs::path tmp = internal::TempPathFor(target);
  bool ok;
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.close();
    ok = static_cast<bool>(out);
  }
  if (!ok) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return IoError(path + ": cannot be written (does the directory exist, is the disk full?)");
  }
  NHOOD_RETURN_IF_ERROR(internal::Commit(tmp, target));
  return internal::AfterWrite(path);
}

Result<std::string> ReadTextFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound(path + ": no such file");
  RecordInput(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot be opened");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace nhood::io
