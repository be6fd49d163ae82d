#include "nhood/atlas/ward_classification.h"

#include <cmath>

#include "nhood/atlas/aggregation.h"
#include "nhood/atlas/double_disadvantage.h"

namespace nhood::atlas {
namespace {

bool Truthy(const std::string& s) { return s == "TRUE" || s == "True" || s == "true" || s == "1" || s == "Yes"; }

constexpr const char* kGroups[3] = {"doubly_disadvantaged", "other_deprived", "rest_of_england"};

}  // namespace

Result<Classification> Classify(const ClassificationInput& in) {
  if (!(in.percent > 0 && in.percent <= 100)) return InvalidArgument("'percent' must be in (0, 100]");
  if (in.need.size() != in.units.size() || in.small_score.size() != in.small_ids.size() ||
      (!in.published.empty() && in.published.size() != in.units.size())) {
    return InvalidArgument("classification: mismatched input sizes");
  }
  Classification c;
  // Deprivation: small-area scores, population-weighted to the units.
  std::vector<std::string> keys;
  std::vector<double> s, w, dummy;
  for (size_t r = 0; r < in.small_ids.size(); ++r) {
    auto u = in.unit_of.find(in.small_ids[r]);
    auto p = in.population.find(in.small_ids[r]);
    if (u == in.unit_of.end() || p == in.population.end()) {
      ++c.small_areas_left_out;
      continue;
    }
    keys.push_back(u->second);
    s.push_back(in.small_score[r]);
    w.push_back(p->second);
    dummy.push_back(static_cast<double>(keys.size()));
  }
  const Grouping g = GroupBy(keys);
  NHOOD_ASSIGN_OR_RETURN(Aggregate agg, AggregateDeprivation(g, s, dummy, dummy, w));
  std::unordered_map<std::string, double> dep_of;
  for (size_t k = 0; k < g.names.size(); ++k) dep_of[g.names[k]] = agg.score[k];
  c.deprivation.assign(in.units.size(), NAN);
  for (size_t i = 0; i < in.units.size(); ++i) {
    auto it = dep_of.find(in.units[i]);
    if (it != dep_of.end()) c.deprivation[i] = it->second;
    else ++c.units_without_small_area;
  }
  c.flag = DoubleDisadvantage(c.deprivation, in.need, in.percent);
  for (bool f : c.flag) c.flagged += f;
  if (!in.published.empty()) {
    for (size_t i = 0; i < in.units.size(); ++i) ++c.confusion[c.flag[i]][Truthy(in.published[i])];
    c.compared = true;
  }
  return c;
}

SmallAreaGroups GroupSmallAreas(const ClassificationInput& in, const Classification& c) {
  const std::vector<bool> deprived = HighestPercent(c.deprivation, in.percent);
  std::unordered_map<std::string, int> unit_group;
  for (size_t i = 0; i < in.units.size(); ++i) unit_group[in.units[i]] = c.flag[i] ? 0 : (deprived[i] ? 1 : 2);
  SmallAreaGroups groups;
  for (const auto& [small, u] : in.unit_of) {
    auto it = unit_group.find(u);
    groups.group[small] = it == unit_group.end() ? 2 : it->second;
  }
  groups.population = in.population;
  return groups;
}

HealthComparison CompareHealth(const AreaIndicatorValues& ind, const SmallAreaGroups& g) {
  HealthComparison h;
  h.name = ind.name;
  stats::RatioEstimate& vs_dep = h.vs_deprived;
  stats::RatioEstimate& vs_rest = h.vs_rest;
  if (ind.counts) {
    double sx[3] = {0, 0, 0}, sn[3] = {0, 0, 0};
    for (const auto& [id, xn] : ind.count) {
      auto it = g.group.find(id);
      if (it == g.group.end() || std::isnan(xn.first) || std::isnan(xn.second)) continue;
      sx[it->second] += xn.first;
      sn[it->second] += xn.second;
    }
    for (int k = 0; k < 3; ++k) h.group_value[k] = sn[k] > 0 ? sx[k] / sn[k] : NAN;
    vs_dep = stats::RateRatio(sx[0], sn[0], sx[1], sn[1]);
    vs_rest = stats::RateRatio(sx[0], sn[0], sx[2], sn[2]);
  } else {
    std::vector<double> v[3], w[3];
    for (const auto& [id, val] : ind.value) {
      auto it = g.group.find(id);
      auto p = g.population.find(id);
      if (it == g.group.end() || p == g.population.end()) continue;
      v[it->second].push_back(val);
      w[it->second].push_back(p->second);
    }
    vs_dep = stats::MeanRatio(v[0], w[0], v[1], w[1]);
    vs_rest = stats::MeanRatio(v[0], w[0], v[2], w[2]);
    if (vs_dep.measure != vs_rest.measure) {  // one measure per indicator
      vs_dep = stats::MeanRatio(v[0], w[0], v[1], w[1], 0.95, true);
      vs_rest = stats::MeanRatio(v[0], w[0], v[2], w[2], 0.95, true);
    }
    h.group_value[0] = vs_dep.value_group;
    h.group_value[1] = vs_dep.value_reference;
    h.group_value[2] = vs_rest.value_reference;
  }
  h.measure = vs_dep.measure;
  const std::string worse = ind.higher_is_worse ? "Higher" : "Lower";
  h.worse_than_deprived = vs_dep.significance == worse;
  h.worse_than_rest = vs_rest.significance == worse;
  return h;
}

Result<Table> HealthTable(const std::vector<HealthComparison>& rows) {
  std::vector<std::string> name, measure, sig_dep, sig_rest;
  std::vector<std::vector<double>> num(9);
  for (const HealthComparison& h : rows) {
    name.push_back(h.name);
    measure.push_back(h.measure);
    sig_dep.push_back(h.vs_deprived.significance);
    sig_rest.push_back(h.vs_rest.significance);
    for (int k = 0; k < 3; ++k) num[k].push_back(h.group_value[k]);
    for (const auto* r : {&h.vs_deprived, &h.vs_rest}) {
      const size_t base = r == &h.vs_deprived ? 3 : 6;
      num[base].push_back(r->ratio);
      num[base + 1].push_back(r->lower);
      num[base + 2].push_back(r->upper);
    }
  }
  Table t;
  NHOOD_RETURN_IF_ERROR(t.AddText("indicator", name));
  NHOOD_RETURN_IF_ERROR(t.AddText("measure", measure));
  for (int g = 0; g < 3; ++g) NHOOD_RETURN_IF_ERROR(t.AddNumbers(std::string(kGroups[g]) + "_value", num[g]));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("vs_other_deprived", num[3]));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("vs_other_deprived_lower95_0cl", num[4]));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("vs_other_deprived_upper95_0cl", num[5]));
  NHOOD_RETURN_IF_ERROR(t.AddText("vs_other_deprived_significance", sig_dep));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("vs_rest_of_england", num[6]));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("vs_rest_lower95_0cl", num[7]));
  NHOOD_RETURN_IF_ERROR(t.AddNumbers("vs_rest_upper95_0cl", num[8]));
  NHOOD_RETURN_IF_ERROR(t.AddText("vs_rest_significance", sig_rest));
  return t;
}

}  // namespace nhood::atlas
