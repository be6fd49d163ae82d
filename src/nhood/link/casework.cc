#include "nhood/link/casework.h"

#include <algorithm>

namespace nhood::link {
namespace {

std::string Id(int64_t id) { return std::to_string(id); }
Date Today(const RequestInfo& r) { return DateOf(r.now); }

// The check for a write: a refusal is audited on its own (and committed);
// an allowance is audited by the caller inside the write's transaction.
Status Decide(Store& s, const Actor& a, Action action, const AccessFacts& facts, std::string_view type,
              std::string_view id, const RequestInfo& req) {
  Status decision = CheckAccess(a, action, facts);
  if (!decision.ok()) NHOOD_RETURN_IF_ERROR(AuditDecision(s, a, action, type, id, decision, req));
  return decision;
}

Status Allowed(Store& tx, const Actor& a, Action action, std::string_view type, std::string_view id,
               const RequestInfo& req) {
  return AuditDecision(tx, a, action, type, id, Status::Ok(), req);
}

}  // namespace

Result<int64_t> CreateResident(Store& store, const Actor& actor, Resident r, const RequestInfo& request) {
  // The creator's caseload receives the resident, so the own-caseload rule holds.
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteResident,
                               {.on_own_caseload = true, .on_team_caseload = true}, "resident", "", request));
  r.created_by = actor.user_id;
  r.created_at = r.updated_at = request.now;
  r.erased = false;
  if (r.postcode) {
    NHOOD_ASSIGN_OR_RETURN(std::string pc, NormalisePostcode(*r.postcode));
    r.postcode = pc;
  }
  NHOOD_RETURN_IF_ERROR(ValidateResident(r, Today(request)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddResident(r));
    NHOOD_RETURN_IF_ERROR(tx.AddToCaseload(
        {.user_id = actor.user_id, .resident_id = id, .reason = CaseloadReason::kCreated, .since = request.now}));
    return Allowed(tx, actor, Action::kWriteResident, "resident", Id(id), request);
  }));
  return id;
}

Result<Resident> ReadResident(Store& store, const Actor& actor, int64_t id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, id));
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadResident, facts, "resident", Id(id), request));
  return store.GetResident(id);
}

Status UpdateResident(Store& store, const Actor& actor, const Resident& r, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteResident, facts, "resident", Id(r.id), request));
  Resident next = r;
  if (next.postcode) {
    NHOOD_ASSIGN_OR_RETURN(std::string pc, NormalisePostcode(*next.postcode));
    next.postcode = pc;
  }
  next.updated_at = request.now;
  NHOOD_RETURN_IF_ERROR(ValidateResident(next, Today(request)));
  return store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(Resident current, tx.GetResident(r.id));
    if (current.erased) return FailedPrecondition("resident " + Id(r.id) + " has been erased");
    next.erased = false;
    NHOOD_RETURN_IF_ERROR(tx.UpdateResident(next));
    return Allowed(tx, actor, Action::kWriteResident, "resident", Id(r.id), request);
  });
}

Status EraseResident(Store& store, const Actor& actor, int64_t id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kEraseResident, facts, "resident", Id(id), request));
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.EraseResident(id, request.now));
    return Allowed(tx, actor, Action::kEraseResident, "resident", Id(id), request);
  }));
  return store.PurgeDeletedData();
}

Status ShareResident(Store& store, const Actor& actor, int64_t resident_id, int64_t with_user_id,
                     const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, resident_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kShareResident, facts, "resident", Id(resident_id), request));
  NHOOD_ASSIGN_OR_RETURN(User with, store.GetUser(with_user_id));
  if (with.role != Role::kLinkWorker && with.role != Role::kManager) {
    return InvalidField("user_id", "only link workers and managers hold caseloads");
  }
  return store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.AddToCaseload({.user_id = with_user_id, .resident_id = resident_id,
                                            .reason = CaseloadReason::kShared, .since = request.now}));
    return Allowed(tx, actor, Action::kShareResident, "resident", Id(resident_id), request);
  });
}

Result<std::vector<CaseloadItem>> ReadCaseload(Store& store, const Actor& actor, int64_t after_resident_id,
                                               int limit, const RequestInfo& request) {
  CaseloadQuery q{.after_resident_id = after_resident_id, .limit = limit};
  AccessFacts facts{.on_own_caseload = true};
  if (actor.role == Role::kManager) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Team> teams, store.ListTeams());
    if (teams.empty()) {
      q.all = true;
    } else if (actor.team_id) {
      NHOOD_ASSIGN_OR_RETURN(std::vector<User> users, store.ListUsers());
      for (const User& u : users) {
        if (u.team_id == actor.team_id) q.user_ids.push_back(u.id);
      }
    }
    facts.on_team_caseload = true;
  }
  if (!q.all && q.user_ids.empty()) q.user_ids.push_back(actor.user_id);
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadCaseload, facts, "caseload", Id(actor.user_id), request));
  return store.ListCaseload(q);
}

Result<int64_t> RecordConsent(Store& store, const Actor& actor, Consent c, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, c.resident_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteResident, facts, "resident", Id(c.resident_id), request));
  c.recorded_by = actor.user_id;
  c.recorded_at = request.now;
  NHOOD_RETURN_IF_ERROR(ValidateConsent(c, Today(request)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddConsent(c));
    return Allowed(tx, actor, Action::kWriteResident, "resident", Id(c.resident_id), request);
  }));
  return id;
}

Result<std::vector<Consent>> ReadConsents(Store& store, const Actor& actor, int64_t resident_id,
                                          const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, resident_id));
  NHOOD_RETURN_IF_ERROR(
      AuditedCheck(store, actor, Action::kReadResident, facts, "resident", Id(resident_id), request));
  return store.ListConsents(resident_id);
}

Result<int64_t> CreateReferral(Store& store, const Actor& actor, Referral r, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(
      Decide(store, actor, Action::kWriteReferral, facts, "resident", Id(r.resident_id), request));
  r.status = ReferralStatus::kReceived;
  r.received_by = actor.user_id;
  if (r.received_at == Time{}) r.received_at = request.now;
  if (r.received_at > request.now) return InvalidField("received_at", "received_at is in the future");
  r.updated_at = request.now;
  if (!r.assigned_to && actor.role == Role::kLinkWorker) r.assigned_to = actor.user_id;
  NHOOD_RETURN_IF_ERROR(ValidateReferral(r));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddReferral(r));
    if (r.assigned_to) {
      NHOOD_RETURN_IF_ERROR(tx.AddToCaseload({.user_id = *r.assigned_to, .resident_id = r.resident_id,
                                              .reason = CaseloadReason::kAssigned, .since = request.now}));
    }
    return Allowed(tx, actor, Action::kWriteReferral, "referral", Id(id), request);
  }));
  return id;
}

Result<Referral> ReadReferral(Store& store, const Actor& actor, int64_t id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReferral, facts, "referral", Id(id), request));
  return r;
}

Result<Transition> MoveReferral(Store& store, const Actor& actor, int64_t id, ReferralStatus to,
                                std::optional<std::string> note, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteReferral, facts, "referral", Id(id), request));
  NHOOD_ASSIGN_OR_RETURN(Transition t, MakeTransition(r, to, request.now, actor.user_id, std::move(note)));
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(t.id, tx.ApplyTransition(t));
    return Allowed(tx, actor, Action::kWriteReferral, "referral", Id(id), request);
  }));
  return t;
}

Result<int64_t> RecordContact(Store& store, const Actor& actor, Contact c, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(c.referral_id));
  if (c.resident_id != 0 && c.resident_id != r.resident_id) {
    return InvalidField("resident_id", "referral " + Id(r.id) + " is not resident " + Id(c.resident_id) + "'s");
  }
  c.resident_id = r.resident_id;
  if (actor.role == Role::kVolunteer && !c.volunteer_id) {
    Result<Volunteer> mine = store.FindVolunteerByUser(actor.user_id);
    if (mine) c.volunteer_id = mine->id;
  }
  if (actor.role != Role::kVolunteer && !c.worker_id && !c.volunteer_id) c.worker_id = actor.user_id;
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ContactFacts(store, actor, c));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteContact, facts, "referral", Id(r.id), request));
  c.created_by = actor.user_id;
  c.created_at = request.now;
  NHOOD_RETURN_IF_ERROR(ValidateContact(c, Today(request)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddContact(c));
    return Allowed(tx, actor, Action::kWriteContact, "contact", Id(id), request);
  }));
  return id;
}

Result<std::vector<Contact>> ReadContacts(Store& store, const Actor& actor, int64_t referral_id,
                                          const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(referral_id));
  if (actor.role == Role::kVolunteer) {
    // Filtered to the volunteer's own: each one returned passes the rule.
    std::vector<Contact> out;
    Result<Volunteer> mine = store.FindVolunteerByUser(actor.user_id);
    if (!mine && mine.error().code != StatusCode::kNotFound) return mine.error();
    NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadContact, {.assigned_to_actor = true}, "referral",
                                       Id(referral_id), request));
    if (!mine) return out;
    return store.ListContacts({.referral_id = referral_id, .volunteer_id = mine->id, .limit = 10000});
  }
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadContact, facts, "referral", Id(referral_id), request));
  return store.ListContacts({.referral_id = referral_id, .limit = 10000});
}

Result<int64_t> RecordOutcome(Store& store, const Actor& actor, Outcome o, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(o.referral_id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteOutcome, facts, "referral", Id(r.id), request));
  o.resident_id = r.resident_id;
  o.recorded_by = actor.user_id;
  o.recorded_at = request.now;
  NHOOD_RETURN_IF_ERROR(ValidateOutcome(o, Today(request)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddOutcome(o));
    return Allowed(tx, actor, Action::kWriteOutcome, "outcome", Id(id), request);
  }));
  return id;
}

Result<std::vector<Outcome>> ReadOutcomes(Store& store, const Actor& actor, int64_t referral_id,
                                          const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(referral_id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadOutcome, facts, "referral", Id(referral_id), request));
  return store.ListOutcomes({.referral_id = referral_id, .limit = 10000});
}

Result<ReferralDetail> ReadReferralDetail(Store& store, const Actor& actor, int64_t id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReferral, facts, "referral", Id(id), request));
  ReferralDetail d;
  NHOOD_ASSIGN_OR_RETURN(d.transitions, store.ListTransitions(id));
  std::sort(d.transitions.begin(), d.transitions.end(),
            [](const Transition& a, const Transition& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; });
  d.snomed = SnomedEvents(r, d.transitions);
  d.referral = std::move(r);
  return d;
}

namespace {

// The referral `id` and the actor's facts about its resident.
struct InReferral {
  Referral referral;
  AccessFacts facts;
};
Result<InReferral> LoadReferral(Store& store, const Actor& actor, int64_t referral_id) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(referral_id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  return InReferral{std::move(r), facts};
}

}  // namespace

Result<int64_t> RecordNeed(Store& store, const Actor& actor, Need n, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, n.referral_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteResident, in.facts, "referral", Id(n.referral_id), request));
  n.resident_id = in.referral.resident_id;
  n.recorded_by = actor.user_id;
  if (n.identified_on == Date{}) n.identified_on = Today(request);
  NHOOD_RETURN_IF_ERROR(ValidateNeed(n, Today(request)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddNeed(n));
    return Allowed(tx, actor, Action::kWriteResident, "need", Id(id), request);
  }));
  return id;
}

Result<std::vector<Need>> ReadNeeds(Store& store, const Actor& actor, int64_t referral_id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, referral_id));
  NHOOD_RETURN_IF_ERROR(
      AuditedCheck(store, actor, Action::kReadResident, in.facts, "referral", Id(referral_id), request));
  return store.ListNeeds(referral_id);
}

Result<int64_t> RecordGoal(Store& store, const Actor& actor, Goal g, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, g.referral_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteResident, in.facts, "referral", Id(g.referral_id), request));
  g.resident_id = in.referral.resident_id;
  g.recorded_by = actor.user_id;
  if (g.set_on == Date{}) g.set_on = Today(request);
  NHOOD_RETURN_IF_ERROR(ValidateGoal(g, Today(request)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddGoal(g));
    return Allowed(tx, actor, Action::kWriteResident, "goal", Id(id), request);
  }));
  return id;
}

Status ReviewGoal(Store& store, const Actor& actor, const Goal& g, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, g.referral_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteResident, in.facts, "goal", Id(g.id), request));
  return store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Goal> goals, tx.ListGoals(g.referral_id));
    auto it = std::find_if(goals.begin(), goals.end(), [&](const Goal& x) { return x.id == g.id; });
    if (it == goals.end()) {
      return NotFound("goal " + Id(g.id) + " not found in referral " + Id(g.referral_id));
    }
    Goal next = *it;
    if (!g.what_matters.empty()) next.what_matters = g.what_matters;
    next.status = g.status;
    next.reviewed_on = g.reviewed_on ? g.reviewed_on : std::optional<Date>(Today(request));
    NHOOD_RETURN_IF_ERROR(ValidateGoal(next, Today(request)));
    NHOOD_RETURN_IF_ERROR(tx.UpdateGoal(next));
    return Allowed(tx, actor, Action::kWriteResident, "goal", Id(g.id), request);
  });
}

Result<std::vector<Goal>> ReadGoals(Store& store, const Actor& actor, int64_t referral_id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, referral_id));
  NHOOD_RETURN_IF_ERROR(
      AuditedCheck(store, actor, Action::kReadResident, in.facts, "referral", Id(referral_id), request));
  return store.ListGoals(referral_id);
}

Result<int64_t> RecordOnwardReferral(Store& store, const Actor& actor, OnwardReferral o, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, o.referral_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteReferral, in.facts, "referral", Id(o.referral_id), request));
  o.resident_id = in.referral.resident_id;
  o.created_by = actor.user_id;
  o.status = OnwardStatus::kSent;
  o.status_on = std::nullopt;
  o.updated_at = request.now;
  if (o.sent_on == Date{}) o.sent_on = Today(request);
  NHOOD_RETURN_IF_ERROR(ValidateOnwardReferral(o, Today(request)));
  Result<Service> service = store.GetService(o.service_id);
  if (!service) {
    if (service.error().code == StatusCode::kNotFound) {
      return Error{StatusCode::kNotFound, "service " + o.service_id + " is not in the directory", "service_id"};
    }
    return service.error();
  }
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddOnwardReferral(o));
    return Allowed(tx, actor, Action::kWriteReferral, "onward_referral", Id(id), request);
  }));
  return id;
}

Result<OnwardReferral> MoveOnwardReferral(Store& store, const Actor& actor, int64_t referral_id, int64_t id,
                                          OnwardStatus to, std::optional<Date> on,
                                          std::optional<std::string> outcome, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, referral_id));
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kWriteReferral, in.facts, "onward_referral", Id(id), request));
  NHOOD_ASSIGN_OR_RETURN(OnwardReferral o, store.GetOnwardReferral(id));
  if (o.referral_id != referral_id) {
    return NotFound("onward referral " + Id(id) + " not found in referral " + Id(referral_id));
  }
  if (to != o.status) {
    if (!OnwardTransitionAllowed(o.status, to)) {
      return Error{StatusCode::kFailedPrecondition,
                   "onward referral " + Id(id) + ": cannot move from " + std::string(OnwardStatusName(o.status)) +
                       " to " + std::string(OnwardStatusName(to)),
                   "status"};
    }
    o.status = to;
    o.status_on = on ? *on : Today(request);
    if (std::chrono::sys_days(*o.status_on) > std::chrono::sys_days(Today(request))) {
      return InvalidField("date", "date " + FormatDate(*o.status_on) + " is in the future");
    }
    if (std::chrono::sys_days(*o.status_on) < std::chrono::sys_days(o.sent_on)) {
      return InvalidField("date", "date " + FormatDate(*o.status_on) + " is before the onward referral was sent");
    }
  }
  if (outcome) o.outcome = std::move(outcome);
  o.updated_at = request.now;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.UpdateOnwardReferral(o));
    return Allowed(tx, actor, Action::kWriteReferral, "onward_referral", Id(id), request);
  }));
  return o;
}

Result<std::vector<OnwardReferral>> ReadOnwardReferrals(Store& store, const Actor& actor, int64_t referral_id,
                                                        const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(InReferral in, LoadReferral(store, actor, referral_id));
  NHOOD_RETURN_IF_ERROR(
      AuditedCheck(store, actor, Action::kReadReferral, in.facts, "referral", Id(referral_id), request));
  return store.ListOnwardReferrals({.referral_id = referral_id, .limit = 10000});
}

Result<std::vector<Outcome>> ReadResidentOutcomes(Store& store, const Actor& actor, int64_t resident_id,
                                                  const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, resident_id));
  NHOOD_RETURN_IF_ERROR(
      AuditedCheck(store, actor, Action::kReadOutcome, facts, "resident", Id(resident_id), request));
  return store.ListOutcomes({.resident_id = resident_id, .limit = 10000});
}

Result<std::vector<AuditEvent>> ReadAudit(Store& store, const Actor& actor, const AuditQuery& q,
                                          const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadAudit, {}, "audit", "", request));
  return store.ListAudit(q);
}

}  // namespace nhood::link
