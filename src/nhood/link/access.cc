#include "nhood/link/access.h"

#include <vector>

namespace nhood::link {

Result<AccessFacts> ResidentFacts(Store& store, const Actor& actor, int64_t resident_id) {
  NHOOD_RETURN_IF_ERROR(store.GetResident(resident_id).status());
  AccessFacts facts;
  const int64_t self[] = {actor.user_id};
  NHOOD_ASSIGN_OR_RETURN(facts.on_own_caseload, store.OnCaseload(self, resident_id));
  if (actor.role == Role::kManager && !facts.on_own_caseload) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Team> teams, store.ListTeams());
    if (teams.empty()) {
      facts.on_team_caseload = true;  // no teams configured: every caseload of the service
    } else if (actor.team_id) {
      NHOOD_ASSIGN_OR_RETURN(std::vector<User> users, store.ListUsers());
      std::vector<int64_t> team;
      for (const User& u : users) {
        if (u.team_id == actor.team_id) team.push_back(u.id);
      }
      NHOOD_ASSIGN_OR_RETURN(facts.on_team_caseload, store.OnCaseload(team, resident_id));
    }
  }
  return facts;
}

Result<AccessFacts> ContactFacts(Store& store, const Actor& actor, const Contact& contact) {
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, contact.resident_id));
  if (contact.volunteer_id && actor.role == Role::kVolunteer) {
    Result<Volunteer> mine = store.FindVolunteerByUser(actor.user_id);
    if (mine) {
      facts.assigned_to_actor = mine->id == *contact.volunteer_id;
    } else if (mine.error().code != StatusCode::kNotFound) {
      return mine.error();
    }
  }
  return facts;
}

Status AuditDecision(Store& store, const Actor& actor, Action action, std::string_view record_type,
                     std::string_view record_id, const Status& decision, const RequestInfo& request) {
  AuditEvent e;
  e.at = request.now;
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.action = std::string(ActionName(action));
  e.record_type = std::string(record_type);
  e.record_id = std::string(record_id);
  e.outcome = decision.ok() ? AuditOutcome::kAllowed : AuditOutcome::kRefused;
  e.detail = decision.ok() ? "" : decision.message();
  e.address = request.address;
  e.request_id = request.request_id;
  return store.AppendAudit(e).status();
}

Status AuditedCheck(Store& store, const Actor& actor, Action action, const AccessFacts& facts,
                    std::string_view record_type, std::string_view record_id, const RequestInfo& request) {
  Status decision = CheckAccess(actor, action, facts);
  NHOOD_RETURN_IF_ERROR(AuditDecision(store, actor, action, record_type, record_id, decision, request));
  return decision;
}

Status AuditAnonymous(Store& store, std::string_view username, std::string_view action, AuditOutcome outcome,
                      std::string_view detail, const RequestInfo& request) {
  AuditEvent e;
  e.at = request.now;
  e.username = std::string(username);
  e.action = std::string(action);
  e.record_type = "session";
  e.outcome = outcome;
  e.detail = std::string(detail);
  e.address = request.address;
  e.request_id = request.request_id;
  return store.AppendAudit(e).status();
}

}  // namespace nhood::link
