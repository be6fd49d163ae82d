#include "nhood/spatial/hotspots.h"

#include <cmath>
#include <unordered_map>

#include "nhood/base/number.h"
#include "nhood/spatial/global_autocorrelation.h"
#include "nhood/spatial/local_statistics.h"
#include "nhood/spatial/permutation.h"
#include "nhood/spatial/rate_smoothing.h"
#include "nhood/spatial/spdep_permutation.h"
#include "nhood/stats/multiple_testing.h"

namespace nhood::spatial {
namespace {

std::string FirstIds(const std::vector<std::string>& ids, size_t most) {
  std::string out;
  for (size_t k = 0; k < ids.size() && k < most; ++k) out += (k ? ", " : "") + ids[k];
  if (ids.size() > most) out += ", ...";
  return out;
}

// Row of each area in the data; errors for duplicates and missing areas.
Result<std::vector<size_t>> JoinRows(const std::vector<std::string>& ids, const Table& data, const std::string& id,
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
  for (const auto& a : ids) {
    auto it = row.find(a);
    if (it == row.end()) {
      missing.push_back(a);
      continue;
    }
    out.push_back(it->second);
  }
  if (!missing.empty()) {
    return InvalidArgument(data.source() + ": " + std::to_string(missing.size()) + " of " +
                           std::to_string(ids.size()) + " areas have no row in column '" + id + "' (" +
                           FirstIds(missing, 5) + ")");
  }
  *unused = data.num_rows() - out.size();
  return out;
}

Result<std::vector<double>> Picked(const Table& data, const std::string& column, const std::vector<size_t>& rows,
                                   const std::vector<std::string>& ids) {
  NHOOD_ASSIGN_OR_RETURN(auto all, data.GetNumbersOrSum(column));
  std::vector<double> out;
  out.reserve(rows.size());
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

// A rate needs a count >= 0 and a population > 0 on every row: checked here,
// where the file and row are known, before the smoothing.
Status CheckRate(const Table& data, const HotspotOptions& o, const std::vector<size_t>& rows,
                 const std::vector<std::string>& ids, const std::vector<double>& num, const std::vector<double>& den) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (num[i] < 0) {
      return InvalidArgument(data.RowLocation(rows[i]) + ", column '" + o.numerator + "': area '" + ids[i] +
                             "' has a negative count (" + FormatNumber(num[i]) + ")");
    }
    if (den[i] <= 0) {
      return InvalidArgument(data.RowLocation(rows[i]) + ", column '" + o.denominator + "': area '" + ids[i] +
                             "' has a population that is not positive (" + FormatNumber(den[i]) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<PermutationScheme> ParsePermutationScheme(const std::string& text) {
  if (text == "nhood") return PermutationScheme::kNhood;
  if (text == "spdep") return PermutationScheme::kSpdep;
  return InvalidArgument("--permutation-scheme '" + text + "': expected nhood or spdep");
}

std::string Cluster(const std::string& quadrant, bool island, double p, double alpha) {
  if (island) return "Isolated";
  if (std::isnan(p) || p > alpha) return "Not significant";
  return quadrant;
}

Result<HotspotResult> ComputeHotspots(const geo::SpatialWeights& nb, const Table& data, const HotspotOptions& o) {
  const std::vector<std::string>& ids = nb.ids();
  if (o.draws != "per-area" && o.draws != "shared") return InvalidArgument("--draws must be per-area or shared");
  if (o.scheme == PermutationScheme::kSpdep && o.draws != "per-area") {
    return InvalidArgument("--draws shared is nhood's scheme; --permutation-scheme spdep draws as spdep does");
  }
  if (o.scheme == PermutationScheme::kSpdep && o.seed > static_cast<uint64_t>(INT32_MAX)) {
    return InvalidArgument("--permutation-scheme spdep: --seed must be at most 2147483647 (R's set.seed)");
  }
  if (!(o.alpha >= 0 && o.alpha <= 1)) return InvalidArgument("the significance level must be in [0, 1]");
  size_t unused = 0;
  NHOOD_ASSIGN_OR_RETURN(auto rows, JoinRows(ids, data, o.id, &unused));
  std::vector<double> value;
  std::string what;
  if (!o.value.empty()) {
    if (!o.smooth.empty()) return InvalidArgument("--smooth needs --numerator and --denominator (a rate)");
    NHOOD_ASSIGN_OR_RETURN(value, Picked(data, o.value, rows, ids));
    what = o.value;
  } else if (!o.numerator.empty() && !o.denominator.empty()) {
    if (!o.smooth.empty() && o.smooth != "eb" && o.smooth != "eb-local") {
      return InvalidArgument("--smooth must be eb or eb-local");
    }
    NHOOD_ASSIGN_OR_RETURN(auto num, Picked(data, o.numerator, rows, ids));
    NHOOD_ASSIGN_OR_RETURN(auto den, Picked(data, o.denominator, rows, ids));
    NHOOD_RETURN_IF_ERROR(CheckRate(data, o, rows, ids, num, den));
    if (o.smooth == "eb-local") {
      NHOOD_ASSIGN_OR_RETURN(auto eb, EmpiricalBayesLocal(num, den, nb));
      value = eb.smoothed;
    } else {
      NHOOD_ASSIGN_OR_RETURN(auto eb, EmpiricalBayesGlobal(num, den, ids));
      value = o.smooth.empty() ? eb.raw : eb.smoothed;
    }
    what = o.numerator + " / " + o.denominator + (o.smooth.empty() ? "" : " (" + o.smooth + " smoothed)");
  } else {
    return InvalidArgument("give --value COL, or --numerator COL and --denominator COL for a rate");
  }
  const geo::SpatialWeights w = nb.RowStandardised();
  const geo::SpatialWeights w_star = nb.WithSelf().RowStandardised();
  NHOOD_ASSIGN_OR_RETURN(LocalMoran lm, ComputeLocalMoran(value, w));
  NHOOD_ASSIGN_OR_RETURN(auto gstar, ComputeLocalGStar(value, w_star));
  NHOOD_ASSIGN_OR_RETURN(
      LocalPermutation perm,
      PermuteLocal(value, w, w_star,
                   {.permutations = o.permutations, .seed = o.seed, .threads = o.threads,
                    .mode = o.draws == "shared" ? DrawMode::kSharedTable : DrawMode::kPerArea,
                    .progress = o.progress}));
  SpdepLocalMoranPerm spdep;
  if (o.scheme == PermutationScheme::kSpdep) {
    if (o.permutations < 2) return InvalidArgument("--permutation-scheme spdep needs at least 2 permutations");
    NHOOD_ASSIGN_OR_RETURN(spdep, SpdepLocalMoranPermutation(value, w, o.permutations, static_cast<int32_t>(o.seed)));
    perm.moran_p = spdep.p_folded;
  }
  const auto moran_fdr = stats::BenjaminiHochberg(perm.moran_p);
  const auto gstar_fdr = stats::BenjaminiHochberg(perm.gistar_p);
  NHOOD_ASSIGN_OR_RETURN(MoranTest global, GlobalMoran(value, w));
  NHOOD_ASSIGN_OR_RETURN(MoranPermutationTest global_mc,
                         GlobalMoranPermutation(value, w, o.permutations, o.seed, o.threads));

  HotspotResult out;
  Table& t = out.table;
  t.set_source(data.source());
  std::vector<double> card;
  std::vector<std::string> cluster;
  for (size_t i = 0; i < ids.size(); ++i) {
    card.push_back(static_cast<double>(nb.cardinality(i)));
    cluster.push_back(Cluster(lm.quadrant[i], lm.island[i], o.fdr ? moran_fdr[i] : perm.moran_p[i], o.alpha));
    ++out.clusters[cluster.back()];
  }
  NHOOD_RETURN_IF_ERROR(t.AddText(o.id, ids));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("value", value));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("n_neighbours", card));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("lag", lm.lag));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_i", lm.i));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_e", lm.e));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_var", lm.var));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_z", lm.z));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_p_sim", perm.moran_p));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_p_fdr", moran_fdr));
  NHOOD_RETURN_IF_ERROR(t.AddText("cluster", cluster));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("gistar_z", gstar));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("gistar_p_sim", perm.gistar_p));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("gistar_p_fdr", gstar_fdr));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("geary_p_sim", perm.geary_p));
  if (o.scheme == PermutationScheme::kSpdep) {
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_z_sim", spdep.z));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("moran_p_sim_rank", spdep.p_rank));
  }

  out.subject = what + " over " + std::to_string(ids.size()) + " areas";
  if (unused) out.subject += " (" + std::to_string(unused) + " data rows match no area and were not used)";
  std::string s = "global Moran's I = " + FormatNumber(global.i) + ", E[I] = " + FormatNumber(global.expected) +
                  ", z (randomisation) = " + FormatNumber(global.z_randomisation) +
                  ", p = " + FormatNumber(global.p_randomisation) + " (one-sided, spdep moran.test); permutation p = " +
                  FormatNumber(global_mc.p) + " (rank " + FormatNumber(global_mc.rank) + " of " +
                  std::to_string(o.permutations + 1) + ", nhood's draws)";
  s += "\nlocal Moran clusters at " +
       std::string(o.fdr ? "BH FDR (of the folded pseudo p-values) <= " : "folded pseudo p <= ") +
       FormatNumber(o.alpha) + ":";
  for (const char* k : {"High-High", "Low-Low", "High-Low", "Low-High", "Not significant", "Isolated"}) {
    s += " " + std::string(k) + " " + std::to_string(out.clusters[k]) + ";";
  }
  if (o.scheme == PermutationScheme::kSpdep) {
    s += "\npermutations " + std::to_string(o.permutations) +
         ": local Moran p-values reproduce spdep localmoran_perm(nsim = " + std::to_string(o.permutations) +
         ", iseed = " + std::to_string(o.seed) +
         ") draw for draw (with replacement, R's RNG); Gi*, Geary and the global test use nhood's draws";
  } else {
    s += "\npermutations " + std::to_string(o.permutations) + " (nhood's scheme: " + o.draws +
         " draws, conditional, without replacement; not spdep's draws), seed " + std::to_string(o.seed);
  }
  s += "; smallest attainable p = " + FormatNumber(1.0 / (o.permutations + 1));
  out.summary = s;
  return out;
}

}  // namespace nhood::spatial
