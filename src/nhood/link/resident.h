// A resident: the person a link worker supports.
//
// `pseudonym` is a random UUID given at creation and never reused or shown
// outside the service (extracts use an HMAC of the id instead). The LSOA is
// the 2021 LSOA, entered directly or looked up from the postcode by the
// caller (no postcode → LSOA resolution in nhood yet).
// Erasure (Store::EraseResident) blanks every personal field and sets
// `erased`; the row stays so counts and the audit trail keep their keys.
// Copyable value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

// Sex as recorded on the NHS Personal Demographics Service.
enum class Sex { kFemale, kMale, kIndeterminate, kNotKnown };
std::string_view SexName(Sex s);  // "female", "male", "indeterminate", "not_known"
Result<Sex> ParseSex(std::string_view text);

enum class ContactMode { kPhone, kEmail, kText, kLetter, kInPerson };
std::string_view ContactModeName(ContactMode m);  // "phone", "email", "text", "letter", "in_person"
Result<ContactMode> ParseContactMode(std::string_view text);

struct ContactPreferences {
  std::optional<ContactMode> preferred;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> address;
  bool ok_to_leave_message = false;
  std::optional<std::string> notes;  // "not before 10am", "needs an interpreter (Polish)"
};

struct Resident {
  int64_t id = 0;  // assigned by the store
  std::string pseudonym;  // UUID v4
  std::string name;
  std::optional<Date> date_of_birth;
  Sex sex = Sex::kNotKnown;
  std::optional<std::string> ethnicity;  // Census 2021 category code (IsEthnicityCode)
  std::optional<std::string> postcode;   // normalised "NE1 4ST"
  std::optional<std::string> lsoa;       // E01…, LSOA 2021
  std::optional<std::string> gp_practice;  // ODS code, e.g. "A85001"
  ContactPreferences contact;
  int64_t created_by = 0;  // user id
  Time created_at{};
  Time updated_at{};
  bool erased = false;
};

// The Census 2021 ethnic group categories (19), by the codes used here.
// Source: ONS, "Ethnic group, national identity, language and religion
// variables: Census 2021 dictionary" (ethnic_group_tb_20b). Codes are the
// lower-case snake names, e.g. "white_british", "asian_pakistani".
bool IsEthnicityCode(std::string_view code);

// Upper-cases and re-spaces a UK postcode ("ne14st" → "NE1 4ST"), or
// kInvalidArgument (field "postcode") when it is not postcode-shaped.
Result<std::string> NormalisePostcode(std::string_view text);

// Checks: a non-empty name; a date of birth not after `today` and not more
// than 130 years before it; a known ethnicity code; a postcode-shaped
// postcode; an LSOA that is an E01 code; a GP practice of 3-10 letters and
// digits; a well-formed pseudonym. kInvalidArgument naming the field
// ("date_of_birth", …).
Status ValidateResident(const Resident& r, Date today);

}  // namespace nhood::link
