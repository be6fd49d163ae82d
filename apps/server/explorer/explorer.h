// The atlas explorer of `nhood serve --atlas DIR …`: every atlas output
// directory loaded once at start (io::ReadAtlasOutput), with its profile and
// search indexes (nhood/atlas/atlas_profile.h, atlas_search.h) and its map
// layers assembled as GeoJSON per zoom band (and per local authority for
// LSOA boundaries), each with an ETag. Read-only after Load(), so one
// Explorer is shared by every request thread without locks.
//
// Layers: "neighbourhoods" (every neighbourhood, and per local authority
// from the LSOA band; the colourable columns as properties), "lsoas" (per
// local authority from the LSOA band: the LSOA table's columns),
// "hotspots" (LSOAs in High-High clusters) and "double_disadvantage"
// (LSOAs in doubly disadvantaged, left-behind wards). Every layer body is
// also kept gzipped, for clients that accept gzip.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/server/explorer/explorer_reach.h"
#include "nhood/atlas/atlas_profile.h"
#include "nhood/atlas/atlas_search.h"
#include "nhood/base/result.h"
#include "nhood/io/atlas_output.h"

namespace nhood::server::explorer {

using BoundingBox = std::array<double, 4>;  // min lon, min lat, max lon, max lat

struct CachedBody {
  std::string text;
  std::string etag;  // quoted, from the SHA-256 of text
  // Map layers only: text gzipped once at load (gzip.h), with its own ETag
  // (etag with "-gzip" before the closing quote: a different representation).
  std::string gzip, gzip_etag;
};

// LSOA boundaries are drawn from this zoom (the map's band 2 and up).
inline constexpr int kLsoaMinZoom = 11;

inline const char* const kLayerNames[] = {"neighbourhoods", "lsoas", "hotspots", "double_disadvantage"};

struct LoadedAtlas {
  std::string slug;  // from the directory name: ?atlas=SLUG
  atlas::ExplorerAtlas data;
  std::optional<atlas::ProfileIndex> profiles;
  atlas::SearchIndex search;
  std::string neighbourhoods_csv;
  nlohmann::json meta;  // GET /api/v1/atlas?atlas=SLUG, without "ok"
  BoundingBox bbox{};
  std::unordered_map<std::string, BoundingBox> neighbourhood_bbox, lsoa_bbox, la_bbox;
  // "LAYER/BAND" for whole-extent layers, "lsoas|neighbourhoods/BAND/LA" per authority
  // (from the LSOA band), "LAYER/download" (stored boundaries, every column).
  std::unordered_map<std::string, CachedBody> layers;
  double load_seconds = 0;
  double gzip_seconds = 0;  // of load_seconds: gzipping the layers
};

class Explorer {
 public:
  // Loads every directory; errors name the directory and file.
  static Result<std::unique_ptr<Explorer>> Load(const std::vector<std::string>& dirs);

  // The atlas named by `slug`, the first when empty; kNotFound otherwise.
  Result<const LoadedAtlas*> Find(const std::string& slug) const;
  const std::vector<std::unique_ptr<LoadedAtlas>>& atlases() const { return atlases_; }
  // The link service's residents per LSOA, when serve has --db
  // (explorer_reach.h; the one mutable, locked part).
  ReachCounts& reach() const { return *reach_; }

 private:
  std::vector<std::unique_ptr<LoadedAtlas>> atlases_;
  std::unique_ptr<ReachCounts> reach_ = std::make_unique<ReachCounts>();
};

// The profile of one neighbourhood as JSON (docs/api.md); with `reach`,
// also "link_reach": {"residents" (null when withheld), "suppressed",
// "suppress_below", "as_of"}.
nlohmann::json ProfileJson(const LoadedAtlas& a, const atlas::Profile& p,
                           const std::optional<NeighbourhoodReach>& reach = std::nullopt);

}  // namespace nhood::server::explorer
