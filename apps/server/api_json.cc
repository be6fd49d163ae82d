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

json CaseloadItemJson(const link::CaseloadItem& item, link::Time now) {
  json j = {{"id", item.resident.id}, {"name", item.resident.name}};
  Put(j, "lsoa", item.resident.lsoa);
  if (item.latest_referral) {
    const link::Referral& r = *item.latest_referral;
    j["latest_referral"] = {{"id", r.id},
                            {"status", std::string(link::ReferralStatusName(r.status))},
                            {"received_at", link::FormatTime(r.received_at)},
                            {"overdue", link::IsOverdue(r, now)}};
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
