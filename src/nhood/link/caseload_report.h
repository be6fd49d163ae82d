// The caseload report: the people on each link worker's caseload against
// the safe caseload.
//
// A social prescribing link worker's safe caseload is 200-250 people a year
// (reference/DOMAIN.md, "SPLW safe caseload", from NHS Transformation
// Partners' community-led prevention background). For each worker with
// referrals (and every active link worker, with none): the people (distinct
// residents) with a referral assigned to them that was received in the
// period, the same as a rate a year (x 365 / the period's days), where that
// rate falls against the band ("below", "within", "above"), the people they
// hold open now (a referral received any time, not closed, declined or
// did_not_engage), and the referrals behind the first count. Referrals
// assigned to no one are their own row; a row for the whole service (its
// distinct people) ends the table.
//
// Counts of 1..below-1 people are withheld (suppression.h), with the rate,
// band and referrals that would reveal them, and the next smallest in the
// same column when only one is. Every withheld cell is counted. Pure
// functions except the two that read the store.
#pragma once

#include <span>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

struct SafeCaseload {
  int low = 200;  // people a year
  int high = 250;
};

// The band a yearly rate falls in: "below" (< low), "within", "above" (> high).
std::string_view CaseloadBand(double per_year, const SafeCaseload& safe = {});

// The table "caseloads": columns worker_id, worker, people,
// people_per_year, band, open_now, referrals, safe_low, safe_high,
// suppressed (the row's withheld cells). `users` name the workers (display
// names; "Unassigned" for user 0, "user N" for one not listed). REQUIRES:
// period.from < period.to.
ReportTable CaseloadTable(const Caseloads& loads, std::span<const User> users, const ActivityQuery& period,
                          const SuppressionRule& rule, const SafeCaseload& safe = {});

// The store's grouped query and the users, then CaseloadTable; no audit
// (ReadCaseloadReport and ReadDashboard audit).
Result<ReportTable> CaseloadsFromStore(Store& store, const ActivityQuery& period, const SuppressionRule& rule);

// The role check (kReadReports; audited as ("report", "caseloads")), then
// the table. kInvalidArgument (field "to") when to is not after from.
Result<ReportTable> ReadCaseloadReport(Store& store, const Actor& actor, const ActivityQuery& period,
                                       const SuppressionRule& rule, const RequestInfo& request);

}  // namespace nhood::link
