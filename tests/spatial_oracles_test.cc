// nhood's spatial results against spdep's reference outputs in
// ../shared/data/spatial_oracles and the England LSOA boundary files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "nhood/geo/contiguity.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"

namespace nhood {
namespace {

namespace fs = std::filesystem;

fs::path Data() {
  const char* shared = std::getenv("NHOOD_SHARED_DIR");
  return fs::path(shared ? shared : "../shared") / "data";
}

using EdgeSet = std::set<std::pair<std::string, std::string>>;

EdgeSet ReadEdges(const fs::path& csv) {
  Result<Table> t = io::ReadTable(csv.string());
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  EdgeSet out;
  if (!t) return out;
  for (size_t r = 0; r < t->num_rows(); ++r) out.emplace(t->Cell(0, r), t->Cell(1, r));
  return out;
}

EdgeSet Edges(const geo::SpatialWeights& w) {
  EdgeSet out;
  for (auto [i, j] : w.Links()) out.emplace(w.ids()[i], w.ids()[j]);
  return out;
}

void ExpectSameNeighbours(const fs::path& polygons, const std::string& id, const fs::path& oracle, bool queen) {
  if (!fs::exists(polygons) || !fs::exists(oracle)) GTEST_SKIP() << "no oracle data at " << oracle;
  // Contiguity compares vertices as stored: no repair, as poly2nb.
  Result<io::PolygonData> d = io::ReadPolygons(polygons.string(), id, {.repair = false});
  ASSERT_TRUE(d) << d.error().message;
  Result<geo::SpatialWeights> w = geo::ContiguityWeights(d->layer, {.queen = queen});
  ASSERT_TRUE(w);
  const EdgeSet got = Edges(*w), want = ReadEdges(oracle);
  std::vector<std::pair<std::string, std::string>> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_EQ(got.size(), want.size());
  EXPECT_TRUE(missing.empty()) << missing.size() << " links missing, first " << missing[0].first << "-" << missing[0].second;
  EXPECT_TRUE(extra.empty()) << extra.size() << " extra links, first " << extra[0].first << "-" << extra[0].second;
}

const fs::path kOracles = Data() / "spatial_oracles";

TEST(Poly2nb, ColumbusQueen) {
  ExpectSameNeighbours(kOracles / "columbus/columbus.shp", "POLYID", kOracles / "columbus/reference_queen_neighbours_poly2nb.csv", true);
}
TEST(Poly2nb, ColumbusRook) {
  ExpectSameNeighbours(kOracles / "columbus/columbus.shp", "POLYID", kOracles / "columbus/reference_rook_neighbours_poly2nb.csv", false);
}
TEST(Poly2nb, SidsQueen) {
  ExpectSameNeighbours(kOracles / "sids_nc/sids.shp", "FIPSNO", kOracles / "sids_nc/reference_queen_neighbours_poly2nb.csv", true);
}
TEST(Poly2nb, GuerryQueen) {
  ExpectSameNeighbours(kOracles / "guerry/guerry_france85.geojson", "dept", kOracles / "guerry/reference_queen_neighbours_poly2nb.csv", true);
}
TEST(Poly2nb, EnglandLsoa2011Queen) {
  ExpectSameNeighbours(Data() / "boundaries/lsoa11_england_generalised.geojson", "lsoa11_code",
                       Data() / "boundaries/lsoa11_england_queen_neighbours_spdep.csv", true);
}
TEST(Poly2nb, EnglandLsoa2011Rook) {
  ExpectSameNeighbours(Data() / "boundaries/lsoa11_england_generalised.geojson", "lsoa11_code",
                       Data() / "boundaries/lsoa11_england_rook_neighbours_spdep.csv", false);
}

}  // namespace
}  // namespace nhood
