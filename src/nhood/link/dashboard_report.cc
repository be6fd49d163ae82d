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
  // The activity summary on a second thread (its own pooled connection)
  // while this one reads the other three; a return below waits for it in
  // the future's destructor.
  std::future<Result<ActivitySummary>> summary =
      std::async(std::launch::async, [&store, &period] { return store.SummariseActivity(period); });
  NHOOD_ASSIGN_OR_RETURN(d.caseloads, CaseloadsFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(d.waiting, WaitingFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(d.organisations, OrganisationsFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(ActivitySummary s, summary.get());
  d.activity = MakeActivityReport(period, s, rule.below);
  return d;
}

}  // namespace nhood::link
