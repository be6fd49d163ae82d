// The manager dashboard's reports in one audited read: the activity
// summary (report.h), caseloads per worker (caseload_report.h), waiting
// times to first contact (waiting_report.h) and the organisations referred
// to (organisations_report.h), all for one period, each from grouped store
// queries; the activity summary and the waiting times are read on two more
// threads beside the other two (the Store is thread-safe, and each thread
// takes a pooled connection of its own). Thread-safe if the Store is.
// REQUIRES: `store` is not a store bound to a transaction (InTransaction's
// argument is for its own thread only).
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
