#include "nhood/spatial/rate_smoothing.h"

#include <cmath>
#include <string>

#include "nhood/stats/distributions.h"

namespace nhood::spatial {
namespace {

Status CheckRates(std::span<const double> n, std::span<const double> x, const std::vector<std::string>& ids) {
  if (n.size() != x.size() || n.size() != ids.size()) return InvalidArgument("rates: cases and population differ in length");
  for (size_t i = 0; i < n.size(); ++i) {
    if (!std::isfinite(n[i]) || n[i] < 0) return InvalidArgument("rates: area '" + ids[i] + "' has a missing or negative count");
    if (!std::isfinite(x[i]) || x[i] <= 0) return InvalidArgument("rates: area '" + ids[i] + "' has a missing or non-positive population");
  }
  return Status::Ok();
}

}  // namespace

Result<RateSmoothing> EmpiricalBayesGlobal(std::span<const double> n, std::span<const double> x,
                                           const std::vector<std::string>& ids) {
  NHOOD_RETURN_IF_ERROR(CheckRates(n, x, ids));
  const size_t m = n.size();
  double nsum = 0, xsum = 0;
  for (size_t i = 0; i < m; ++i) {
    nsum += n[i];
    xsum += x[i];
  }
  const double b = nsum / xsum;
  RateSmoothing r;
  r.raw.resize(m);
  double s2 = 0;
  for (size_t i = 0; i < m; ++i) {
    r.raw[i] = n[i] / x[i];
    s2 += x[i] * ((r.raw[i] - b) * (r.raw[i] - b) / xsum);
  }
  double a = s2 - b / (xsum / static_cast<double>(m));
  if (a < 0) a = 0;
  r.smoothed.resize(m);
  for (size_t i = 0; i < m; ++i) r.smoothed[i] = b + (a * (r.raw[i] - b)) / (a + (b / x[i]));
  return r;
}

Result<RateSmoothing> EmpiricalBayesLocal(std::span<const double> n, std::span<const double> x,
                                          const geo::SpatialWeights& w) {
  NHOOD_RETURN_IF_ERROR(CheckRates(n, x, w.ids()));
  const size_t m = n.size();
  const geo::SpatialWeights self = w.WithSelf();
  RateSmoothing r;
  r.raw.resize(m);
  for (size_t i = 0; i < m; ++i) r.raw[i] = n[i] / x[i];
  std::vector<double> mi(m), ni(m), nbar(m);
  for (size_t i = 0; i < m; ++i) {
    double rs = 0, ns = 0;
    auto nb = self.neighbours(i);
    for (int32_t j : nb) {
      rs += n[j];
      ns += x[j];
    }
    mi[i] = rs / ns;
    ni[i] = ns;
    nbar[i] = ns / static_cast<double>(nb.size());
  }
  r.smoothed.resize(m);
  for (size_t i = 0; i < m; ++i) {
    double c = 0;
    for (int32_t j : self.neighbours(i)) c += x[j] * (r.raw[j] - mi[j]) * (r.raw[j] - mi[j]);
    double a = c / ni[i] - mi[i] / nbar[i];
    if (a < 0) a = 0;
    r.smoothed[i] = mi[i] + (r.raw[i] - mi[i]) * (a / (a + (mi[i] / x[i])));
  }
  return r;
}

Result<ProbabilityMap> PoissonProbabilityMap(std::span<const double> n, std::span<const double> x,
                                             const std::vector<std::string>& ids) {
  NHOOD_RETURN_IF_ERROR(CheckRates(n, x, ids));
  double nsum = 0, xsum = 0;
  for (size_t i = 0; i < n.size(); ++i) {
    nsum += n[i];
    xsum += x[i];
  }
  const double b = nsum / xsum;
  ProbabilityMap p;
  for (size_t i = 0; i < n.size(); ++i) {
    const double e = x[i] * b;
    p.raw.push_back(n[i] / x[i]);
    p.expected.push_back(e);
    p.relative_risk.push_back(100 * (n[i] / e));
    p.p_lower.push_back(stats::PoissonCdf(n[i], e));
  }
  return p;
}

}  // namespace nhood::spatial
