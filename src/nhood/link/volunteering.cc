#include "nhood/link/volunteering.h"

namespace nhood::link {
namespace {

std::string Id(int64_t id) { return std::to_string(id); }

Status Decide(Store& store, const Actor& actor, Action action, const AccessFacts& facts, const std::string& id,
              const RequestInfo& request) {
  Status decision = CheckAccess(actor, action, facts);
  if (!decision.ok()) NHOOD_RETURN_IF_ERROR(AuditDecision(store, actor, action, "volunteer", id, decision, request));
  return decision;
}

// Whether volunteer `v` is the actor's own record.
AccessFacts VolunteerFacts(const Actor& actor, const Volunteer& v) {
  return AccessFacts{.is_self = v.user_id && *v.user_id == actor.user_id};
}

Result<AccessFacts> VolunteerFacts(Store& store, const Actor& actor, int64_t id) {
  NHOOD_ASSIGN_OR_RETURN(Volunteer v, store.GetVolunteer(id));
  return VolunteerFacts(actor, v);
}

// The linked login rule (volunteering.h AddVolunteer), for record `v`.
Status CheckVolunteerLogin(Store& store, const Volunteer& v) {
  if (!v.user_id) return Status::Ok();
  Result<User> u = store.GetUser(*v.user_id);
  if (!u) return Error{u.error().code, u.error().message, "user_id"};
  if (u->role != Role::kVolunteer) return InvalidField("user_id", "user " + Id(u->id) + " is not a volunteer");
  Result<Volunteer> linked = store.FindVolunteerByUser(u->id);
  if (linked && linked->id != v.id) {
    return Error{StatusCode::kFailedPrecondition,
                 "user " + Id(u->id) + " is already linked to volunteer " + Id(linked->id), "user_id"};
  }
  if (!linked && linked.error().code != StatusCode::kNotFound) return linked.error();
  return Status::Ok();
}

}  // namespace

Result<std::vector<Volunteer>> ReadVolunteers(Store& store, const Actor& actor, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kManageVolunteers, {}, "volunteer", "", request));
  return store.ListVolunteers();
}

Result<int64_t> AddVolunteer(Store& store, const Actor& actor, const Volunteer& v, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kManageVolunteers, {}, "", request));
  NHOOD_RETURN_IF_ERROR(ValidateVolunteer(v));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    // In the transaction, so two requests cannot both link one login.
    NHOOD_RETURN_IF_ERROR(CheckVolunteerLogin(tx, v));
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddVolunteer(v));
    return AuditDecision(tx, actor, Action::kManageVolunteers, "volunteer", Id(id), Status::Ok(), request);
  }));
  return id;
}

Result<Volunteer> EditVolunteer(Store& store, const Actor& actor, int64_t id, const VolunteerChange& change,
                                const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kManageVolunteers, {}, Id(id), request));
  Volunteer v;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(Volunteer current, tx.GetVolunteer(id));
    v = Applied(current, change);
    NHOOD_RETURN_IF_ERROR(ValidateVolunteer(v));
    // Only a changed login is checked: a kept one stays, whatever its user's role became since.
    if (v.user_id != current.user_id) NHOOD_RETURN_IF_ERROR(CheckVolunteerLogin(tx, v));
    NHOOD_RETURN_IF_ERROR(tx.UpdateVolunteer(v));
    return AuditDecision(tx, actor, Action::kManageVolunteers, "volunteer", Id(id), Status::Ok(), request);
  }));
  return v;
}

Result<int64_t> LogVolunteerHours(Store& store, const Actor& actor, VolunteerHours h, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Volunteer volunteer, store.GetVolunteer(h.volunteer_id));
  NHOOD_RETURN_IF_ERROR(
      Decide(store, actor, Action::kLogVolunteerHours, VolunteerFacts(actor, volunteer), Id(h.volunteer_id), request));
  // A deactivated volunteer's hours are not recorded (their own login included).
  if (!volunteer.active) {
    return Error{StatusCode::kFailedPrecondition, "volunteer " + Id(volunteer.id) + " is no longer active",
                 "volunteer_id"};
  }
  h.recorded_by = actor.user_id;
  if (h.date == Date{}) h.date = DateOf(request.now);
  NHOOD_RETURN_IF_ERROR(ValidateVolunteerHours(h, DateOf(request.now)));
  int64_t id = 0;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(id, tx.AddVolunteerHours(h));
    return AuditDecision(tx, actor, Action::kLogVolunteerHours, "volunteer", Id(h.volunteer_id), Status::Ok(),
                         request);
  }));
  return id;
}

Result<std::vector<VolunteerHours>> ReadVolunteerHours(Store& store, const Actor& actor, int64_t volunteer_id,
                                                       const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, VolunteerFacts(store, actor, volunteer_id));
  NHOOD_RETURN_IF_ERROR(
      AuditedCheck(store, actor, Action::kLogVolunteerHours, facts, "volunteer", Id(volunteer_id), request));
  return store.ListVolunteerHours({.volunteer_id = volunteer_id, .limit = 10000});
}

Result<std::vector<Contact>> ReadMyContacts(Store& store, const Actor& actor, const RequestInfo& request) {
  if (actor.role != Role::kVolunteer) {
    Status refused = PermissionDenied(std::string(RoleName(actor.role)) + " has no volunteer contacts");
    NHOOD_RETURN_IF_ERROR(AuditDecision(store, actor, Action::kReadContact, "volunteer", "", refused, request));
    return refused.error();
  }
  Result<Volunteer> mine = store.FindVolunteerByUser(actor.user_id);
  if (!mine && mine.error().code != StatusCode::kNotFound) return mine.error();
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadContact, {.assigned_to_actor = true}, "volunteer",
                                     mine ? Id(mine->id) : "", request));
  if (!mine) return std::vector<Contact>{};
  return store.ListContacts({.volunteer_id = mine->id, .limit = 10000});
}

}  // namespace nhood::link
