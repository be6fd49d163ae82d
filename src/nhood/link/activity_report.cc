#include "nhood/link/activity_report.h"

namespace nhood::link {

Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, Date from, Date to,
                                          const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "activity", request));
  if (!(from < to)) return InvalidField("to", "to must be after from");
  const ActivityQuery q{.from = from, .to = to};
  NHOOD_ASSIGN_OR_RETURN(ActivitySummary summary, store.SummariseActivity(q));
  return MakeActivityReport(q, summary);
}

}  // namespace nhood::link
