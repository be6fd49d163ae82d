// Neighbourhood profiles for the atlas explorer (`nhood serve --atlas`): one
// neighbourhood of an atlas output, each indicator with its 95% interval,
// England's value, the Fingertips comparison and its place on a spine chart
// against the atlas's other neighbourhoods, the other measures
// (deprivation, hot-spot share, …), and the LSOAs inside.
//
// Spine chart (Fingertips, DOMAIN.md §D4): England sits at the centre; the
// bar runs from the worst neighbourhood (left) to the best (right) on a
// scale symmetric about England, with the 25th–75th percentile band darker;
// percentiles are R's type 7 (GSL's gsl_stats_quantile_from_sorted_data).
// Positions are fractions of the bar's width in [0, 1].
//
// Comparison with England: the column `KEY_vs_england` when the atlas wrote
// one, else the 95% interval against England's value (Fingertips method 1:
// interval wholly above or below, "Similar" when it overlaps), else
// "Not compared".
//
// Build() precomputes every distribution, so Profile() is a lookup and a
// copy. Pure; a built ProfileIndex is immutable and safe to share across
// threads.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"

namespace nhood::atlas {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// An indicator of the neighbourhoods table.
struct ExplorerIndicator {
  std::string key;   // the column, e.g. "bad_health_2021" or "bad_health_sr"
  std::string name;  // e.g. "Bad or very bad health (Census 2021)"
  double england = kNoValue;  // NaN when the atlas does not give one
  bool higher_is_worse = true;
  bool standardised = false;  // a ratio with England = 100
  std::string unit, method, source;  // from indicators.csv; empty when the atlas gave none
};

// An atlas output directory as the explorer uses it.
struct ExplorerAtlas {
  std::string title;      // e.g. "North East"
  Table neighbourhoods;   // neighbourhoods.csv: neighbourhood_id, local_authority, …
  Table lsoas;            // lsoas.csv: an LSOA code column, neighbourhood_id, …
  std::vector<ExplorerIndicator> indicators;
};

// The indicators of `neighbourhoods`: every `declared` one whose column is
// there (in order), then every other column with `_lower95_0cl` and
// `_upper95_0cl` beside it. Columns ending `_sr` or `_sdr` are standardised
// (England = 100; named "… standardised for age" / "… for age and
// deprivation" when not declared).
std::vector<ExplorerIndicator> DetectIndicators(const Table& neighbourhoods,
                                                const std::vector<ExplorerIndicator>& declared);

// The LSOA code and name columns of an lsoas table: the first columns
// named `lsoaNN_code` / `lsoaNN_name` (lsoa11 or lsoa21). nullopt if none.
std::optional<size_t> LsoaCodeColumn(const Table& lsoas);
std::optional<size_t> LsoaNameColumn(const Table& lsoas);

struct SpineBar {
  bool drawn = false;          // false without England or values
  double worst = 0, q25 = 0, q75 = 0, best = 0;  // raw values across neighbourhoods
  double position = kNoValue;  // the neighbourhood, in [0, 1]; NaN without a value
  double q25_position = 0, q75_position = 0;     // the darker band, in [0, 1]
  double worst_position = 0, best_position = 1;  // the bar's ends, in [0, 1]
};

struct IndicatorValue {
  std::string key, name;
  double value = kNoValue, lower95 = kNoValue, upper95 = kNoValue, england = kNoValue;
  std::string comparison;  // "Better", "Worse", "Similar" or "Not compared"
  std::string unit, method, source;  // as ExplorerIndicator
  bool standardised = false;
  bool higher_is_worse = true;
  SpineBar spine;
};

struct Measure {
  std::string key, name;
  double value = kNoValue;
};

struct Profile {
  std::string id, name;  // name = the `name` column, else the id
  std::string local_authority, local_authority_name;
  double population = kNoValue;
  std::vector<IndicatorValue> indicators;
  std::vector<Measure> measures;  // deprivation, shares, risk, and any other numeric column
  Table lsoas;                    // the rows of lsoas.csv inside, in file order
};

class ProfileIndex {
 public:
  // `atlas` must outlive the index and stay where it is (the index points
  // at it). kInvalidArgument when the neighbourhoods table has no neighbourhood_id
  // column or repeats an id, or the lsoas table has no neighbourhood_id.
  static Result<ProfileIndex> Build(const ExplorerAtlas& atlas);

  // kNotFound naming the id.
  Result<Profile> Get(const std::string& id) const;

  // The row of `id` in the neighbourhoods table.
  std::optional<size_t> Row(const std::string& id) const;
  // The neighbourhood's name (the `name` column, else its id).
  std::string Name(size_t row) const;
  const ExplorerAtlas& atlas() const { return *atlas_; }

 private:
  const ExplorerAtlas* atlas_ = nullptr;
  std::unordered_map<std::string, size_t> rows_;
  std::vector<std::vector<size_t>> lsoas_of_;  // per neighbourhood row
  struct Distribution {
    bool drawn = false;
    double worst = 0, q25 = 0, q75 = 0, best = 0, half_width = 0;
  };
  std::vector<Distribution> spine_;  // per indicator
  std::vector<size_t> measure_columns_;
};

// Where `value` sits on a spine chart centred on `england` with `half_width`
// either side: worst at 0, best at 1.
double SpinePosition(double value, double england, double half_width, bool higher_is_worse);

// The classes-1 inner breaks dividing the non-missing `values` into equal
// shares (quintiles for 5), R's type-7 quantiles; empty without values.
std::vector<double> ClassBreaks(std::vector<double> values, int classes);

// The Fingertips method 1 comparison of a 95% interval with England.
std::string CompareWithEngland(double lower95, double upper95, double england, bool higher_is_worse);

}  // namespace nhood::atlas
