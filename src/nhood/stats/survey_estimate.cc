#include "nhood/stats/survey_estimate.h"

#include <cmath>

#include "nhood/stats/distributions.h"
#include "nhood/stats/estimate.h"

namespace nhood::stats {
namespace {

// survey's variance of influence values given on the domain's rows only
// (uncalibrated) or on every row (calibrated).
double Variance(const SurveyDesign& d, const std::vector<size_t>& rows, const std::vector<double>& x_rows,
                const std::vector<char>& present, std::vector<double>* full) {
  if (!d.calibrated()) return DesignVarianceOfRows(d, rows, x_rows, present);
  full->assign(d.num_rows(), 0.0);
  for (size_t k = 0; k < rows.size(); ++k) (*full)[rows[k]] = x_rows[k];
  RakingResiduals(d, full);
  return DesignVariance(d, *full, present);
}

}  // namespace

Result<std::vector<DomainEstimate>> EstimateDomains(const SurveyDesign& d, std::span<const double> y,
                                                    std::span<const int> domain, int num_domains,
                                                    const SurveyEstimateOptions& o) {
  const size_t n_all = d.num_rows();
  if (y.size() != n_all || domain.size() != n_all) return InvalidArgument("survey estimate: lengths differ");
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("--level must be between 0 and 1");
  NHOOD_ASSIGN_OR_RETURN(double z, NormalQuantile(1 - (1 - o.level) / 2));
  std::vector<std::vector<size_t>> rows(num_domains);
  double rows_with_y = 0;
  for (size_t r = 0; r < n_all; ++r) {
    if (std::isnan(y[r])) continue;
    rows_with_y += 1;
    rows[domain[r]].push_back(r);
  }
  std::vector<DomainEstimate> out(num_domains);
  std::vector<double> full, x;
  std::vector<char> present, psu_seen;
  for (int k = 0; k < num_domains; ++k) {
    DomainEstimate& e = out[k];
    const std::vector<size_t>& rr = rows[k];
    e.n = static_cast<double>(rr.size());
    if (rr.empty()) {
      e.sum_w = e.degf = e.total = e.se_total = 0;  // as survey gives them for an empty domain
      e.mean = e.se = e.deff = e.norm_lower = e.norm_upper = kNaN;  // survey's 0s here mean nothing
      e.ciprop.lower.fill(kNaN);
      e.ciprop.upper.fill(kNaN);
      continue;
    }
    // Strata survey sees, and degf.
    present.assign(d.num_strata(), d.calibrated() ? 1 : 0);
    std::vector<char> touched(d.num_strata(), 0);
    psu_seen.assign(d.num_psus(), 0);
    double psus = 0, strata = 0;
    double psum = 0, sum_wy = 0;
    for (size_t r : rr) {
      if (!psu_seen[d.psu[r]]) {
        psu_seen[d.psu[r]] = 1;
        psus += 1;
      }
      if (!touched[d.stratum[r]]) {
        touched[d.stratum[r]] = 1;
        strata += 1;
      }
      psum += d.weight[r];
      sum_wy += d.weight[r] * y[r];
    }
    if (!d.calibrated()) present = touched;
    e.degf = psus - strata;
    e.sum_w = psum;
    // svymean: average = colSums(x * pweights / psum)
    double mean = 0;
    for (size_t r : rr) mean += y[r] * d.weight[r] / psum;
    bool constant = true;
    for (size_t r : rr) constant = constant && y[r] == y[rr[0]];
    if (constant) mean = y[rr[0]];  // as R's long-double colSums gives it: the variance is exactly 0
    e.mean = mean;
    x.resize(rr.size());
    for (size_t i = 0; i < rr.size(); ++i) x[i] = (y[rr[i]] - mean) * d.weight[rr[i]] / psum;
    const double v = Variance(d, rr, x, present, &full);
    e.se = std::sqrt(v);
    // deff: svyvar of the centred values, without-replacement SRS.
    {
      const double nobs = e.n;
      double xbar = 0;
      for (size_t r : rr) xbar += (y[r] - mean) * d.weight[r] / psum;
      double s = 0;
      for (size_t r : rr) {
        const double c = (y[r] - mean) - xbar;
        s += c * c * nobs / (nobs - 1) * d.weight[r] / psum;
      }
      const double vsrs = psum < nobs ? kNaN : s * (psum - nobs) / (psum * nobs);
      e.deff = v / vsrs;
    }
    // svytotal
    double total = 0;
    for (size_t r : rr) total += y[r] / (1 / d.weight[r]);
    e.total = total;
    for (size_t i = 0; i < rr.size(); ++i) x[i] = y[rr[i]] * d.weight[rr[i]];
    e.se_total = std::sqrt(Variance(d, rr, x, present, &full));
    e.norm_lower = e.mean - z * e.se;
    e.norm_upper = e.mean + z * e.se;
    if (o.proportions) {
      CipropInput c;
      c.p = e.mean;
      c.var = v;
      c.degf = e.degf;
      c.level = o.level;
      c.design_rows = d.calibrated() ? static_cast<double>(n_all) : e.n;
      c.model_rows = d.calibrated() ? rows_with_y : e.n;
      const double mean_w = psum / c.design_rows;
      double ones = 0, zeros = 0;
      for (size_t r : rr) (y[r] != 0 ? ones : zeros) += d.weight[r] / mean_w;
      c.prior_ones = ones;
      c.prior_zeros = zeros;
      std::vector<double> yy(rr.size()), prior(rr.size());
      for (size_t i = 0; i < rr.size(); ++i) {
        yy[i] = y[rr[i]];
        prior[i] = d.weight[rr[i]] / mean_w;
      }
      const LogitFit fit = FitInterceptLogit(yy, prior);
      c.intercept = fit.intercept;
      c.working_weight_sum = fit.working_weight_sum;
      // svyglm's sandwich variance of the intercept: influence (y - mu) w / sum w at the fitted mu,
      // over mu.eta^2: var / (p (1 - p))^2 up to how far glm's IRLS stopped from logit p.
      c.fitted_mu = LinkInv(fit.intercept);
      for (size_t i = 0; i < rr.size(); ++i) x[i] = (y[rr[i]] - c.fitted_mu) * d.weight[rr[i]] / psum;
      c.fitted_var = Variance(d, rr, x, present, &full);
      // summary.svyglm dispersion: svyvar of survey's Pearson residuals, (y - mu) sqrt(prior /
      // design weight) / sqrt(mu (1 - mu)) at the fitted mu, where the prior and design weights are equal.
      const double pq = c.fitted_mu * (1 - c.fitted_mu);
      double rbar = 0;
      for (size_t r : rr) {
        const double res = (y[r] - c.fitted_mu) / std::sqrt(pq);
        rbar += res * d.weight[r] / psum;
      }
      double s = 0;
      for (size_t r : rr) {
        const double res = (y[r] - c.fitted_mu) / std::sqrt(pq) - rbar;
        s += res * res * e.n / (e.n - 1) * d.weight[r] / psum;
      }
      c.dispersion = s;
      e.ciprop = SurveyCiprop(c);
    }
  }
  return out;
}

}  // namespace nhood::stats
