#include "nhood/region/zoning_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "nhood/base/number.h"

namespace nhood::region {

std::vector<double> Heterogeneity(std::span<const int32_t> group, int32_t groups, std::span<const double> population,
                                  std::span<const double> attribute) {
  std::vector<double> sd(groups, NAN);
  if (attribute.empty()) return sd;
  std::vector<double> w(groups, 0), sx(groups, 0), sxx(groups, 0);
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i] < 0 || std::isnan(attribute[i])) continue;
    w[group[i]] += population[i];
    sx[group[i]] += population[i] * attribute[i];
    sxx[group[i]] += population[i] * attribute[i] * attribute[i];
  }
  for (int32_t g = 0; g < groups; ++g) {
    if (w[g] > 0) sd[g] = std::sqrt(std::max(0.0, sxx[g] / w[g] - (sx[g] / w[g]) * (sx[g] / w[g])));
  }
  return sd;
}

namespace {

// Mean of the finite values; NaN when there are none.
double FiniteMean(const std::vector<double>& v) {
  double s = 0;
  size_t n = 0;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    s += x;
    ++n;
  }
  return n ? s / n : NAN;
}

std::string Rounded(double v, double scale) {
  return std::isnan(v) ? std::string("n/a") : FormatNumber(std::round(v * scale) / scale);
}

std::string Percent(double v) { return FormatNumber(std::round(v * 1000) / 10) + "%"; }

}  // namespace

Result<ZoningSummary> Summarise(std::span<const int32_t> group, int32_t groups, std::span<const double> population,
                                std::span<const double> attribute, const std::vector<geo::Polygon>& dissolved,
                                double floor, double ceiling) {
  if (population.size() != group.size() || (!attribute.empty() && attribute.size() != group.size()) ||
      dissolved.size() != static_cast<size_t>(groups)) {
    return InvalidArgument("zoning summary: mismatched group, population, attribute or polygon counts");
  }
  ZoningSummary s;
  s.count = groups;
  s.population.assign(groups, 0);
  for (size_t i = 0; i < group.size(); ++i) {
    if (group[i] >= 0) s.population[group[i]] += population[i];
  }
  s.heterogeneity = Heterogeneity(group, groups, population, attribute);
  s.polsby_popper.resize(groups);
  s.within_bounds.resize(groups);
  size_t within = 0;
  for (int32_t g = 0; g < groups; ++g) {
    s.polsby_popper[g] = dissolved[g].empty() ? NAN : geo::PolsbyPopper(dissolved[g]);
    s.without_polygon += dissolved[g].empty();
    s.within_bounds[g] = s.population[g] >= floor && s.population[g] <= ceiling;
    within += s.within_bounds[g];
  }
  s.share_within_bounds = groups ? static_cast<double>(within) / groups : 0;
  s.mean_polsby_popper = FiniteMean(s.polsby_popper);
  s.mean_heterogeneity = FiniteMean(s.heterogeneity);
  return s;
}

std::vector<std::string> NeighbourhoodNames(const Neighbourhoods& n, const std::vector<std::string>& nest_names) {
  std::vector<std::string> name(n.count);
  std::vector<int> per_nest(nest_names.size(), 0);
  for (int32_t r = 0; r < n.count; ++r) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "-%03d", ++per_nest[n.nest_of_region[r]]);
    name[r] = nest_names[n.nest_of_region[r]] + buf;
  }
  return name;
}

std::string DescribeZoning(const ZoningReportInput& in) {
  const ZoningSummary& s = *in.ours;
  const RegionOptions& o = in.options;
  const std::string attribute =
      in.has_attribute ? "mean within-neighbourhood SD of the attribute " + Rounded(s.mean_heterogeneity, 1000)
                       : "no homogeneity attribute configured";
  std::string r = "regions: " + std::to_string(s.count) + " neighbourhoods from " + std::to_string(in.areas) +
                  " areas in " + std::to_string(in.nest_groups) + " nest groups; bounds " + FormatNumber(o.floor) +
                  " / " + FormatNumber(o.target) + " / " + FormatNumber(o.ceiling) + "\nregions: within bounds " +
                  Percent(s.share_within_bounds) + ", mean Polsby-Popper " + Rounded(s.mean_polsby_popper, 1000) + ", " +
                  attribute + "; contiguous: " + (in.contiguous ? "yes" : "NO") + "; nested: " + (in.nested ? "yes" : "NO");
  std::string outside;
  int outside_n = 0;
  for (int32_t g = 0; g < s.count; ++g) {
    if (s.within_bounds[g] || outside_n++ >= 8) continue;
    outside += (outside.empty() ? "" : ", ") + (*in.names)[g] + " (" + FormatNumber(s.population[g]) + ")";
  }
  if (outside_n) {
    r += "\nregions: outside bounds: " + std::to_string(outside_n) + ": " + outside + (outside_n > 8 ? ", ..." : "");
  }
  if (s.without_polygon) {
    r += "\nregions: " + std::to_string(s.without_polygon) +
         " neighbourhoods could not be dissolved into one polygon; their Polsby-Popper is left out of the mean";
  }
  for (const std::string& id : in.islands) r += "\nregions: island " + id + " (no neighbours) is its own neighbourhood";
  if (in.compare) {
    const ZoningSummary& c = *in.compare;
    r += "\nregions: ONS MSOAs for comparison: " + std::to_string(c.count) + " areas, within bounds " +
         Percent(c.share_within_bounds) + ", mean Polsby-Popper " + Rounded(c.mean_polsby_popper, 1000) +
         (in.has_attribute ? ", mean within-area SD of the attribute " + Rounded(c.mean_heterogeneity, 1000) : "");
  }
  return r;
}

}  // namespace nhood::region
