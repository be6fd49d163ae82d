// The pseudonymised evaluation extract: one row per resident who has given
// consent (c) to pseudonymised use in evaluation, for an evaluator outside
// the service.
//
// Each row is keyed by HMAC-SHA256 (libsodium crypto_auth_hmacsha256) of the
// resident's store id, as decimal text, under a deployment secret: the same
// resident gets the same key in every extract of one deployment, so extracts
// can be linked over time, but nobody without the secret can go from a key
// back to a resident, nor link keys across deployments. A row carries the
// LSOA, age band, sex, ethnicity, the source of the first referral and the
// paired outcomes (the earliest baseline and the latest follow-up of each
// measure); never a name, date of birth, postcode, GP practice, contact
// detail, free text or store id. Erased residents and residents whose
// latest evaluation consent is a withdrawal (or who have none) are left out.
// Rows come sorted by key, so their order says nothing about who came first.
// Thread-safe if the Store is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/link/access.h"
#include "nhood/link/dates.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"

namespace nhood::link {

// The deployment secret must be at least this many bytes.
inline constexpr size_t kMinExtractSecretBytes = 32;

// HMAC-SHA256 of the decimal text of `resident_id` under `secret`, as 64
// lower-case hex characters.
std::string ExtractKey(std::string_view secret, int64_t resident_id);

// Age bands of the extract: "0-15", "16-24", "25-34", …, "75-84", "85+".
std::string AgeBand(int age_years);

struct PairedScore {
  std::optional<double> baseline;   // the earliest baseline's score
  std::optional<double> follow_up;  // the latest follow-up's score
};

struct ExtractRow {
  std::string key;
  std::optional<std::string> lsoa;
  std::optional<std::string> age_band;  // at the first referral (else the extract's day); unset without a dob
  std::string sex;
  std::optional<std::string> ethnicity;
  std::optional<std::string> referral_source;  // of the first referral
  int64_t referrals = 0;
  PairedScore swemwbs;  // Rasch metric score
  PairedScore ons4[4];  // life satisfaction, worthwhile, happiness, anxiety
  PairedScore mycaw;    // profile score
};

struct Extract {
  Date on{};  // the day it was made
  std::vector<ExtractRow> rows;
  int64_t residents_without_consent = 0;  // left out (not erased, no consent (c))
};

// Builds the extract. Only roles the matrix allows kExportExtract (the
// analyst) get it; the export is audited (allowed or refused) as
// ("extract", ""). kInvalidArgument (field "secret") for a secret shorter
// than kMinExtractSecretBytes.
Result<Extract> BuildExtract(Store& store, const Actor& actor, std::string_view secret, const RequestInfo& request);

// The extract as a table: key, lsoa, age_band, sex, ethnicity,
// referral_source, referrals, then <measure>_baseline and <measure>_follow_up
// for swemwbs, ons4_life_satisfaction, ons4_worthwhile, ons4_happiness,
// ons4_anxiety and mycaw (numbers; NaN when absent).
Table ExtractTable(const Extract& e);

}  // namespace nhood::link
