// /api/v1 request bodies → domain values, and domain values → JSON. Field
// shapes are checked here (types, enum names, date formats: kInvalidArgument
// naming the field); value rules stay in link's Validate*.
#pragma once

#include <nlohmann/json.hpp>

#include "nhood/base/result.h"
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

nlohmann::json CaseloadItemJson(const link::CaseloadItem& item, link::Time now);
nlohmann::json AuditJson(const link::AuditEvent& e);

}  // namespace nhood::server
