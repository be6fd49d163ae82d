// nhood's spatial results against spdep's reference outputs in
// <data>/spatial_oracles, <reference>/cases and the England LSOA boundary
// files (tests/support/data_dir.h: missing data fails the test). Every test
// counts the reference rows it compared and checks the count against the
// reference's own row count, so a truncated or empty oracle cannot pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include "nhood/base/number.h"
#include "nhood/geo/contiguity.h"
#include "nhood/geo/weights_format.h"
#include "nhood/io/polygon_io.h"
#include "nhood/io/table_io.h"
#include "nhood/spatial/global_autocorrelation.h"
#include "nhood/spatial/local_statistics.h"
#include "nhood/spatial/rate_smoothing.h"
#include "nhood/spatial/spdep_permutation.h"
#include "nhood/stats/multiple_testing.h"
#include "tests/support/data_dir.h"

namespace nhood {
namespace {

namespace fs = std::filesystem;

using test_support::HaveData;

fs::path Data() { return test_support::DataDir(); }
fs::path Cases() { return test_support::ReferenceDir() / "cases"; }

using EdgeSet = std::set<std::pair<std::string, std::string>>;

// Every row of the oracle, one directed link each (a repeated row would be
// compared once, so it is an error).
EdgeSet ReadEdges(const fs::path& csv) {
  Result<Table> t = io::ReadTable(csv.string());
  EXPECT_TRUE(t) << (t ? "" : t.error().message);
  EdgeSet out;
  if (!t) return out;
  for (size_t r = 0; r < t->num_rows(); ++r) out.emplace(t->Cell(0, r), t->Cell(1, r));
  EXPECT_EQ(out.size(), t->num_rows()) << csv << " repeats a link";
  EXPECT_GT(out.size(), 0u) << csv << " has no links";
  return out;
}

EdgeSet Edges(const geo::SpatialWeights& w) {
  EdgeSet out;
  for (auto [i, j] : w.Links()) out.emplace(w.ids()[i], w.ids()[j]);
  return out;
}

void ExpectSameNeighbours(const fs::path& polygons, const std::string& id, const fs::path& oracle, bool queen) {
  ASSERT_TRUE(HaveData(polygons));
  ASSERT_TRUE(HaveData(oracle));
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

// ---------------------------------------------------------------------------
// Statistics. Tolerance: 1e-9 relative, |got - want| <= 1e-9 max(1, |want|).

void ExpectClose(double got, double want, const std::string& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what;
    return;
  }
  EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::fabs(want))) << what;
}

struct Dataset {
  io::PolygonData polygons;
  geo::SpatialWeights queen, rook;
};

Dataset Load(const fs::path& file, const std::string& id) {
  Dataset d;
  Result<io::PolygonData> p = io::ReadPolygons(file.string(), id, {.repair = false});
  EXPECT_TRUE(p) << (p ? "" : p.error().message);
  d.polygons = *p;
  d.queen = *geo::ContiguityWeights(d.polygons.layer, {.queen = true});
  d.rook = *geo::ContiguityWeights(d.polygons.layer, {.queen = false});
  return d;
}

geo::SpatialWeights Gal(const fs::path& file, const std::vector<std::string>& ids) {
  Result<std::string> text = io::ReadTextFile(file.string());
  EXPECT_TRUE(text);
  Result<geo::SpatialWeights> w = geo::ParseGal(*text, ids, file.string());
  EXPECT_TRUE(w) << (w ? "" : w.error().message);
  return *w;
}

std::vector<double> Column(const Table& t, const std::string& name) {
  Result<std::vector<double>> v = t.GetNumbers(name);
  EXPECT_TRUE(v) << name;
  return v ? *v : std::vector<double>(t.num_rows(), NAN);
}

// The global oracle's rows for one dataset.
int GlobalRows(const std::string& dataset) {
  Result<Table> oracle = io::ReadTable((kOracles / "reference_global_stats_spdep.csv").string());
  EXPECT_TRUE(oracle);
  if (!oracle) return -1;
  int rows = 0;
  for (size_t r = 0; r < oracle->num_rows(); ++r) rows += oracle->Cell(0, r) == dataset;
  return rows;
}

// Checks every statistic the oracle lists for (dataset, variable, weights,
// style), adding the number of oracle rows compared to *compared.
void ExpectGlobal(const std::string& dataset, const std::string& variable, const std::string& weights,
                  const std::string& style, std::span<const double> x, const geo::SpatialWeights& w,
                  int* compared) {
  Result<Table> oracle = io::ReadTable((kOracles / "reference_global_stats_spdep.csv").string());
  ASSERT_TRUE(oracle);
  const geo::SpatialWeights ws = style == "W" ? w.RowStandardised() : w.Binary();
  Result<spatial::MoranTest> m = spatial::GlobalMoran(x, ws);
  Result<spatial::GearyTest> g = spatial::GlobalGeary(x, ws);
  ASSERT_TRUE(m && g);
  const std::map<std::string, double> got = {
      {"moran_I", m->i}, {"moran_E_I", m->expected}, {"moran_var_randomisation", m->var_randomisation},
      {"moran_z_randomisation", m->z_randomisation}, {"moran_var_normality", m->var_normality},
      {"moran_z_normality", m->z_normality}, {"geary_C", g->c}, {"geary_var_randomisation", g->var_randomisation},
      {"geary_z_randomisation", g->z_randomisation}};
  int checked = 0;
  for (size_t r = 0; r < oracle->num_rows(); ++r) {
    if (oracle->Cell(0, r) != dataset || oracle->Cell(1, r) != variable || oracle->Cell(2, r) != weights ||
        oracle->Cell(3, r) != style || !got.count(oracle->Cell(4, r))) {
      continue;
    }
    ExpectClose(got.at(oracle->Cell(4, r)), *ParseNumber(oracle->Cell(5, r)),
                dataset + " " + variable + " " + weights + " " + style + " " + oracle->Cell(4, r));
    ++checked;
  }
  EXPECT_EQ(checked, 9) << dataset << " " << variable << " " << weights << " " << style;
  *compared += checked;
}

TEST(SpdepGlobal, ColumbusCrimeEveryWeightsAndStyle) {
  ASSERT_TRUE(HaveData(kOracles / "columbus/columbus.shp"));
  Dataset d = Load(kOracles / "columbus/columbus.shp", "POLYID");
  const auto crime = Column(d.polygons.attributes, "CRIME");
  const auto& ids = d.polygons.layer.ids;
  int compared = 0;
  for (const char* style : {"W", "B"}) {
    ExpectGlobal("columbus", "CRIME", "columbus.gal (libpysal)", style, crime, Gal(kOracles / "columbus/columbus.gal", ids),
                 &compared);
    ExpectGlobal("columbus", "CRIME", "columbus_spData.gal", style, crime, Gal(kOracles / "columbus/columbus_spData.gal", ids),
                 &compared);
    ExpectGlobal("columbus", "CRIME", "poly2nb queen", style, crime, d.queen, &compared);
    ExpectGlobal("columbus", "CRIME", "poly2nb rook", style, crime, d.rook, &compared);
  }
  EXPECT_EQ(compared, GlobalRows("columbus"));
}

TEST(SpdepGlobal, SidsRatesIncludingIslands) {
  ASSERT_TRUE(HaveData(kOracles / "sids_nc/sids.shp"));
  Dataset d = Load(kOracles / "sids_nc/sids.shp", "FIPSNO");
  const auto sid = Column(d.polygons.attributes, "SID74"), bir = Column(d.polygons.attributes, "BIR74");
  std::vector<double> rate, ft;
  for (size_t i = 0; i < sid.size(); ++i) {
    rate.push_back(sid[i] / bir[i] * 1000);
    ft.push_back(std::sqrt(1000.0) * (std::sqrt(sid[i] / bir[i]) + std::sqrt((sid[i] + 1) / bir[i])));
  }
  int compared = 0;
  ExpectGlobal("sids_nc", "SID74 per 1000 births", "poly2nb queen", "W", rate, d.queen, &compared);
  // ncCC89 has counties with no neighbours: n' = n - islands.
  ExpectGlobal("sids_nc", "Freeman-Tukey FT74", "ncCC89.gal", "B", ft,
               Gal(kOracles / "sids_nc/ncCC89.gal", d.polygons.layer.ids), &compared);
  // Every sids_nc row but one: spdep's EBImoran (Assuncao-Reis EB Moran) is
  // not implemented in nhood, so its one row is not compared.
  EXPECT_EQ(compared, GlobalRows("sids_nc") - 1);
}

TEST(SpdepGlobal, GuerrySixVariables) {
  ASSERT_TRUE(HaveData(kOracles / "guerry/guerry_france85.geojson"));
  Dataset d = Load(kOracles / "guerry/guerry_france85.geojson", "dept");
  int compared = 0;
  for (const char* v : {"Crime_pers", "Crime_prop", "Literacy", "Donations", "Infants", "Suicides"}) {
    ExpectGlobal("guerry_france85", v, "poly2nb queen", "W", Column(d.polygons.attributes, v), d.queen, &compared);
  }
  EXPECT_EQ(compared, GlobalRows("guerry_france85"));
}

TEST(SpdepLocal, ColumbusLocalMoranAndGiStar) {
  ASSERT_TRUE(HaveData(kOracles / "columbus/columbus.shp"));
  Dataset d = Load(kOracles / "columbus/columbus.shp", "POLYID");
  const auto& ids = d.polygons.layer.ids;
  const geo::SpatialWeights w = Gal(kOracles / "columbus/columbus.gal", ids).RowStandardised();
  const auto crime = Column(d.polygons.attributes, "CRIME");
  spatial::LocalMoran lm = *spatial::ComputeLocalMoran(crime, w);
  const auto gstar = *spatial::ComputeLocalGStar(crime, Gal(kOracles / "columbus/columbus.gal", ids).WithSelf().RowStandardised());
  Result<Table> o = io::ReadTable((kOracles / "columbus/reference_local_stats_CRIME_libpysal_gal_W_spdep.csv").string());
  ASSERT_TRUE(o);
  const auto lag = Column(*o, "lag_CRIME_W"), ii = Column(*o, "Ii"), e = Column(*o, "E_Ii"), var = Column(*o, "Var_Ii"),
             z = Column(*o, "Z_Ii"), gs = Column(*o, "Gi_star_z"), card = Column(*o, "n_neighbours");
  const auto& polyid = o->text(*o->Find("POLYID"));
  size_t compared = 0;
  for (size_t r = 0; r < o->num_rows(); ++r) {
    const size_t i = std::find(ids.begin(), ids.end(), polyid[r]) - ids.begin();
    ASSERT_LT(i, ids.size());
    ++compared;
    ExpectClose(lm.lag[i], lag[r], "lag " + polyid[r]);
    ExpectClose(lm.i[i], ii[r], "Ii " + polyid[r]);
    ExpectClose(lm.e[i], e[r], "E " + polyid[r]);
    ExpectClose(lm.var[i], var[r], "Var " + polyid[r]);
    ExpectClose(lm.z[i], z[r], "Z " + polyid[r]);
    ExpectClose(gstar[i], gs[r], "Gi* " + polyid[r]);
    EXPECT_EQ(w.cardinality(i), static_cast<size_t>(card[r]));
  }
  EXPECT_EQ(compared, o->num_rows());
  EXPECT_EQ(compared, ids.size());  // all 49 tracts
}

TEST(SpdepRates, SidsEmpiricalBayesAndProbabilityMap) {
  ASSERT_TRUE(HaveData(kOracles / "sids_nc/sids.shp"));
  Dataset d = Load(kOracles / "sids_nc/sids.shp", "FIPSNO");
  const auto& ids = d.polygons.layer.ids;
  const auto sid = Column(d.polygons.attributes, "SID74"), bir = Column(d.polygons.attributes, "BIR74");
  auto global = *spatial::EmpiricalBayesGlobal(sid, bir, ids);
  auto local = *spatial::EmpiricalBayesLocal(sid, bir, d.queen);
  auto pmap = *spatial::PoissonProbabilityMap(sid, bir, ids);
  Result<Table> o = io::ReadTable((kOracles / "sids_nc/reference_rate_smoothing_SID74_spdep.csv").string());
  ASSERT_TRUE(o);
  const auto& fips = o->text(*o->Find("FIPSNO"));
  const auto raw = Column(*o, "raw_rate"), eb = Column(*o, "EB_global_marshall"), ex = Column(*o, "expected"),
             rr = Column(*o, "relative_risk_pct"), pp = Column(*o, "poisson_pmap"), ebl = Column(*o, "EB_local_queen");
  size_t compared = 0;
  for (size_t r = 0; r < o->num_rows(); ++r) {
    const size_t i = std::find(ids.begin(), ids.end(), fips[r]) - ids.begin();
    ASSERT_LT(i, ids.size()) << fips[r];
    ++compared;
    ExpectClose(global.raw[i], raw[r], "raw " + fips[r]);
    ExpectClose(global.smoothed[i], eb[r], "EB " + fips[r]);
    ExpectClose(pmap.expected[i], ex[r], "expected " + fips[r]);
    ExpectClose(pmap.relative_risk[i], rr[r], "RR " + fips[r]);
    ExpectClose(pmap.p_lower[i], pp[r], "pmap " + fips[r]);
    ExpectClose(local.smoothed[i], ebl[r], "EB local " + fips[r]);
  }
  EXPECT_EQ(compared, o->num_rows());
  EXPECT_EQ(compared, ids.size());  // all 100 counties
}

// The moran_* cases in ../shared/reference/cases: local Moran with both sets
// of moments, its adjusted p, quadrants, lags, Gi and Gi*.
void ExpectLocalMoranCase(const std::string& name, const geo::SpatialWeights& nb, bool row_standardised,
                          const std::string& adjust) {
  const fs::path cases = Cases();
  Result<Table> in = io::ReadTable((cases / (name + "_input.csv")).string());
  Result<Table> want = io::ReadTable((cases / (name + "_expected.csv")).string(), {.allow_non_finite = true});  // R writes NaN
  ASSERT_TRUE(in && want);
  const auto x = Column(*in, "value");
  ASSERT_EQ(want->num_rows(), x.size()) << name << ": one expected row per input row";
  ASSERT_GT(x.size(), 0u);
  const geo::SpatialWeights w = row_standardised ? nb.RowStandardised() : nb.Binary();
  const geo::SpatialWeights wstar = row_standardised ? nb.WithSelf().RowStandardised() : nb.WithSelf().Binary();
  spatial::LocalMoran lm = *spatial::ComputeLocalMoran(x, w);
  const auto gi = *spatial::ComputeLocalG(x, w), gs = *spatial::ComputeLocalGStar(x, wstar);
  std::vector<double> adj;
  if (adjust == "fdr") {
    adj = stats::BenjaminiHochberg(lm.p);
  } else {  // spdep p.adjustSP bonferroni: p x (neighbours + 1)
    for (size_t i = 0; i < x.size(); ++i) adj.push_back(std::min(1.0, lm.p[i] * static_cast<double>(w.cardinality(i) + 1)));
  }
  const std::map<std::string, const std::vector<double>*> cols = {
      {"Ii", &lm.i}, {"E_Ii", &lm.e}, {"Var_Ii", &lm.var}, {"Z_Ii", &lm.z}, {"P_Ii", &lm.p},
      {"E_Ii_total", &lm.e_total}, {"Var_Ii_total", &lm.var_total}, {"Z_Ii_total", &lm.z_total},
      {"P_Ii_total", &lm.p_total}, {"P_Ii_adj", &adj}, {"lag_value", &lm.lag}, {"Gi_z", &gi}, {"Gistar_z", &gs}};
  for (const auto& [name_col, got] : cols) {
    const auto expected = Column(*want, name_col);
    ASSERT_EQ(got->size(), want->num_rows()) << name << " " << name_col;
    size_t compared = 0;
    for (size_t r = 0; r < expected.size(); ++r, ++compared) {
      ExpectClose((*got)[r], expected[r], name + " " + name_col + " row " + std::to_string(r + 1));
    }
    EXPECT_EQ(compared, want->num_rows()) << name << " " << name_col;
  }
  const auto& quadrant = want->text(*want->Find("quadrant"));
  ASSERT_EQ(lm.quadrant.size(), quadrant.size()) << name;
  for (size_t r = 0; r < quadrant.size(); ++r) EXPECT_EQ(lm.quadrant[r], quadrant[r]) << name << " row " << r + 1;
}

TEST(ReferenceCases, MoranGridQueenFromPolygons) {
  const fs::path cases = Cases();
  ASSERT_TRUE(HaveData(cases / "moran_grid.geojson"));
  Dataset d = Load(cases / "moran_grid.geojson", "code");
  Result<Table> in = io::ReadTable((cases / "moran_grid_input.csv").string());
  ASSERT_TRUE(in);
  ASSERT_EQ(in->text(0), d.polygons.layer.ids);  // same order as the data
  ExpectLocalMoranCase("moran_grid", d.queen, true, "fdr");
  // localmoran_perm(nsim = 999, iseed = 42), draw for draw.
  auto perm = *spatial::SpdepLocalMoranPermutation(Column(*in, "value"), d.queen.RowStandardised(), 999, 42);
  Result<Table> want = io::ReadTable((cases / "moran_grid_expected.csv").string(), {.allow_non_finite = true});  // R's NaN for the island
  ASSERT_TRUE(want);
  const std::map<std::string, const std::vector<double>*> cols = {
      {"E_Ii_perm", &perm.mean}, {"Var_Ii_perm", &perm.var}, {"Z_Ii_perm", &perm.z},
      {"P_Ii_perm_z", &perm.p_z}, {"P_sim", &perm.p_rank}, {"P_folded_sim", &perm.p_folded}};
  for (const auto& [name, got] : cols) {
    const auto expected = Column(*want, name);
    ASSERT_EQ(got->size(), want->num_rows()) << name;
    for (size_t r = 0; r < expected.size(); ++r) ExpectClose((*got)[r], expected[r], "moran_grid " + name + " row " + std::to_string(r + 1));
  }
  // Global statistics of the case.
  Result<Table> g = io::ReadTable((cases / "moran_grid_global_expected.csv").string());
  ASSERT_TRUE(g);
  auto m = *spatial::GlobalMoran(Column(*in, "value"), d.queen.RowStandardised());
  const std::map<std::string, double> got = {{"I", m.i}, {"E_I", m.expected}, {"Var_I_randomisation", m.var_randomisation},
                                             {"Z_randomisation", m.z_randomisation}, {"P_randomisation", m.p_randomisation},
                                             {"Var_I_normality", m.var_normality}, {"Z_normality", m.z_normality},
                                             {"P_normality", m.p_normality}};
  size_t compared = 0;
  for (size_t r = 0; r < g->num_rows(); ++r) {
    if (!got.count(g->Cell(0, r))) continue;
    ExpectClose(got.at(g->Cell(0, r)), *ParseNumber(g->Cell(1, r)), g->Cell(0, r));
    ++compared;
  }
  // moran.mc(nsim = 999): the observed I beats every permutation, so the
  // rank (1000) and p (0.001) do not depend on the random stream.
  auto mc = *spatial::GlobalMoranPermutation(Column(*in, "value"), d.queen.RowStandardised(), 999, 42);
  const std::map<std::string, double> mc_got = {{"I_mc", mc.i}, {"rank_mc", mc.rank}, {"P_mc", mc.p}};
  for (size_t r = 0; r < g->num_rows(); ++r) {
    if (!mc_got.count(g->Cell(0, r))) continue;
    ExpectClose(mc_got.at(g->Cell(0, r)), *ParseNumber(g->Cell(1, r)), g->Cell(0, r));
    ++compared;
  }
  EXPECT_EQ(compared, g->num_rows());  // every global statistic of the case
}

TEST(ReferenceCases, MoranEdgesBinary) {
  const fs::path cases = Cases();
  ASSERT_TRUE(HaveData(cases / "moran_edges_edges.csv"));
  Result<Table> in = io::ReadTable((cases / "moran_edges_input.csv").string());
  Result<Table> edges = io::ReadTable((cases / "moran_edges_edges.csv").string());
  ASSERT_TRUE(in && edges);
  Result<geo::SpatialWeights> w = geo::FromEdges(edges->text(0), edges->text(1), in->text(0));
  ASSERT_TRUE(w) << w.error().message;
  ExpectLocalMoranCase("moran_edges", *w, false, "SP_bonferroni");
}

}  // namespace
}  // namespace nhood
