#include "nhood/spatial/global_autocorrelation.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "nhood/base/parallel.h"
#include "nhood/base/rng.h"
#include "nhood/stats/distributions.h"

namespace nhood::spatial {
namespace {

struct Constants {
  double n, n1, n2, n3, nn, s0, s1, s2;
};

// spdep spweights.constants(adjust.n = TRUE).
Constants WeightsConstants(const geo::SpatialWeights& w) {
  geo::WeightsSums s = geo::Sums(w);
  const double n = static_cast<double>(w.size() - w.Islands().size());
  return {n, n - 1, n - 2, n - 3, n * n, s.s0, s.s1, s.s2};
}

struct Centred {
  std::vector<double> z;
  double zz = 0, z4 = 0;
};

Centred Centre(std::span<const double> x) {
  Centred c;
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  c.z.resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    c.z[i] = x[i] - mean;
    c.zz += c.z[i] * c.z[i];
    c.z4 += c.z[i] * c.z[i] * c.z[i] * c.z[i];
  }
  return c;
}

double CrossProduct(const std::vector<double>& z, const geo::SpatialWeights& w) {
  double s = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    auto nb = w.neighbours(i);
    auto wt = w.weights(i);
    double lag = 0;
    for (size_t k = 0; k < nb.size(); ++k) lag += wt[k] * z[nb[k]];
    s += z[i] * lag;
  }
  return s;
}

}  // namespace

Status CheckValues(std::span<const double> x, const geo::SpatialWeights& w) {
  if (x.size() != w.size()) {
    return InvalidArgument("values: " + std::to_string(x.size()) + " values for " + std::to_string(w.size()) + " areas");
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) return InvalidArgument("values: area '" + w.ids()[i] + "' has no finite value");
  }
  return Status::Ok();
}

namespace {

// I for constants computed once (the weights' sums cost more than I
// itself), centring into `z` (reused across calls). The same operations in
// the same order as MoranI, so the same bits.
double MoranIWith(const Constants& k, std::span<const double> x, const geo::SpatialWeights& w,
                  std::vector<double>& z) {
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  z.resize(x.size());
  double zz = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    z[i] = x[i] - mean;
    zz += z[i] * z[i];
  }
  return k.n / k.s0 * CrossProduct(z, w) / zz;
}

}  // namespace

double MoranI(std::span<const double> x, const geo::SpatialWeights& w) {
  std::vector<double> z;
  return MoranIWith(WeightsConstants(w), x, w, z);
}

Result<MoranTest> GlobalMoran(std::span<const double> x, const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  const Constants k = WeightsConstants(w);
  if (k.n < 4) return InvalidArgument("moran: needs at least 4 areas with neighbours");
  const Centred c = Centre(x);
  if (c.zz == 0) return InvalidArgument("moran: the values are constant");
  MoranTest t;
  t.n_used = k.n;
  t.i = k.n / k.s0 * CrossProduct(c.z, w) / c.zz;
  t.expected = -1.0 / k.n1;
  // Kurtosis over all values, as spdep moran() (length(x), not n').
  const double kurt = static_cast<double>(x.size()) * c.z4 / (c.zz * c.zz);
  const double ei2 = t.expected * t.expected, s02 = k.s0 * k.s0;
  t.var_normality = (k.nn * k.s1 - k.n * k.s2 + 3 * s02) / (s02 * (k.nn - 1)) - ei2;
  double vi = k.n * (k.s1 * (k.nn - 3 * k.n + 3) - k.n * k.s2 + 3 * s02);
  vi -= kurt * (k.s1 * (k.nn - k.n) - 2 * k.n * k.s2 + 6 * s02);
  t.var_randomisation = vi / (k.n1 * k.n2 * k.n3 * s02) - ei2;
  t.z_normality = (t.i - t.expected) / std::sqrt(t.var_normality);
  t.z_randomisation = (t.i - t.expected) / std::sqrt(t.var_randomisation);
  t.p_normality = stats::NormalUpperCdf(t.z_normality);
  t.p_randomisation = stats::NormalUpperCdf(t.z_randomisation);
  return t;
}

Result<GearyTest> GlobalGeary(std::span<const double> x, const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  const Constants k = WeightsConstants(w);
  if (k.n < 4) return InvalidArgument("geary: needs at least 4 areas with neighbours");
  const Centred c = Centre(x);
  if (c.zz == 0) return InvalidArgument("geary: the values are constant");
  double sum = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    auto nb = w.neighbours(i);
    auto wt = w.weights(i);
    for (size_t j = 0; j < nb.size(); ++j) {
      const double d = x[i] - x[nb[j]];
      sum += wt[j] * d * d;
    }
  }
  GearyTest t;
  t.c = k.n1 / (2 * k.s0) * sum / c.zz;
  // NOTE: spdep geary.test mixes the full n (length of the weights list) into
  // some terms with the island-adjusted constants (n', n'^2, n' - 1, ...) in
  // others, and takes K with n'. Without islands the two agree; with them we
  // reproduce spdep's mixture exactly.
  const double full_n = static_cast<double>(x.size());
  const double kurt = k.n * c.z4 / (c.zz * c.zz);
  const double s02 = k.s0 * k.s0;
  double vc = k.n1 * k.s1 * (k.nn - 3 * full_n + 3 - kurt * k.n1);
  vc -= 0.25 * (k.n1 * k.s2 * (k.nn + 3 * full_n - 6 - kurt * (k.nn - full_n + 2)));
  vc += s02 * (k.nn - 3 - kurt * k.n1 * k.n1);
  t.var_randomisation = vc / (full_n * k.n2 * k.n3 * s02);
  t.var_normality = ((2 * k.s1 + k.s2) * k.n1 - 4 * s02) / (2 * (full_n + 1) * s02);
  t.z_randomisation = (t.expected - t.c) / std::sqrt(t.var_randomisation);
  t.z_normality = (t.expected - t.c) / std::sqrt(t.var_normality);
  t.p_randomisation = stats::NormalUpperCdf(t.z_randomisation);
  t.p_normality = stats::NormalUpperCdf(t.z_normality);
  return t;
}

Result<MoranPermutationTest> GlobalMoranPermutation(std::span<const double> x, const geo::SpatialWeights& w,
                                                    int permutations, uint64_t seed, int threads) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  if (permutations < 1 || permutations > 99999) {
    return InvalidArgument("moran permutation: the number of permutations must be between 1 and 99,999");
  }
  MoranPermutationTest t;
  const Constants k = WeightsConstants(w);  // once, not per permutation
  std::vector<double> centred;
  t.i = MoranIWith(k, x, w, centred);  // MoranI's bits, without its second pass for the sums
  t.permutations = permutations;
  t.seed = seed;
  // Permutations go in batches of kBatch: their centred values interleaved
  // (z[i * kBatch + b]), so one pass over the weights serves the batch and
  // each neighbour's values share a cache line. Every permutation's sums
  // keep MoranI's order of operations, so each I is bit for bit MoranI's.
  constexpr size_t kBatch = 16;  // 14% faster than 8 on England, 4 and 32 slower
  const size_t n = x.size();
  std::vector<double> sims(static_cast<size_t>(permutations));
  const size_t batches = (sims.size() + kBatch - 1) / kBatch;
  ParallelFor(batches, threads, [&](size_t batch) {
    thread_local std::vector<double> shuffled, z;
    const size_t first = batch * kBatch, count = std::min(kBatch, sims.size() - first);
    z.assign(n * kBatch, 0.0);
    double zz[kBatch] = {};
    for (size_t b = 0; b < count; ++b) {
      shuffled.assign(x.begin(), x.end());
      StreamRng rng(seed, first + b);
      for (size_t j = n; j > 1; --j) std::swap(shuffled[j - 1], shuffled[rng.Bounded(j)]);
      double mean = 0;
      for (double v : shuffled) mean += v;
      mean /= static_cast<double>(n);
      for (size_t i = 0; i < n; ++i) {
        const double zi = shuffled[i] - mean;
        z[i * kBatch + b] = zi;
        zz[b] += zi * zi;
      }
    }
    double cross[kBatch] = {};
    for (size_t i = 0; i < w.size(); ++i) {
      auto nb = w.neighbours(i);
      auto wt = w.weights(i);
      double lag[kBatch] = {};
      for (size_t j = 0; j < nb.size(); ++j) {
        const double* zj = &z[static_cast<size_t>(nb[j]) * kBatch];
        for (size_t b = 0; b < kBatch; ++b) lag[b] += wt[j] * zj[b];
      }
      const double* zi = &z[i * kBatch];
      for (size_t b = 0; b < kBatch; ++b) cross[b] += zi[b] * lag[b];
    }
    for (size_t b = 0; b < count; ++b) sims[first + b] = k.n / k.s0 * cross[b] / zz[b];
  });
  double above = 0, below = 0, equal = 0;
  for (double v : sims) {
    above += v >= t.i;
    below += v < t.i;
    equal += v == t.i;
  }
  t.rank = below + 1 + equal / 2;  // average rank among the R + 1 values
  t.p = (above + 1) / (permutations + 1.0);
  return t;
}

}  // namespace nhood::spatial
