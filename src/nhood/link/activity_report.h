// The activity report behind GET /api/v1/reports/activity: the role check
// (kReadReports) audited like every casework read (access.h), then the
// store's summary with small numbers of people suppressed (report.h).
#pragma once

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/report.h"
#include "nhood/link/store.h"

namespace nhood::link {

// Between `from` (inclusive) and `to` (exclusive). kPermissionDenied (and an
// audited refusal) for roles without kReadReports; kInvalidArgument (field
// "to") when to is not after from.
Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, Date from, Date to,
                                          const RequestInfo& request);

}  // namespace nhood::link
