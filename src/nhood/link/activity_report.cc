#include "nhood/link/activity_report.h"

#include <map>
#include <set>
#include <unordered_map>

namespace nhood::link {
namespace {

bool InPeriod(Date d, std::optional<Date> from, std::optional<Date> to) {
  const auto day = std::chrono::sys_days(d);
  if (from && day < std::chrono::sys_days(*from)) return false;
  if (to && day >= std::chrono::sys_days(*to)) return false;
  return true;
}

std::string MonthOf(Date d) { return FormatDate(d).substr(0, 7); }

// Pages through a list method until a short page.
template <typename T, typename Q, typename F>
Status ReadAll(Q q, F list, std::vector<T>& out) {
  q.limit = 10000;
  q.after_id = 0;
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<T> page, list(q));
    const bool last = static_cast<int>(page.size()) < q.limit;
    if (!page.empty()) q.after_id = page.back().id;
    out.insert(out.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    if (last || page.empty()) break;
  }
  return Status::Ok();
}

struct Group {
  std::set<int64_t> residents;
  int64_t requests = 0, contacts = 0, worker_minutes = 0, volunteer_minutes = 0;
  double volunteer_hours = 0;
  int64_t onward_sent = 0, waiting = 0, accepted = 0, declined = 0, attended = 0;
  std::set<std::string> organisations;
};

}  // namespace

Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, Date from, Date to,
                                          const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "activity", request));
  if (!(from < to)) return InvalidField("to", "to must be after from");
  const ActivityQuery q{.from = from, .to = to};
  NHOOD_ASSIGN_OR_RETURN(ActivitySummary summary, store.SummariseActivity(q));
  return MakeActivityReport(q, summary);
}

Result<ActivityRecords> ReadActivityRecords(Store& store, std::optional<Date> from, std::optional<Date> to) {
  ActivityRecords out;
  ReferralQuery rq;
  if (from) rq.received_from = Time(std::chrono::sys_days(*from));
  if (to) rq.received_to = Time(std::chrono::sys_days(*to));
  NHOOD_RETURN_IF_ERROR(ReadAll<Referral>(rq, [&](const ReferralQuery& q) { return store.ListReferrals(q); },
                                          out.referrals));
  ContactQuery cq{.from = from, .to = to};
  NHOOD_RETURN_IF_ERROR(ReadAll<Contact>(cq, [&](const ContactQuery& q) { return store.ListContacts(q); },
                                         out.contacts));
  std::vector<OnwardReferral> onward;
  NHOOD_RETURN_IF_ERROR(ReadAll<OnwardReferral>(
      OnwardReferralQuery{}, [&](const OnwardReferralQuery& q) { return store.ListOnwardReferrals(q); }, onward));
  for (OnwardReferral& o : onward) {
    if (InPeriod(o.sent_on, from, to)) out.onward.push_back(std::move(o));
  }
  VolunteerHoursQuery vq{.from = from, .to = to};
  NHOOD_RETURN_IF_ERROR(ReadAll<VolunteerHours>(
      vq, [&](const VolunteerHoursQuery& q) { return store.ListVolunteerHours(q); }, out.volunteer_hours));
  std::vector<Resident> residents;
  NHOOD_RETURN_IF_ERROR(ReadAll<Resident>(ResidentQuery{.include_erased = true},
                                          [&](const ResidentQuery& q) { return store.FindResidents(q); }, residents));
  for (const Resident& r : residents) out.resident_lsoas.emplace_back(r.id, r.lsoa.value_or(""));
  std::set<std::string> services;
  for (const OnwardReferral& o : out.onward) services.insert(o.service_id);
  for (const std::string& id : services) {
    Result<Service> s = store.GetService(id);
    if (s) {
      out.service_organisations.emplace_back(id, s->organization_id.value_or("service:" + id));
    } else if (s.error().code == StatusCode::kNotFound) {
      out.service_organisations.emplace_back(id, "service:" + id);  // deleted since: counted on its own
    } else {
      return s.error();
    }
  }
  return out;
}

ReportTable ActivityBreakdown(const ActivityRecords& rec, const ActivityOptions& options) {
  std::unordered_map<int64_t, std::string> lsoa_of(rec.resident_lsoas.begin(), rec.resident_lsoas.end());
  std::unordered_map<std::string, std::string> nb_of;
  for (const ReachArea& a : options.areas) nb_of[a.lsoa] = a.neighbourhood_id.empty() ? a.lsoa : a.neighbourhood_id;
  std::unordered_map<std::string, std::string> org_of(rec.service_organisations.begin(),
                                                      rec.service_organisations.end());
  auto place = [&](int64_t resident) -> std::string {
    auto it = lsoa_of.find(resident);
    if (it == lsoa_of.end() || it->second.empty()) return "no_lsoa";
    if (options.areas.empty()) return it->second;
    auto nb = nb_of.find(it->second);
    return nb == nb_of.end() ? "outside_atlas" : nb->second;
  };

  Group total;
  std::map<std::string, Group> months, places;
  auto each = [&](Date d, int64_t resident, auto&& f) {
    f(total);
    f(months[MonthOf(d)]);
    if (resident > 0) f(places[place(resident)]);
  };
  for (const Referral& r : rec.referrals) {
    each(DateOf(r.received_at), r.resident_id, [&](Group& g) {
      ++g.requests;
      g.residents.insert(r.resident_id);
    });
  }
  for (const Contact& c : rec.contacts) {
    each(c.date, c.resident_id, [&](Group& g) {
      ++g.contacts;
      g.residents.insert(c.resident_id);
      (c.volunteer_id ? g.volunteer_minutes : g.worker_minutes) += c.minutes;
    });
  }
  for (const OnwardReferral& o : rec.onward) {
    each(o.sent_on, o.resident_id, [&](Group& g) {
      ++g.onward_sent;
      switch (o.status) {
        case OnwardStatus::kSent: ++g.waiting; break;
        case OnwardStatus::kAccepted: ++g.accepted; break;
        case OnwardStatus::kDeclined: ++g.declined; break;
        case OnwardStatus::kAttended: ++g.attended; break;
      }
      auto org = org_of.find(o.service_id);
      g.organisations.insert(org == org_of.end() ? "service:" + o.service_id : org->second);
    });
  }
  for (const VolunteerHours& h : rec.volunteer_hours) {
    total.volunteer_hours += h.hours;
    months[MonthOf(h.date)].volunteer_hours += h.hours;
  }
  // Every month of the period, with or without records (up to 20 years of
  // months; a longer period lists the months that have records).
  if (options.from && options.to &&
      std::chrono::sys_days(*options.to) - std::chrono::sys_days(*options.from) <= std::chrono::days(20 * 366)) {
    for (auto m = std::chrono::year_month(options.from->year(), options.from->month());
         std::chrono::sys_days(m / std::chrono::day(1)) < std::chrono::sys_days(*options.to);
         m += std::chrono::months(1)) {
      months[MonthOf(m / std::chrono::day(1))];
    }
  }

  ReportTable t;
  t.name = "activity";
  t.title = "Activity by period and by " + std::string(options.areas.empty() ? "LSOA" : "neighbourhood");
  t.columns = {"breakdown", "group", "residents", "requests", "contacts", "link_worker_hours",
               "volunteer_contact_hours", "volunteer_hours", "onward_sent", "onward_waiting", "onward_accepted",
               "onward_declined", "onward_attended", "organisations", "suppressed"};
  SuppressionCounter sc(options.suppression);
  const SuppressionRule& rule = options.suppression;
  auto add = [&](const std::string& breakdown, const std::vector<std::pair<std::string, const Group*>>& groups,
                 bool by_place, bool column_rule) {
    std::vector<int64_t> residents, requests;
    for (const auto& [name, g] : groups) {
      residents.push_back(static_cast<int64_t>(g->residents.size()));
      requests.push_back(g->requests);
    }
    const std::vector<bool> w_res = column_rule ? WithheldInColumn(residents, rule) : std::vector<bool>{Withheld(residents[0], rule)};
    const std::vector<bool> w_req = column_rule ? WithheldInColumn(requests, rule) : std::vector<bool>{Withheld(requests[0], rule)};
    std::vector<bool> primary_res;
    for (int64_t n : residents) primary_res.push_back(Withheld(n, rule));
    for (size_t i = 0; i < groups.size(); ++i) {
      const Group& g = *groups[i].second;
      const std::string cell = breakdown + " " + groups[i].first;
      if (w_res[i]) sc.Figure(0.0, false, cell + " residents");
      if (w_req[i]) sc.Figure(0.0, false, cell + " requests");
      std::vector<ReportValue> row = {breakdown, groups[i].first,
                                      w_res[i] ? ReportValue() : ReportValue(residents[i]),
                                      w_req[i] ? ReportValue() : ReportValue(requests[i]), g.contacts,
                                      g.worker_minutes / 60.0, g.volunteer_minutes / 60.0,
                                      by_place ? ReportValue() : ReportValue(g.volunteer_hours), g.onward_sent,
                                      g.waiting, g.accepted, g.declined, g.attended,
                                      static_cast<int64_t>(g.organisations.size())};
      // A row whose residents are withheld is about fewer than `below`
      // people: its activity would describe them, so it is withheld too
      // (the volunteers' own log, not about residents, stays).
      if (w_res[i] && primary_res[i]) {
        for (size_t c = 4; c < row.size(); ++c) {
          if (c == 7 || std::holds_alternative<std::monostate>(row[c])) continue;
          row[c] = ReportValue();
          sc.Figure(0.0, false, cell + " " + t.columns[c]);
        }
      }
      int64_t withheld = 0;
      for (size_t c = 2; c < row.size(); ++c) {
        if (std::holds_alternative<std::monostate>(row[c]) && c != 7) ++withheld;
      }
      row.push_back(withheld);  // this row's withheld cells
      t.AddRow(std::move(row));
    }
  };
  add("total", {{"all", &total}}, false, false);
  std::vector<std::pair<std::string, const Group*>> ms, ps;
  for (const auto& [k, g] : months) ms.emplace_back(k, &g);
  for (const auto& [k, g] : places) {
    if (k != "outside_atlas" && k != "no_lsoa") ps.emplace_back(k, &g);
  }
  for (const char* k : {"outside_atlas", "no_lsoa"}) {
    if (places.count(k)) ps.emplace_back(k, &places.at(k));
  }
  if (!ms.empty()) add("month", ms, false, true);
  if (!ps.empty()) add(options.areas.empty() ? "lsoa" : "neighbourhood", ps, true, true);
  t.suppressed_cells = sc.cells();
  t.suppressed = sc.names();
  t.notes = {"residents: distinct residents with a referral received or a contact; requests: referrals received",
             "hours: contact minutes / 60 by link workers and by volunteers; volunteer_hours: the volunteers' own log "
             "(not recorded by place)",
             "onward_*: onward referrals sent in the period, by their current status; organisations: distinct "
             "organisations referred to",
             "residents and requests of 1-" + std::to_string(rule.below - 1) +
                 " are withheld, and the next smallest in the same breakdown when only one is; a row whose residents "
                 "are 1-" + std::to_string(rule.below - 1) + " has its activity withheld too"};
  return t;
}

Result<ActivityResult> ReadActivity(Store& store, const Actor& actor, const ActivityOptions& options,
                                    const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "activity", request));
  if (options.from && options.to && !(std::chrono::sys_days(*options.from) < std::chrono::sys_days(*options.to))) {
    return InvalidField("to", "to must be after from");
  }
  const ActivityQuery q{.from = options.from.value_or(Date(std::chrono::year(1970) / 1 / 1)),
                        .to = options.to.value_or(DateOf(request.now + std::chrono::days(1)))};
  NHOOD_ASSIGN_OR_RETURN(ActivitySummary summary, store.SummariseActivity(q));
  NHOOD_ASSIGN_OR_RETURN(ActivityRecords records, ReadActivityRecords(store, options.from, options.to));
  return ActivityResult{MakeActivityReport(q, summary, options.suppression.below), ActivityBreakdown(records, options)};
}

}  // namespace nhood::link
