// /api/v1 request bodies → domain values, and domain values → JSON. Field
// shapes are checked here (types, enum names, date formats: kInvalidArgument
// naming the field); value rules stay in link's Validate*.
#pragma once

#include <nlohmann/json.hpp>

#include "nhood/base/result.h"
#include "nhood/link/casework.h"
#include "nhood/link/store.h"

namespace nhood::server {

class PostcodeIndex;

// name, date_of_birth, sex, postcode and/or lsoa, ethnicity, gp_practice,
// contact {preferred, phone, email, address, ok_to_leave_message, notes}.
// With a postcode index and no lsoa, the LSOA is the postcode's.
Result<link::Resident> ResidentFromJson(const nlohmann::json& body, const PostcodeIndex* postcodes);
nlohmann::json ResidentJson(const link::Resident& r);

// resident_id, source, reasons, referrer_name, referrer_organisation, assigned_to.
Result<link::Referral> ReferralFromJson(const nlohmann::json& body);
// date, mode, minutes, notes, volunteer_id, worker_id.
Result<link::Contact> ContactFromJson(const nlohmann::json& body);
nlohmann::json ContactJson(const link::Contact& c);
// measure, timepoint, items, concerns, date (default today).
Result<link::Outcome> OutcomeFromJson(const nlohmann::json& body, link::Date today);

// With the overdue flag after `overdue_days` in received (referral.h IsOverdue).
nlohmann::json CaseloadItemJson(const link::CaseloadItem& item, link::Time now, int overdue_days = 14);

nlohmann::json ReferralJson(const link::Referral& r, link::Time now, int overdue_days);
// The referral with its transitions and SNOMED CT events.
nlohmann::json ReferralDetailJson(const link::ReferralDetail& d, link::Time now, int overdue_days);
nlohmann::json TransitionJson(const link::Transition& t);

// category, description, identified_on.
Result<link::Need> NeedFromJson(const nlohmann::json& body);
nlohmann::json NeedJson(const link::Need& n);
// what_matters, status (default open), set_on, reviewed_on.
Result<link::Goal> GoalFromJson(const nlohmann::json& body);
nlohmann::json GoalJson(const link::Goal& g);
// service_id, sent_on, outcome.
Result<link::OnwardReferral> OnwardReferralFromJson(const nlohmann::json& body);
nlohmann::json OnwardReferralJson(const link::OnwardReferral& o);
// kind, given, date (default today), note.
Result<link::Consent> ConsentFromJson(const nlohmann::json& body, link::Date today);
nlohmann::json ConsentJson(const link::Consent& c);
// measure, timepoint, date, items, concerns and the converted score:
// SWEMWBS `score` is the Rasch metric score (with `raw`, the sum); MYCaW
// `score` is the profile score (mean of the items); ONS4 has no single
// score (each item stands alone), so `bands` names each item's ONS band.
nlohmann::json OutcomeJson(const link::Outcome& o);
nlohmann::json AuditJson(const link::AuditEvent& e);

}  // namespace nhood::server
