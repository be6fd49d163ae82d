#include "nhood/link/activity_report.h"

#include <set>

namespace nhood::link {

Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, Date from, Date to,
                                          const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "activity", request));
  if (!(from < to)) return InvalidField("to", "to must be after from");
  ActivityReport report{.from = from, .to = to, .counts = {}, .suppressed = {}};
  std::map<std::string, int64_t> people;  // counts of people or referrals: suppressed when small
  std::set<int64_t> referred;
  const Time t0 = std::chrono::sys_days(from), t1 = std::chrono::sys_days(to);
  people["referrals"] = 0;
  for (int64_t after = 0;;) {
    NHOOD_ASSIGN_OR_RETURN(auto page, store.ListReferrals({.received_from = t0, .received_to = t1,
                                                          .after_id = after, .limit = 1000}));
    if (page.empty()) break;
    after = page.back().id;
    for (const Referral& r : page) {
      ++people["referrals"];
      ++people["referrals.source." + std::string(ReferralSourceName(r.source))];
      ++people["referrals.status." + std::string(ReferralStatusName(r.status))];
      referred.insert(r.resident_id);
    }
  }
  people["residents_referred"] = static_cast<int64_t>(referred.size());
  std::set<int64_t> contacted;
  int64_t contacts = 0, minutes = 0;
  for (int64_t after = 0;;) {
    NHOOD_ASSIGN_OR_RETURN(auto page, store.ListContacts({.from = from, .to = to, .after_id = after, .limit = 1000}));
    if (page.empty()) break;
    after = page.back().id;
    for (const Contact& c : page) {
      ++contacts;
      minutes += c.minutes;
      contacted.insert(c.resident_id);
    }
  }
  people["residents_contacted"] = static_cast<int64_t>(contacted.size());
  report.counts["contacts"] = contacts;
  report.counts["contact_minutes"] = minutes;
  for (const auto& [name, n] : people) {
    if (n > 0 && n < kSuppressBelow) {
      report.suppressed.push_back(name);
    } else {
      report.counts[name] = n;
    }
  }
  return report;
}

}  // namespace nhood::link
