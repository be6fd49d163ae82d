#include "nhood/link/casework_service.h"

#include <set>
#include <utility>

namespace nhood::link {
namespace {

AuditEvent Event(const Actor& actor, const RequestMeta& meta, Action action, std::string record_type,
                 std::string record_id, AuditOutcome outcome, std::string detail) {
  AuditEvent e;
  e.at = meta.now;
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.action = std::string(ActionName(action));
  e.record_type = std::move(record_type);
  e.record_id = std::move(record_id);
  e.outcome = outcome;
  e.detail = std::move(detail);
  e.address = meta.address;
  e.request_id = meta.request_id;
  return e;
}

Status AuditAllowed(Store& store, const Actor& actor, const RequestMeta& meta, Action action,
                    const std::string& type, const std::string& id) {
  return store.AppendAudit(Event(actor, meta, action, type, id, AuditOutcome::kAllowed, "")).status();
}

// Audits the refusal and returns it (or the store's error if auditing fails).
Status Refuse(Store& store, const Actor& actor, const RequestMeta& meta, Action action, const std::string& type,
              const std::string& id, const Status& why) {
  auto appended = store.AppendAudit(Event(actor, meta, action, type, id, AuditOutcome::kRefused, why.message()));
  if (!appended) return appended.error();
  return why;
}

// The users whose caseloads a manager sees; nullopt means every caseload.
Result<std::optional<std::vector<int64_t>>> TeamMembers(Store& store, const Actor& actor) {
  NHOOD_ASSIGN_OR_RETURN(auto teams, store.ListTeams());
  if (teams.empty()) return std::optional<std::vector<int64_t>>();
  std::vector<int64_t> ids{actor.user_id};
  if (actor.team_id) {
    NHOOD_ASSIGN_OR_RETURN(auto users, store.ListUsers());
    for (const User& u : users) {
      if (u.team_id == actor.team_id && u.id != actor.user_id) ids.push_back(u.id);
    }
  }
  return std::optional<std::vector<int64_t>>(std::move(ids));
}

Result<AccessFacts> FactsForResident(Store& store, const Actor& actor, int64_t resident_id) {
  AccessFacts f;
  const int64_t self[] = {actor.user_id};
  NHOOD_ASSIGN_OR_RETURN(f.on_own_caseload, store.OnCaseload(self, resident_id));
  if (RuleFor(actor.role, Action::kReadResident) == Rule::kTeamCaseloads && !f.on_own_caseload) {
    NHOOD_ASSIGN_OR_RETURN(auto members, TeamMembers(store, actor));
    if (!members) {
      f.on_team_caseload = true;
    } else {
      NHOOD_ASSIGN_OR_RETURN(f.on_team_caseload, store.OnCaseload(*members, resident_id));
    }
  }
  return f;
}

Result<std::optional<int64_t>> VolunteerIdOf(Store& store, const Actor& actor) {
  if (actor.role != Role::kVolunteer) return std::optional<int64_t>();
  auto v = store.FindVolunteerByUser(actor.user_id);
  if (!v) {
    if (v.error().code == StatusCode::kNotFound) return std::optional<int64_t>();
    return v.error();
  }
  return std::optional<int64_t>(v->id);
}

std::string Id(int64_t id) { return std::to_string(id); }

}  // namespace

Status RefuseByRole(Store& store, const Actor& actor, const RequestMeta& meta, Action action,
                    const std::string& record_type, const std::string& record_id) {
  return Refuse(store, actor, meta, action, record_type, record_id, CheckAccess(actor, action, {}));
}

Result<int64_t> CreateResident(Store& store, const Actor& actor, const RequestMeta& meta, Resident r,
                               const std::string& pseudonym) {
  // A resident the actor creates joins their own caseload.
  Status access = CheckAccess(actor, Action::kWriteResident, {.on_own_caseload = true, .on_team_caseload = true});
  if (!access.ok()) return Refuse(store, actor, meta, Action::kWriteResident, "resident", "", access);
  if (r.pseudonym.empty()) r.pseudonym = pseudonym;
  r.created_by = actor.user_id;
  r.created_at = meta.now;
  r.updated_at = meta.now;
  r.erased = false;
  NHOOD_RETURN_IF_ERROR(ValidateResident(r, DateOf(meta.now)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddResident(r));
    NHOOD_RETURN_IF_ERROR(tx.AddToCaseload(
        {.user_id = actor.user_id, .resident_id = id, .reason = CaseloadReason::kCreated, .since = meta.now}));
    return AuditAllowed(tx, actor, meta, Action::kWriteResident, "resident", Id(id));
  }));
  return id;
}

Result<Resident> ReadResident(Store& store, const Actor& actor, const RequestMeta& meta, int64_t id) {
  NHOOD_ASSIGN_OR_RETURN(Resident r, store.GetResident(id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, FactsForResident(store, actor, id));
  Status access = CheckAccess(actor, Action::kReadResident, facts);
  if (!access.ok()) return Refuse(store, actor, meta, Action::kReadResident, "resident", Id(id), access);
  NHOOD_RETURN_IF_ERROR(AuditAllowed(store, actor, meta, Action::kReadResident, "resident", Id(id)));
  return r;
}

Result<int64_t> CreateReferral(Store& store, const Actor& actor, const RequestMeta& meta, Referral r) {
  NHOOD_RETURN_IF_ERROR(ValidateReferral(r));
  auto resident = store.GetResident(r.resident_id);
  if (!resident) {
    if (resident.error().code == StatusCode::kNotFound) {
      return Error{StatusCode::kNotFound, resident.error().message, "resident_id"};
    }
    return resident.error();
  }
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, FactsForResident(store, actor, r.resident_id));
  Status access = CheckAccess(actor, Action::kWriteReferral, facts);
  if (!access.ok()) return Refuse(store, actor, meta, Action::kWriteReferral, "referral", "", access);
  r.status = ReferralStatus::kReceived;
  r.received_at = meta.now;
  r.received_by = actor.user_id;
  r.updated_at = meta.now;
  if (!r.assigned_to && actor.role == Role::kLinkWorker) r.assigned_to = actor.user_id;
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddReferral(r));
    return AuditAllowed(tx, actor, meta, Action::kWriteReferral, "referral", Id(id));
  }));
  return id;
}

Result<int64_t> RecordContact(Store& store, const Actor& actor, const RequestMeta& meta, Contact c) {
  NHOOD_ASSIGN_OR_RETURN(Referral ref, store.GetReferral(c.referral_id));
  c.resident_id = ref.resident_id;
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, FactsForResident(store, actor, ref.resident_id));
  NHOOD_ASSIGN_OR_RETURN(std::optional<int64_t> volunteer, VolunteerIdOf(store, actor));
  if (actor.role == Role::kVolunteer) {
    // A volunteer records their own contacts only.
    c.worker_id.reset();
    c.volunteer_id = volunteer;
    facts.assigned_to_actor = volunteer.has_value();
  } else if (!c.worker_id && !c.volunteer_id) {
    c.worker_id = actor.user_id;
  }
  Status access = CheckAccess(actor, Action::kWriteContact, facts);
  if (!access.ok()) return Refuse(store, actor, meta, Action::kWriteContact, "referral", Id(c.referral_id), access);
  c.created_by = actor.user_id;
  c.created_at = meta.now;
  NHOOD_RETURN_IF_ERROR(ValidateContact(c, DateOf(meta.now)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddContact(c));
    return AuditAllowed(tx, actor, meta, Action::kWriteContact, "contact", Id(id));
  }));
  return id;
}

Result<std::vector<Contact>> ReadContacts(Store& store, const Actor& actor, const RequestMeta& meta,
                                          int64_t referral_id) {
  NHOOD_ASSIGN_OR_RETURN(Referral ref, store.GetReferral(referral_id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, FactsForResident(store, actor, ref.resident_id));
  NHOOD_ASSIGN_OR_RETURN(std::optional<int64_t> volunteer, VolunteerIdOf(store, actor));
  std::vector<Contact> all;
  for (int64_t after = 0;;) {
    NHOOD_ASSIGN_OR_RETURN(auto page,
                           store.ListContacts({.referral_id = referral_id, .after_id = after, .limit = 1000}));
    if (page.empty()) break;
    after = page.back().id;
    for (Contact& c : page) {
      if (actor.role != Role::kVolunteer || (volunteer && c.volunteer_id == volunteer)) all.push_back(std::move(c));
    }
  }
  if (actor.role == Role::kVolunteer) facts.assigned_to_actor = !all.empty();
  Status access = CheckAccess(actor, Action::kReadContact, facts);
  if (!access.ok()) return Refuse(store, actor, meta, Action::kReadContact, "referral", Id(referral_id), access);
  NHOOD_RETURN_IF_ERROR(AuditAllowed(store, actor, meta, Action::kReadContact, "referral", Id(referral_id)));
  return all;
}

Result<int64_t> RecordOutcome(Store& store, const Actor& actor, const RequestMeta& meta, Outcome o) {
  NHOOD_ASSIGN_OR_RETURN(Referral ref, store.GetReferral(o.referral_id));
  o.resident_id = ref.resident_id;
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, FactsForResident(store, actor, ref.resident_id));
  Status access = CheckAccess(actor, Action::kWriteOutcome, facts);
  if (!access.ok()) return Refuse(store, actor, meta, Action::kWriteOutcome, "referral", Id(o.referral_id), access);
  o.recorded_by = actor.user_id;
  o.recorded_at = meta.now;
  NHOOD_RETURN_IF_ERROR(ValidateOutcome(o, DateOf(meta.now)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddOutcome(o));
    return AuditAllowed(tx, actor, meta, Action::kWriteOutcome, "outcome", Id(id));
  }));
  return id;
}

Result<std::vector<CaseloadItem>> ReadCaseload(Store& store, const Actor& actor, const RequestMeta& meta,
                                               int64_t after_resident_id, int limit) {
  CaseloadQuery q{.user_ids = {actor.user_id}, .all = false, .after_resident_id = after_resident_id,
                  .limit = limit};
  const Rule rule = RuleFor(actor.role, Action::kReadCaseload);
  if (rule == Rule::kTeamCaseloads) {
    NHOOD_ASSIGN_OR_RETURN(auto members, TeamMembers(store, actor));
    if (members) {
      q.user_ids = *members;
    } else {
      q.all = true;
    }
  }
  // The caseload is always the actor's own (or their team's): the facts hold.
  Status access = CheckAccess(actor, Action::kReadCaseload, {.on_own_caseload = true, .on_team_caseload = true});
  if (!access.ok()) return Refuse(store, actor, meta, Action::kReadCaseload, "caseload", "", access);
  NHOOD_ASSIGN_OR_RETURN(auto items, store.ListCaseload(q));
  NHOOD_RETURN_IF_ERROR(AuditAllowed(store, actor, meta, Action::kReadCaseload, "caseload", ""));
  return items;
}

Result<ActivityReport> ReadActivityReport(Store& store, const Actor& actor, const RequestMeta& meta, Date from,
                                          Date to) {
  Status access = CheckAccess(actor, Action::kReadReports, {});
  if (!access.ok()) return Refuse(store, actor, meta, Action::kReadReports, "report", "activity", access);
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
  NHOOD_RETURN_IF_ERROR(AuditAllowed(store, actor, meta, Action::kReadReports, "report", "activity"));
  return report;
}

}  // namespace nhood::link
