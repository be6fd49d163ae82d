#include "nhood/atlas/neighbourhood_atlas.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <unordered_set>

#include "nhood/atlas/age_standardisation.h"
#include "nhood/atlas/aggregation.h"
#include "nhood/atlas/composite_index.h"
#include "nhood/atlas/double_disadvantage.h"
#include "nhood/atlas/neighbourhood_names.h"
#include "nhood/base/number.h"
#include "nhood/region/zoning_summary.h"
#include "nhood/stats/benchmark.h"
#include "nhood/stats/proportion.h"

namespace nhood::atlas {
namespace {

// Fingertips method 1: the 95% interval against the England value.
std::string VsEngland(double value, double lower95, double upper95, double england, bool higher_is_worse) {
  return stats::Compare({.value = value, .lower95 = lower95, .upper95 = upper95}, {.value = england},
                        stats::ComparisonMethod::kCi95,
                        higher_is_worse ? stats::Polarity::kLowIsGood : stats::Polarity::kHighIsGood)
      .rag;
}

double Lookup(const std::unordered_map<std::string, double>& m, const std::string& id) {
  auto it = m.find(id);
  return it == m.end() ? NAN : it->second;
}

// Neighbourhoods given by the user: the area -> name map, names in order of
// first appearance; every area of the extent needs one.
Result<region::Neighbourhoods> Given(const AtlasAreas& a, const std::unordered_map<std::string, std::string>& given,
                                     std::vector<std::string>* names) {
  region::Neighbourhoods nb;
  std::map<std::string, int32_t> index;
  std::vector<std::string> missing;
  nb.region.assign(a.ids.size(), -1);
  for (size_t i = 0; i < a.ids.size(); ++i) {
    auto it = given.find(a.ids[i]);
    if (it == given.end() || it->second.empty()) {
      missing.push_back(a.ids[i]);
      continue;
    }
    auto [ni, inserted] = index.emplace(it->second, static_cast<int32_t>(names->size()));
    if (inserted) names->push_back(it->second);
    nb.region[i] = ni->second;
  }
  if (!missing.empty()) {
    return InvalidArgument("[neighbourhoods] assigns no neighbourhood to " + std::to_string(missing.size()) +
                           " areas of the extent (first: " + missing[0] + ")");
  }
  nb.count = static_cast<int32_t>(names->size());
  return nb;
}

// Each neighbourhood's local authorities, most residents first: one code
// (and name) for a neighbourhood inside one authority, "A; B" otherwise.
void LocalAuthorities(const AtlasAreas& a, const std::vector<int32_t>& region, int32_t k, AtlasResult* r) {
  std::vector<std::map<std::string, double>> pop_in(k);
  std::unordered_map<std::string, std::string> name_of;
  for (size_t i = 0; i < a.ids.size(); ++i) {
    pop_in[region[i]][a.local_authority[i]] += a.population[i];
    if (!a.local_authority_name.empty()) name_of[a.local_authority[i]] = a.local_authority_name[i];
  }
  for (int32_t g = 0; g < k; ++g) {
    std::vector<std::pair<std::string, double>> las(pop_in[g].begin(), pop_in[g].end());
    std::stable_sort(las.begin(), las.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    std::string codes, names;
    for (const auto& [code, p] : las) {
      codes += (codes.empty() ? "" : "; ") + code;
      names += (names.empty() ? "" : "; ") + name_of[code];
    }
    r->spanning_authorities += las.size() > 1;
    r->local_authority.push_back(codes);
    r->local_authority_name.push_back(names);
  }
}

// `england`: the ids of every English area (those of the national IMD);
// England's values are over these only (a Census table also holds Wales).
Result<IndicatorProfile> Profile(const RiskIndicator& ind, const AtlasInput& in, const std::vector<int32_t>& region,
                                 int32_t k, const std::unordered_set<std::string>& england) {
  const auto& ids = in.areas.ids;
  const size_t n = ids.size();
  IndicatorProfile p;
  p.name = ind.name;
  p.column = ind.column;
  p.higher_is_worse = ind.higher_is_worse;
  p.weight = ind.weight;
  p.counts = ind.counts;
  p.in_risk = ind.in_risk;
  p.value.assign(k, NAN);
  if (!ind.expected.empty()) {  // O/E x 100, England = 100
    p.standardised = true;
    p.reference_bands = ind.reference_bands;
    p.standardisation = ind.standardisation;
    std::vector<double> o(n, NAN), e(n, NAN);
    for (size_t i = 0; i < n; ++i) {
      auto x = ind.expected.find(ids[i]);
      if (x == ind.expected.end()) return InvalidArgument("[ages] has no population by age for area " + ids[i]);
      e[i] = x->second;
      auto c = ind.count.find(ids[i]);
      if (c != ind.count.end()) o[i] = c->second.first;
    }
    const std::vector<stats::IsrEstimate> ratio =
        StandardisedRatios(o, e, region, k, {.confidence = {0.95}, .ref_value = 100});
    double so = 0, se = 0;
    for (const auto& [id, xn] : ind.count) {
      if (!england.count(id)) continue;
      auto x = ind.expected.find(id);
      if (x == ind.expected.end() || std::isnan(xn.first) || std::isnan(x->second)) continue;
      so += xn.first;
      se += x->second;
    }
    p.england = se > 0 ? 100 * so / se : NAN;
    for (int32_t r = 0; r < k; ++r) {
      const stats::Estimate& est = ratio[r].ratio;
      p.value[r] = est.value;
      p.lower95.push_back(est.intervals.empty() ? NAN : est.intervals[0].lower);
      p.upper95.push_back(est.intervals.empty() ? NAN : est.intervals[0].upper);
      p.observed.push_back(ratio[r].observed);
      p.expected.push_back(ratio[r].expected);
      p.vs_england.push_back(VsEngland(p.value[r], p.lower95[r], p.upper95[r], 100.0, ind.higher_is_worse));
    }
    // Each area on its own.
    std::vector<int32_t> self(n);
    std::iota(self.begin(), self.end(), 0);
    for (const stats::IsrEstimate& a : StandardisedRatios(o, e, self, static_cast<int32_t>(n),
                                                          {.confidence = {0.95}, .ref_value = 100})) {
      p.area_value.push_back(a.ratio.value);
      p.area_lower95.push_back(a.ratio.intervals.empty() ? NAN : a.ratio.intervals[0].lower);
      p.area_upper95.push_back(a.ratio.intervals.empty() ? NAN : a.ratio.intervals[0].upper);
      p.area_observed.push_back(a.observed);
      p.area_expected.push_back(a.expected);
    }
  } else if (ind.counts) {  // a proportion with Wilson intervals
    std::vector<double> x(k, 0), d(k, 0);
    double ex = 0, en = 0;
    for (const auto& [id, xn] : ind.count) {
      if (!england.count(id) || std::isnan(xn.first) || std::isnan(xn.second)) continue;
      ex += xn.first;
      en += xn.second;
    }
    for (size_t i = 0; i < n; ++i) {
      auto it = ind.count.find(ids[i]);
      if (it == ind.count.end()) continue;
      x[region[i]] += it->second.first;
      d[region[i]] += it->second.second;
    }
    const stats::Estimate england = stats::Proportion(ex, en, {.confidence = {0.95}});
    p.england = england.value;
    for (int32_t r = 0; r < k; ++r) {
      const stats::Estimate est = stats::Proportion(x[r], d[r], {.confidence = {0.95}});
      p.value[r] = est.value;
      p.lower95.push_back(est.intervals[0].lower);
      p.upper95.push_back(est.intervals[0].upper);
      p.vs_england.push_back(VsEngland(est.value, p.lower95[r], p.upper95[r], england.value, ind.higher_is_worse));
    }
  } else {  // population-weighted mean of area values
    std::vector<double> sw(k, 0), swx(k, 0);
    for (size_t i = 0; i < n; ++i) {
      auto it = ind.value.find(ids[i]);
      if (it == ind.value.end() || std::isnan(it->second)) continue;
      sw[region[i]] += in.areas.population[i];
      swx[region[i]] += in.areas.population[i] * it->second;
    }
    for (int32_t r = 0; r < k; ++r) p.value[r] = sw[r] > 0 ? swx[r] / sw[r] : NAN;
    double ew = 0, ewx = 0;  // England: population-weighted over every area with a value
    for (const auto& [id, v] : ind.value) {
      if (!england.count(id)) continue;
      auto pp = in.population.find(id);
      if (pp == in.population.end() || std::isnan(v) || std::isnan(pp->second)) continue;
      ew += pp->second;
      ewx += pp->second * v;
    }
    p.england = ew > 0 ? ewx / ew : NAN;
  }
  return p;
}

}  // namespace

Result<AtlasResult> ComputeAtlas(const AtlasInput& in) {
  const AtlasAreas& a = in.areas;
  const size_t n = a.ids.size();
  if (in.risks.empty()) {
    return InvalidArgument("no [[risk]] indicator: the atlas ranks neighbourhoods by a risk score made from at least "
                           "one indicator, and will not write a priority list in file order");
  }
  for (size_t size : {a.population.size(), a.local_authority.size(), a.ward.size(), a.double_disadvantage.size(),
                      a.hotspot_cluster.size()}) {
    if (size != n) return InvalidArgument("atlas: the areas' vectors differ in length");
  }
  if ((!a.names.empty() && a.names.size() != n) || (!a.local_authority_name.empty() && a.local_authority_name.size() != n) ||
      (!a.ward_name.empty() && a.ward_name.size() != n) || in.imd_ids.size() != in.imd_scores.size()) {
    return InvalidArgument("atlas: the areas' vectors differ in length");
  }
  for (size_t i = 0; i < n; ++i) {
    if (!(a.population[i] >= 0)) return InvalidArgument("atlas: area " + a.ids[i] + " has no population");
  }
  if (!(in.tier_top >= 0 && in.tier_middle >= 0 && in.tier_top + in.tier_middle <= 1)) {
    return InvalidArgument("atlas: [tiers] top and middle are shares of neighbourhoods: each in [0, 1], summing to at most 1");
  }
  if (!in.weights) return InvalidArgument("atlas: contiguity weights are required");
  AtlasResult r;
  r.double_disadvantage_unit = in.double_disadvantage_unit;
  // National IMD ranks and deciles (Core20 = the most deprived 20% nationally)
  // over the areas with a score; an area without one has no rank.
  std::vector<std::string> scored_ids;
  std::vector<double> scores;
  for (size_t i = 0; i < in.imd_ids.size(); ++i) {
    if (!std::isfinite(in.imd_scores[i])) continue;
    scored_ids.push_back(in.imd_ids[i]);
    scores.push_back(in.imd_scores[i]);
  }
  const Ranking national = RankDescending(scores);
  std::unordered_map<std::string, size_t> imd_at;
  for (size_t i = 0; i < scored_ids.size(); ++i) imd_at.emplace(scored_ids[i], i);
  r.area_imd_score.assign(n, NAN);
  r.area_imd_decile.assign(n, NAN);
  r.area_imd_rank.assign(n, NAN);
  for (size_t i = 0; i < n; ++i) {
    auto it = imd_at.find(a.ids[i]);
    if (it == imd_at.end()) continue;
    r.area_imd_score[i] = scores[it->second];
    r.area_imd_decile[i] = national.decile[it->second];
    r.area_imd_rank[i] = national.rank[it->second];
  }
  // Neighbourhoods.
  region::Neighbourhoods nb;
  if (in.given) {
    NHOOD_ASSIGN_OR_RETURN(nb, Given(a, *in.given, &r.ids));
    r.given = true;
  } else {
    const Grouping nests = GroupBy(a.local_authority);
    // Homogeneous on the IMD score; an area without one takes the extent's
    // population-weighted mean (it neither attracts nor repels).
    double sw = 0, swx = 0;
    for (size_t i = 0; i < n; ++i) {
      if (std::isnan(r.area_imd_score[i])) continue;
      sw += a.population[i];
      swx += a.population[i] * r.area_imd_score[i];
    }
    std::vector<double> attr(r.area_imd_score);
    for (double& v : attr) {
      if (std::isnan(v)) v = sw > 0 ? swx / sw : 0;
    }
    NHOOD_ASSIGN_OR_RETURN(nb, region::BuildNeighbourhoods(*in.weights, nests.group, a.population, in.centroids, attr,
                                                           in.bounds));
    r.ids = region::NeighbourhoodNames(nb, nests.names);
  }
  r.region = nb.region;
  r.contiguous = region::RegionsContiguous(*in.weights, nb.region, nb.count);
  const int32_t k = nb.count;
  LocalAuthorities(a, nb.region, k, &r);
  r.names = NameNeighbourhoods({.region = nb.region, .count = k, .population = a.population,
                                .local_authority = a.local_authority, .local_authority_name = a.local_authority_name,
                                .ward = a.ward, .ward_name = a.ward_name});

  // Profiles.
  std::vector<double> pop(k, 0), lsoas(k, 0), scored_pop(k, 0), imd(k, 0), core20(k, 0), dd(k, 0), hot(k, 0);
  for (size_t i = 0; i < n; ++i) {
    const int32_t g = nb.region[i];
    pop[g] += a.population[i];
    lsoas[g] += 1;
    if (!std::isnan(r.area_imd_score[i])) {
      imd[g] += a.population[i] * r.area_imd_score[i];
      scored_pop[g] += a.population[i];
    } else {
      ++r.areas_without_imd;
    }
    if (r.area_imd_decile[i] <= 2) core20[g] += a.population[i];
    if (a.double_disadvantage[i]) dd[g] += a.population[i];
    if (a.hotspot_cluster[i] == "High-High") hot[g] += a.population[i];
  }
  for (int32_t g = 0; g < k; ++g) {
    imd[g] = scored_pop[g] > 0 ? imd[g] / scored_pop[g] : NAN;  // never a missing score as 0
    core20[g] /= pop[g];
    dd[g] /= pop[g];
    hot[g] /= pop[g];
  }
  r.population = pop;
  r.lsoas = lsoas;
  r.imd_score = imd;
  r.core20_share = core20;
  r.double_disadvantage_share = dd;
  r.hotspot_share = hot;
  // The IMD's own summaries for larger areas (IoD 2019 Appendix N): share of
  // LSOAs in the national most deprived decile, and extent. Percentiles are
  // national, so every English area takes part; those outside the extent
  // join no neighbourhood.
  {
    std::unordered_map<std::string, int32_t> region_of;
    for (size_t i = 0; i < n; ++i) region_of[a.ids[i]] = nb.region[i];
    Grouping g{{}, r.ids};
    std::vector<double> weight;
    for (size_t i = 0; i < scored_ids.size(); ++i) {
      auto it = region_of.find(scored_ids[i]);
      g.group.push_back(it == region_of.end() ? -1 : it->second);
      const double p = Lookup(in.population, scored_ids[i]);
      weight.push_back(std::isnan(p) ? 0.0 : p);
    }
    NHOOD_ASSIGN_OR_RETURN(Aggregate agg, AggregateDeprivation(g, scores, national.rank, national.decile, weight));
    r.imd_proportion = agg.proportion;
    r.imd_extent = agg.extent;
  }
  // Risk: the weighted mean of the indicators' z-scores across
  // neighbourhoods (signed so that higher is worse), over the indicators a
  // neighbourhood has.
  std::vector<double> risk(k, 0), weight_sum(k, 0);
  const std::unordered_set<std::string> england(in.imd_ids.begin(), in.imd_ids.end());
  for (const RiskIndicator& ind : in.risks) {
    NHOOD_ASSIGN_OR_RETURN(IndicatorProfile p, Profile(ind, in, nb.region, k, england));
    if (!ind.in_risk) {
      r.indicators.push_back(std::move(p));
      continue;
    }
    const std::vector<double> z = ZScores(p.value);
    for (int32_t g = 0; g < k; ++g) {
      if (std::isnan(z[g])) continue;
      risk[g] += ind.weight * (ind.higher_is_worse ? z[g] : -z[g]);
      weight_sum[g] += ind.weight;
    }
    r.indicators.push_back(std::move(p));
  }
  for (int32_t g = 0; g < k; ++g) risk[g] = weight_sum[g] > 0 ? risk[g] / weight_sum[g] : NAN;
  const Ranking ranked = RankDescending(risk);
  r.tier.resize(k);
  for (int32_t g = 0; g < k; ++g) {
    const double share = ranked.rank[g] / k;
    r.tier[g] = share <= in.tier_top ? 1 : (share <= in.tier_top + in.tier_middle ? 2 : 3);
  }
  r.risk_score = risk;
  r.priority = ranked.rank;
  r.priority_order.resize(k);
  std::iota(r.priority_order.begin(), r.priority_order.end(), 0);
  std::sort(r.priority_order.begin(), r.priority_order.end(),
            [&](size_t x, size_t y) { return ranked.rank[x] < ranked.rank[y]; });
  if (in.previous) {
    // The earlier IMD: national ranks over every area it covers, and per
    // neighbourhood the change against the current scores.
    const PreviousDeprivation& pd = *in.previous;
    if (pd.score.size() != pd.ids.size() || pd.decile.size() != pd.ids.size()) {
      return InvalidArgument("atlas: the earlier IMD's vectors differ in length");
    }
    const std::vector<double> prank = RankFinite(pd.score);
    std::unordered_map<std::string, size_t> at;
    for (size_t i = 0; i < pd.ids.size(); ++i) at.emplace(pd.ids[i], i);
    r.area_previous_score.assign(n, NAN);
    r.area_previous_decile.assign(n, NAN);
    r.area_previous_rank.assign(n, NAN);
    for (size_t i = 0; i < n; ++i) {
      auto it = at.find(a.ids[i]);
      if (it == at.end()) continue;
      r.area_previous_score[i] = pd.score[it->second];
      r.area_previous_decile[i] = pd.decile[it->second];
      r.area_previous_rank[i] = prank[it->second];
    }
    r.change = CompareDeprivation(nb.region, k, a.population, r.area_previous_score, r.area_previous_decile,
                                  r.area_imd_score, r.area_imd_decile);
  }
  // Health against equally deprived places: each standardised indicator
  // over the doubly disadvantaged areas, the other areas of the most
  // deprived decile, and the rest.
  std::vector<bool> deprived(n);
  for (size_t i = 0; i < n; ++i) deprived[i] = r.area_imd_decile[i] == 1;
  const std::vector<int32_t> group = DisadvantageGroups(a.double_disadvantage, deprived);
  for (const IndicatorProfile& p : r.indicators) {
    if (!p.standardised) continue;
    if (r.group_names.empty()) {
      r.group_names = {"doubly disadvantaged", "other most deprived 10% (" + in.deprivation_label + ")",
                       in.rest_label};
      r.group_areas.assign(3, 0);
      r.group_population.assign(3, 0);
      for (size_t i = 0; i < n; ++i) {
        r.group_areas[group[i]] += 1;
        r.group_population[group[i]] += a.population[i];
      }
    }
    r.groups.push_back({p.column, p.name, p.standardisation,
                        StandardisedRatios(p.area_observed, p.area_expected, group, 3,
                                           {.confidence = {0.95}, .ref_value = 100})});
  }
  return r;
}

namespace {

Status AddChangeColumns(const AtlasResult& r, Table* t) {
  const DeprivationChange& c = *r.change;
  std::vector<double> current_rank = c.rank_after;
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_score_previous", c.score_before));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_score_change", c.score_change));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_rank_previous", c.rank_before));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_rank", current_rank));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_rank_change", c.rank_change));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_decile1_share_previous", c.most_deprived_before));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_decile1_share", c.most_deprived_after));
  NHOOD_RETURN_IF_ERROR(t->AddNumbers("imd_decile1_share_change", c.most_deprived_change));
  return Status::Ok();
}

}  // namespace

Result<Table> NeighbourhoodTable(const AtlasResult& r) {
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("neighbourhood_id", r.ids));
  NHOOD_RETURN_IF_ERROR(t.AddText("name", r.names));
  NHOOD_RETURN_IF_ERROR(t.AddText("local_authority", r.local_authority));
  NHOOD_RETURN_IF_ERROR(t.AddText("local_authority_name", r.local_authority_name));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("population", r.population));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("lsoas", r.lsoas));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_score", r.imd_score));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_proportion", r.imd_proportion));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_extent", r.imd_extent));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("core20_share", r.core20_share));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("double_disadvantage_share", r.double_disadvantage_share));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("hotspot_share", r.hotspot_share));
  for (const IndicatorProfile& p : r.indicators) {
    NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column, p.value));
    if (p.lower95.empty()) continue;
    NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column + "_lower95_0cl", p.lower95));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column + "_upper95_0cl", p.upper95));
    if (p.standardised) {
      NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column + "_observed", p.observed));
      NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column + "_expected", p.expected));
    }
    NHOOD_RETURN_IF_ERROR(t.AddText(p.column + "_vs_england", p.vs_england));
  }
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("risk_score", r.risk_score));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("priority", r.priority));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("tier", r.tier));
  if (r.change) NHOOD_RETURN_IF_ERROR(AddChangeColumns(r, &t));
  return t;
}

Result<Table> AreaTable(const AtlasInput& in, const AtlasResult& r) {
  const AtlasAreas& a = in.areas;
  const size_t n = a.ids.size();
  auto or_blank = [n](const std::vector<std::string>& v) { return v.empty() ? std::vector<std::string>(n) : v; };
  std::vector<std::string> nb, nb_name, core20, dd;
  for (size_t i = 0; i < n; ++i) {
    nb.push_back(r.ids[r.region[i]]);
    nb_name.push_back(r.names[r.region[i]]);
    core20.push_back(r.area_imd_decile[i] <= 2 ? "true" : "false");
    dd.push_back(a.double_disadvantage[i] ? "true" : "false");
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText(in.area_code_column, a.ids));
  NHOOD_RETURN_IF_ERROR(t.AddText(in.area_name_column, or_blank(a.names)));
  NHOOD_RETURN_IF_ERROR(t.AddText("neighbourhood_id", nb));
  NHOOD_RETURN_IF_ERROR(t.AddText("neighbourhood_name", nb_name));
  NHOOD_RETURN_IF_ERROR(t.AddText("local_authority", a.local_authority));
  NHOOD_RETURN_IF_ERROR(t.AddText("local_authority_name", or_blank(a.local_authority_name)));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("population", a.population));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_score", r.area_imd_score));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_decile_national", r.area_imd_decile));
  NHOOD_RETURN_IF_ERROR(t.AddText("core20", core20));
  NHOOD_RETURN_IF_ERROR(t.AddText(in.ward_code_column, a.ward));
  NHOOD_RETURN_IF_ERROR(t.AddText(in.ward_name_column, or_blank(a.ward_name)));
  NHOOD_RETURN_IF_ERROR(t.AddText("double_disadvantage", dd));
  for (const IndicatorProfile& p : r.indicators) {
    if (!p.standardised) continue;
    NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column, p.area_value));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column + "_lower95_0cl", p.area_lower95));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers(p.column + "_upper95_0cl", p.area_upper95));
  }
  if (r.change) {
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_rank_national", r.area_imd_rank));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_score_previous", r.area_previous_score));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_decile_previous", r.area_previous_decile));
    NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_rank_previous", r.area_previous_rank));
  }
  return t;
}

Result<Table> ChangeTable(const AtlasResult& r) {
  if (!r.change) return FailedPrecondition("no earlier IMD configured: no change to show");
  const DeprivationChange& c = *r.change;
  const size_t k = r.ids.size();
  std::vector<size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  auto magnitude = [](double v) { return std::isnan(v) ? -1.0 : std::fabs(v); };
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const double mx = magnitude(c.most_deprived_change[x]), my = magnitude(c.most_deprived_change[y]);
    if (mx != my) return mx > my;
    return magnitude(c.rank_change[x]) > magnitude(c.rank_change[y]);
  });
  Table all;
  NHOOD_RETURN_IF_ERROR(all.AddText("neighbourhood_id", r.ids));
  NHOOD_RETURN_IF_ERROR(all.AddText("name", r.names));
  NHOOD_RETURN_IF_ERROR(all.AddText("local_authority_name", r.local_authority_name));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("population", r.population));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_score_previous", c.score_before));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_score", c.score_after));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_score_change", c.score_change));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_rank_previous", c.rank_before));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_rank", c.rank_after));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_rank_change", c.rank_change));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_decile1_share_previous", c.most_deprived_before));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_decile1_share", c.most_deprived_after));
  NHOOD_RETURN_IF_ERROR(all.AddNumbers("imd_decile1_share_change", c.most_deprived_change));
  std::vector<std::string> moved;
  for (double d : c.most_deprived_change) moved.push_back(d > 0 ? "into" : (d < 0 ? "out of" : ""));
  NHOOD_RETURN_IF_ERROR(all.AddText("moved", moved));
  return all.SelectRows(order);
}

Result<Table> DecileMovesTable(const AtlasInput& in, const AtlasResult& r) {
  if (!r.change) return FailedPrecondition("no earlier IMD configured: no change to show");
  const AtlasAreas& a = in.areas;
  std::vector<size_t> rows;
  std::vector<std::string> moved(a.ids.size());
  for (size_t i = 0; i < a.ids.size(); ++i) {
    const bool before = r.area_previous_decile[i] == 1, after = r.area_imd_decile[i] == 1;
    if (before == after || std::isnan(r.area_previous_decile[i]) || std::isnan(r.area_imd_decile[i])) continue;
    moved[i] = after ? "into" : "out of";
    rows.push_back(i);
  }
  // National ranks of the two vintages are over different numbers of areas
  // only when the earlier IMD leaves some out; the change is in places.
  std::stable_sort(rows.begin(), rows.end(), [&](size_t x, size_t y) {
    return std::fabs(r.area_previous_rank[x] - r.area_imd_rank[x]) > std::fabs(r.area_previous_rank[y] - r.area_imd_rank[y]);
  });
  std::vector<std::string> nb, nb_name;
  for (size_t i = 0; i < a.ids.size(); ++i) {
    nb.push_back(r.ids[r.region[i]]);
    nb_name.push_back(r.names[r.region[i]]);
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText(in.area_code_column, a.ids));
  NHOOD_RETURN_IF_ERROR(t.AddText(in.area_name_column, a.names.empty() ? std::vector<std::string>(a.ids.size()) : a.names));
  NHOOD_RETURN_IF_ERROR(t.AddText("neighbourhood_id", nb));
  NHOOD_RETURN_IF_ERROR(t.AddText("neighbourhood_name", nb_name));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_score_previous", r.area_previous_score));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_decile_previous", r.area_previous_decile));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_rank_previous", r.area_previous_rank));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_score", r.area_imd_score));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_decile_national", r.area_imd_decile));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("imd_rank_national", r.area_imd_rank));
  NHOOD_RETURN_IF_ERROR(t.AddText("moved", moved));
  return t.SelectRows(rows);
}

Result<Table> GroupComparisonTable(const AtlasResult& r) {
  std::vector<std::string> group, indicator, name, standardisation, method;
  std::vector<double> areas, population, observed, expected, ratio, lower, upper;
  for (const GroupComparison& c : r.groups) {
    for (size_t g = 0; g < c.ratio.size(); ++g) {
      group.push_back(r.group_names[g]);
      areas.push_back(r.group_areas[g]);
      population.push_back(r.group_population[g]);
      indicator.push_back(c.column);
      name.push_back(c.name);
      standardisation.push_back(c.standardisation);
      observed.push_back(c.ratio[g].observed);
      expected.push_back(c.ratio[g].expected);
      const stats::Estimate& e = c.ratio[g].ratio;
      ratio.push_back(e.value);
      lower.push_back(e.intervals.empty() ? NAN : e.intervals[0].lower);
      upper.push_back(e.intervals.empty() ? NAN : e.intervals[0].upper);
      method.push_back(e.method);
    }
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("group", group));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("areas", areas));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("population", population));
  NHOOD_RETURN_IF_ERROR(t.AddText("indicator", indicator));
  NHOOD_RETURN_IF_ERROR(t.AddText("indicator_name", name));
  NHOOD_RETURN_IF_ERROR(t.AddText("standardisation", standardisation));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("observed", observed));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("expected", expected));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("ratio", ratio));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("lower95", lower));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("upper95", upper));
  NHOOD_RETURN_IF_ERROR(t.AddText("interval_method", method));
  return t;
}

std::string DescribeGroupComparison(const AtlasResult& r) {
  std::string s;
  for (const GroupComparison& c : r.groups) {
    s += "atlas: " + c.column + " (standardised for " + c.standardisation + ", England = 100):";
    for (size_t g = 0; g < c.ratio.size(); ++g) {
      const stats::Estimate& e = c.ratio[g].ratio;
      char buf[200];
      std::snprintf(buf, sizeof buf, "%s %s %.1f (95%% %.1f-%.1f; %.0f areas)", g ? ";" : "", r.group_names[g].c_str(),
                    e.value, e.intervals.empty() ? NAN : e.intervals[0].lower,
                    e.intervals.empty() ? NAN : e.intervals[0].upper, r.group_areas[g]);
      s += buf;
    }
    s += "\n";
  }
  return s;
}

std::vector<std::string> DescribeMethods(const MethodsInput& m, const AtlasResult& r) {
  std::vector<std::string> out;
  if (m.given_source.empty()) {
    out.push_back("Neighbourhoods: contiguous groups of LSOAs within each local authority, between " +
                  FormatNumber(m.bounds.floor) + " and " + FormatNumber(m.bounds.ceiling) + " residents (target " +
                  FormatNumber(m.bounds.target) + "), homogeneous on the " + m.deprivation_label +
                  " score (AZP-family zoning with max-p-style construction; region/neighbourhoods.h).");
  } else {
    out.push_back("Neighbourhoods: given by the user (" + m.given_source + "); " +
                  std::to_string(r.spanning_authorities) + " of them span more than one local authority.");
  }
  out.push_back("Hot spots of " + m.hotspot_value + ": local Moran's I and Getis-Ord Gi* on queen contiguity weights, " +
                std::to_string(m.permutations) + " conditional permutations per area (seed " + std::to_string(m.seed) +
                "), folded pseudo p-values, " +
                (m.fdr ? "clusters at Benjamini-Hochberg FDR " + FormatNumber(m.alpha)
                       : "clusters at unadjusted p < " + FormatNumber(m.alpha) + " (no FDR correction)") +
                " (spatial/permutation.h).");
  out.push_back("Deprivation: " + m.deprivation_label + " scores population-weighted to neighbourhoods over the LSOAs that have one" +
                std::string(r.areas_without_imd ? " (" + std::to_string(r.areas_without_imd) + " LSOAs without a score are left out)" : "") +
                "; proportion and extent as IoD 2019 Appendix N; Core20 = LSOAs in the most deprived 20% nationally.");
  out.push_back("Double disadvantage: " + m.double_disadvantage);
  out.push_back("Names: each neighbourhood after its local authority and the ward holding most of its residents "
                "(both wards, joined by ' & ', or ' / ' when a ward's own name has an '&', when the first holds under "
                "half and the second at least a quarter); "
                "names shared within the run add the second ward, then a number (atlas/neighbourhood_names.h).");
  std::string risk = "Risk: the weighted mean of the indicators' z-scores across neighbourhoods (higher = worse); weights ";
  bool first = true;
  for (const IndicatorProfile& p : r.indicators) {
    if (!p.in_risk) continue;
    risk += (first ? "" : ", ") + p.column + " " + FormatNumber(p.weight);
    first = false;
  }
  risk += "; tiers by rank (top " + FormatNumber(100 * m.tier_top) + "%, next " + FormatNumber(100 * m.tier_middle) +
          "%, rest).";
  out.push_back(risk);
  std::string rates = "Indicators: counts as proportions with Wilson 95% intervals, compared with England by interval "
                      "overlap (Fingertips method 1); values as population-weighted means.";
  bool any_standardised = false;
  for (const IndicatorProfile& p : r.indicators) {
    if (!p.standardised) continue;
    char buf[300];
    std::snprintf(buf, sizeof buf, " %s: indirectly standardised for %s against England's rates in %zu reference "
                  "age bands (O/E x 100, exact or Byar 95%% intervals; Breslow & Day 1987); England O/E = %.1f%s.",
                  p.column.c_str(), p.standardisation.c_str(), p.reference_bands, p.england,
                  p.in_risk ? "" : "; reported, not in the risk score");
    rates += buf;
    any_standardised = true;
  }
  if (!any_standardised) rates += " No indicator is age-standardised (no [ages] and reference_rates configured).";
  out.push_back(rates);
  for (const std::string& v : m.vintages) out.push_back("Vintage: " + v);
  out.push_back("Full methods and references: docs/methods.md.");
  return out;
}

std::string DescribeAtlas(const std::string& name, const AtlasResult& r, const std::string& given_source,
                          size_t local_authorities) {
  size_t tier1 = 0, dd_nb = 0;
  for (size_t g = 0; g < r.ids.size(); ++g) {
    tier1 += r.tier[g] == 1;
    dd_nb += r.double_disadvantage_share[g] > 0;
  }
  std::string s = "atlas: " + name + ": " + std::to_string(r.region.size()) + " LSOAs in " +
                  std::to_string(local_authorities) + " local authorities -> " + std::to_string(r.ids.size()) +
                  " neighbourhoods; " + std::to_string(dd_nb) + " contain doubly disadvantaged " +
                  r.double_disadvantage_unit + "; " +
                  std::to_string(tier1) + " in the highest risk tier (" + std::to_string(r.indicators.size()) +
                  " indicators); neighbourhoods " + (r.given ? "given by " + given_source : std::string("built")) +
                  (r.contiguous ? ", all contiguous" : ", NOT all contiguous");
  if (r.spanning_authorities) {
    s += "\natlas: " + std::to_string(r.spanning_authorities) +
         " neighbourhoods span more than one local authority (all are listed, most residents first)";
  }
  if (r.areas_without_imd) {
    s += "\natlas: " + std::to_string(r.areas_without_imd) +
         " LSOAs have no IMD score and are left out of their neighbourhood's score";
  }
  for (const IndicatorProfile& p : r.indicators) {
    if (!p.standardised) continue;
    char buf[160];
    std::snprintf(buf, sizeof buf, "\natlas: %s: standardised for %s (%zu reference age bands); England O/E = %.1f",
                  p.column.c_str(), p.standardisation.c_str(), p.reference_bands, p.england);
    s += buf;
  }
  if (!r.groups.empty()) {
    std::string g = DescribeGroupComparison(r);
    if (!g.empty() && g.back() == '\n') g.pop_back();
    s += "\n" + g;
  }
  return s;
}

}  // namespace nhood::atlas
