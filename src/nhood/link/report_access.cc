#include "nhood/link/report_access.h"

namespace nhood::link {

Status AuditOperatorReport(Store& store, std::string_view operator_name, std::string_view report,
                           std::string_view detail, const RequestInfo& request) {
  AuditEvent e;
  e.at = request.now;
  e.username = "operator:" + std::string(operator_name);
  e.action = std::string(ActionName(Action::kReadReports));
  e.record_type = "report";
  e.record_id = std::string(report);
  e.outcome = AuditOutcome::kAllowed;
  e.detail = std::string(detail);
  e.address = request.address;
  e.request_id = request.request_id;
  return store.AppendAudit(e).status();
}

}  // namespace nhood::link
