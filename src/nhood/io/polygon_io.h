// Reading polygon layers (GeoJSON, GeoPackage, Shapefile) through GDAL/OGR,
// and reprojecting points with PROJ (through OGR's coordinate transforms).
//
// Features keep their native coordinates, because contiguity must compare
// vertices as stored (spdep::poly2nb does). Each feature is checked with
// GEOS (OGR_G_IsValid); an invalid one is repaired with OGR_G_MakeValid when
// `repair` is set and reported either way. A feature with no geometry, a
// non-polygon geometry, or a missing or duplicated id is an error naming the
// feature. A layer with no CRS, or GeoPackage's "Undefined geographic SRS"
// and "Undefined Cartesian SRS" placeholders, has an empty `crs`.
// Thread-safe across different files.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"

namespace nhood::io {

struct PolygonReadOptions {
  std::string layer;      // first layer when empty
  bool repair = true;     // MakeValid invalid polygons
  // Every attribute column into PolygonData::attributes; false reads the id
  // column alone: the driver skips the others, and GDAL's GeoJSON schema
  // scan stops after the first features when that reads the same (a text id
  // field, no "crs" member near the end of the file), else the file gets
  // the full scan. Faster for large layers; the same layer either way.
  bool attributes = true;
  // Above 1 (0 = the hardware's threads), the GEOS validity check and the
  // conversion run on a second thread while GDAL parses the file on. The
  // result is the same either way, errors included (the first feature's).
  int threads = 0;
};

struct FeatureProblem {
  size_t feature = 0;  // 0-based
  std::string id;
  std::string problem;  // e.g. "invalid (Self-intersection); repaired"
};

struct PolygonData {
  geo::PolygonLayer layer;       // ids from `id_column`
  Table attributes;              // every attribute column, as text
  std::vector<FeatureProblem> problems;
};

// Errors: kNotFound (file, id column), kInvalidArgument (no features, empty or
// non-polygon geometry, missing or duplicate id: named with the feature).
Result<PolygonData> ReadPolygons(const std::string& path, const std::string& id_column,
                                 const PolygonReadOptions& options = {});

// Points from the layer's CRS (`from`, e.g. "EPSG:4326" or WKT) to `to`
// (e.g. "EPSG:27700"), in x = easting / longitude order.
Result<std::vector<geo::Point>> ReprojectPoints(const std::vector<geo::Point>& points, const std::string& from,
                                                const std::string& to);

// Every vertex of the layer reprojected to `to` (e.g. "EPSG:27700");
// returns the layer unchanged when it has no CRS or is already in `to`.
Result<geo::PolygonLayer> ReprojectLayer(const geo::PolygonLayer& layer, const std::string& to);

// Dissolves polygons by group (GEOS union through OGR_G_UnionCascaded):
// one polygon per group 0..groups-1, with the group names as ids.
Result<geo::PolygonLayer> DissolveLayer(const geo::PolygonLayer& layer, const std::vector<int32_t>& group,
                                        const std::vector<std::string>& names);

// Writes polygons with an attribute table (one row per feature, same order)
// as a GeoPackage (.gpkg) or GeoJSON (.geojson) layer in the layer's CRS.
// Numeric columns become Real fields. Atomic: a temporary file is renamed
// over `path` only when complete.
Status WriteLayer(const std::string& path, const geo::PolygonLayer& layer, const Table& attributes,
                  const std::string& layer_name);

// Several layers into one GeoPackage (GeoJSON holds one), atomically.
struct NamedLayer {
  const geo::PolygonLayer* layer;
  const Table* attributes;
  std::string name;
};
Status WriteLayers(const std::string& path, const std::vector<NamedLayer>& layers);

// Writes text to a file atomically.
Status WriteTextFile(const std::string& path, const std::string& text);

// Reads a whole text file (weights files). kNotFound / kIoError.
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace nhood::io
