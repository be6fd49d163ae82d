#include "nhood/link/caseload_report.h"

#include <chrono>
#include <map>

namespace nhood::link {

std::string_view CaseloadBand(double per_year, const SafeCaseload& safe) {
  if (per_year < safe.low) return "below";
  if (per_year > safe.high) return "above";
  return "within";
}

ReportTable CaseloadTable(const Caseloads& loads, std::span<const User> users, const ActivityQuery& period,
                          const SuppressionRule& rule, const SafeCaseload& safe) {
  const double days =
      static_cast<double>((std::chrono::sys_days(period.to) - std::chrono::sys_days(period.from)).count());
  std::map<int64_t, WorkerCaseload> by_user;
  for (const User& u : users) {
    if (u.role == Role::kLinkWorker && u.active) by_user[u.id] = {.user_id = u.id};
  }
  for (const WorkerCaseload& w : loads.workers) {
    if (w.people > 0 || w.open_now > 0 || by_user.count(w.user_id)) by_user[w.user_id] = w;
  }
  std::map<int64_t, std::string> names;
  for (const User& u : users) names[u.id] = u.display_name.empty() ? u.username : u.display_name;
  // Workers by id, the unassigned last.
  std::vector<WorkerCaseload> rows;
  for (const auto& [id, w] : by_user) {
    if (id != 0) rows.push_back(w);
  }
  if (by_user.count(0)) rows.push_back(by_user.at(0));

  std::vector<int64_t> people, open_now;
  for (const WorkerCaseload& w : rows) {
    people.push_back(w.people);
    open_now.push_back(w.open_now);
  }
  const std::vector<bool> w_people = WithheldInColumn(people, rule), w_open = WithheldInColumn(open_now, rule);

  ReportTable t;
  t.name = "caseloads";
  t.title = "Caseload per worker against the safe caseload (" + std::to_string(safe.low) + "-" +
            std::to_string(safe.high) + " people a year)";
  t.columns = {"worker_id", "worker",   "people",    "people_per_year", "band",      "open_now",
               "referrals", "safe_low", "safe_high", "suppressed"};
  SuppressionCounter sc(rule);
  // A row's people withheld take its rate, band and referrals with them
  // (each would reveal the count).
  auto add = [&](const std::string& name, const WorkerCaseload& w, ReportValue id, bool hide_people, bool hide_open) {
    const double per_year = days > 0 ? w.people * 365.0 / days : 0.0;
    if (hide_people) {
      for (const char* c : {"people", "people_per_year", "band", "referrals"}) sc.Figure(0.0, false, name + " " + c);
    }
    if (hide_open) sc.Figure(0.0, false, name + " open_now");
    const int64_t withheld = (hide_people ? 4 : 0) + (hide_open ? 1 : 0);
    auto unless = [](bool hide, ReportValue v) { return hide ? ReportValue() : v; };
    t.AddRow({id, name, unless(hide_people, w.people), unless(hide_people, per_year),
              unless(hide_people, std::string(CaseloadBand(per_year, safe))), unless(hide_open, w.open_now),
              unless(hide_people, w.referrals), int64_t{safe.low}, int64_t{safe.high}, withheld});
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const int64_t id = rows[i].user_id;
    auto n = names.find(id);
    const std::string name = id == 0 ? "Unassigned" : n != names.end() ? n->second : "user " + std::to_string(id);
    add(name, rows[i], id == 0 ? ReportValue() : ReportValue(id), w_people[i], w_open[i]);
  }
  add("All workers", loads.all, ReportValue(), Withheld(loads.all.people, rule), Withheld(loads.all.open_now, rule));
  // The band of the whole service is not a caseload: only each worker's is.
  t.rows.back()[4] = ReportValue();
  t.suppressed_cells = sc.cells();
  t.suppressed = sc.names();
  t.notes = {"people: distinct residents with a referral received in the period and assigned to the worker "
             "(a resident with two such referrals is one person); people_per_year: people x 365 / " +
                 std::to_string(static_cast<int64_t>(days)) +
                 " days; band: that rate against the safe caseload; referrals: those people's referrals",
             "open_now: distinct residents with a referral assigned to the worker, received at any time and not yet "
             "closed, declined or did_not_engage",
             "All workers: distinct people over every referral, so less than the workers' sum when a resident has "
             "referrals with two workers",
             "counts of 1-" + std::to_string(rule.below - 1) +
                 " people are withheld with their rate, band and referrals, and the next smallest in the column when "
                 "only one is"};
  return t;
}

Result<ReportTable> CaseloadsFromStore(Store& store, const ActivityQuery& period, const SuppressionRule& rule) {
  NHOOD_RETURN_IF_ERROR(ValidatePeriod(period));
  NHOOD_ASSIGN_OR_RETURN(Caseloads loads, store.SummariseWorkerCaseloads(period));
  NHOOD_ASSIGN_OR_RETURN(std::vector<User> users, store.ListUsers());
  return CaseloadTable(loads, users, period, rule);
}

Result<ReportTable> ReadCaseloadReport(Store& store, const Actor& actor, const ActivityQuery& period,
                                       const SuppressionRule& rule, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "caseloads", request));
  return CaseloadsFromStore(store, period, rule);
}

}  // namespace nhood::link
