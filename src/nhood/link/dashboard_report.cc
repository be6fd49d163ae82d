#include "nhood/link/dashboard_report.h"

#include <chrono>

#include "nhood/link/caseload_report.h"
#include "nhood/link/organisations_report.h"
#include "nhood/link/waiting_report.h"

namespace nhood::link {

Result<Dashboard> ReadDashboard(Store& store, const Actor& actor, const ActivityQuery& period,
                                const SuppressionRule& rule, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "dashboard", request));
  if (!(std::chrono::sys_days(period.from) < std::chrono::sys_days(period.to))) {
    return InvalidField("to", "to must be after from");
  }
  Dashboard d;
  NHOOD_ASSIGN_OR_RETURN(ActivitySummary summary, store.SummariseActivity(period));
  d.activity = MakeActivityReport(period, summary, rule.below);
  NHOOD_ASSIGN_OR_RETURN(d.caseloads, CaseloadsFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(d.waiting, WaitingFromStore(store, period, rule));
  NHOOD_ASSIGN_OR_RETURN(d.organisations, OrganisationsFromStore(store, period, rule));
  return d;
}

}  // namespace nhood::link
