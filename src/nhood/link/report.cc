#include "nhood/link/report.h"

namespace nhood::link {

ReportCount SuppressSmall(int64_t count, int suppress_below) {
  if (count > 0 && count < suppress_below) return {std::nullopt, true};
  return {count, false};
}

ActivityReport MakeActivityReport(const ActivityQuery& q, const ActivitySummary& s, int suppress_below) {
  ActivityReport r;
  r.from = q.from;
  r.to = q.to;
  r.suppress_below = suppress_below;
  auto people = [&](const std::vector<Tally>& in) {
    std::vector<ReportTally> out;
    for (const Tally& t : in) out.push_back({t.key, SuppressSmall(t.count, suppress_below)});
    return out;
  };
  r.referrals_received = SuppressSmall(s.referrals_received, suppress_below);
  r.referrals_by_source = people(s.referrals_by_source);
  r.transitions_to = people(s.transitions_to);
  r.residents_contacted = SuppressSmall(s.residents_contacted, suppress_below);
  r.contacts = s.contacts;
  r.contact_minutes = s.contact_minutes;
  r.contacts_by_mode = s.contacts_by_mode;
  r.onward_referrals_sent = s.onward_referrals_sent;
  r.onward_by_status = s.onward_by_status;
  r.volunteer_hours = s.volunteer_hours;
  r.volunteers_active = SuppressSmall(s.volunteers_active, suppress_below);
  return r;
}

}  // namespace nhood::link
