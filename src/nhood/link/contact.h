// A contact: one conversation or meeting between the service and a resident
// within a referral (not a directory ServiceContact).
//
// Recorded with its date, mode, length in minutes, and who made it: a link
// worker (worker_id) or a volunteer (volunteer_id), at least one. A volunteer
// sees only the contacts assigned to them (permissions.h). Copyable value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

enum class ContactKind { kInPerson, kHomeVisit, kPhone, kVideo, kMessage, kGroup };
// "in_person", "home_visit", "phone", "video", "message", "group".
std::string_view ContactKindName(ContactKind k);
Result<ContactKind> ParseContactKind(std::string_view text);

struct Contact {
  int64_t id = 0;  // assigned by the store
  int64_t referral_id = 0;
  int64_t resident_id = 0;  // the referral's resident (stores check it matches)
  Date date{};
  ContactKind mode = ContactKind::kPhone;
  int minutes = 0;
  std::optional<int64_t> worker_id;     // user id of the link worker
  std::optional<int64_t> volunteer_id;  // Volunteer id
  std::optional<std::string> notes;
  int64_t created_by = 0;
  Time created_at{};
};

// Checks: minutes in 0..1440 (field "minutes"); a date not after `today`
// (field "date"); a worker or a volunteer (field "worker_id").
Status ValidateContact(const Contact& c, Date today);

}  // namespace nhood::link
