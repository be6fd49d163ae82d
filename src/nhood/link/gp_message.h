// The "message back to GP" for one social-prescribing episode (a referral),
// after the PRSB Social Prescribing Information Standard v1.1 model
// "Message back to GP and referrer" (DOMAIN.md §A4): the person's
// demographics, the referral, needs and concerns, what matters to them,
// the support offered (onward referrals to directory services, with their
// status), outcome measures with their converted scores, and the SNOMED CT
// codes of the episode (871731000000106 once; 871711000000103 when
// declined).
//
// It is sent only for a resident whose latest consent to sharing with the
// GP (consent (b)) stands: otherwise kFailedPrecondition (HTTP 409), and
// the refusal is audited. The role and need-to-know rules are the matrix's
// kSendGpMessage (a link worker for their own caseload, a manager for their
// team's). nhood does not transmit it: the JSON is handed to whatever
// carries it to the practice (GP Connect, NHSmail, a GP system import).
// Thread-safe if the Store is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/casework.h"
#include "nhood/link/store.h"

namespace nhood::link {

struct GpMessageSupport {
  OnwardReferral onward;
  std::optional<std::string> service_name;       // when still in the directory
  std::optional<std::string> organization_name;
};

struct GpMessage {
  Time created_at{};
  Resident resident;
  ReferralDetail episode;
  std::vector<Need> needs;
  std::vector<Goal> goals;
  std::vector<GpMessageSupport> support;
  std::vector<Outcome> outcomes;  // the episode's
  int64_t contacts = 0;
  int64_t contact_minutes = 0;
  std::optional<std::string> link_worker;  // the assignee's display name
};

// Gathers the message for referral `referral_id`. Audited as
// ("referral", id) with action send_gp_message, allowed or refused (a
// missing consent is a refusal too). kNotFound for an unknown referral;
// kFailedPrecondition for an erased resident.
Result<GpMessage> BuildGpMessage(Store& store, const Actor& actor, int64_t referral_id, const RequestInfo& request);

// The message as JSON (the shape is documented in docs/api.md).
nlohmann::json GpMessageJson(const GpMessage& m);

}  // namespace nhood::link
