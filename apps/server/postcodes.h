// Postcode → coordinates (and LSOA 2021) for the ORUK postcode + proximity
// filter and for residents entered by postcode.
//
// PostcodeIndex reads an ONS Postcode Directory / NSPL / Code-Point style CSV
// (gzipped or not) once at start: a postcode column (`postcode`, `pcds` or
// `pcd`), latitude (`lat`), longitude (`long`/`lon`), and the LSOA 2021 when
// there is one (`lsoa21`, `lsoa21cd`), and the local authority name
// (`lad_name`, `laname`) when there is one. Rows without coordinates are skipped.
// A row without an LSOA gets one by point-in-polygon against LSOA 2021
// boundaries when they are given (LsoaLocator: GEOS through
// nhood/io/point_in_polygon.h, an STRtree over the polygons); else it has
// none and a resident at that postcode needs the LSOA entered directly.
// Without an index, ResolvePostcode looks through the directory's own
// addresses that carry coordinates. Read-only after Load: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>
#include <unordered_map>

#include "nhood/base/result.h"
#include "nhood/link/store.h"

namespace nhood::server {

// Proximity used when a postcode comes without one.
inline constexpr double kDefaultProximityMetres = 5000;

struct LatLong {
  double latitude = 0, longitude = 0;
};

// Where an entry's LSOA came from.
enum class LsoaSource { kNone, kFile, kPointInPolygon };

struct PostcodeEntry {
  LatLong at;
  std::string lsoa;  // LSOA 2021, or empty
  std::string area;  // local authority name (`lad_name`), or empty
  LsoaSource lsoa_source = LsoaSource::kNone;
};

// The LSOA 2021 holding a point, from a polygon layer of the LSOAs (the
// ONS GeoJSON in the data mirror: boundaries/lsoa21_england_generalised.geojson,
// id column `lsoa21_code`, WGS 84; a projected layer is reprojected to WGS 84
// first). Not thread-safe (see PointInPolygonIndex): used while loading.
class LsoaLocator {
 public:
  // Errors of io::ReadPolygons (file, id column, bad features).
  static Result<std::unique_ptr<LsoaLocator>> Load(const std::string& path, const std::string& id_column = "lsoa21_code");
  ~LsoaLocator();
  // The LSOA code, or empty when the point is in none of them.
  std::string Locate(LatLong at) const;
  size_t size() const;

 private:
  struct Impl;
  explicit LsoaLocator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct PostcodeLoadOptions {
  // LSOA 2021 boundaries for rows without an LSOA column value; none when empty.
  std::string lsoa_boundaries;
  std::string lsoa_id_column = "lsoa21_code";
};

class PostcodeIndex {
 public:
  // kNotFound / kInvalidArgument naming the file and the missing column;
  // LsoaLocator::Load's errors for the boundaries.
  static Result<std::unique_ptr<PostcodeIndex>> Load(const std::string& path, const PostcodeLoadOptions& options = {});
  // `postcode` normalised ("NE1 4ST"); null when absent.
  const PostcodeEntry* Find(const std::string& postcode) const;
  size_t size() const { return entries_.size(); }
  // Entries whose LSOA came from `source`.
  size_t Count(LsoaSource source) const;
  const std::unordered_map<std::string, PostcodeEntry>& entries() const { return entries_; }

 private:
  std::unordered_map<std::string, PostcodeEntry> entries_;
};

// The postcode's centroid: from the index when given, else from a directory
// address with that postal code whose location has coordinates.
// kInvalidArgument (field "postcode") for a malformed or unknown postcode.
Result<LatLong> ResolvePostcode(link::Store& store, const PostcodeIndex* index, const std::string& postcode);

}  // namespace nhood::server
