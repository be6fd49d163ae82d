// The manager dashboard's reports in one audited read: the activity
// summary (report.h), caseloads per worker (caseload_report.h), waiting
// times to first contact (waiting_report.h) and the organisations referred
// to (organisations_report.h), all for one period, each from grouped store
// queries. Thread-safe if the Store is.
#pragma once

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/report.h"
#include "nhood/link/report_table.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::link {

struct Dashboard {
  ActivityReport activity;
  ReportTable caseloads, waiting, organisations;
};

// The role check (kReadReports), audited once as ("report", "dashboard"),
// then the four reports of [period.from, period.to). kInvalidArgument
// (field "to") when to is not after from.
Result<Dashboard> ReadDashboard(Store& store, const Actor& actor, const ActivityQuery& period,
                                const SuppressionRule& rule, const RequestInfo& request);

}  // namespace nhood::link
