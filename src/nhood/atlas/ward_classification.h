// `nhood classify` over in-memory inputs: units (wards) flagged doubly
// disadvantaged when among the most deprived X% (small-area scores
// population-weighted to units, the IMD way) and the most in need X% (the
// Community Needs Index); compared with a published flag; and health across
// three groups (doubly disadvantaged, other equally deprived, rest of
// England) with rate or mean ratios and 95% intervals.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/stats/group_comparison.h"

namespace nhood::atlas {

struct ClassificationInput {
  std::vector<std::string> units;   // e.g. ward codes
  std::vector<double> need;         // per unit (CNI score; higher = more need)
  std::vector<std::string> small_ids;  // small areas with a deprivation score, file order
  std::vector<double> small_score;
  std::unordered_map<std::string, std::string> unit_of;  // small area -> unit
  std::unordered_map<std::string, double> population;    // small area -> population (weights)
  double percent = 10;
  std::vector<std::string> published;  // per unit, a published flag (TRUE/True/true/1/Yes), or empty
};

struct Classification {
  std::vector<double> deprivation;  // per unit (NaN: no small area in the lookup)
  std::vector<bool> flag;           // doubly disadvantaged
  size_t flagged = 0;
  size_t units_without_small_area = 0;  // never flagged
  size_t small_areas_left_out = 0;      // not in the lookup or population
  bool compared = false;
  long confusion[2][2] = {{0, 0}, {0, 0}};  // [ours][published], 1 = flagged
};

// kInvalidArgument for percent outside (0, 100], mismatched sizes or a
// negative/missing population (from AggregateDeprivation).
Result<Classification> Classify(const ClassificationInput& in);

// One area-level indicator: counts (numerator, denominator) or values.
struct AreaIndicatorValues {
  std::string name;
  bool higher_is_worse = true;
  bool counts = false;
  std::unordered_map<std::string, std::pair<double, double>> count;
  std::unordered_map<std::string, double> value;
};

// Each small area's group: 0 doubly disadvantaged, 1 other equally deprived
// (among the most deprived X%), 2 rest of England (also small areas whose
// unit is not classified).
struct SmallAreaGroups {
  std::unordered_map<std::string, int> group;
  std::unordered_map<std::string, double> population;
};
SmallAreaGroups GroupSmallAreas(const ClassificationInput& in, const Classification& c);

struct HealthComparison {
  std::string name, measure;  // measure: "ratio" or "difference" (of means)
  double group_value[3] = {0, 0, 0};
  stats::RatioEstimate vs_deprived, vs_rest;
  bool worse_than_deprived = false, worse_than_rest = false;
};
// Counts give rate ratios; values give ratios (or differences, one measure
// for both comparisons) of population-weighted means.
HealthComparison CompareHealth(const AreaIndicatorValues& indicator, const SmallAreaGroups& groups);

// indicator, measure, <group>_value x 3, vs_other_deprived (+ interval and
// significance), vs_rest_of_england (+ interval and significance).
Result<Table> HealthTable(const std::vector<HealthComparison>& rows);

}  // namespace nhood::atlas
