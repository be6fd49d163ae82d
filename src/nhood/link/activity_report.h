// The activity report behind GET /api/v1/reports/activity: aggregate counts
// of referrals, residents and contacts between two dates, with small counts
// of people withheld. The role check (kReadReports) and the read are audited
// (access.h), like every casework read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"
#include "nhood/link/access.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"

namespace nhood::link {

// Aggregate activity between two dates (from inclusive, to exclusive). Counts
// of people or referrals from 1 to kSuppressBelow - 1 are withheld: listed in
// `suppressed`, absent from `counts`.
inline constexpr int64_t kSuppressBelow = 5;
struct ActivityReport {
  Date from{}, to{};
  std::map<std::string, int64_t> counts;  // "referrals", "referrals.source.gp", "contacts", "contact_minutes", …
  std::vector<std::string> suppressed;
};
Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, Date from, Date to,
                                          const RequestInfo& request);

}  // namespace nhood::link
