#include "nhood/link/resident.h"

#include <algorithm>
#include <cctype>

#include "nhood/link/internal/enum_names.h"
#include "nhood/link/uuid.h"

namespace nhood::link {
namespace {

constexpr std::array<std::string_view, 4> kSexNames = {"female", "male", "indeterminate", "not_known"};
constexpr std::array<std::string_view, 5> kContactModeNames = {"phone", "email", "text", "letter", "in_person"};
// Census 2021 ethnic group, 19 categories, plus "not_stated".
constexpr std::string_view kEthnicities[] = {
    "asian_bangladeshi", "asian_chinese", "asian_indian", "asian_pakistani", "asian_other",
    "black_african", "black_caribbean", "black_other",
    "mixed_white_asian", "mixed_white_black_african", "mixed_white_black_caribbean", "mixed_other",
    "white_british", "white_irish", "white_gypsy_irish_traveller", "white_roma", "white_other",
    "other_arab", "other_any", "not_stated"};

bool Alpha(char c) { return c >= 'A' && c <= 'Z'; }
bool Digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view SexName(Sex s) { return internal::EnumName(s, kSexNames); }
Result<Sex> ParseSex(std::string_view t) { return internal::ParseEnum<Sex>(t, kSexNames, "sex"); }
std::string_view ContactModeName(ContactMode m) { return internal::EnumName(m, kContactModeNames); }
Result<ContactMode> ParseContactMode(std::string_view t) {
  return internal::ParseEnum<ContactMode>(t, kContactModeNames, "contact.preferred");
}

bool IsEthnicityCode(std::string_view code) {
  return std::find(std::begin(kEthnicities), std::end(kEthnicities), code) != std::end(kEthnicities);
}

Result<std::string> NormalisePostcode(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  // Inward code digit letter letter; outward code one of A9, A99, AA9, A9A,
  // AA99, AA9A (the Royal Mail formats).
  bool ok = s.size() >= 5 && s.size() <= 7;
  if (ok) {
    const size_t n = s.size();
    ok = Digit(s[n - 3]) && Alpha(s[n - 2]) && Alpha(s[n - 1]);
    const std::string out = s.substr(0, n - 3);
    auto shape = [&](std::string_view pattern) {
      if (out.size() != pattern.size()) return false;
      for (size_t i = 0; i < out.size(); ++i) {
        if (pattern[i] == 'A' ? !Alpha(out[i]) : !Digit(out[i])) return false;
      }
      return true;
    };
    ok = ok && (shape("A9") || shape("A99") || shape("AA9") || shape("A9A") || shape("AA99") || shape("AA9A"));
  }
  if (!ok) return InvalidField("postcode", "postcode: '" + std::string(text) + "' is not a UK postcode");
  return s.substr(0, s.size() - 3) + " " + s.substr(s.size() - 3);
}

Status ValidateResident(const Resident& r, Date today) {
  if (r.name.empty()) return InvalidField("name", "name is required");
  if (!r.pseudonym.empty() && !IsUuid(r.pseudonym)) {
    return InvalidField("pseudonym", "pseudonym is not a UUID");
  }
  if (r.date_of_birth) {
    if (!r.date_of_birth->ok()) return InvalidField("date_of_birth", "date_of_birth is not a calendar date");
    if (std::chrono::sys_days(*r.date_of_birth) > std::chrono::sys_days(today)) {
      return InvalidField("date_of_birth", "date_of_birth " + FormatDate(*r.date_of_birth) + " is in the future");
    }
    if (AgeInYears(*r.date_of_birth, today) > 130) {
      return InvalidField("date_of_birth", "date_of_birth " + FormatDate(*r.date_of_birth) +
                                               " is more than 130 years ago");
    }
  }
  if (r.ethnicity && !IsEthnicityCode(*r.ethnicity)) {
    return InvalidField("ethnicity", "ethnicity: '" + *r.ethnicity + "' is not a Census 2021 category code");
  }
  if (r.postcode) {
    Result<std::string> pc = NormalisePostcode(*r.postcode);
    if (!pc) return pc.status();
  }
  if (r.lsoa) {
    const std::string& l = *r.lsoa;
    bool ok = l.size() == 9 && l.compare(0, 3, "E01") == 0 &&
              std::all_of(l.begin() + 3, l.end(), [](char c) { return Digit(c); });
    if (!ok) return InvalidField("lsoa", "lsoa: '" + l + "' is not an English LSOA code (E01…)");
  }
  if (r.gp_practice) {
    const std::string& g = *r.gp_practice;
    bool ok = g.size() >= 3 && g.size() <= 10 &&
              std::all_of(g.begin(), g.end(), [](char c) { return Alpha(c) || Digit(c); });
    if (!ok) return InvalidField("gp_practice", "gp_practice: '" + g + "' is not an ODS code");
  }
  if (r.contact.email && r.contact.email->find('@') == std::string::npos) {
    return InvalidField("contact.email", "contact.email has no '@'");
  }
  return Status::Ok();
}

}  // namespace nhood::link
