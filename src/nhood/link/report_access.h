// Reports read by the operator: `nhood link report` reads the store
// directly (whoever holds the database file or its URI is its operator, as
// for `nhood link init`), so there is no user to check. The read is still
// audited, as the operator: user id empty, username "operator:<name>".
#pragma once

#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/store.h"

namespace nhood::link {

// One allowed audit event: action read_reports, record ("report", `report`),
// detail `detail` (the options; never personal data).
Status AuditOperatorReport(Store& store, std::string_view operator_name, std::string_view report,
                           std::string_view detail, const RequestInfo& request);

}  // namespace nhood::link
