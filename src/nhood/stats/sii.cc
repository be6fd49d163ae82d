#include "nhood/stats/sii.h"

#include <algorithm>
#include <cmath>

#include "nhood/stats/confidence.h"
#include "nhood/stats/distributions.h"

namespace nhood::stats {
namespace {

double G(double v, SiiValueType t) {
  switch (t) {
    case SiiValueType::kRate: return std::log(v);
    case SiiValueType::kProportion: return std::log(v / (1 - v));
    default: return v;
  }
}

double GInverse(double v, SiiValueType t) {
  switch (t) {
    case SiiValueType::kRate: return std::exp(v);
    case SiiValueType::kProportion: return std::exp(v) / (1 + std::exp(v));
    default: return v;
  }
}

// Weighted least squares y = c0 + c1 b with weights a, via the normal
// equations (the reference solves the same system with a QR fit for the
// point estimate and (X'X)^-1 X' for the draws).
struct Fit {
  double c0, c1;
};

struct WlsSolver {
  std::vector<double> a, b;
  double i00, i01, i11;  // inverse of [[Sa, Sab], [Sab, Sabb]]

  WlsSolver(std::vector<double> a_in, std::vector<double> b_in) : a(std::move(a_in)), b(std::move(b_in)) {
    double sa = 0, sab = 0, sabb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      sa += a[i];
      sab += a[i] * b[i];
      sabb += a[i] * b[i] * b[i];
    }
    const double det = sa * sabb - sab * sab;
    i00 = sabb / det;
    i01 = -sab / det;
    i11 = sa / det;
  }

  Fit Solve(const double* y) const {
    double say = 0, saby = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      say += a[i] * y[i];
      saby += a[i] * b[i] * y[i];
    }
    return {i00 * say + i01 * saby, i01 * say + i11 * saby};
  }
};

SiiResult Fail(const SiiOptions& o, const char* why) {
  SiiResult r;
  r.sii = Undefined(o.confidence, why);
  r.rii = Undefined(o.confidence, why);
  r.sii.method = r.rii.method = "WLS, simulated CI";
  return r;
}

}  // namespace

SiiResult Sii(std::vector<SiiQuantileRow> rows, const SiiOptions& o, RRandom& rng) {
  const size_t k = rows.size();
  if (k < 5 || k > 100) return Fail(o, "needs 5 to 100 quantiles");
  if (o.repetitions < 1000) return Fail(o, "repetitions below 1000");
  std::sort(rows.begin(), rows.end(), [](const auto& l, const auto& r) { return l.quantile < r.quantile; });
  const SiiValueType t = o.value_type;
  const double z95 = *NormalQuantile(0.975);
  double total = 0;
  std::vector<double> value(k), se(k);
  for (size_t i = 0; i < k; ++i) {
    const auto& r = rows[i];
    if (!(r.population > 0)) return Fail(o, "population not positive");
    total += r.population;
    value[i] = !std::isnan(r.value) ? r.value : r.x / r.population;
    if (t == SiiValueType::kProportion && (value[i] < 0 || value[i] > 1)) return Fail(o, "proportion outside 0-1");
    if (!std::isnan(r.se)) {
      se[i] = r.se;
    } else if (!std::isnan(r.lower) && !std::isnan(r.upper)) {
      se[i] = (G(r.upper, t) - G(r.lower, t)) / z95 / 2;
    } else {
      return Fail(o, "missing standard error or limits");
    }
  }
  std::vector<double> a(k), b(k);
  double cum = 0;
  for (size_t i = 0; i < k; ++i) {
    a[i] = rows[i].population / total;
    b[i] = cum + a[i] / 2;
    cum += a[i];
  }
  const WlsSolver solver(a, b);
  std::vector<double> y(k);
  for (size_t i = 0; i < k; ++i) y[i] = o.transform ? G(value[i], t) : value[i];
  const Fit fit = solver.Solve(y.data());
  const double mult = o.multiplier;

  // Simulation: draw j of quantile i is the (j * k + i)-th normal, as R
  // fills matrix(rnorm(reps * k, value, se), ncol = reps) by column.
  const int reps = o.repetitions;
  std::vector<double> slopes(reps), riis(reps), draw(k);
  for (int j = 0; j < reps; ++j) {
    for (size_t i = 0; i < k; ++i) {
      const double g = rng.Normal(G(value[i], t), se[i]);
      draw[i] = o.transform ? g : GInverse(g, t);
    }
    const Fit f = solver.Solve(draw.data());
    slopes[j] = f.c1;
    riis[j] = (f.c0 + f.c1) / f.c0;
  }
  std::sort(slopes.begin(), slopes.end());
  std::sort(riis.begin(), riis.end());

  SiiResult r;
  r.sii.method = r.rii.method = "WLS, simulated CI";
  const double h = fit.c0 + fit.c1 / 2;
  if (o.transform) {
    const double y0 = GInverse(fit.c0, t), y1 = GInverse(fit.c0 + fit.c1, t);
    r.sii.value = (y1 - y0) * mult;
    r.rii.value = y1 / y0;
    r.intercept = y0 * std::fabs(mult);
  } else {
    r.sii.value = mult * fit.c1;
    r.rii.value = (fit.c0 + fit.c1) / fit.c0;
    r.intercept = fit.c0;
  }
  if (mult < 0) r.rii.value = 1 / r.rii.value;
  for (double c : o.confidence) {
    const double alpha = 1 - c;
    // R's round() on reps * alpha / 2; positions are 1-based. Clamped so
    // that the mirrored position below stays inside the draws.
    auto position = [&](double p) {
      const double k = std::nearbyint(p) - 1;
      return static_cast<size_t>(std::clamp(k, 0.0, static_cast<double>(reps - 2)));
    };
    const size_t lo = position(reps * alpha / 2);
    const size_t hi = position(reps * (1 - alpha / 2));
    double sl, su, rl, ru;
    if (o.transform) {
      auto sii_of = [&](double s) { return GInverse(h + s / 2, t) - GInverse(h - s / 2, t); };
      auto rii_of = [&](double s) { return GInverse(h + s / 2, t) / GInverse(h - s / 2, t); };
      sl = sii_of(slopes[lo]);
      su = sii_of(slopes[hi]);
      rl = rii_of(slopes[lo]);
      ru = rii_of(slopes[hi]);
    } else {
      sl = slopes[lo];
      su = slopes[hi];
      rl = riis[lo];
      ru = riis[hi];
    }
    Interval s{mult * sl, mult * su, c}, q{rl, ru, c};
    if (mult < 0 && o.transform) {
      s = {mult * su, mult * sl, c};
      q = {1 / ru, 1 / rl, c};
    } else if (mult < 0) {
      // NOTE: without transform the reference sorts the multiplied draws
      // (and the inverted RIIs) and takes the same positions, which is the
      // mirror position plus one: reps - p + 1.
      s = {mult * slopes[hi + 1], mult * slopes[lo + 1], c};
      q = {1 / riis[hi + 1], 1 / riis[lo + 1], c};
    }
    r.sii.intervals.push_back(s);
    r.rii.intervals.push_back(q);
  }
  return r;
}

}  // namespace nhood::stats
