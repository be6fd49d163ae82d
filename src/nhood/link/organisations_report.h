// The organisations report: where residents were referred on to, and what
// became of it.
//
// For the onward referrals sent in the period, one row per organisation
// (the directory organisation of the service referred to), by name: how
// many were sent, and how many are now waiting (still "sent"), accepted,
// attended or declined; services no longer in the directory (or without an
// organisation) share one row; a total row ends the table.
//
// Counts of 1..below-1 are withheld (suppression.h), and the next smallest
// in the same column when only one is (the total is shown); a row whose
// `sent` is withheld (primary or secondary) has all its status cells
// withheld too (they describe those few people), zeros included, and a
// status column left with one withheld cell has its next smallest withheld
// too. Every withheld cell is counted. Pure functions except the store
// reads.
#pragma once

#include <span>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

// The table "organisations": columns organisation_id ("" for the row of
// services not in the directory), organisation, sent, waiting, accepted,
// attended, declined, suppressed.
ReportTable OrganisationsTable(std::span<const OnwardCell> cells, const SuppressionRule& rule);

// The store's grouped query, then the table; no audit.
Result<ReportTable> OrganisationsFromStore(Store& store, const ActivityQuery& period, const SuppressionRule& rule);

// The role check (kReadReports; audited as ("report", "organisations")),
// then the table. kInvalidArgument (field "to") when to is not after from.
Result<ReportTable> ReadOrganisationsReport(Store& store, const Actor& actor, const ActivityQuery& period,
                                            const SuppressionRule& rule, const RequestInfo& request);

}  // namespace nhood::link
