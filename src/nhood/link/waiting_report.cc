#include "nhood/link/waiting_report.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace nhood::link {

WaitingSummary SummariseWaits(std::span<const WaitCell> cells) {
  WaitingSummary s;
  std::map<int64_t, int64_t> by_days;  // days (negative as 0) → contacted referrals
  for (const WaitCell& c : cells) {
    s.referrals += c.referrals;
    if (c.days) {
      s.contacted += c.referrals;
      by_days[std::max<int64_t>(0, *c.days)] += c.referrals;
    } else if (c.open) {
      s.waiting += c.referrals;
    } else {
      s.ended_without_contact += c.referrals;
    }
  }
  if (s.contacted == 0) return s;
  // Nearest rank: the smallest d with at least ceil(p * n) at or below it.
  auto rank = [&](double p) {
    const auto need = static_cast<int64_t>(std::ceil(p * static_cast<double>(s.contacted)));
    int64_t seen = 0;
    for (const auto& [d, n] : by_days) {
      seen += n;
      if (seen >= need) return d;
    }
    return by_days.rbegin()->first;
  };
  s.median_days = rank(0.5);
  s.p90_days = rank(0.9);
  auto share = [&](int64_t limit) {
    int64_t n = 0;
    for (const auto& [d, k] : by_days) {
      if (d <= limit) n += k;
    }
    return static_cast<double>(n) / static_cast<double>(s.contacted);
  };
  s.within_14_days = share(14);
  s.within_28_days = share(28);
  return s;
}

ReportTable WaitingTable(const WaitingSummary& s, const SuppressionRule& rule) {
  ReportTable t;
  t.name = "waiting_times";
  t.title = "Waiting times from referral to first contact";
  t.columns = {"referrals",      "contacted", "median_days",           "p90_days",  "within_14_days",
               "within_28_days", "waiting",   "ended_without_contact", "suppressed"};
  SuppressionCounter sc(rule);
  const std::vector<bool> parts = WithheldInColumn({s.contacted, s.waiting, s.ended_without_contact}, rule);
  auto count = [&](int64_t n, bool hide, const std::string& name) -> ReportValue {
    if (!hide) return n;
    sc.Figure(0.0, false, name);
    return ReportValue();
  };
  auto figure = [&](std::optional<double> v, const std::string& name) -> ReportValue {
    std::optional<double> shown = sc.Figure(v, !Withheld(s.contacted, rule), name);
    return shown ? ReportValue(*shown) : ReportValue();
  };
  auto days = [&](std::optional<int64_t> v, const std::string& name) -> ReportValue {
    std::optional<double> shown = sc.Figure(v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt,
                                            !Withheld(s.contacted, rule), name);
    return shown ? ReportValue(static_cast<int64_t>(*shown)) : ReportValue();
  };
  std::vector<ReportValue> row = {count(s.referrals, Withheld(s.referrals, rule), "referrals"),
                                  count(s.contacted, parts[0], "contacted"),
                                  days(s.median_days, "median_days"),
                                  days(s.p90_days, "p90_days"),
                                  figure(s.within_14_days, "within_14_days"),
                                  figure(s.within_28_days, "within_28_days"),
                                  count(s.waiting, parts[1], "waiting"),
                                  count(s.ended_without_contact, parts[2], "ended_without_contact"),
                                  ReportValue()};
  row.back() = sc.cells();
  t.AddRow(std::move(row));
  t.suppressed_cells = sc.cells();
  t.suppressed = sc.names();
  t.notes = {
      "referrals received in the period; days from the day of receipt (UTC) to the earliest contact date "
      "(a contact dated before the receipt counts as 0)",
      "median_days, p90_days: nearest rank over the contacted referrals; within_14_days, within_28_days: "
      "shares of the contacted referrals",
      "waiting: no contact yet and still open; ended_without_contact: closed, declined or did_not_engage "
      "without a contact",
      "counts of 1-" + std::to_string(rule.below - 1) +
          " are withheld (and the next smallest of contacted, waiting and ended when only one is); the days "
          "and shares when fewer than " +
          std::to_string(rule.below) + " were contacted"};
  return t;
}

Result<ReportTable> WaitingFromStore(Store& store, const ActivityQuery& period, const SuppressionRule& rule) {
  NHOOD_RETURN_IF_ERROR(ValidatePeriod(period));
  NHOOD_ASSIGN_OR_RETURN(std::vector<WaitCell> cells, store.ListWaitCells(period));
  return WaitingTable(SummariseWaits(cells), rule);
}

Result<ReportTable> ReadWaitingReport(Store& store, const Actor& actor, const ActivityQuery& period,
                                      const SuppressionRule& rule, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "waiting_times", request));
  return WaitingFromStore(store, period, rule);
}

}  // namespace nhood::link
