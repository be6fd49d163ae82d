#include "nhood/spatial/permutation.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "nhood/base/parallel.h"
#include "nhood/base/rng.h"
#include "nhood/spatial/global_autocorrelation.h"

namespace nhood::spatial {
namespace {

constexpr size_t kBlock = 64;        // areas per task
constexpr size_t kLinearCheck = 32;  // up to this many neighbours, check repeats by scanning

// Row i of w_star without its self entry, aligned with row i of w, plus the
// self weight.
struct StarRow {
  std::vector<double> weights;
  double self = 0;
};

Status Validate(std::span<const double> x, const geo::SpatialWeights& w, const geo::SpatialWeights& w_star,
                const PermutationOptions& o) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  if (w_star.size() != w.size()) return InvalidArgument("permutation: Gi* weights do not match the areas");
  if (o.permutations < 1 || o.permutations > 99999) {
    return InvalidArgument("permutation: the number of permutations must be between 1 and 99,999");
  }
  for (size_t i = 0; i < w.size(); ++i) {
    if (w.cardinality(i) >= w.size()) {
      return InvalidArgument("permutation: area '" + w.ids()[i] + "' has more neighbours than there are other areas");
    }
    if (w_star.cardinality(i) != w.cardinality(i) + 1) {
      return InvalidArgument("permutation: Gi* weights must be the weights with self added");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LocalPermutation> PermuteLocal(std::span<const double> x, const geo::SpatialWeights& w,
                                      const geo::SpatialWeights& w_star, const PermutationOptions& o) {
  NHOOD_RETURN_IF_ERROR(Validate(x, w, w_star, o));
  const size_t n = x.size();
  const int64_t reps = o.permutations;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> z(n);
  double zz = 0;
  for (size_t i = 0; i < n; ++i) {
    z[i] = x[i] - mean;
    zz += z[i] * z[i];
  }
  const double m2 = zz / static_cast<double>(n);
  if (m2 == 0) return InvalidArgument("permutation: the values are constant");
  // z and x side by side: each random draw then touches one cache line.
  struct ZX {
    double z, x;
  };
  std::vector<ZX> zx(n);
  for (size_t i = 0; i < n; ++i) zx[i] = {z[i], x[i]};

  size_t kmax = 0;
  for (size_t i = 0; i < n; ++i) kmax = std::max(kmax, w.cardinality(i));
  // Shared table: row r holds kmax distinct draws from [0, n - 2].
  std::vector<int32_t> table;
  if (o.mode == DrawMode::kSharedTable) {
    table.resize(static_cast<size_t>(reps) * kmax);
    ParallelFor(static_cast<size_t>(reps), o.threads, [&](size_t r) {
      StreamRng rng(o.seed, r);
      int32_t* row = table.data() + r * kmax;
      for (size_t k = 0; k < kmax; ++k) {
        int32_t d;
        do {
          d = static_cast<int32_t>(rng.Bounded(n - 1));
        } while (std::find(row, row + k, d) != row + k);
        row[k] = d;
      }
    });
  }

  LocalPermutation out;
  for (auto* v : {&out.moran_p, &out.moran_mean, &out.moran_var, &out.gistar_p, &out.geary_p}) v->assign(n, NAN);
  const size_t blocks = (n + kBlock - 1) / kBlock;
  ParallelFor(
      blocks, o.threads,
      [&](size_t b) {
        thread_local std::vector<int32_t> all_draws;
        // Marks for large neighbour counts: one array per thread, reused
        // across tasks; a fresh stamp per permutation clears it in O(1).
        thread_local std::vector<uint32_t> mark;
        thread_local uint32_t stamp = 0;
        if (kmax > kLinearCheck && mark.size() != n) {
          mark.assign(n, 0);
          stamp = 0;
        }
        StarRow star;
        for (size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
          auto nb = w.neighbours(i);
          auto wt = w.weights(i);
          const size_t k = nb.size();
          if (k == 0) continue;
          // Gi* weights aligned with w's neighbour order, self apart.
          star.weights.clear();
          auto snb = w_star.neighbours(i);
          auto swt = w_star.weights(i);
          for (size_t s = 0; s < snb.size(); ++s) {
            if (static_cast<size_t>(snb[s]) == i) star.self = swt[s];
            else star.weights.push_back(swt[s]);
          }
          double lag_z = 0, lag_star = 0, geary = 0;
          for (size_t j = 0; j < k; ++j) {
            lag_z += wt[j] * z[nb[j]];
            lag_star += star.weights[j] * x[nb[j]];
            geary += wt[j] * (z[i] - z[nb[j]]) * (z[i] - z[nb[j]]);
          }
          const double scale = z[i] / m2;
          const double moran_obs = scale * lag_z;
          int64_t m_moran = 0, m_star = 0, m_geary = 0;
          double sum = 0, sum2 = 0;
          StreamRng rng(o.seed, i);
          // Phase 1 draws every permutation's areas; phase 2 gathers their
          // values. Kept apart, the random loads of phase 2 are independent
          // of each other and of the generator, so they overlap in flight.
          all_draws.resize(static_cast<size_t>(reps) * k);
          for (int64_t r = 0; r < reps; ++r) {
            int32_t* draws = all_draws.data() + static_cast<size_t>(r) * k;
            if (o.mode == DrawMode::kPerArea && k <= kLinearCheck) {
              // Draw from the n - 1 other areas (skip i by shifting), reject
              // repeats by scanning the few drawn so far.
              for (size_t j = 0; j < k; ++j) {
                int32_t d;
                do {
                  d = static_cast<int32_t>(rng.Bounded32(static_cast<uint32_t>(n - 1)));
                  d += d >= static_cast<int32_t>(i);
                } while (std::find(draws, draws + j, d) != draws + j);
                draws[j] = d;
              }
            } else if (o.mode == DrawMode::kPerArea) {
              if (++stamp == 0) {  // wrapped: clear the marks
                std::fill(mark.begin(), mark.end(), 0);
                stamp = 1;
              }
              for (size_t j = 0; j < k; ++j) {
                int32_t d;
                do {
                  d = static_cast<int32_t>(rng.Bounded32(static_cast<uint32_t>(n - 1)));
                  d += d >= static_cast<int32_t>(i);
                } while (mark[d] == stamp);
                mark[d] = stamp;
                draws[j] = d;
              }
            } else {
              const int32_t* row = table.data() + static_cast<size_t>(r) * kmax;
              for (size_t j = 0; j < k; ++j) draws[j] = row[j] + (row[j] >= static_cast<int32_t>(i) ? 1 : 0);
            }
          }
          for (int64_t r = 0; r < reps; ++r) {
            const int32_t* draws = all_draws.data() + static_cast<size_t>(r) * k;
            double pz = 0, px = 0, pg = 0;
            for (size_t j = 0; j < k; ++j) {
              const ZX d = zx[draws[j]];
              pz += wt[j] * d.z;
              px += star.weights[j] * d.x;
              pg += wt[j] * (z[i] - d.z) * (z[i] - d.z);
            }
            const double moran = scale * pz;
            m_moran += moran >= moran_obs;
            m_star += px >= lag_star;
            m_geary += pg >= geary;
            sum += moran;
            sum2 += moran * moran;
          }
          out.moran_p[i] = FoldedPseudoP(m_moran, reps);
          out.gistar_p[i] = FoldedPseudoP(m_star, reps);
          out.geary_p[i] = FoldedPseudoP(m_geary, reps);
          const double rr = static_cast<double>(reps);
          out.moran_mean[i] = sum / rr;
          out.moran_var[i] = reps > 1 ? (sum2 - sum * sum / rr) / (rr - 1) : NAN;
        }
      },
      o.progress ? [&](size_t done_blocks) { o.progress(std::min(n, done_blocks * kBlock)); }
                 : std::function<void(size_t)>{});
  return out;
}

}  // namespace nhood::spatial
