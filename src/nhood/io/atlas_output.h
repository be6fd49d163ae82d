// Reading an `nhood atlas` output directory for the explorer
// (`nhood serve --atlas DIR`): its tables, its indicators' England values,
// and its map layers simplified for each zoom band of the explorer's map.
//
// Reads DIR/neighbourhoods.csv and DIR/lsoas.csv (io::ReadTable),
// DIR/atlas.gpkg (layers `neighbourhoods`, id neighbourhood_id, and
// `lsoas`, id its lsoaNN_code column; EPSG:4326) and the indicator list:
// DIR/indicators.csv when present (written by `nhood atlas` since it was
// added: WriteAtlasIndicators below), else, for older directories, the list
// the atlas embedded in DIR/report.html (labels, England values, polarity),
// matched in order to the indicator columns of neighbourhoods.csv (those
// between hotspot_share and risk_score; without the `_sr`/`_sdr` ratios
// when only that makes the counts agree; none when they still differ).
// The title comes from report.html either way.
//
// Geometry per zoom band (ExplorerZoomBands): GEOS simplification through
// OGR_G_SimplifyPreserveTopology at the band's tolerance in degrees, then
// GeoJSON text with coordinates rounded to the band's decimals. The finest
// band keeps the stored (already generalised) boundaries. Simplifying each
// polygon on its own may open hairline gaps between neighbours at low zoom;
// they are below a pixel at the band's zooms.
//
// Thread-safe across different directories.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::io {

struct ZoomBand {
  int min_zoom = 0;        // Leaflet/web-mercator zoom where the band starts
  double tolerance = 0;    // degrees; 0 = the stored geometry
  int decimals = 6;        // coordinate rounding
};

// Four bands: zoom 0-7 (0.008 degrees, 3 decimals), 8-9 (0.001, 4),
// 10-11 (0.0003, 5), 12 and up (stored geometry, 6).
const std::vector<ZoomBand>& ExplorerZoomBands();
// The band of a zoom level (negative: 0; beyond the last: the last).
size_t ZoomBandOf(int zoom);

// One indicator of an atlas, matched to its column of neighbourhoods.csv.
// The fields past higher_is_worse come only from indicators.csv (empty or
// false when read from an old directory's report.html).
struct AtlasIndicatorInfo {
  std::string column;  // indicators.csv `key`
  std::string label;   // `name`
  double england = 0;  // NaN when the atlas gave none
  bool higher_is_worse = true;
  bool standardised = false;  // a ratio with England = 100
  std::string unit;    // "proportion", "ratio (England = 100)", "score"
  std::string method;  // how the value and its interval were made, with the reference
  std::string source;  // the input file it came from, as the configuration named it
};

// Writes `indicators` as DIR/indicators.csv (`path`), one row each, columns
// key, name, unit, england, higher_is_worse, standardised, method, source
// (England empty when NaN; flags true/false). Through WriteTable, so a
// StagedDirectory lists it in provenance.json.
Status WriteAtlasIndicators(const std::vector<AtlasIndicatorInfo>& indicators, const std::string& path);

// Reads an indicators.csv written by WriteAtlasIndicators. kInvalidArgument
// naming the file, row and column for a missing column, an empty key, a
// repeated key, an England value that is not a number, or a flag that is
// not true/false.
Result<std::vector<AtlasIndicatorInfo>> ReadAtlasIndicators(const std::string& path);

struct LayerGeometry {
  std::vector<std::string> ids;
  // geometry[band][feature]: a GeoJSON geometry object as text ("" for a
  // band the feature was not asked for).
  std::vector<std::vector<std::string>> geometry;
  // Per feature: min lon, min lat, max lon, max lat.
  std::vector<std::array<double, 4>> bbox;
};

struct AtlasOutput {
  std::string dir;
  std::string title;  // the report's title after "nhood atlas: ", else the directory's name
  Table neighbourhoods, lsoas;
  std::vector<AtlasIndicatorInfo> indicators;  // empty without a readable report
  LayerGeometry neighbourhood_geometry, lsoa_geometry;
  std::string neighbourhoods_csv;  // the file's bytes, for downloads
};

struct AtlasReadOptions {
  // For each row of lsoas.csv, the first zoom band its boundary is needed
  // at (lower bands are left empty, saving time and memory); null: all.
  std::function<size_t(const Table& lsoas, size_t row)> lsoa_first_band;
  int threads = 0;  // simplification threads; 0 = the hardware's
};

// Errors name the file: kNotFound for a missing directory or file (the
// report and indicators.csv are optional), kInvalidArgument for a bad
// indicators.csv (as ReadAtlasIndicators, or a key that is not a column of
// neighbourhoods.csv), a table without
// neighbourhood_id, an lsoas table or layer without an lsoaNN_code column,
// a feature without geometry or id; kIoError when a file cannot be read.
Result<AtlasOutput> ReadAtlasOutput(const std::string& dir, const AtlasReadOptions& options = {});

// `table` as CSV text (GDAL's CSV driver in memory; strings quoted only
// when they need it, LF line ends), every cell as Table::Cell shows it.
Result<std::string> CsvText(const Table& table);

}  // namespace nhood::io
