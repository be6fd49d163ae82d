#include "nhood/link/gp_message.h"

namespace nhood::link {
namespace {

using nlohmann::json;

std::string Id(int64_t id) { return std::to_string(id); }

template <typename T>
void Put(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

json Coded(const SnomedEvent& e) {
  return {{"system", "http://snomed.info/sct"}, {"code", e.code}, {"display", e.display},
          {"date", FormatTime(e.at)}};
}

}  // namespace

Result<GpMessage> BuildGpMessage(Store& store, const Actor& actor, int64_t referral_id, const RequestInfo& request) {
  NHOOD_ASSIGN_OR_RETURN(Referral r, store.GetReferral(referral_id));
  NHOOD_ASSIGN_OR_RETURN(AccessFacts facts, ResidentFacts(store, actor, r.resident_id));
  // One audit event: refused for the role or caseload, or for want of
  // consent (b); allowed otherwise.
  GpMessage m;
  m.created_at = request.now;
  Status decision = CheckAccess(actor, Action::kSendGpMessage, facts);
  if (decision.ok()) {
    NHOOD_ASSIGN_OR_RETURN(m.resident, store.GetResident(r.resident_id));
    NHOOD_ASSIGN_OR_RETURN(std::vector<Consent> consents, store.ListConsents(r.resident_id));
    if (m.resident.erased) {
      decision = FailedPrecondition("resident " + Id(r.resident_id) + " has been erased");
    } else if (!HasConsent(consents, ConsentKind::kShareWithGp)) {
      decision = FailedPrecondition("resident " + Id(r.resident_id) +
                                    " has not consented to sharing with their GP (consent share_with_gp)");
    }
  }
  NHOOD_RETURN_IF_ERROR(
      AuditDecision(store, actor, Action::kSendGpMessage, "referral", Id(referral_id), decision, request));
  if (!decision.ok()) return decision.error();
  NHOOD_ASSIGN_OR_RETURN(m.episode.transitions, store.ListTransitions(referral_id));
  m.episode.snomed = SnomedEvents(r, m.episode.transitions);
  m.episode.referral = r;
  NHOOD_ASSIGN_OR_RETURN(m.needs, store.ListNeeds(referral_id));
  NHOOD_ASSIGN_OR_RETURN(m.goals, store.ListGoals(referral_id));
  NHOOD_ASSIGN_OR_RETURN(std::vector<OnwardReferral> onward,
                         store.ListOnwardReferrals({.referral_id = referral_id, .limit = 10000}));
  for (OnwardReferral& o : onward) {
    GpMessageSupport s{.onward = o, .service_name = std::nullopt, .organization_name = std::nullopt};
    if (Result<Service> svc = store.GetService(o.service_id)) {
      s.service_name = svc->name;
      if (svc->organization_id) {
        if (Result<Organization> org = store.GetOrganization(*svc->organization_id)) s.organization_name = org->name;
      }
    }
    m.support.push_back(std::move(s));
  }
  NHOOD_ASSIGN_OR_RETURN(m.outcomes, store.ListOutcomes({.referral_id = referral_id, .limit = 10000}));
  NHOOD_ASSIGN_OR_RETURN(std::vector<Contact> contacts,
                         store.ListContacts({.referral_id = referral_id, .limit = 100000}));
  m.contacts = static_cast<int64_t>(contacts.size());
  for (const Contact& c : contacts) m.contact_minutes += c.minutes;
  if (r.assigned_to) {
    if (Result<User> u = store.GetUser(*r.assigned_to)) m.link_worker = u->display_name;
  }
  return m;
}

json GpMessageJson(const GpMessage& m) {
  const Resident& p = m.resident;
  const Referral& r = m.episode.referral;
  json person = {{"name", p.name}, {"sex", std::string(SexName(p.sex))}};
  if (p.date_of_birth) person["date_of_birth"] = FormatDate(*p.date_of_birth);
  Put(person, "ethnicity", p.ethnicity);
  Put(person, "postcode", p.postcode);
  Put(person, "gp_practice", p.gp_practice);
  json reasons = json::array();
  for (const auto& x : r.reasons) reasons.push_back(x);
  json referral = {{"id", r.id},
                   {"received_at", FormatTime(r.received_at)},
                   {"source", std::string(ReferralSourceName(r.source))},
                   {"reasons", std::move(reasons)},
                   {"status", std::string(ReferralStatusName(r.status))}};
  Put(referral, "referrer_name", r.referrer_name);
  Put(referral, "referrer_organisation", r.referrer_organisation);
  for (const Transition& t : m.episode.transitions) {
    if (IsFinal(t.to)) referral["ended_at"] = FormatTime(t.at);
  }
  json coded = json::array();
  for (const SnomedEvent& e : m.episode.snomed) coded.push_back(Coded(e));
  json needs = json::array();
  for (const Need& n : m.needs) {
    json j = {{"category", n.category}, {"identified_on", FormatDate(n.identified_on)}};
    Put(j, "description", n.description);
    needs.push_back(std::move(j));
  }
  json goals = json::array();
  for (const Goal& g : m.goals) {
    goals.push_back({{"what_matters", g.what_matters}, {"status", std::string(GoalStatusName(g.status))}});
  }
  json support = json::array();
  for (const GpMessageSupport& s : m.support) {
    json j = {{"service_id", s.onward.service_id},
              {"status", std::string(OnwardStatusName(s.onward.status))},
              {"sent_on", FormatDate(s.onward.sent_on)}};
    Put(j, "service_name", s.service_name);
    Put(j, "organisation", s.organization_name);
    if (s.onward.status_on) j["status_on"] = FormatDate(*s.onward.status_on);
    Put(j, "outcome", s.onward.outcome);
    support.push_back(std::move(j));
  }
  json outcomes = json::array();
  for (const Outcome& o : m.outcomes) {
    json j = {{"measure", std::string(MeasureName(o.measure))},
              {"timepoint", std::string(TimepointName(o.timepoint))},
              {"date", FormatDate(o.date)},
              {"items", o.items}};
    if (o.measure == Measure::kSwemwbs) {
      if (auto s = ScoreSwemwbs(o.items)) j["score"] = s->metric;
    } else if (o.measure == Measure::kMycaw && !o.items.empty()) {
      j["score"] = MycawProfileScore(o.items);
    }
    outcomes.push_back(std::move(j));
  }
  json out = {{"message_type", "message_back_to_gp"},
              {"standard", "PRSB Social Prescribing Information Standard v1.1: Message back to GP and referrer"},
              {"created_at", FormatTime(m.created_at)},
              {"person", std::move(person)},
              {"referral", std::move(referral)},
              {"coded_entries", std::move(coded)},
              {"needs_and_concerns", std::move(needs)},
              {"what_matters_to_me", std::move(goals)},
              {"support_offered", std::move(support)},
              {"outcomes", std::move(outcomes)},
              {"contacts", {{"count", m.contacts}, {"minutes", m.contact_minutes}}}};
  if (m.link_worker) out["link_worker"] = {{"name", *m.link_worker}};
  return out;
}

}  // namespace nhood::link
