// Consent, recorded with its date and who recorded it.
//
// Three separate consents: (a) storing the record, (b) sharing back to the
// GP, (c) pseudonymised use in evaluation. Each record is a decision (given or
// withdrawn) taken on a date; the current state of a kind is its latest
// record (by date, then by id). Records are never edited: a withdrawal is a
// new record. Copyable value type.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

enum class ConsentKind { kStore, kShareWithGp, kEvaluation };
std::string_view ConsentKindName(ConsentKind k);  // "store", "share_with_gp", "evaluation"
Result<ConsentKind> ParseConsentKind(std::string_view text);

struct Consent {
  int64_t id = 0;  // assigned by the store
  int64_t resident_id = 0;
  ConsentKind kind = ConsentKind::kStore;
  bool given = false;
  Date date{};               // the day the person decided
  int64_t recorded_by = 0;   // user id
  Time recorded_at{};
  std::optional<std::string> note;
};

// Whether consent of `kind` stands, from all of a resident's records
// (in any order): the latest record decides; no record means no consent.
bool HasConsent(std::span<const Consent> records, ConsentKind kind);

// A date not after `today` (field "date"). kInvalidArgument otherwise.
Status ValidateConsent(const Consent& c, Date today);

}  // namespace nhood::link
