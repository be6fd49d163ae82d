#include "apps/server/postcodes.h"

#include <charconv>

#include "nhood/io/table_io.h"
#include "nhood/link/resident.h"

namespace nhood::server {
namespace {

std::optional<size_t> FindAny(const Table& t, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto c = t.Find(n)) return c;
  }
  return std::nullopt;
}

bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Result<std::unique_ptr<PostcodeIndex>> PostcodeIndex::Load(const std::string& path) {
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  NHOOD_ASSIGN_OR_RETURN(Table t, io::ReadTable(gz ? "/vsigzip/" + path : path));
  auto pc = FindAny(t, {"postcode", "pcds", "pcd"});
  auto lat = FindAny(t, {"lat", "latitude"});
  auto lon = FindAny(t, {"long", "lon", "longitude"});
  auto lsoa = FindAny(t, {"lsoa21", "lsoa21cd", "lsoa21_code"});
  if (!pc) return InvalidArgument(path + ": no postcode column (postcode, pcds or pcd)");
  if (!lat || !lon) return InvalidArgument(path + ": no lat and long columns");
  auto index = std::make_unique<PostcodeIndex>();
  index->entries_.reserve(t.num_rows());
  for (size_t row = 0; row < t.num_rows(); ++row) {
    PostcodeEntry e;
    if (!ParseDouble(t.Cell(*lat, row), &e.at.latitude) || !ParseDouble(t.Cell(*lon, row), &e.at.longitude)) continue;
    auto normal = link::NormalisePostcode(t.Cell(*pc, row));
    if (!normal) continue;
    if (lsoa) e.lsoa = t.Cell(*lsoa, row);
    index->entries_.emplace(std::move(*normal), std::move(e));
  }
  return index;
}

const PostcodeEntry* PostcodeIndex::Find(const std::string& postcode) const {
  auto it = entries_.find(postcode);
  return it == entries_.end() ? nullptr : &it->second;
}

Result<LatLong> ResolvePostcode(link::Store& store, const PostcodeIndex* index, const std::string& text) {
  NHOOD_ASSIGN_OR_RETURN(std::string postcode, link::NormalisePostcode(text));
  if (index) {
    if (const PostcodeEntry* e = index->Find(postcode)) return e->at;
    return InvalidField("postcode", "postcode " + postcode + " is not in the postcode file");
  }
  for (int page = 1;; ++page) {
    NHOOD_ASSIGN_OR_RETURN(auto sals, store.ListServiceAtLocations({.page = page, .per_page = 1000}));
    for (const link::ServiceAtLocation& sal : sals.contents) {
      auto l = store.GetLocation(sal.location_id);
      if (!l || !l->latitude || !l->longitude) continue;
      for (const link::Address& a : l->addresses) {
        auto normal = link::NormalisePostcode(a.postal_code);
        if (normal && *normal == postcode) return LatLong{*l->latitude, *l->longitude};
      }
    }
    if (page >= sals.total_pages()) break;
  }
  return InvalidField("postcode", "postcode " + postcode + " is not known (start the server with --postcodes FILE)");
}

}  // namespace nhood::server
