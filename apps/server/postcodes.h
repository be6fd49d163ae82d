// Postcode → coordinates (and LSOA 2021) for the ORUK postcode + proximity
// filter and for residents entered by postcode.
//
// PostcodeIndex reads an ONS Postcode Directory / NSPL / Code-Point style CSV
// (gzipped or not) once at start: a postcode column (`postcode`, `pcds` or
// `pcd`), latitude (`lat`), longitude (`long`/`lon`), and the LSOA 2021 when
// there is one (`lsoa21`, `lsoa21cd`), and the local authority name
// (`lad_name`, `laname`) when there is one. Rows without coordinates are skipped.
// Without an index, ResolvePostcode looks through the directory's own
// addresses that carry coordinates. Read-only after Load: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "nhood/base/result.h"
#include "nhood/link/store.h"

namespace nhood::server {

// Proximity used when a postcode comes without one.
inline constexpr double kDefaultProximityMetres = 5000;

struct LatLong {
  double latitude = 0, longitude = 0;
};

struct PostcodeEntry {
  LatLong at;
  std::string lsoa;  // LSOA 2021, or empty
  std::string area;  // local authority name (`lad_name`), or empty
};

class PostcodeIndex {
 public:
  // kNotFound / kInvalidArgument naming the file and the missing column.
  static Result<std::unique_ptr<PostcodeIndex>> Load(const std::string& path);
  // `postcode` normalised ("NE1 4ST"); null when absent.
  const PostcodeEntry* Find(const std::string& postcode) const;
  size_t size() const { return entries_.size(); }
  const std::unordered_map<std::string, PostcodeEntry>& entries() const { return entries_; }

 private:
  std::unordered_map<std::string, PostcodeEntry> entries_;
};

// The postcode's centroid: from the index when given, else from a directory
// address with that postal code whose location has coordinates.
// kInvalidArgument (field "postcode") for a malformed or unknown postcode.
Result<LatLong> ResolvePostcode(link::Store& store, const PostcodeIndex* index, const std::string& postcode);

}  // namespace nhood::server
