// Activity reports with small numbers suppressed.
//
// Counts of people (referrals, residents contacted, volunteers, and every
// breakdown of referrals) below the threshold (default 5, DESIGN.md: "< 5
// people for link reports") are withheld: the value is empty and
// `suppressed` is set, never silently dropped. Activity totals that do not
// count people (contacts, minutes, hours, onward referrals) are reported as
// they are. A zero is shown as zero: it discloses no one. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nhood/link/store.h"

namespace nhood::link {

struct ReportCount {
  std::optional<int64_t> value;  // empty when suppressed
  bool suppressed = false;
};

struct ReportTally {
  std::string key;
  ReportCount count;
};

struct ActivityReport {
  Date from{}, to{};
  int suppress_below = 5;
  ReportCount referrals_received;
  std::vector<ReportTally> referrals_by_source;
  std::vector<ReportTally> transitions_to;
  ReportCount residents_contacted;
  int64_t contacts = 0;
  int64_t contact_minutes = 0;
  std::vector<Tally> contacts_by_mode;
  int64_t onward_referrals_sent = 0;
  std::vector<Tally> onward_by_status;
  double volunteer_hours = 0;
  ReportCount volunteers_active;
};

// Counts in 1..suppress_below-1 are suppressed. REQUIRES: suppress_below >= 1.
ReportCount SuppressSmall(int64_t count, int suppress_below = 5);
ActivityReport MakeActivityReport(const ActivityQuery& q, const ActivitySummary& s, int suppress_below = 5);

}  // namespace nhood::link
