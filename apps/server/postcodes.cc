#include "apps/server/postcodes.h"

#include <unistd.h>
#include <zlib.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "nhood/io/point_in_polygon.h"
#include "nhood/io/polygon_io.h"
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

// Inflates a .gz file into a temporary .csv beside nothing else (removed by
// the caller); zlib does the work.
Result<std::string> Gunzip(const std::string& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) return NotFound(path + ": no such file");
  const std::filesystem::path out_path =
      std::filesystem::temp_directory_path() / ("nhood_postcodes_" + std::to_string(::getpid()) + ".csv");
  std::ofstream out(out_path, std::ios::binary);
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(in, buffer, sizeof buffer)) > 0) out.write(buffer, n);
  const bool failed = n < 0 || !out;
  gzclose(in);
  out.close();
  if (failed) {
    std::filesystem::remove(out_path);
    return IoError(path + ": cannot inflate (not a gzip file?)");
  }
  return out_path.string();
}

}  // namespace

struct LsoaLocator::Impl {
  std::vector<std::string> ids;
  std::unique_ptr<io::PointInPolygonIndex> index;
};

LsoaLocator::LsoaLocator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LsoaLocator::~LsoaLocator() = default;

Result<std::unique_ptr<LsoaLocator>> LsoaLocator::Load(const std::string& path, const std::string& id_column) {
  NHOOD_ASSIGN_OR_RETURN(io::PolygonData data, io::ReadPolygons(path, id_column));
  geo::PolygonLayer layer = std::move(data.layer);
  if (layer.projected) {
    NHOOD_ASSIGN_OR_RETURN(layer, io::ReprojectLayer(layer, "EPSG:4326"));
  }
  auto impl = std::make_unique<Impl>();
  NHOOD_ASSIGN_OR_RETURN(impl->index, io::PointInPolygonIndex::Build(layer));
  impl->ids = std::move(layer.ids);
  return std::unique_ptr<LsoaLocator>(new LsoaLocator(std::move(impl)));
}

std::string LsoaLocator::Locate(LatLong at) const {
  std::optional<size_t> i = impl_->index->Find(at.longitude, at.latitude);
  return i ? impl_->ids[*i] : std::string();
}

size_t LsoaLocator::size() const { return impl_->ids.size(); }

size_t PostcodeIndex::Count(LsoaSource source) const {
  size_t n = 0;
  for (const auto& [postcode, e] : entries_) n += e.lsoa_source == source;
  return n;
}

Result<std::unique_ptr<PostcodeIndex>> PostcodeIndex::Load(const std::string& path, const PostcodeLoadOptions& options) {
  std::unique_ptr<LsoaLocator> locator;
  if (!options.lsoa_boundaries.empty()) {
    NHOOD_ASSIGN_OR_RETURN(locator, LsoaLocator::Load(options.lsoa_boundaries, options.lsoa_id_column));
  }
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  std::string csv = path;
  if (gz) {
    NHOOD_ASSIGN_OR_RETURN(csv, Gunzip(path));
  }
  Result<Table> read = io::ReadTable(csv);
  if (gz) std::filesystem::remove(csv);
  if (!read) return read.error();
  const Table& t = *read;
  auto pc = FindAny(t, {"postcode", "pcds", "pcd"});
  auto lat = FindAny(t, {"lat", "latitude"});
  auto lon = FindAny(t, {"long", "lon", "longitude"});
  auto lsoa = FindAny(t, {"lsoa21", "lsoa21cd", "lsoa21_code"});
  auto area = FindAny(t, {"lad_name", "laname", "lad_nm"});
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
    if (!e.lsoa.empty()) {
      e.lsoa_source = LsoaSource::kFile;
    } else if (locator) {
      e.lsoa = locator->Locate(e.at);
      if (!e.lsoa.empty()) e.lsoa_source = LsoaSource::kPointInPolygon;
    }
    if (area) e.area = t.Cell(*area, row);
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
