// Volunteers and the hours they give. A volunteer may be a user (role
// volunteer) so they can log their own contacts. Copyable values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"

namespace nhood::link {

struct Volunteer {
  int64_t id = 0;  // assigned by the store
  std::optional<int64_t> user_id;
  std::string name;
  bool active = true;
  std::optional<Date> started_on;
};

// A change to a volunteer record (PATCH /api/v1/volunteers/{id}, the
// "Change" page): a field left unset keeps its value. started_on and
// user_id set to an empty optional clear the date and unlink the login.
struct VolunteerChange {
  std::optional<std::string> name;
  std::optional<bool> active;
  std::optional<std::optional<Date>> started_on;
  std::optional<std::optional<int64_t>> user_id;
};

// `v` with the change's set fields applied.
Volunteer Applied(Volunteer v, const VolunteerChange& change);

struct VolunteerHours {
  int64_t id = 0;  // assigned by the store
  int64_t volunteer_id = 0;
  Date date{};
  double hours = 0;  // 0 < hours <= 24
  std::optional<std::string> activity;  // "drop-in", "befriending call"
  int64_t recorded_by = 0;
};

Status ValidateVolunteer(const Volunteer& v);
// Hours in (0, 24] (field "hours"); a date not after `today` (field "date").
Status ValidateVolunteerHours(const VolunteerHours& h, Date today);

}  // namespace nhood::link
