// The activity report behind GET /api/v1/reports/activity: the role check
// (kReadReports) audited like every casework read (access.h), then
//  - the store's summary for the period with small numbers of people
//    suppressed (report.h, MakeActivityReport), and
//  - the breakdown table (ActivityBreakdown): one row for the whole period,
//    one per calendar month, and one per neighbourhood (LSOA → neighbourhood
//    from an atlas's lsoas.csv when given, else per LSOA), each with
//      residents            distinct residents with a referral received or a
//                           contact in the period (people: suppressed)
//      requests             referrals received: each a request for support
//                           (people: suppressed)
//      contacts, link_worker_hours, volunteer_contact_hours
//                           contacts and their minutes / 60, by who made them
//      volunteer_hours      hours in the volunteers' log (not recorded by
//                           place: empty on neighbourhood rows)
//      onward_sent, onward_waiting, onward_accepted, onward_declined,
//      onward_attended      onward referrals sent in the period and their
//                           current status (sent = waiting)
//      organisations        distinct organisations referred to
// Months and neighbourhoods are attributed by the date of each record
// (referral received, contact date, onward referral sent) and the resident's
// LSOA. Residents and requests of 1..below-1 are withheld, and when one
// month's (or one neighbourhood's) count is withheld, the next smallest is
// too (suppression.h WithheldInColumn); a row whose own residents are
// 1..below-1 has its activity cells withheld as well (they describe those
// few people). Every withheld cell is counted; no row is dropped.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/reach_report.h"
#include "nhood/link/report.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

// Between `from` (inclusive) and `to` (exclusive). kPermissionDenied (and an
// audited refusal) for roles without kReadReports; kInvalidArgument (field
// "to") when to is not after from.
Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, Date from, Date to,
                                          const RequestInfo& request);

// The raw records a breakdown is computed from (ReadActivityRecords).
struct ActivityRecords {
  std::vector<Referral> referrals;            // received in the period
  std::vector<Contact> contacts;              // dated in the period
  std::vector<OnwardReferral> onward;         // sent in the period
  std::vector<VolunteerHours> volunteer_hours;  // dated in the period
  std::vector<std::pair<int64_t, std::string>> resident_lsoas;  // every resident: id, LSOA ("" for none)
  std::vector<std::pair<std::string, std::string>> service_organisations;  // service id, organisation id
};

// Reads the records of [from, to) from the store in pages (all dates when
// unset), and the organisation of every service referred to.
Result<ActivityRecords> ReadActivityRecords(Store& store, std::optional<Date> from, std::optional<Date> to);

struct ActivityOptions {
  std::optional<Date> from, to;
  SuppressionRule suppression;
  std::span<const ReachArea> areas;  // LSOA → neighbourhood; empty = by LSOA
};

// The breakdown table (see the top). Months run from `from`'s month to the
// month of the day before `to`, with or without records, for periods of up
// to 20 years; otherwise (and without a period) the months with records. Neighbourhood rows: each neighbourhood with any record, then
// "outside_atlas" (an LSOA not in the atlas) and "no_lsoa".
ReportTable ActivityBreakdown(const ActivityRecords& records, const ActivityOptions& options);

// Both parts of the report: the store's summary of the period (over all
// time, 1970 to `request.now`'s next day, without a period) and the
// breakdown table.
struct ActivityResult {
  ActivityReport summary;
  ReportTable breakdown;
};

// The role check (audited as ("report", "activity")), then the summary,
// ReadActivityRecords and ActivityBreakdown. kInvalidArgument (field "to")
// when to is not after from.
Result<ActivityResult> ReadActivity(Store& store, const Actor& actor, const ActivityOptions& options,
                                    const RequestInfo& request);

}  // namespace nhood::link
