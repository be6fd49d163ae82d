#include "nhood/spatial/local_statistics.h"

#include <cmath>

#include "nhood/spatial/global_autocorrelation.h"
#include "nhood/stats/distributions.h"

namespace nhood::spatial {
namespace {

double TwoSided(double z) { return std::isnan(z) ? NAN : 2 * stats::NormalUpperCdf(std::fabs(z)); }

// Row i's weighted sum of x and the sums of its weights and squared weights.
struct RowSums {
  double lag = 0, wi = 0, w2i = 0;
};

RowSums SumRow(const geo::SpatialWeights& w, std::span<const double> x, size_t i) {
  RowSums s;
  auto nb = w.neighbours(i);
  auto wt = w.weights(i);
  for (size_t k = 0; k < nb.size(); ++k) {
    s.lag += wt[k] * x[nb[k]];
    s.wi += wt[k];
    s.w2i += wt[k] * wt[k];
  }
  return s;
}

}  // namespace

Result<LocalMoran> ComputeLocalMoran(std::span<const double> x, const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  const size_t n = x.size();
  if (n < 3) return InvalidArgument("local moran: needs at least 3 areas");
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> z(n);
  double zz = 0, z4 = 0;
  for (size_t i = 0; i < n; ++i) {
    z[i] = x[i] - mean;
    zz += z[i] * z[i];
    z4 += z[i] * z[i] * z[i] * z[i];
  }
  if (zz == 0) return InvalidArgument("local moran: the values are constant");
  const double dn = static_cast<double>(n);
  const double m2 = zz / dn;
  const double b2 = (z4 / dn) / (m2 * m2);
  const double a = (dn - b2) / (dn - 1), bb = (2 * b2 - dn) / ((dn - 1) * (dn - 2));
  LocalMoran r;
  for (auto* v : {&r.lag, &r.i, &r.e, &r.var, &r.z, &r.p, &r.e_total, &r.var_total, &r.z_total, &r.p_total}) {
    v->assign(n, NAN);
  }
  r.quadrant.assign(n, "");
  r.island.assign(n, false);
  for (size_t i = 0; i < n; ++i) {
    auto nb = w.neighbours(i);
    auto wt = w.weights(i);
    if (nb.empty()) {
      // As spdep with zero.policy: I = E = Var = 0 and the lag 0, so z and p
      // are NaN, never significant; the quadrant uses a lag of 0.
      r.island[i] = true;
      r.lag[i] = r.i[i] = r.e[i] = r.var[i] = r.e_total[i] = r.var_total[i] = 0;
      continue;
    }
    double lag_x = 0, lag_z = 0, wi = 0, w2i = 0;
    for (size_t k = 0; k < nb.size(); ++k) {
      lag_x += wt[k] * x[nb[k]];
      lag_z += wt[k] * z[nb[k]];
      wi += wt[k];
      w2i += wt[k] * wt[k];
    }
    r.lag[i] = lag_x;
    r.i[i] = z[i] / m2 * lag_z;
    // Conditional moments (spdep localmoran, conditional = TRUE).
    const double zi2 = z[i] * z[i];
    r.e[i] = -(zi2 * wi) / ((dn - 1) * m2);
    r.var[i] = (z[i] / m2) * (z[i] / m2) * (dn / (dn - 2)) * (w2i - wi * wi / (dn - 1)) * (m2 - zi2 / (dn - 1));
    r.z[i] = (r.i[i] - r.e[i]) / std::sqrt(r.var[i]);
    r.p[i] = TwoSided(r.z[i]);
    // Total randomisation moments.
    r.e_total[i] = -wi / (dn - 1);
    r.var_total[i] = a * w2i + bb * (wi * wi - w2i) - r.e_total[i] * r.e_total[i];
    r.z_total[i] = (r.i[i] - r.e_total[i]) / std::sqrt(r.var_total[i]);
    r.p_total[i] = TwoSided(r.z_total[i]);
  }
  // spdep's "mean" quadrants: x - mean(x) against lag(x) - mean(lag(x)),
  // the mean of the lags taken over every area (an island's lag is 0);
  // each cut at 0, with 0 counted as Low.
  double lag_mean = 0;
  for (double v : r.lag) lag_mean += v;
  lag_mean /= dn;
  for (size_t i = 0; i < n; ++i) {
    r.quadrant[i] = std::string(z[i] > 0 ? "High" : "Low") + "-" + (r.lag[i] - lag_mean > 0 ? "High" : "Low");
  }
  return r;
}

Result<std::vector<double>> ComputeLocalG(std::span<const double> x, const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  const size_t n = x.size();
  const double dn = static_cast<double>(n);
  double sx = 0, sx2 = 0;
  for (double v : x) {
    sx += v;
    sx2 += v * v;
  }
  std::vector<double> g(n, NAN);
  for (size_t i = 0; i < n; ++i) {
    if (w.cardinality(i) == 0) continue;
    const auto [lag, wi, w2i] = SumRow(w, x, i);
    const double xbar = (sx - x[i]) / (dn - 1);
    const double s2 = (sx2 - x[i] * x[i]) / (dn - 1) - xbar * xbar;
    g[i] = (lag - wi * xbar) / std::sqrt(s2 * ((dn - 1) * w2i - wi * wi) / (dn - 2));
  }
  return g;
}

Result<std::vector<double>> ComputeLocalGStar(std::span<const double> x, const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  const size_t n = x.size();
  const double dn = static_cast<double>(n);
  double sx = 0;
  for (double v : x) sx += v;
  const double xbar = sx / dn;
  double ss = 0;
  for (double v : x) ss += (v - xbar) * (v - xbar);
  const double s2 = ss / dn;
  std::vector<double> g(n, NAN);
  for (size_t i = 0; i < n; ++i) {
    // With self included an island has only itself; Gi* is then the
    // island's standardised value, as spdep gives.
    if (w.cardinality(i) == 0) continue;
    const auto [lag, wi, w2i] = SumRow(w, x, i);
    g[i] = (lag - wi * xbar) / std::sqrt(s2 * (dn * w2i - wi * wi) / (dn - 1));
  }
  return g;
}

Result<std::vector<double>> ComputeLocalGeary(std::span<const double> x, const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckValues(x, w));
  const size_t n = x.size();
  double mean = 0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(n);
  double zz = 0;
  for (double v : x) zz += (v - mean) * (v - mean);
  const double m2 = zz / static_cast<double>(n);
  std::vector<double> c(n, NAN);
  for (size_t i = 0; i < n; ++i) {
    auto nb = w.neighbours(i);
    auto wt = w.weights(i);
    if (nb.empty()) continue;
    double s = 0;
    for (size_t k = 0; k < nb.size(); ++k) s += wt[k] * (x[i] - x[nb[k]]) * (x[i] - x[nb[k]]);
    c[i] = s / m2;
  }
  return c;
}

}  // namespace nhood::spatial
