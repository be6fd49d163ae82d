#include "nhood/link/dashboard_report.h"

#include <future>

#include "nhood/link/caseload_report.h"
#include "nhood/link/organisations_report.h"
#include "nhood/link/waiting_report.h"

namespace nhood::link {

Result<Dashboard> ReadDashboard(Store& store, const Actor& actor, const ActivityQuery& period,
                                const SuppressionRule& rule, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "dashboard", request));
  NHOOD_RETURN_IF_ERROR(ValidatePeriod(period));
  Dashboard d;
  // The two long reads, the activity summary (every contact of the period)
  // and the waiting times (a first-contact probe per referral), each on a
  // thread and a pooled connection of its own while this one reads the
  // caseloads and organisations. A return below waits for them in the
  // futures' destructors.
  std::future<Result<ActivitySummary>> summary =
      std::async(std::launch::async, [&store, &period] { return store.SummariseActivity(period); });
  std::future<Result<ReportTable>> waiting =
      std::async(std::launch::async, [&store, &period, &rule] { return WaitingFromStore(store, period, rule); });
  NHOOD_ASSIGN_OR_RETURN(d.caseloads, CaseloadsFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(d.organisations, OrganisationsFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(d.waiting, waiting.get());
  NHOOD_ASSIGN_OR_RETURN(ActivitySummary s, summary.get());
  d.activity = MakeActivityReport(period, s, rule.below);
  return d;
}

}  // namespace nhood::link
