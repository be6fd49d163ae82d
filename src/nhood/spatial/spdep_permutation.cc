#include "nhood/spatial/spdep_permutation.h"

#include <algorithm>
#include <cmath>

#include "nhood/spatial/global_autocorrelation.h"
#include "nhood/stats/distributions.h"
#include "nhood/stats/r_random.h"

namespace nhood::spatial {

Result<SpdepLocalMoranPerm> SpdepLocalMoranPermutation(std::span<const double> x, const geo::SpatialWeights& w,
                                                       int nsim, int32_t seed) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  if (nsim < 2) return InvalidArgument("spdep permutation: nsim must be at least 2");
  const size_t n = x.size();
  // R's mean(): a long-double sum, then one correction pass.
  long double s = 0;
  for (double v : x) s += v;
  s /= static_cast<long double>(n);
  long double t = 0;
  for (double v : x) t += v - s;
  s += t / static_cast<long double>(n);
  const double mean = static_cast<double>(s);
  std::vector<double> z(n);
  double zz = 0;
  for (size_t i = 0; i < n; ++i) {
    z[i] = x[i] - mean;
    zz += z[i] * z[i];
  }
  const double s2 = zz / static_cast<double>(n);
  SpdepLocalMoranPerm out;
  for (auto* v : {&out.mean, &out.var, &out.z, &out.p_z, &out.p_rank, &out.p_folded}) v->assign(n, NAN);
  stats::RRandom rng(seed);
  std::vector<double> sample, perm(nsim);
  for (size_t i = 0; i < n; ++i) {
    auto nb = w.neighbours(i);
    auto wt = w.weights(i);
    const size_t k = nb.size();
    if (k == 0) continue;
    double lag = 0;
    for (size_t c = 0; c < k; ++c) lag += wt[c] * z[nb[c]];
    const double ii = (z[i] / s2) * lag;
    // sample(z[-i], k * nsim, replace = TRUE): index into z without i.
    sample.resize(k * static_cast<size_t>(nsim));
    for (double& v : sample) {
      const size_t j = static_cast<size_t>(rng.UnifIndex(static_cast<double>(n - 1)));
      v = z[j < i ? j : j + 1];
    }
    double sum = 0;
    for (int r = 0; r < nsim; ++r) {
      double l = 0;
      for (size_t c = 0; c < k; ++c) l += sample[r + c * nsim] * wt[c];
      perm[r] = (z[i] / s2) * l;
      sum += perm[r];
    }
    const double m = sum / nsim;
    double ss = 0;
    for (double v : perm) ss += (v - m) * (v - m);
    out.mean[i] = m;
    out.var[i] = ss / (nsim - 1);
    out.z[i] = (ii - m) / std::sqrt(out.var[i]);
    out.p_z[i] = 2 * stats::NormalUpperCdf(std::fabs(out.z[i]));
    // rank(c(perm, Ii))[nsim + 1] with average ties, truncated as R's as.integer.
    double below = 0, equal = 0;
    int64_t at_or_above = 0;
    for (double v : perm) {
      below += v < ii;
      equal += v == ii;
      at_or_above += v >= ii;
    }
    const int64_t rank = static_cast<int64_t>(below + 1 + equal / 2);
    out.p_rank[i] = 2.0 * static_cast<double>(std::min<int64_t>(rank, nsim + 2 - rank)) / (nsim + 1);
    const int64_t folded = std::min<int64_t>(at_or_above, nsim - at_or_above);
    out.p_folded[i] = (folded + 1.0) / (nsim + 1.0);
  }
  return out;
}

}  // namespace nhood::spatial
