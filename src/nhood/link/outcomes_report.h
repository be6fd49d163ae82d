// The paired outcomes report: what changed for the residents the service
// measured twice.
//
// Today's tools (Joy's outcomes card, DOMAIN.md §A2) subtract the mean of
// all follow-up records from the mean of all baseline records, over
// different people, with no interval and no attrition. This report pairs:
// for each measure it takes the residents with both a baseline and a
// follow-up and reports
//  - the mean change (follow-up minus baseline, on the measure's own scale)
//    with a 95% paired-t interval: mean d ± t(0.975, n-1) · sd(d) / √n, the
//    quantile from stats/distributions.h (Boost.Math) through stats::Mean;
//  - the share improving by at least the measure's meaningful change, with
//    a 95% Wilson interval (stats/proportion.h);
//  - completeness: how many had a baseline, a follow-up, both; and how those
//    lost to follow-up differ at baseline (mean baseline of lost vs kept,
//    each with its t interval).
//
// Measures (ReportMeasures()): swemwbs (the Rasch metric score, 7-35,
// never the raw sum; improving = up by >= 3 metric points),
// ons4_life_satisfaction, ons4_worthwhile, ons4_happiness (0-10; improving =
// up by >= 1), ons4_anxiety (0-10, lower is better: improving = DOWN by >= 1,
// so its mean change is negative when people improve) and mycaw (the MYCaW
// profile score, the mean of the concern and wellbeing items, 0-6, lower is
// better: improving = down by >= 1).
//
// Pairing: the unit is the resident. Records are taken when their date lies
// in [from, to) (all dates when unset). A resident's baseline is their
// earliest baseline record (by date, then id); their follow-up is their
// latest follow-up record dated on or after that baseline (by date, then
// id). A resident with a baseline and no such follow-up is lost to
// follow-up; one with follow-ups only counts in follow_up_n and in
// follow_up_without_baseline.
//
// Suppression (suppression.h): counts of 1..below-1 people are withheld; the
// change, its interval and sd are withheld when paired_n is; the improved
// share and its interval when the improved or the not-improved count is; a
// lost/kept baseline mean when its count is. Pure functions over values;
// ReadOutcomesReport reads the store and audits.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/outcome.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

struct ReportMeasure {
  std::string_view name;   // "swemwbs", "ons4_anxiety", …
  std::string_view label;  // "SWEMWBS (Rasch metric score, 7-35)"
  Measure measure = Measure::kSwemwbs;
  int item = -1;                  // ONS4 item index 0..3; -1 = the whole measure
  double meaningful_change = 0;   // improvement of at least this much
  bool lower_is_better = false;   // improvement is a decrease
};

// Every measure the report knows, in the order above.
std::span<const ReportMeasure> ReportMeasures();
// kInvalidArgument naming field "measure" (listing the known names) for an
// unknown name.
Result<ReportMeasure> FindReportMeasure(std::string_view name);

// The score a record gives on `m`: the SWEMWBS metric score, the ONS4 item,
// or the MYCaW profile score. nullopt when the record is of another measure
// or its items do not fit (a record the store holds was validated on entry).
std::optional<double> ReportScore(const Outcome& o, const ReportMeasure& m);

struct OutcomesOptions {
  std::optional<Date> from;  // record date >= from
  std::optional<Date> to;    // record date < to
  SuppressionRule suppression;
  double level = 0.95;
};

// A mean with its t interval; empty when withheld or undefined.
struct MeanSummary {
  std::optional<int64_t> n;  // withheld when 1..below-1
  std::optional<double> mean, lower, upper;
};

struct OutcomesReport {
  ReportMeasure measure;
  std::optional<Date> from, to;
  int suppress_below = 5;
  double level = 0.95;
  std::optional<int64_t> baseline_n, follow_up_n, paired_n, lost_n, follow_up_without_baseline_n;
  std::optional<double> mean_change, lower95, upper95, sd_change;
  std::optional<int64_t> improved_n;
  std::optional<double> improved_share, improved_lower95, improved_upper95;
  MeanSummary baseline_kept, baseline_lost;  // mean baseline of the paired / the lost
  int64_t suppressed = 0;                    // cells withheld
  std::vector<std::string> suppressed_fields;
};

// The report over `outcomes` (any measures, any residents; others are
// ignored). Undefined figures (no pairs; one pair: no interval) are empty but
// not counted as suppressed.
OutcomesReport ComputeOutcomesReport(std::span<const Outcome> outcomes, const ReportMeasure& measure,
                                     const OutcomesOptions& options = {});

// All of the store's outcome records of `measure`'s kind, read in pages.
Result<std::vector<Outcome>> ReadAllOutcomes(Store& store, Measure measure);

// The role check (kReadReports; audited as ("report", "outcomes")), then
// the report. kInvalidArgument: field "measure" for an unknown measure,
// field "to" when both dates are given and to is not after from.
Result<OutcomesReport> ReadOutcomesReport(Store& store, const Actor& actor, std::string_view measure,
                                          const OutcomesOptions& options, const RequestInfo& request);

// The report as one shared table (one row; the API's field names as
// columns, the completeness figures as baseline_kept_* / baseline_lost_*)
// and the completeness table alone (kept vs lost at baseline; two rows).
ReportTable OutcomesTable(const OutcomesReport& r);
ReportTable CompletenessTable(const OutcomesReport& r);

}  // namespace nhood::link
