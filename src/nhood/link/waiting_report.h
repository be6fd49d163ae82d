// The waiting-times report: days from a referral's receipt to its first
// contact.
//
// For the referrals received in the period: how many have had a contact,
// the median and 90th percentile of the days from the day of receipt (UTC)
// to the earliest contact date (nearest rank: the smallest number of days
// within which at least half, or 90%, of the contacted referrals had their
// first contact; a contact dated before the receipt counts as 0 days), the
// share first contacted within 14 days (two weeks: DOMAIN.md's answer-by
// rule) and within 28, and those with no contact yet: still waiting (open)
// or ended without one (closed, declined or did_not_engage).
//
// Counts of 1..below-1 referrals are withheld, and the next smallest of
// contacted / waiting / ended when only one is (they add up to the total);
// the days and shares are withheld when fewer than `below` were contacted.
// Every withheld cell is counted. Pure functions except the store reads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

struct WaitingSummary {
  int64_t referrals = 0;
  int64_t contacted = 0;
  int64_t waiting = 0;                                   // no contact yet, open
  int64_t ended_without_contact = 0;                     // no contact, final status
  std::optional<int64_t> median_days, p90_days;          // none when nobody was contacted
  std::optional<double> within_14_days, within_28_days;  // shares of those contacted
};

// The summary of the store's cells (any order).
WaitingSummary SummariseWaits(std::span<const WaitCell> cells);

// The table "waiting_times": one row, columns referrals, contacted,
// median_days, p90_days, within_14_days, within_28_days, waiting,
// ended_without_contact, suppressed.
ReportTable WaitingTable(const WaitingSummary& s, const SuppressionRule& rule);

// The store's grouped query, then the table; no audit.
Result<ReportTable> WaitingFromStore(Store& store, const ActivityQuery& period, const SuppressionRule& rule);

// The role check (kReadReports; audited as ("report", "waiting_times")),
// then the table. kInvalidArgument (field "to") when to is not after from.
Result<ReportTable> ReadWaitingReport(Store& store, const Actor& actor, const ActivityQuery& period,
                                      const SuppressionRule& rule, const RequestInfo& request);

}  // namespace nhood::link
