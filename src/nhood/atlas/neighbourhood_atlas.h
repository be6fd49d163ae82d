// The neighbourhood atlas over in-memory inputs: the extent's small areas
// (population, local authority, ward and its double disadvantage, hot-spot
// cluster), the national IMD scores, and the risk indicators, give
// neighbourhoods (built, or given by the user), their profiles (population,
// IMD score / proportion / extent, Core20, double disadvantage, hot spots,
// each indicator with its 95% interval against England), a risk score, a
// priority order and risk tiers.
//
// Reading files, hot spots and the ward classification happen at the edge
// (apps/cli/atlas_inputs.h); this is the computation they feed. Methods in
// docs/methods.md ("Atlas"). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "nhood/atlas/deprivation_change.h"
#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"
#include "nhood/region/neighbourhoods.h"
#include "nhood/stats/isr.h"

namespace nhood::atlas {

// One [[risk]] indicator, per small-area id.
struct RiskIndicator {
  std::string name;    // label, e.g. "Bad or very bad health (Census 2021)"
  std::string column;  // output column, e.g. "bad_health_2021"
  bool higher_is_worse = true;
  double weight = 1;
  bool counts = false;  // numerator/denominator counts, else values
  std::unordered_map<std::string, std::pair<double, double>> count;  // id -> (numerator, denominator)
  std::unordered_map<std::string, double> value;                     // id -> value
  // Indirect age standardisation (counts only): expected events per id at
  // the reference's age-specific rates. Empty: a crude rate.
  std::unordered_map<std::string, double> expected;
  size_t reference_bands = 0;  // for the notes
  // What `expected` standardises for, for labels and notes: "age", or
  // "age and IMD 2019 decile".
  std::string standardisation = "age";
  bool in_risk = true;  // false: reported, but not part of the risk score
};

// The earlier IMD (2019) on the areas' vintage, for every English area:
// the change per neighbourhood, and the deciles of the age-and-deprivation
// standardisation (atlas/deprivation_change.h).
struct PreviousDeprivation {
  std::string label = "IMD 2019";
  std::vector<std::string> ids;
  std::vector<double> score, decile;  // NaN = none
};

// The extent's small areas, one entry per area in every vector.
struct AtlasAreas {
  std::vector<std::string> ids, names;                          // names may be ""
  std::vector<double> population;                                // required, finite
  std::vector<std::string> local_authority, local_authority_name;
  std::vector<std::string> ward, ward_name;                      // "" = no ward
  std::vector<bool> double_disadvantage;                          // of the area's ward
  std::vector<std::string> hotspot_cluster;                      // "High-High", ...
};

struct AtlasInput {
  AtlasAreas areas;
  // Every English small area's IMD score, in file order (national ranks,
  // deciles and Core20; ties rank in this order), NaN = no score. Areas of
  // the extent missing here have no score. These ids are also England:
  // every indicator's England value is over them only (a Census table
  // that also holds Wales still gives England's value).
  std::vector<std::string> imd_ids;
  std::vector<double> imd_scores;
  // Every small area's population (England values and IMD weights).
  std::unordered_map<std::string, double> population;
  std::vector<RiskIndicator> risks;  // at least one
  // Neighbourhoods: `given` (area id -> neighbourhood name) when set, else
  // built with `bounds` on `weights` (required then) and `centroids`
  // (metres), nested in local authorities and homogeneous on the IMD score.
  std::optional<std::unordered_map<std::string, std::string>> given;
  const geo::SpatialWeights* weights = nullptr;
  std::vector<geo::Point> centroids;
  region::RegionOptions bounds;
  double tier_top = 0.2, tier_middle = 0.3;  // shares of neighbourhoods by rank
  // The earlier IMD, carried onto these areas; none when not configured.
  std::optional<PreviousDeprivation> previous;
  // Names in the outputs: the per-area table's code columns (the areas' own
  // vintage) and what the deprivation score is.
  std::string area_code_column = "lsoa11_code", area_name_column = "lsoa11_name";
  std::string ward_code_column = "ward17_code", ward_name_column = "ward17_name";
  std::string deprivation_label = "IMD 2019";
  std::string double_disadvantage_unit = "wards";  // what is flagged: "wards" (2019), "LSOAs"
  std::string rest_label = "rest of the areas";     // the third group, e.g. "rest of England"
};

// One indicator across the neighbourhoods.
struct IndicatorProfile {
  std::string name, column;
  bool higher_is_worse = true;
  double weight = 1;
  bool standardised = false;  // O/E x 100 (England = 100)
  bool counts = false;        // a proportion with Wilson intervals
  std::vector<double> value, lower95, upper95;  // interval: counts and standardised only
  std::vector<double> observed, expected;       // standardised only
  std::vector<std::string> vs_england;          // Fingertips method 1; counts and standardised
  double england = 0;
  size_t reference_bands = 0;
  std::string standardisation;  // standardised only: "age", "age and IMD 2019 decile"
  bool in_risk = true;
  // Standardised only, per area: O/E x 100 with its 95% interval.
  std::vector<double> area_value, area_lower95, area_upper95, area_observed, area_expected;
};

// A standardised indicator over the three groups of DisadvantageGroups
// (atlas/double_disadvantage.h): doubly disadvantaged, other equally
// deprived (the most deprived decile), the rest.
struct GroupComparison {
  std::string column, name, standardisation;
  std::vector<stats::IsrEstimate> ratio;  // per group
};

struct AtlasResult {
  std::vector<int32_t> region;  // per area: its neighbourhood
  std::vector<double> area_imd_score, area_imd_decile;  // per area (NaN: no score)
  // Per neighbourhood.
  std::vector<std::string> ids;
  // "<local authority>: <ward(s)>", unique within the run (atlas/neighbourhood_names.h).
  std::vector<std::string> names;
  // The local authority, or every one it spans ("A; B", most residents
  // first) for a given neighbourhood that crosses authorities.
  std::vector<std::string> local_authority, local_authority_name;
  std::vector<double> population, lsoas;
  std::vector<double> imd_score;  // population-weighted over areas with a score; NaN when none has one
  std::vector<double> imd_proportion, imd_extent, core20_share, double_disadvantage_share, hotspot_share;
  std::vector<IndicatorProfile> indicators;
  std::vector<double> risk_score, priority, tier;
  std::vector<size_t> priority_order;  // neighbourhood indices, highest risk first
  // With AtlasInput::previous: per area the earlier score and decile, both
  // national ranks (1 = most deprived); per neighbourhood the change.
  std::vector<double> area_imd_rank, area_previous_score, area_previous_decile, area_previous_rank;
  std::optional<DeprivationChange> change;
  // With standardised indicators: the three groups' sizes and ratios.
  std::vector<std::string> group_names;  // "doubly disadvantaged", "other most deprived 10%", "rest"
  std::vector<double> group_areas, group_population;
  std::vector<GroupComparison> groups;
  bool given = false, contiguous = false;
  std::string double_disadvantage_unit = "wards";
  size_t areas_without_imd = 0, spanning_authorities = 0;
};

// kInvalidArgument for: no risk indicator (a priority list needs a risk
// score), mismatched area vectors, a missing or negative population, an area
// of the extent that `given` leaves out, tier shares outside [0, 1], or
// building without weights.
Result<AtlasResult> ComputeAtlas(const AtlasInput& in);

// neighbourhoods.csv: neighbourhood_id, name, local_authority,
// local_authority_name, population, lsoas, imd_score, imd_proportion,
// imd_extent, core20_share, double_disadvantage_share, hotspot_share, the
// indicator columns (COL, COL_lower95_0cl, COL_upper95_0cl, [COL_observed,
// COL_expected,] COL_vs_england), risk_score, priority, tier; with an
// earlier IMD, the change columns of ChangeTable after them.
Result<Table> NeighbourhoodTable(const AtlasResult& r);

// The per-area columns: <area code>, <area name> (lsoa11_code, lsoa11_name
// by default: AtlasInput's column names), neighbourhood_id,
// neighbourhood_name, local_authority, local_authority_name, population,
// imd_score, imd_decile_national, core20, <ward code>, <ward name>,
// double_disadvantage; each standardised indicator's COL,
// COL_lower95_0cl, COL_upper95_0cl; with an earlier IMD, imd_rank_national,
// imd_score_previous, imd_decile_previous, imd_rank_previous.
Result<Table> AreaTable(const AtlasInput& in, const AtlasResult& r);

// With an earlier IMD, per neighbourhood, the neighbourhoods that moved
// most into or out of the most deprived decile first (by the change in
// their population share there, then by rank change): neighbourhood_id,
// name, local_authority_name, population, imd_score_previous, imd_score,
// imd_score_change, imd_rank_previous, imd_rank, imd_rank_change (> 0:
// more deprived relative to the others now), imd_decile1_share_previous,
// imd_decile1_share, imd_decile1_share_change, moved ("into", "out of" or
// ""). kFailedPrecondition without an earlier IMD.
Result<Table> ChangeTable(const AtlasResult& r);

// With an earlier IMD, the areas that entered or left the most deprived
// decile, the largest national rank change first: <area code>,
// <area name>, neighbourhood_id, neighbourhood_name, imd_score_previous,
// imd_decile_previous, imd_rank_previous, imd_score, imd_decile_national,
// imd_rank_national, moved ("into" or "out of").
Result<Table> DecileMovesTable(const AtlasInput& in, const AtlasResult& r);

// With standardised indicators: one row per group and indicator: group,
// areas, population, indicator, standardisation, observed, expected,
// ratio, lower95, upper95 (O/E x 100, exact or Byar). Empty otherwise.
Result<Table> GroupComparisonTable(const AtlasResult& r);
// The same as lines for the terminal.
std::string DescribeGroupComparison(const AtlasResult& r);

// What the run did, for the report's Methods section: built from the
// options actually used, never fixed text.
struct MethodsInput {
  int permutations = 0;
  uint64_t seed = 0;
  bool fdr = false;
  double alpha = 0.05;
  std::string hotspot_value;   // what the hot spots are of
  std::string given_source;    // "" when neighbourhoods were built
  region::RegionOptions bounds;
  double tier_top = 0.2, tier_middle = 0.3;
  std::vector<std::string> vintages;  // e.g. "Census 2021 counts on LSOA 2021, bridged to LSOA 2011 by population"
  std::string deprivation_label = "IMD 2019";
  // How the double disadvantage was found, one sentence.
  std::string double_disadvantage = "wards in the most deprived 10% on the IMD 2019 and the most in need 10% on the "
                                    "Community Needs Index 2019 (Local Trust / OCSI).";
};
std::vector<std::string> DescribeMethods(const MethodsInput& m, const AtlasResult& r);

// The run's summary lines (stderr and the report's Summary).
std::string DescribeAtlas(const std::string& name, const AtlasResult& r, const std::string& given_source,
                          size_t local_authorities);

}  // namespace nhood::atlas
