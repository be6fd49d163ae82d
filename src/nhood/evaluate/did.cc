#include "nhood/evaluate/did.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <unordered_map>

#include "nhood/base/parallel.h"
#include "nhood/base/rng.h"

namespace nhood::evaluate {
namespace {

constexpr int kDeciles = 10;
const char* const kComparisons[] = {"england", "similarly_deprived", "matched"};

// Per-unit values in one vector: persons before, persons after, then each
// outcome's count before and after.
struct Layout {
  size_t outcomes;
  size_t width() const { return 2 + 2 * outcomes; }
};

// Everything the estimates need, summed by cluster once, so a replicate
// costs one pass over the clusters and the matched cluster pairs.
struct Sums {
  Layout layout;
  size_t treated_clusters = 0, comparison_clusters = 0;
  std::vector<double> treated;     // treated cluster x width
  std::vector<double> comparison;  // comparison cluster x width
  // Per cluster, per decile (sparse): the treated clusters' persons before,
  // the comparison clusters' whole vector.
  std::vector<std::vector<std::pair<int, double>>> treated_decile_persons;
  std::vector<std::vector<std::pair<int, std::vector<double>>>> comparison_decile;
  // Matched: per treated cluster, the matched treated units' sums; per
  // (treated cluster, comparison cluster), the weighted comparator sums.
  std::vector<double> matched_treated;  // treated cluster x width
  struct PairSum {
    size_t tc, cc;
    std::vector<double> v;
  };
  std::vector<PairSum> matched_pairs;
  std::array<bool, kDeciles> decile_used{};  // deciles of the similarly-deprived standardisation
};

// Shares for one replicate (or the point estimate): [comparison][outcome]
// treated before/after and comparison before/after.
struct Shares {
  std::vector<std::array<double, 4>> v;  // index comparison * K + outcome
};

void Add(std::vector<double>& to, size_t at, const std::vector<double>& from, size_t from_at, size_t width,
         double scale) {
  for (size_t k = 0; k < width; ++k) to[at + k] += scale * from[from_at + k];
}

Shares Compute(const Sums& s, const std::vector<double>& a, const std::vector<double>& b) {
  const size_t w = s.layout.width(), K = s.layout.outcomes;
  Shares out;
  out.v.assign(3 * K, {NAN, NAN, NAN, NAN});
  std::vector<double> t(w, 0.0), c(w, 0.0), mt(w, 0.0), mc(w, 0.0);
  for (size_t tc = 0; tc < s.treated_clusters; ++tc) {
    if (a[tc] == 0) continue;
    Add(t, 0, s.treated, tc * w, w, a[tc]);
    Add(mt, 0, s.matched_treated, tc * w, w, a[tc]);
  }
  for (size_t cc = 0; cc < s.comparison_clusters; ++cc) {
    if (b[cc] != 0) Add(c, 0, s.comparison, cc * w, w, b[cc]);
  }
  for (const auto& p : s.matched_pairs) {
    const double f = a[p.tc] * b[p.cc];
    if (f != 0) Add(mc, 0, p.v, 0, w, f);
  }
  // Similarly deprived: decile-specific comparison sums and the treated mix.
  std::array<double, kDeciles> pi{};
  std::vector<std::vector<double>> dec(kDeciles, std::vector<double>(w, 0.0));
  for (size_t tc = 0; tc < s.treated_clusters; ++tc) {
    if (a[tc] == 0) continue;
    for (const auto& [d, persons] : s.treated_decile_persons[tc]) pi[d] += a[tc] * persons;
  }
  for (size_t cc = 0; cc < s.comparison_clusters; ++cc) {
    if (b[cc] == 0) continue;
    for (const auto& [d, v] : s.comparison_decile[cc]) Add(dec[d], 0, v, 0, w, b[cc]);
  }
  double pi_total = 0;
  for (int d = 0; d < kDeciles; ++d) pi_total += s.decile_used[d] ? pi[d] : 0;

  for (size_t k = 0; k < K; ++k) {
    const size_t ob = 2 + 2 * k, oa = ob + 1;
    const double tb = t[ob] / t[0], ta = t[oa] / t[1];
    // England: every drawn cluster, treated and comparison.
    out.v[0 * K + k] = {tb, ta, (t[ob] + c[ob]) / (t[0] + c[0]), (t[oa] + c[oa]) / (t[1] + c[1])};
    double sb = 0, sa = 0;
    bool ok = pi_total > 0;
    for (int d = 0; d < kDeciles && ok; ++d) {
      if (!s.decile_used[d] || pi[d] == 0) continue;
      if (!(dec[d][0] > 0) || !(dec[d][1] > 0)) {
        ok = false;
        break;
      }
      sb += pi[d] / pi_total * dec[d][ob] / dec[d][0];
      sa += pi[d] / pi_total * dec[d][oa] / dec[d][1];
    }
    out.v[1 * K + k] = {tb, ta, ok ? sb : NAN, ok ? sa : NAN};
    out.v[2 * K + k] = {mt[ob] / mt[0], mt[oa] / mt[1], mc[ob] / mc[0], mc[oa] / mc[1]};
  }
  return out;
}

double Did(const std::array<double, 4>& v) { return (v[1] - v[0]) - (v[3] - v[2]); }

}  // namespace

Result<Table> DidEstimatesTable(const std::vector<DidEstimate>& estimates) {
  Table t;
  std::vector<std::string> comparison, outcome;
  std::vector<std::vector<double>> v(9);
  for (const DidEstimate& e : estimates) {
    comparison.push_back(e.comparison);
    outcome.push_back(e.outcome);
    const double row[] = {e.treated_before, e.treated_after, e.comparison_before, e.comparison_after, e.did,
                          e.lower, e.upper, static_cast<double>(e.n_treated), static_cast<double>(e.n_comparison)};
    for (size_t k = 0; k < 9; ++k) v[k].push_back(row[k]);
  }
  NHOOD_RETURN_IF_ERROR(t.AddText("comparison", comparison));
  NHOOD_RETURN_IF_ERROR(t.AddText("outcome", outcome));
  const char* names[] = {"treated_before", "treated_after", "comparison_before", "comparison_after", "did",
                         "lower95", "upper95", "n_treated", "n_comparison"};
  for (size_t k = 0; k < 9; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(names[k], v[k]));
  return t;
}

Result<Table> BalanceRowsTable(const std::vector<BalanceRow>& balance) {
  Table t;
  std::vector<std::string> name;
  std::vector<std::vector<double>> v(5);
  for (const BalanceRow& b : balance) {
    name.push_back(b.covariate);
    const double row[] = {b.mean_treated, b.mean_comparison_before, b.smd_before, b.mean_comparison_after, b.smd_after};
    for (size_t k = 0; k < 5; ++k) v[k].push_back(row[k]);
  }
  NHOOD_RETURN_IF_ERROR(t.AddText("covariate", name));
  const char* names[] = {"mean_treated", "mean_comparison_before", "smd_before", "mean_comparison_after", "smd_after"};
  for (size_t k = 0; k < 5; ++k) NHOOD_RETURN_IF_ERROR(t.AddNumbers(names[k], v[k]));
  return t;
}

double Type7Percentile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Result<DidResult> EstimateDid(const DidInput& in, const DidOptions& o) {
  const size_t n = in.ids.size();
  auto same = [n](size_t m) { return m == n; };
  if (!same(in.treated.size()) || !same(in.cluster.size()) || !same(in.persons_before.size()) ||
      !same(in.persons_after.size()) || !same(in.imd_decile.size())) {
    return InvalidArgument("did: the inputs do not have one entry per area");
  }
  if (in.outcomes.empty()) return InvalidArgument("did: no outcome");
  if (o.replicates < 0) return InvalidArgument("did: replicates cannot be negative");
  if (!(o.level > 0 && o.level < 1)) return InvalidArgument("did: the level must be between 0 and 1");
  auto check = [&](const std::vector<double>& v, const std::string& what) -> Status {
    if (!same(v.size())) return InvalidArgument("did: " + what + " does not have one entry per area");
    for (size_t u = 0; u < n; ++u) {
      if (!std::isfinite(v[u]) || v[u] < 0) {
        return InvalidArgument("did: " + what + " of area " + in.ids[u] + " is negative or missing");
      }
    }
    return Status::Ok();
  };
  NHOOD_RETURN_IF_ERROR(check(in.persons_before, "persons before"));
  NHOOD_RETURN_IF_ERROR(check(in.persons_after, "persons after"));
  for (const DidOutcome& out : in.outcomes) {
    NHOOD_RETURN_IF_ERROR(check(out.before, out.name + " before"));
    NHOOD_RETURN_IF_ERROR(check(out.after, out.name + " after"));
  }
  for (size_t u = 0; u < n; ++u) {
    if (in.imd_decile[u] < 1 || in.imd_decile[u] > kDeciles) {
      return InvalidArgument("did: area " + in.ids[u] + " has IMD decile " + std::to_string(in.imd_decile[u]) +
                             ", not 1-10");
    }
  }

  DidResult r;
  NHOOD_ASSIGN_OR_RETURN(r.matching, Match(in.covariates, in.treated, in.stratum, o.matching));
  r.balance = BalanceTable(in.covariates, in.treated, r.matching);

  Sums s;
  s.layout.outcomes = in.outcomes.size();
  const size_t w = s.layout.width(), K = s.layout.outcomes;
  auto unit = [&](size_t u) {
    std::vector<double> v(w);
    v[0] = in.persons_before[u];
    v[1] = in.persons_after[u];
    for (size_t k = 0; k < K; ++k) {
      v[2 + 2 * k] = in.outcomes[k].before[u];
      v[3 + 2 * k] = in.outcomes[k].after[u];
    }
    return v;
  };
  std::unordered_map<std::string, size_t> t_index, c_index;
  std::vector<size_t> cluster_of(n);
  for (size_t u = 0; u < n; ++u) {
    auto& index = in.treated[u] ? t_index : c_index;
    auto [it, inserted] = index.emplace(in.cluster[u], index.size());
    cluster_of[u] = it->second;
    (in.treated[u] ? r.treated_units : r.comparison_units)++;
  }
  if (r.treated_units == 0) return InvalidArgument("did: no treated area");
  if (r.comparison_units == 0) return InvalidArgument("did: no comparison area");
  s.treated_clusters = r.treated_clusters = t_index.size();
  s.comparison_clusters = r.comparison_clusters = c_index.size();
  s.treated.assign(s.treated_clusters * w, 0.0);
  s.matched_treated.assign(s.treated_clusters * w, 0.0);
  s.comparison.assign(s.comparison_clusters * w, 0.0);
  s.treated_decile_persons.resize(s.treated_clusters);
  s.comparison_decile.resize(s.comparison_clusters);
  std::array<double, kDeciles> treated_decile{}, comparison_decile_persons{};
  std::array<size_t, kDeciles> comparison_decile_units{};
  for (size_t u = 0; u < n; ++u) {
    const std::vector<double> v = unit(u);
    const size_t cl = cluster_of[u];
    const int d = in.imd_decile[u] - 1;
    if (in.treated[u]) {
      Add(s.treated, cl * w, v, 0, w, 1.0);
      if (r.matching.treated_matched[u]) Add(s.matched_treated, cl * w, v, 0, w, 1.0);
      auto& list = s.treated_decile_persons[cl];
      auto it = std::find_if(list.begin(), list.end(), [d](const auto& e) { return e.first == d; });
      if (it == list.end()) list.push_back({d, v[0]});
      else it->second += v[0];
      treated_decile[d] += v[0];
    } else {
      Add(s.comparison, cl * w, v, 0, w, 1.0);
      auto& list = s.comparison_decile[cl];
      auto it = std::find_if(list.begin(), list.end(), [d](const auto& e) { return e.first == d; });
      if (it == list.end()) list.push_back({d, v});
      else Add(it->second, 0, v, 0, w, 1.0);
      comparison_decile_persons[d] += v[0] + v[1];
      ++comparison_decile_units[d];
    }
  }
  double treated_persons = 0, treated_persons_after = 0;
  for (size_t u = 0; u < n; ++u) {
    if (in.treated[u]) {
      treated_persons += in.persons_before[u];
      treated_persons_after += in.persons_after[u];
    }
  }
  if (!(treated_persons > 0) || !(treated_persons_after > 0)) return InvalidArgument("did: the treated areas have no persons");
  size_t n_similar = 0;
  for (int d = 0; d < kDeciles; ++d) {
    if (treated_decile[d] <= 0) continue;
    if (comparison_decile_persons[d] > 0) {
      s.decile_used[d] = true;
      n_similar += comparison_decile_units[d];
    } else {
      r.treated_deciles_without_comparison.push_back(d + 1);
    }
  }
  {
    std::map<std::pair<size_t, size_t>, size_t> at;
    for (const MatchedPair& p : r.matching.pairs) {
      const auto key = std::make_pair(cluster_of[p.treated], cluster_of[p.comparison]);
      auto [it, inserted] = at.emplace(key, s.matched_pairs.size());
      if (inserted) s.matched_pairs.push_back({key.first, key.second, std::vector<double>(w, 0.0)});
      Add(s.matched_pairs[it->second].v, 0, unit(p.comparison), 0, w, p.weight);
    }
  }

  const std::vector<double> ones_t(s.treated_clusters, 1.0), ones_c(s.comparison_clusters, 1.0);
  Shares point = Compute(s, ones_t, ones_c);
  // England from its own totals (the census files), not from the areas.
  for (size_t k = 0; k < K; ++k) {
    point.v[k][2] = in.outcomes[k].england_before / in.england_persons_before;
    point.v[k][3] = in.outcomes[k].england_after / in.england_persons_after;
  }

  // Replicates: each a pure function of (seed, r).
  std::vector<std::vector<double>> dids(static_cast<size_t>(o.replicates));
  ParallelFor(dids.size(), o.threads, [&](size_t rep) {
    StreamRng rng(o.seed, rep);
    std::vector<double> a(s.treated_clusters, 0.0), b(s.comparison_clusters, 0.0);
    for (size_t i = 0; i < s.treated_clusters; ++i) a[rng.Bounded(s.treated_clusters)] += 1;
    for (size_t i = 0; i < s.comparison_clusters; ++i) b[rng.Bounded(s.comparison_clusters)] += 1;
    const Shares sh = Compute(s, a, b);
    std::vector<double> d(3 * K);
    for (size_t e = 0; e < 3 * K; ++e) d[e] = Did(sh.v[e]);
    dids[rep] = std::move(d);
  });
  // A replicate can leave an estimate undefined (no comparator of any drawn
  // treated area was drawn, or a decile without comparison persons): that
  // replicate is left out of that estimate's limits only, and counted.

  const double alpha = 1 - o.level;
  for (size_t c = 0; c < 3; ++c) {
    for (size_t k = 0; k < K; ++k) {
      const size_t e = c * K + k;
      DidEstimate est;
      est.comparison = kComparisons[c];
      est.outcome = in.outcomes[k].name;
      est.treated_before = point.v[e][0];
      est.treated_after = point.v[e][1];
      est.comparison_before = point.v[e][2];
      est.comparison_after = point.v[e][3];
      est.did = Did(point.v[e]);
      est.lower = est.upper = NAN;
      std::vector<double> draws;
      for (size_t rep = 0; rep < dids.size(); ++rep) {
        if (std::isfinite(dids[rep][e])) draws.push_back(dids[rep][e]);
      }
      est.failed_replicates = dids.size() - draws.size();
      r.failed_replicates = std::max(r.failed_replicates, est.failed_replicates);
      if (!draws.empty()) {
        std::sort(draws.begin(), draws.end());
        est.lower = Type7Percentile(draws, alpha / 2);
        est.upper = Type7Percentile(draws, 1 - alpha / 2);
      }
      est.n_treated = c == 2 ? r.matching.matched_treated : r.treated_units;
      est.n_comparison = c == 0 ? n : c == 1 ? n_similar : r.matching.distinct_comparisons;
      r.estimates.push_back(est);
    }
  }
  return r;
}

}  // namespace nhood::evaluate
