#include "nhood/stats/survey_ciprop.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nhood/stats/distributions.h"
#include "nhood/stats/estimate.h"

namespace nhood::stats {
namespace {

// The distribution functions through stats/distributions.h; a domain error
// (which R reports as NaN) becomes NaN here.
double Or(const Result<double>& r) { return r ? *r : kNaN; }
double Qt(double p, double df) {
  if (std::isinf(df)) return Or(NormalQuantile(p));
  return Or(StudentTQuantile(p, df));
}
double Qnorm(double p) { return Or(NormalQuantile(p)); }
double QnormUpper(double q) { return Or(NormalUpperQuantile(q)); }
double Pnorm(double x) { return NormalCdf(x); }
double Qbeta(double p, double a, double b) { return Or(BetaQuantile(p, a, b)); }
// R's qf(q, df1, df2, lower.tail = FALSE) = (1 / qbeta(q, df2/2, df1/2) - 1) * df2 / df1.
double QfUpper(double q, double df1, double df2) {
  if (!(df2 > 0)) return kNaN;
  return (1 / Qbeta(q, df2 / 2, df1 / 2) - 1) * (df2 / df1);
}
double Expit(double eta) { return std::exp(eta) / (1 + std::exp(eta)); }

// R's fmm_spline (src/library/stats/src/splines.c): coefficients b, c, d.
void FmmSpline(const std::vector<double>& x, const std::vector<double>& y, std::vector<double>* bb,
               std::vector<double>* cc, std::vector<double>* dd) {
  const int n = static_cast<int>(x.size());
  bb->assign(n, 0);
  cc->assign(n, 0);
  dd->assign(n, 0);
  if (n < 2) return;
  // 1-based views, as in R.
  const double* X = x.data() - 1;
  const double* Y = y.data() - 1;
  double* b = bb->data() - 1;
  double* c = cc->data() - 1;
  double* d = dd->data() - 1;
  if (n < 3) {
    const double t = Y[2] - Y[1];
    b[1] = t / (X[2] - X[1]);
    b[2] = b[1];
    c[1] = c[2] = d[1] = d[2] = 0.0;
    return;
  }
  const int nm1 = n - 1;
  d[1] = X[2] - X[1];
  c[2] = (Y[2] - Y[1]) / d[1];
  for (int i = 2; i < n; i++) {
    d[i] = X[i + 1] - X[i];
    b[i] = 2.0 * (d[i - 1] + d[i]);
    c[i + 1] = (Y[i + 1] - Y[i]) / d[i];
    c[i] = c[i + 1] - c[i];
  }
  b[1] = -d[1];
  b[n] = -d[nm1];
  c[1] = c[n] = 0.0;
  if (n > 3) {
    c[1] = c[3] / (X[4] - X[2]) - c[2] / (X[3] - X[1]);
    c[n] = c[nm1] / (X[n] - X[n - 2]) - c[n - 2] / (X[nm1] - X[n - 3]);
    c[1] = c[1] * d[1] * d[1] / (X[4] - X[1]);
    c[n] = -c[n] * d[nm1] * d[nm1] / (X[n] - X[n - 3]);
  }
  for (int i = 2; i <= n; i++) {
    const double t = d[i - 1] / b[i - 1];
    b[i] = b[i] - t * d[i - 1];
    c[i] = c[i] - t * c[i - 1];
  }
  c[n] = c[n] / b[n];
  for (int i = nm1; i >= 1; i--) c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
  b[n] = (Y[n] - Y[n - 1]) / d[n - 1] + d[n - 1] * (c[n - 1] + 2.0 * c[n]);
  for (int i = 1; i <= nm1; i++) {
    b[i] = (Y[i + 1] - Y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
    d[i] = (c[i + 1] - c[i]) / d[i];
    c[i] = 3.0 * c[i];
  }
  c[n] = 3.0 * c[n];
  d[n] = d[nm1];
}

// R's spline_eval for the fmm method.
double SplineEval(double u, const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& b,
                  const std::vector<double>& c, const std::vector<double>& d) {
  const int n = static_cast<int>(x.size());
  int i = 0;
  if (u < x[0] || (n > 1 && x[1] < u)) {
    i = 0;
    int j = n;
    do {
      const int k = (i + j) / 2;
      if (u < x[k]) j = k; else i = k;
    } while (j > i + 1);
  }
  const double dx = u - x[i];
  return y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]));
}

// R's approx1 (linear, rule = 1) over (x, y) sorted by x.
double Approx(double v, const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n == 0 || std::isnan(v)) return kNaN;
  size_t i = 0, j = n - 1;
  if (v < x[i] || v > x[j]) return kNaN;
  while (i < j - 1) {
    const size_t ij = (i + j) / 2;
    if (v < x[ij]) j = ij; else i = ij;
  }
  if (v == x[j]) return y[j];
  if (v == x[i]) return y[i];
  return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
}

// R's regularize.values(x, y, mean): sorted by x, ties averaged.
void Regularize(std::vector<double>* x, std::vector<double>* y) {
  std::vector<size_t> o(x->size());
  std::iota(o.begin(), o.end(), 0);
  std::stable_sort(o.begin(), o.end(), [&](size_t a, size_t b) { return (*x)[a] < (*x)[b]; });
  std::vector<double> xs, ys, count;
  for (size_t k : o) {
    if (!xs.empty() && xs.back() == (*x)[k]) {
      ys.back() += (*y)[k];
      count.back() += 1;
    } else {
      xs.push_back((*x)[k]);
      ys.push_back((*y)[k]);
      count.push_back(1);
    }
  }
  for (size_t k = 0; k < ys.size(); ++k) ys[k] /= count[k];
  *x = std::move(xs);
  *y = std::move(ys);
}

}  // namespace

std::vector<double> InverseFmmSpline(std::span<const double> x_in, std::span<const double> y_in,
                                     std::span<const double> xout) {
  std::vector<double> x(x_in.begin(), x_in.end()), y(y_in.begin(), y_in.end());
  Regularize(&x, &y);
  std::vector<double> b, c, d;
  FmmSpline(x, y, &b, &c, &d);
  const size_t n = 3 * x_in.size();
  // seq.int(min, max, length.out = n), as R computes it.
  const double from = x.front(), to = x.back();
  std::vector<double> sx(n), sy(n);
  if (n > 0) sx[0] = from;
  if (n > 1) sx[n - 1] = to;
  if (n > 2) {
    const double by = (to - from) / static_cast<double>(n - 1);
    for (size_t i = 1; i < n - 1; ++i) {
      sx[i] = i < n / 2 ? from + static_cast<double>(i) * by : to - static_cast<double>(n - 1 - i) * by;
    }
  }
  for (size_t i = 0; i < n; ++i) sy[i] = SplineEval(sx[i], x, y, b, c, d);
  Regularize(&sy, &sx);  // approx(sp$y, sp$x): sorted by the spline's values
  std::vector<double> out;
  for (double v : xout) out.push_back(Approx(v, sy, sx));
  return out;
}

namespace {

constexpr double kDblEpsilon = 2.220446049250313e-16;

// binomial()$mu.eta as R's C code computes it.
double MuEta(double eta) {
  const double opexp = 1 + std::exp(eta);
  return (eta > 30 || eta < -30) ? kDblEpsilon : std::exp(eta) / (opexp * opexp);
}
double YLogY(double y, double mu) { return y != 0 ? y * std::log(y / mu) : 0; }

}  // namespace

double LinkInv(double eta) {
  const double t = eta < -30 ? kDblEpsilon : (eta > 30 ? 1 / kDblEpsilon : std::exp(eta));
  return t / (1 + t);
}

LogitFit FitInterceptLogit(std::span<const double> y, std::span<const double> prior) {
  const size_t n = y.size();
  // binomial initialize: mustart = (w y + 0.5) / (w + 1), eta = linkfun(mustart), mu = linkinv(eta);
  // the starting deviance and the first iteration's weighted least squares in the same pass.
  double devold = 0, sw = 0, swz = 0, s_prior = 0, s_ones = 0;
  for (size_t i = 0; i < n; ++i) {
    const double yi = prior[i] == 0 ? 0 : y[i];
    const double m0 = (prior[i] * yi + 0.5) / (prior[i] + 1);
    const double eta = std::log(m0 / (1 - m0));
    const double mu = LinkInv(eta);
    devold += 2 * prior[i] * (YLogY(y[i], mu) + YLogY(1 - y[i], 1 - mu));
    const double me = MuEta(eta);
    if (!(prior[i] > 0)) continue;
    s_prior += prior[i];
    s_ones += prior[i] * y[i];
    if (me == 0) continue;
    const double w2 = prior[i] * me * me / (mu * (1 - mu));
    sw += w2;
    swz += w2 * (eta + (y[i] - mu) / me);
  }
  // From the second iteration on every row shares eta: closed forms of the same sums.
  LogitFit fit;
  double eta_c = 0, mu_c = 0;
  for (int iter = 1; iter <= 25; ++iter) {
    if (iter > 1) {
      const double me = MuEta(eta_c);
      if (me == 0) break;
      const double unit = me * me / (mu_c * (1 - mu_c));
      sw = unit * s_prior;
      swz = unit * (eta_c * s_prior + (s_ones - mu_c * s_prior) / me);
    }
    fit.working_weight_sum = sw;
    fit.intercept = swz / sw;
    eta_c = fit.intercept;
    mu_c = LinkInv(eta_c);
    const double dev = 2 * (s_ones * YLogY(1, mu_c) + (s_prior - s_ones) * YLogY(1, 1 - mu_c));
    if (std::fabs(dev - devold) / (std::fabs(dev) + 0.1) < 1e-8) break;
    devold = dev;
  }
  return fit;
}

CipropIntervals SurveyCiprop(const CipropInput& in) {
  CipropIntervals r;
  r.lower.fill(kNaN);
  r.upper.fill(kNaN);
  const double p = in.p, se = std::sqrt(in.var), df = in.degf;
  const double a = (1 - in.level) / 2;
  const double tl = Qt(a, df), tu = Qt(1 - a, df);
  // mean
  r.lower[kCipropMean] = p + se * tl;
  r.upper[kCipropMean] = p + se * tu;
  // asin: svycontrast's symbolic derivative of asin(sqrt(p))
  {
    const double t = std::asin(std::sqrt(p));
    const double g = 0.5 * std::pow(p, -0.5) / std::sqrt(1 - std::sqrt(p) * std::sqrt(p));
    const double st = std::fabs(g) * se;
    r.lower[kCipropAsin] = std::pow(std::sin(t + st * tl), 2);
    r.upper[kCipropAsin] = std::pow(std::sin(t + st * tu), 2);
  }
  // xlogit: derivative of log(p / (1 - p)) as R's deriv() writes it
  {
    const double t = std::log(p / (1 - p));
    const double g = (1 / (1 - p) + p / ((1 - p) * (1 - p))) / (p / (1 - p));
    const double st = std::fabs(g) * se;
    r.lower[kCipropXlogit] = Expit(t + st * tl);
    r.upper[kCipropXlogit] = Expit(t + st * tu);
  }
  // beta (Korn-Graubard)
  {
    double n_eff = p * (1 - p) / in.var;
    const double ratio = Qt(a, in.design_rows - 1) / Qt(a, df);
    n_eff *= ratio * ratio;
    r.lower[kCipropBeta] = Qbeta(a, n_eff * p, n_eff * (1 - p) + 1);
    r.upper[kCipropBeta] = Qbeta(1 - a, n_eff * p + 1, n_eff * (1 - p));
  }
  if (!(df > 0)) return r;
  const double b0 = in.intercept;
  // logit: confint.svyglm(method = "Wald", ddf = df), with svyglm's sandwich se of the intercept
  {
    const double se_fit = std::sqrt(in.fitted_var) / MuEta(b0);
    const double tlevel = 1 - 2 * Pnorm(Qt(a, df));
    const double aa = (1 - tlevel) / 2;
    r.lower[kCipropLogit] = Expit(b0 + se_fit * Qnorm(aa));
    r.upper[kCipropLogit] = Expit(b0 + se_fit * Qnorm(1 - aa));
  }
  if (!(p > 0 && p < 1) || !(in.var > 0)) return r;
  const double me0 = MuEta(b0);
  const double cov_unscaled = in.fitted_var / (me0 * me0);  // svyglm's sandwich variance of the intercept
  const double se_b = std::sqrt(cov_unscaled);
  // likelihood: confint.svyglm(method = "likelihood", ddf = df)
  {
    const double naive = 1 / in.working_weight_sum;
    const double lambda = cov_unscaled / naive;
    const double alpha = Pnorm(Qt(a, df) * std::sqrt(lambda)) / 2;
    const double zmax = std::sqrt(QfUpper(alpha, 1, in.model_rows - 1));
    const double del = zmax / 5;
    // binomial()$linkinv (R's C logit_linkinv clamps at |eta| > 30) and dev.resids.
    auto deviance = [&](double eta) {
      const double mu = LinkInv(eta);
      return 2 * (in.prior_ones * std::log(1 / mu) + in.prior_zeros * std::log(1 / (1 - mu)));
    };
    const double dev0 = deviance(b0);
    std::vector<double> zi = {0.0}, bi = {b0};
    bool ok = std::isfinite(zmax) && in.dispersion > 0;
    for (int sgn = -1; sgn <= 1 && ok; sgn += 2) {
      int step = 0;
      double z = 0;
      while (++step < 10 && std::fabs(z) < zmax) {
        const double b = b0 + sgn * step * del * se_b;
        double zz = (deviance(b) - dev0) / in.dispersion;
        if (zz > -0.001) {
          zz = std::max(zz, 0.0);
        } else {
          ok = false;  // survey: "profiling has found a better solution"
          break;
        }
        z = sgn * std::sqrt(zz);
        bi.push_back(b);
        zi.push_back(z);
      }
    }
    if (ok) {
      std::vector<size_t> o(zi.size());
      std::iota(o.begin(), o.end(), 0);
      std::stable_sort(o.begin(), o.end(), [&](size_t u, size_t v) { return zi[u] < zi[v]; });
      std::vector<double> xs, ys;
      for (size_t k : o) {
        xs.push_back(bi[k]);
        ys.push_back(zi[k]);
      }
      const std::vector<double> cut = {Qnorm(2 * alpha), QnormUpper(2 * alpha)};
      const std::vector<double> lim = InverseFmmSpline(xs, ys, cut);
      r.lower[kCipropLikelihood] = Expit(lim[0]);
      r.upper[kCipropLikelihood] = Expit(lim[1]);
    }
  }
  return r;
}

}  // namespace nhood::stats
