#include "apps/cli/hotspot_table.h"

#include <cmath>
#include <map>
#include <unordered_map>

#include "apps/cli/id_list.h"
#include "apps/cli/weights_spec.h"
#include "nhood/base/number.h"
#include "nhood/spatial/global_autocorrelation.h"
#include "nhood/spatial/local_statistics.h"
#include "nhood/spatial/permutation.h"
#include "nhood/spatial/rate_smoothing.h"
#include "nhood/stats/multiple_testing.h"

namespace nhood::cli {
namespace {

// Row of each area in the data; errors for duplicates and missing areas.
Result<std::vector<size_t>> JoinRows(const io::PolygonData& areas, const Table& data, const std::string& id,
                                     size_t* unused) {
  NHOOD_ASSIGN_OR_RETURN(size_t c, data.Require(id));
  std::unordered_map<std::string, size_t> row;
  for (size_t r = 0; r < data.num_rows(); ++r) {
    auto [it, inserted] = row.emplace(data.Cell(c, r), r);
    if (!inserted) {
      return InvalidArgument(data.RowLocation(r) + ", column '" + id + "': area '" + it->first +
                             "' appears more than once (first at row " + std::to_string(it->second + 1) + ")");
    }
  }
  std::vector<size_t> out;
  std::vector<std::string> missing;
  for (const auto& a : areas.layer.ids) {
    auto it = row.find(a);
    if (it == row.end()) {
      missing.push_back(a);
      continue;
    }
    out.push_back(it->second);
  }
  if (!missing.empty()) {
    return InvalidArgument(data.source() + ": " + std::to_string(missing.size()) + " of " +
                           std::to_string(areas.layer.size()) + " areas have no row in column '" + id + "' (" +
                           FirstIds(missing, 5) + ")");
  }
  *unused = data.num_rows() - out.size();
  return out;
}

Result<std::vector<double>> Picked(const Table& data, const std::string& column, const std::vector<size_t>& rows,
                                   const std::vector<std::string>& ids) {
  NHOOD_ASSIGN_OR_RETURN(auto all, data.GetNumbersOrSum(column));
  std::vector<double> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const double v = all[rows[i]];
    if (!std::isfinite(v)) {
      return InvalidArgument(data.RowLocation(rows[i]) + ", column '" + column + "': area '" + ids[i] +
                             "' has no value (hot spots need a value for every area)");
    }
    out.push_back(v);
  }
  return out;
}

std::string Cluster(const std::string& quadrant, bool island, double p) {
  if (island) return "Isolated";
  if (std::isnan(p) || p > 1) return "Not significant";
  return quadrant;
}

}  // namespace

Result<HotspotResult> ComputeHotspots(const io::PolygonData& areas, const Table& data, const HotspotOptions& o) {
  const auto& ids = areas.layer.ids;
  size_t unused = 0;
  NHOOD_ASSIGN_OR_RETURN(auto rows, JoinRows(areas, data, o.id, &unused));
  std::vector<double> value;
  std::string what;
  if (!o.value.empty()) {
    NHOOD_ASSIGN_OR_RETURN(value, Picked(data, o.value, rows, ids));
    what = o.value;
    if (!o.smooth.empty()) return InvalidArgument("--smooth needs --numerator and --denominator (a rate)");
  } else if (!o.numerator.empty() && !o.denominator.empty()) {
    NHOOD_ASSIGN_OR_RETURN(auto num, Picked(data, o.numerator, rows, ids));
    NHOOD_ASSIGN_OR_RETURN(auto den, Picked(data, o.denominator, rows, ids));
    if (o.smooth == "eb" || o.smooth.empty()) {
      NHOOD_ASSIGN_OR_RETURN(auto eb, spatial::EmpiricalBayesGlobal(num, den, ids));
      value = o.smooth.empty() ? eb.raw : eb.smoothed;
    } else if (o.smooth != "eb-local") {
      return InvalidArgument("--smooth must be eb or eb-local");
    }
    what = o.numerator + " / " + o.denominator + (o.smooth.empty() ? "" : " (" + o.smooth + " smoothed)");
    if (o.smooth == "eb-local") {
      WeightsReport r;
      NHOOD_ASSIGN_OR_RETURN(auto w, BuildWeights(areas.layer, o.weights, o.link_islands, &r));
      NHOOD_ASSIGN_OR_RETURN(auto eb, spatial::EmpiricalBayesLocal(num, den, w));
      value = eb.smoothed;
    }
  } else {
    return InvalidArgument("give --value COL, or --numerator COL and --denominator COL for a rate");
  }
  WeightsReport report;
  NHOOD_ASSIGN_OR_RETURN(geo::SpatialWeights nb, BuildWeights(areas.layer, o.weights, o.link_islands, &report));
  const geo::SpatialWeights w = nb.RowStandardised();
  const geo::SpatialWeights w_star = nb.WithSelf().RowStandardised();
  NHOOD_ASSIGN_OR_RETURN(spatial::LocalMoran lm, spatial::ComputeLocalMoran(value, w));
  NHOOD_ASSIGN_OR_RETURN(auto gstar, spatial::ComputeLocalGStar(value, w_star));
  if (o.draws != "per-area" && o.draws != "shared") return InvalidArgument("--draws must be per-area or shared");
  NHOOD_ASSIGN_OR_RETURN(
      spatial::LocalPermutation perm,
      spatial::PermuteLocal(value, w, w_star,
                            {.permutations = o.permutations, .seed = o.seed, .threads = o.threads,
                             .mode = o.draws == "shared" ? spatial::DrawMode::kSharedTable : spatial::DrawMode::kPerArea,
                             .progress = o.progress}));
  const auto moran_fdr = stats::BenjaminiHochberg(perm.moran_p);
  const auto gstar_fdr = stats::BenjaminiHochberg(perm.gistar_p);
  NHOOD_ASSIGN_OR_RETURN(spatial::MoranTest global, spatial::GlobalMoran(value, w));
  NHOOD_ASSIGN_OR_RETURN(spatial::MoranPermutationTest global_mc,
                         spatial::GlobalMoranPermutation(value, w, o.permutations, o.seed, o.threads));

  HotspotResult out;
  Table& t = out.table;
  t.set_source(areas.attributes.source());
  std::vector<double> card;
  std::vector<std::string> cluster;
  std::map<std::string, size_t> counts;
  for (size_t i = 0; i < ids.size(); ++i) {
    card.push_back(static_cast<double>(nb.cardinality(i)));
    const double p = o.fdr ? moran_fdr[i] : perm.moran_p[i];
    cluster.push_back(Cluster(lm.quadrant[i], lm.island[i], p <= o.alpha ? p : 2.0));
    ++counts[cluster.back()];
  }
  (void)t.AddText(o.id, ids);
  (void)t.AddNumbers("value", value);
  (void)t.AddNumbers("n_neighbours", card);
  (void)t.AddNumbers("lag", lm.lag);
  (void)t.AddNumbers("moran_i", lm.i);
  (void)t.AddNumbers("moran_e", lm.e);
  (void)t.AddNumbers("moran_var", lm.var);
  (void)t.AddNumbers("moran_z", lm.z);
  (void)t.AddNumbers("moran_p_sim", perm.moran_p);
  (void)t.AddNumbers("moran_p_fdr", moran_fdr);
  (void)t.AddText("cluster", cluster);
  (void)t.AddNumbers("gistar_z", gstar);
  (void)t.AddNumbers("gistar_p_sim", perm.gistar_p);
  (void)t.AddNumbers("gistar_p_fdr", gstar_fdr);
  (void)t.AddNumbers("geary_p_sim", perm.geary_p);

  std::string s = "hotspots: " + what + " over " + std::to_string(ids.size()) + " areas";
  if (unused) s += " (" + std::to_string(unused) + " data rows match no area and were not used)";
  s += "\n" + DescribeWeights(nb, report);
  s += "\nglobal Moran's I = " + FormatNumber(global.i) + ", E[I] = " + FormatNumber(global.expected) +
       ", z (randomisation) = " + FormatNumber(global.z_randomisation) +
       ", p = " + FormatNumber(global.p_randomisation) + " (one-sided, spdep moran.test); permutation p = " +
       FormatNumber(global_mc.p) + " (rank " + FormatNumber(global_mc.rank) + " of " +
       std::to_string(o.permutations + 1) + ")";
  s += "\nlocal Moran clusters at " + std::string(o.fdr ? "FDR " : "p_sim <= ") + FormatNumber(o.alpha) + ":";
  for (const char* k : {"High-High", "Low-Low", "High-Low", "Low-High", "Not significant", "Isolated"}) {
    s += " " + std::string(k) + " " + std::to_string(counts[k]) + ";";
  }
  s += "\npermutations " + std::to_string(o.permutations) + " (" + o.draws + " draws, conditional, without replacement), seed " +
       std::to_string(o.seed) + "; smallest attainable p = " + FormatNumber(1.0 / (o.permutations + 1));
  out.summary = s;
  return out;
}

}  // namespace nhood::cli
