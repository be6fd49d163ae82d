#include "apps/server/api_json.h"

#include "apps/server/json_output.h"

#include "apps/server/json_input.h"
#include "apps/server/postcodes.h"

namespace nhood::server {
namespace {

using nlohmann::json;


}  // namespace

Result<link::Resident> ResidentFromJson(const json& body, const PostcodeIndex* postcodes) {
  link::Resident r;
  NHOOD_ASSIGN_OR_RETURN(r.name, ReqString(body, "name"));
  NHOOD_ASSIGN_OR_RETURN(auto dob, OptString(body, "date_of_birth"));
  if (dob) {
    NHOOD_ASSIGN_OR_RETURN(r.date_of_birth, link::ParseDate(*dob, "date_of_birth"));
  }
  NHOOD_ASSIGN_OR_RETURN(auto sex, OptString(body, "sex"));
  if (sex) {
    NHOOD_ASSIGN_OR_RETURN(r.sex, link::ParseSex(*sex));
  }
  NHOOD_ASSIGN_OR_RETURN(r.ethnicity, OptString(body, "ethnicity"));
  NHOOD_ASSIGN_OR_RETURN(auto postcode, OptString(body, "postcode"));
  if (postcode) {
    NHOOD_ASSIGN_OR_RETURN(r.postcode, link::NormalisePostcode(*postcode));
  }
  NHOOD_ASSIGN_OR_RETURN(r.lsoa, OptString(body, "lsoa"));
  if (!r.lsoa && r.postcode && postcodes) {
    if (const PostcodeEntry* e = postcodes->Find(*r.postcode); e && !e->lsoa.empty()) r.lsoa = e->lsoa;
  }
  if (!r.postcode && !r.lsoa) return InvalidField("postcode", "postcode or lsoa is required");
  NHOOD_ASSIGN_OR_RETURN(r.gp_practice, OptString(body, "gp_practice"));
  auto contact = body.find("contact");
  if (contact != body.end() && !contact->is_null()) {
    if (!contact->is_object()) return InvalidField("contact", "contact must be an object");
    const json& c = *contact;
    NHOOD_ASSIGN_OR_RETURN(auto preferred, OptString(c, "preferred"));
    if (preferred) {
      NHOOD_ASSIGN_OR_RETURN(r.contact.preferred, link::ParseContactMode(*preferred));
    }
    NHOOD_ASSIGN_OR_RETURN(r.contact.phone, OptString(c, "phone"));
    NHOOD_ASSIGN_OR_RETURN(r.contact.email, OptString(c, "email"));
    NHOOD_ASSIGN_OR_RETURN(r.contact.address, OptString(c, "address"));
    NHOOD_ASSIGN_OR_RETURN(auto leave, OptBool(c, "ok_to_leave_message"));
    r.contact.ok_to_leave_message = leave.value_or(false);
    NHOOD_ASSIGN_OR_RETURN(r.contact.notes, OptString(c, "notes"));
  }
  return r;
}

json ResidentJson(const link::Resident& r) {
  json j = {{"id", r.id},
            {"name", r.name},
            {"sex", std::string(link::SexName(r.sex))},
            {"created_at", link::FormatTime(r.created_at)},
            {"updated_at", link::FormatTime(r.updated_at)},
            {"erased", r.erased}};
  if (r.date_of_birth) j["date_of_birth"] = link::FormatDate(*r.date_of_birth);
  Put(j, "ethnicity", r.ethnicity);
  Put(j, "postcode", r.postcode);
  Put(j, "lsoa", r.lsoa);
  Put(j, "gp_practice", r.gp_practice);
  json c = {{"ok_to_leave_message", r.contact.ok_to_leave_message}};
  if (r.contact.preferred) c["preferred"] = std::string(link::ContactModeName(*r.contact.preferred));
  Put(c, "phone", r.contact.phone);
  Put(c, "email", r.contact.email);
  Put(c, "address", r.contact.address);
  Put(c, "notes", r.contact.notes);
  j["contact"] = std::move(c);
  return j;
}

Result<link::Referral> ReferralFromJson(const json& body) {
  link::Referral r;
  NHOOD_ASSIGN_OR_RETURN(r.resident_id, ReqInt(body, "resident_id"));
  if (r.resident_id <= 0) return InvalidField("resident_id", "resident_id must be a positive integer");
  NHOOD_ASSIGN_OR_RETURN(std::string source, ReqString(body, "source"));
  NHOOD_ASSIGN_OR_RETURN(r.source, link::ParseReferralSource(source));
  NHOOD_ASSIGN_OR_RETURN(r.reasons, ReqStrings(body, "reasons"));
  NHOOD_ASSIGN_OR_RETURN(r.referrer_name, OptString(body, "referrer_name"));
  NHOOD_ASSIGN_OR_RETURN(r.referrer_organisation, OptString(body, "referrer_organisation"));
  NHOOD_ASSIGN_OR_RETURN(r.assigned_to, OptInt(body, "assigned_to"));
  return r;
}

Result<link::Contact> ContactFromJson(const json& body) {
  link::Contact c;
  NHOOD_ASSIGN_OR_RETURN(std::string date, ReqString(body, "date"));
  NHOOD_ASSIGN_OR_RETURN(c.date, link::ParseDate(date, "date"));
  NHOOD_ASSIGN_OR_RETURN(std::string mode, ReqString(body, "mode"));
  NHOOD_ASSIGN_OR_RETURN(c.mode, link::ParseContactKind(mode));
  NHOOD_ASSIGN_OR_RETURN(int64_t minutes, ReqInt(body, "minutes"));
  if (minutes < -1000000 || minutes > 1000000) return InvalidField("minutes", "minutes is out of range");
  c.minutes = static_cast<int>(minutes);
  NHOOD_ASSIGN_OR_RETURN(c.notes, OptString(body, "notes"));
  NHOOD_ASSIGN_OR_RETURN(c.volunteer_id, OptInt(body, "volunteer_id"));
  NHOOD_ASSIGN_OR_RETURN(c.worker_id, OptInt(body, "worker_id"));
  return c;
}

json ContactJson(const link::Contact& c) {
  json j = {{"id", c.id},
            {"referral_id", c.referral_id},
            {"date", link::FormatDate(c.date)},
            {"mode", std::string(link::ContactKindName(c.mode))},
            {"minutes", c.minutes},
            {"created_at", link::FormatTime(c.created_at)}};
  Put(j, "worker_id", c.worker_id);
  Put(j, "volunteer_id", c.volunteer_id);
  Put(j, "notes", c.notes);
  return j;
}

Result<link::Outcome> OutcomeFromJson(const json& body, link::Date today) {
  link::Outcome o;
  NHOOD_ASSIGN_OR_RETURN(std::string measure, ReqString(body, "measure"));
  NHOOD_ASSIGN_OR_RETURN(o.measure, link::ParseMeasure(measure));
  NHOOD_ASSIGN_OR_RETURN(std::string timepoint, ReqString(body, "timepoint"));
  NHOOD_ASSIGN_OR_RETURN(o.timepoint, link::ParseTimepoint(timepoint));
  NHOOD_ASSIGN_OR_RETURN(o.items, ReqInts(body, "items"));
  NHOOD_ASSIGN_OR_RETURN(o.concerns, OptStrings(body, "concerns"));
  NHOOD_ASSIGN_OR_RETURN(auto date, OptString(body, "date"));
  o.date = today;
  if (date) {
    NHOOD_ASSIGN_OR_RETURN(o.date, link::ParseDate(*date, "date"));
  }
  return o;
}

json CaseloadItemJson(const link::CaseloadItem& item, link::Time now, int overdue_days) {
  json j = {{"id", item.resident.id}, {"name", item.resident.name}};
  Put(j, "lsoa", item.resident.lsoa);
  if (item.latest_referral) {
    const link::Referral& r = *item.latest_referral;
    j["latest_referral"] = {{"id", r.id},
                            {"status", std::string(link::ReferralStatusName(r.status))},
                            {"received_at", link::FormatTime(r.received_at)},
                            {"overdue", link::IsOverdue(r, now, {.days_to_first_contact = overdue_days})}};
  }
  return j;
}

json ReferralJson(const link::Referral& r, link::Time now, int overdue_days) {
  json reasons = json::array();
  for (const auto& x : r.reasons) reasons.push_back(x);
  json j = {{"id", r.id},
            {"resident_id", r.resident_id},
            {"source", std::string(link::ReferralSourceName(r.source))},
            {"reasons", std::move(reasons)},
            {"status", std::string(link::ReferralStatusName(r.status))},
            {"received_at", link::FormatTime(r.received_at)},
            {"received_by", r.received_by},
            {"updated_at", link::FormatTime(r.updated_at)},
            {"overdue", link::IsOverdue(r, now, {.days_to_first_contact = overdue_days})}};
  Put(j, "referrer_name", r.referrer_name);
  Put(j, "referrer_organisation", r.referrer_organisation);
  Put(j, "assigned_to", r.assigned_to);
  return j;
}

json TransitionJson(const link::Transition& t) {
  json j = {{"id", t.id},
            {"referral_id", t.referral_id},
            {"from", std::string(link::ReferralStatusName(t.from))},
            {"to", std::string(link::ReferralStatusName(t.to))},
            {"at", link::FormatTime(t.at)},
            {"by", t.by}};
  Put(j, "note", t.note);
  return j;
}

json ReferralDetailJson(const link::ReferralDetail& d, link::Time now, int overdue_days) {
  json j = ReferralJson(d.referral, now, overdue_days);
  json ts = json::array();
  for (const auto& t : d.transitions) ts.push_back(TransitionJson(t));
  j["transitions"] = std::move(ts);
  json codes = json::array();
  for (const auto& e : d.snomed) {
    codes.push_back({{"system", "http://snomed.info/sct"}, {"code", e.code}, {"display", e.display},
                     {"at", link::FormatTime(e.at)}});
  }
  j["snomed"] = std::move(codes);
  return j;
}

namespace {
Result<std::optional<link::Date>> OptDate(const json& body, const std::string& field) {
  NHOOD_ASSIGN_OR_RETURN(auto text, OptString(body, field));
  if (!text) return std::optional<link::Date>();
  NHOOD_ASSIGN_OR_RETURN(link::Date d, link::ParseDate(*text, field));
  return std::optional<link::Date>(d);
}
}  // namespace

Result<link::Need> NeedFromJson(const json& body) {
  link::Need n;
  NHOOD_ASSIGN_OR_RETURN(n.category, ReqString(body, "category"));
  NHOOD_ASSIGN_OR_RETURN(n.description, OptString(body, "description"));
  NHOOD_ASSIGN_OR_RETURN(auto on, OptDate(body, "identified_on"));
  if (on) n.identified_on = *on;
  return n;
}

json NeedJson(const link::Need& n) {
  json j = {{"id", n.id}, {"referral_id", n.referral_id}, {"category", n.category},
            {"identified_on", link::FormatDate(n.identified_on)}, {"recorded_by", n.recorded_by}};
  Put(j, "description", n.description);
  return j;
}

Result<link::Goal> GoalFromJson(const json& body) {
  link::Goal g;
  NHOOD_ASSIGN_OR_RETURN(auto what, OptString(body, "what_matters"));
  g.what_matters = what.value_or("");
  NHOOD_ASSIGN_OR_RETURN(auto status, OptString(body, "status"));
  if (status) {
    NHOOD_ASSIGN_OR_RETURN(g.status, link::ParseGoalStatus(*status));
  }
  NHOOD_ASSIGN_OR_RETURN(auto set_on, OptDate(body, "set_on"));
  if (set_on) g.set_on = *set_on;
  NHOOD_ASSIGN_OR_RETURN(g.reviewed_on, OptDate(body, "reviewed_on"));
  return g;
}

json GoalJson(const link::Goal& g) {
  json j = {{"id", g.id},
            {"referral_id", g.referral_id},
            {"what_matters", g.what_matters},
            {"status", std::string(link::GoalStatusName(g.status))},
            {"set_on", link::FormatDate(g.set_on)},
            {"recorded_by", g.recorded_by}};
  if (g.reviewed_on) j["reviewed_on"] = link::FormatDate(*g.reviewed_on);
  return j;
}

Result<link::OnwardReferral> OnwardReferralFromJson(const json& body) {
  link::OnwardReferral o;
  NHOOD_ASSIGN_OR_RETURN(o.service_id, ReqString(body, "service_id"));
  NHOOD_ASSIGN_OR_RETURN(auto sent_on, OptDate(body, "sent_on"));
  if (sent_on) o.sent_on = *sent_on;
  NHOOD_ASSIGN_OR_RETURN(o.outcome, OptString(body, "outcome"));
  return o;
}

json OnwardReferralJson(const link::OnwardReferral& o) {
  json j = {{"id", o.id},
            {"referral_id", o.referral_id},
            {"service_id", o.service_id},
            {"status", std::string(link::OnwardStatusName(o.status))},
            {"sent_on", link::FormatDate(o.sent_on)},
            {"updated_at", link::FormatTime(o.updated_at)}};
  if (o.status_on) j["status_on"] = link::FormatDate(*o.status_on);
  Put(j, "outcome", o.outcome);
  return j;
}

Result<link::Consent> ConsentFromJson(const json& body, link::Date today) {
  link::Consent c;
  NHOOD_ASSIGN_OR_RETURN(std::string kind, ReqString(body, "kind"));
  NHOOD_ASSIGN_OR_RETURN(c.kind, link::ParseConsentKind(kind));
  NHOOD_ASSIGN_OR_RETURN(auto given, OptBool(body, "given"));
  if (!given) return InvalidField("given", "given is required (true to record consent, false to withdraw it)");
  c.given = *given;
  NHOOD_ASSIGN_OR_RETURN(auto date, OptDate(body, "date"));
  c.date = date.value_or(today);
  NHOOD_ASSIGN_OR_RETURN(c.note, OptString(body, "note"));
  return c;
}

json ConsentJson(const link::Consent& c) {
  json j = {{"id", c.id},
            {"kind", std::string(link::ConsentKindName(c.kind))},
            {"given", c.given},
            {"date", link::FormatDate(c.date)},
            {"recorded_by", c.recorded_by},
            {"recorded_at", link::FormatTime(c.recorded_at)}};
  Put(j, "note", c.note);
  return j;
}

json OutcomeJson(const link::Outcome& o) {
  json j = {{"id", o.id},
            {"referral_id", o.referral_id},
            {"measure", std::string(link::MeasureName(o.measure))},
            {"timepoint", std::string(link::TimepointName(o.timepoint))},
            {"date", link::FormatDate(o.date)},
            {"items", o.items},
            {"recorded_at", link::FormatTime(o.recorded_at)}};
  switch (o.measure) {
    case link::Measure::kSwemwbs:
      if (auto s = link::ScoreSwemwbs(o.items)) {
        j["score"] = s->metric;
        j["raw"] = s->raw;
      }
      break;
    case link::Measure::kMycaw:
      if (!o.items.empty()) j["score"] = link::MycawProfileScore(o.items);
      if (!o.concerns.empty()) j["concerns"] = o.concerns;
      break;
    case link::Measure::kOns4:
      if (o.items.size() == 4) {
        constexpr link::Ons4Item kItems[] = {link::Ons4Item::kLifeSatisfaction, link::Ons4Item::kWorthwhile,
                                             link::Ons4Item::kHappiness, link::Ons4Item::kAnxiety};
        constexpr const char* kNames[] = {"life_satisfaction", "worthwhile", "happiness", "anxiety"};
        json bands = json::object();
        for (size_t i = 0; i < 4; ++i) bands[kNames[i]] = std::string(link::Ons4Band(kItems[i], o.items[i]));
        j["bands"] = std::move(bands);
      }
      break;
  }
  return j;
}

json AuditJson(const link::AuditEvent& e) {
  json j = {{"id", e.id},
            {"at", link::FormatTime(e.at)},
            {"username", e.username},
            {"action", e.action},
            {"record_type", e.record_type},
            {"record_id", e.record_id},
            {"outcome", std::string(link::AuditOutcomeName(e.outcome))},
            {"detail", e.detail},
            {"address", e.address},
            {"request_id", e.request_id}};
  Put(j, "user_id", e.user_id);
  return j;
}

}  // namespace nhood::server
