#include "nhood/atlas/age_standardisation.h"

#include <cmath>
#include <unordered_map>

namespace nhood::atlas {

Result<std::vector<double>> ExpectedEvents(const AgeBands& ages, const ReferenceRates& rates) {
  std::unordered_map<std::string, double> rate_of;
  for (size_t b = 0; b < rates.bands.size(); ++b) rate_of[rates.bands[b]] = rates.rate[b];
  std::vector<double> band_rate;
  for (const std::string& band : ages.bands) {
    auto it = rate_of.find(band);
    if (it == rate_of.end()) return InvalidArgument("no reference rate for age band '" + band + "'");
    band_rate.push_back(it->second);
  }
  const size_t k = ages.bands.size();
  std::vector<double> expected(ages.ids.size(), 0.0);
  for (size_t i = 0; i < ages.ids.size(); ++i) {
    for (size_t b = 0; b < k; ++b) expected[i] += ages.population[i * k + b] * band_rate[b];
  }
  return expected;
}

Result<std::vector<double>> ExpectedEventsByStratum(const AgeBands& ages, std::span<const int> stratum,
                                                    const StratifiedRates& rates) {
  if (stratum.size() != ages.ids.size()) return InvalidArgument("one stratum per area is needed");
  std::unordered_map<std::string, size_t> band_of;
  for (size_t b = 0; b < rates.bands.size(); ++b) band_of[rates.bands[b]] = b;
  std::vector<size_t> column;
  for (const std::string& band : ages.bands) {
    auto it = band_of.find(band);
    if (it == band_of.end()) return InvalidArgument("no reference rate for age band '" + band + "'");
    column.push_back(it->second);
  }
  std::unordered_map<int, size_t> row_of;
  for (size_t s = 0; s < rates.strata.size(); ++s) row_of[rates.strata[s]] = s;
  const size_t k = ages.bands.size(), width = rates.bands.size();
  std::vector<double> expected(ages.ids.size(), NAN);
  for (size_t i = 0; i < ages.ids.size(); ++i) {
    auto row = row_of.find(stratum[i]);
    if (row == row_of.end()) continue;
    double e = 0;
    for (size_t b = 0; b < k; ++b) e += ages.population[i * k + b] * rates.rate[row->second * width + column[b]];
    expected[i] = e;
  }
  return expected;
}

std::vector<stats::IsrEstimate> StandardisedRatios(std::span<const double> observed, std::span<const double> expected,
                                                   std::span<const int32_t> group, int32_t groups,
                                                   const stats::IsrOptions& options) {
  std::vector<double> o(groups, 0.0), e(groups, 0.0);
  for (size_t i = 0; i < observed.size(); ++i) {
    if (group[i] < 0 || std::isnan(observed[i]) || std::isnan(expected[i])) continue;
    o[group[i]] += observed[i];
    e[group[i]] += expected[i];
  }
  std::vector<stats::IsrEstimate> out;
  out.reserve(groups);
  for (int32_t g = 0; g < groups; ++g) out.push_back(stats::IsrFromTotals(o[g], e[g], stats::kNaN, options));
  return out;
}

}  // namespace nhood::atlas
