#include "nhood/evaluate/mediation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "nhood/base/parallel.h"
#include "nhood/base/rng.h"

namespace nhood::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The type-7 percentile (R quantile's default) of sorted values at p.
double Type7(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

struct Effects {
  double a, b, c_prime;
};

// The two models on `rows` of the complete data (a row listed twice enters twice).
struct Complete {
  std::vector<double> x, m, y, w;
  std::vector<std::vector<double>> cov;
  std::vector<std::string> cluster;
};

ModelData MediatorData(const MediationData& d, const Complete& c, const std::vector<size_t>& rows) {
  ModelData md;
  md.y_name = d.m_name;
  md.x_names = {d.x_name};
  md.x_names.insert(md.x_names.end(), d.covariate_names.begin(), d.covariate_names.end());
  md.x.assign(md.x_names.size(), {});
  for (size_t r : rows) {
    md.y.push_back(c.m[r]);
    md.x[0].push_back(c.x[r]);
    for (size_t j = 0; j < c.cov.size(); ++j) md.x[j + 1].push_back(c.cov[j][r]);
    if (!c.w.empty()) md.weight.push_back(c.w[r]);
  }
  return md;
}

ModelData OutcomeData(const MediationData& d, const Complete& c, const std::vector<size_t>& rows) {
  ModelData md;
  md.y_name = d.y_name;
  md.x_names = {d.x_name, d.m_name};
  md.x_names.insert(md.x_names.end(), d.covariate_names.begin(), d.covariate_names.end());
  md.x.assign(md.x_names.size(), {});
  for (size_t r : rows) {
    md.y.push_back(c.y[r]);
    md.x[0].push_back(c.x[r]);
    md.x[1].push_back(c.m[r]);
    for (size_t j = 0; j < c.cov.size(); ++j) md.x[j + 2].push_back(c.cov[j][r]);
    if (!c.w.empty()) md.weight.push_back(c.w[r]);
  }
  return md;
}

Result<Effects> FitPaths(const MediationData& d, const Complete& c, const std::vector<size_t>& rows) {
  NHOOD_ASSIGN_OR_RETURN(RegressionFit mf, FitRegression(MediatorData(d, c, rows), {}));
  NHOOD_ASSIGN_OR_RETURN(RegressionFit yf, FitRegression(OutcomeData(d, c, rows), {}));
  return Effects{mf.coefficients[1].estimate, yf.coefficients[2].estimate, yf.coefficients[1].estimate};
}

}  // namespace

Result<MediationResult> FitMediation(const MediationData& d, const MediationOptions& o) {
  const size_t rows = d.x.size();
  if (d.m.size() != rows || d.y.size() != rows || d.cluster.size() != rows ||
      (!d.weight.empty() && d.weight.size() != rows) || d.covariates.size() != d.covariate_names.size()) {
    return InvalidArgument("mediation: the columns have different lengths");
  }
  for (const auto& cv : d.covariates) {
    if (cv.size() != rows) return InvalidArgument("mediation: the columns have different lengths");
  }
  if (o.replicates < 1) return InvalidArgument("mediation: --replicates must be at least 1, e.g. 999");
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("the confidence level must be between 0 and 1");
  // One sample for both models: the rows complete in every variable.
  Complete c;
  c.cov.resize(d.covariates.size());
  std::map<std::string, std::vector<size_t>> by_cluster;
  for (size_t r = 0; r < rows; ++r) {
    bool ok = !std::isnan(d.x[r]) && !std::isnan(d.m[r]) && !std::isnan(d.y[r]) && !d.cluster[r].empty();
    for (size_t j = 0; ok && j < d.covariates.size(); ++j) ok = !std::isnan(d.covariates[j][r]);
    if (ok && !d.weight.empty()) ok = !std::isnan(d.weight[r]);
    if (!ok) continue;
    by_cluster[d.cluster[r]].push_back(c.x.size());
    c.x.push_back(d.x[r]);
    c.m.push_back(d.m[r]);
    c.y.push_back(d.y[r]);
    for (size_t j = 0; j < d.covariates.size(); ++j) c.cov[j].push_back(d.covariates[j][r]);
    if (!d.weight.empty()) c.w.push_back(d.weight[r]);
    c.cluster.push_back(d.cluster[r]);
  }
  MediationResult res;
  res.n = c.x.size();
  res.n_dropped = rows - res.n;
  res.clusters = by_cluster.size();
  res.replicates = o.replicates;
  res.seed = o.seed;
  res.level = o.level;
  if (res.clusters < 2) {
    return InvalidArgument("mediation: " + std::to_string(res.clusters) +
                           " cluster(s) in the complete rows: the cluster bootstrap needs at least 2");
  }
  std::vector<size_t> all(res.n);
  for (size_t i = 0; i < res.n; ++i) all[i] = i;
  {
    ModelData md = MediatorData(d, c, all), yd = OutcomeData(d, c, all);
    md.cluster = yd.cluster = c.cluster;
    NHOOD_ASSIGN_OR_RETURN(res.mediator_model, FitRegression(md, {.level = o.level}));
    NHOOD_ASSIGN_OR_RETURN(res.outcome_model, FitRegression(yd, {.level = o.level}));
    ModelData td = yd;
    td.x_names.erase(td.x_names.begin() + 1);
    td.x.erase(td.x.begin() + 1);
    NHOOD_ASSIGN_OR_RETURN(RegressionFit total, FitRegression(td, {.level = o.level}));
    res.c_fitted = total.coefficients[1].estimate;
  }
  res.a = res.mediator_model.coefficients[1].estimate;
  res.c_prime = res.outcome_model.coefficients[1].estimate;
  res.b = res.outcome_model.coefficients[2].estimate;
  // The cluster bootstrap.
  std::vector<const std::vector<size_t>*> clusters;
  for (const auto& [label, members] : by_cluster) clusters.push_back(&members);
  const size_t g = clusters.size(), reps = static_cast<size_t>(o.replicates);
  std::vector<std::vector<double>> boot(4, std::vector<double>(reps, kNaN));
  ParallelFor(
      reps, o.threads,
      [&](size_t r) {
        StreamRng rng(o.seed, r);
        std::vector<size_t> draw;
        draw.reserve(res.n);
        for (size_t k = 0; k < g; ++k) {
          const auto* members = clusters[rng.Bounded(g)];
          draw.insert(draw.end(), members->begin(), members->end());
        }
        Result<Effects> e = FitPaths(d, c, draw);
        if (!e) return;
        const double ab = e->a * e->b, total = e->c_prime + ab;
        boot[0][r] = ab;
        boot[1][r] = e->c_prime;
        boot[2][r] = total;
        boot[3][r] = ab / total;
      },
      o.progress);
  for (size_t r = 0; r < reps; ++r) {
    if (std::isnan(boot[0][r])) ++res.failed;
  }
  if (static_cast<size_t>(res.failed) * 10 > reps) {
    return InvalidArgument("mediation: " + std::to_string(res.failed) + " of " + std::to_string(reps) +
                           " bootstrap resamples of the " + std::to_string(g) +
                           " clusters could not be fitted (a predictor constant or collinear in them): too few "
                           "clusters, or a predictor that varies only between a few clusters");
  }
  const double ab = res.a * res.b, total = res.c_prime + ab;
  const double point[] = {ab, res.c_prime, total, ab / total};
  const char* names[] = {"indirect", "direct", "total", "proportion_mediated"};
  for (int k = 0; k < 4; ++k) {
    MediationEffect e;
    e.name = names[k];
    e.estimate = point[k];
    std::vector<double> ok;
    for (double v : boot[k]) {
      if (std::isfinite(v)) ok.push_back(v);
    }
    if (ok.empty()) {
      e.se_boot = e.lower = e.upper = kNaN;
    } else {
      std::sort(ok.begin(), ok.end());
      double mean = 0;
      for (double v : ok) mean += v;
      mean /= static_cast<double>(ok.size());
      double ss = 0;
      for (double v : ok) ss += (v - mean) * (v - mean);
      e.se_boot = ok.size() > 1 ? std::sqrt(ss / static_cast<double>(ok.size() - 1)) : kNaN;
      e.lower = Type7(ok, (1 - o.level) / 2);
      e.upper = Type7(ok, (1 + o.level) / 2);
    }
    e.replicates = std::move(boot[k]);
    res.effects.push_back(std::move(e));
  }
  return res;
}

}  // namespace nhood::evaluate
