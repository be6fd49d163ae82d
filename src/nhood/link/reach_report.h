// The reach report: is the service reaching the places that need it?
//
// For the residents served (those with a referral received in the period;
// every resident with a referral when no period is given), the share living
// in Core20 LSOAs (the most deprived 20% of England on the IMD) and in
// doubly disadvantaged areas (the atlas's LSOA flag: the LSOA's ward is
// among the most deprived and most in need of social infrastructure), each
// with a 95% Wilson interval, against those areas' share of the population
// of the area the atlas covers (population-weighted from the atlas's
// lsoas.csv). A ratio above 1 means the service reaches those areas more
// than their population share.
//
// Residents are matched to the atlas by their LSOA code. Residents without
// an LSOA, and those whose LSOA is not in the atlas (another area, or an
// LSOA 2021 code in an atlas keyed by LSOA 2011 codes that changed in 2021),
// are counted in their own rows and left out of the shares' denominators.
// Counts of 1..below-1 residents are withheld with the shares that reveal
// them (suppression.h). Pure functions except ReadReachReport (store).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/link/access.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

// One LSOA of an atlas output directory (lsoas.csv).
struct ReachArea {
  std::string lsoa;              // E01…
  std::string neighbourhood_id;  // may be empty
  double population = 0;
  bool core20 = false;
  bool double_disadvantage = false;
};

// The areas of an atlas's lsoas.csv: the LSOA code from `lsoa21_code`,
// `lsoa11_code` or `lsoa_code` (the first present), `population`, `core20`
// and `double_disadvantage` ("true"/"false", "1"/"0"), `neighbourhood_id`
// when present. kNotFound naming a missing column; kInvalidArgument naming
// the file, row and column of a bad cell (a population not a number >= 0, a
// flag not true/false, a repeated LSOA).
Result<std::vector<ReachArea>> ReachAreasFromTable(const Table& lsoas);

struct ReachOptions {
  std::optional<Date> from, to;  // referral received in [from, to)
  SuppressionRule suppression;
  double level = 0.95;
  std::string atlas;  // what to call the atlas in the output (its directory)
};

struct ReachRow {
  std::string group;  // "core20", "double_disadvantage"
  std::string label;
  std::optional<int64_t> residents;  // served residents living there
  std::optional<double> share, lower95, upper95;
  double population = 0;        // those areas' population
  double population_share = 0;  // of the atlas area's population
  std::optional<double> ratio;  // share / population_share
};

struct ReachReport {
  std::optional<Date> from, to;
  std::string atlas;
  int suppress_below = 5;
  std::optional<int64_t> residents_served, residents_matched, residents_outside_atlas, residents_without_lsoa;
  double population_total = 0;
  std::vector<ReachRow> rows;
  int64_t suppressed = 0;
  std::vector<std::string> suppressed_fields;
};

// `resident_lsoas`: one entry per resident served, "" when they have none.
ReachReport ComputeReach(std::span<const std::string> resident_lsoas, std::span<const ReachArea> areas,
                         const ReachOptions& options = {});

// The residents served in the period (see the top), with their LSOAs ("" for
// none), read from the store in pages. Erased residents keep their LSOA and
// are counted.
Result<std::vector<std::string>> ServedResidentLsoas(Store& store, std::optional<Date> from, std::optional<Date> to);

// The role check (kReadReports; audited as ("report", "reach")), then the
// report. kInvalidArgument (field "to") when to is not after from.
Result<ReachReport> ReadReachReport(Store& store, const Actor& actor, std::span<const ReachArea> areas,
                                    const ReachOptions& options, const RequestInfo& request);

ReportTable ReachTable(const ReachReport& r);

}  // namespace nhood::link
