#include "nhood/link/volunteer.h"

#include <cmath>

namespace nhood::link {

Status ValidateVolunteer(const Volunteer& v) {
  if (v.name.empty()) return InvalidField("name", "name is required");
  return Status::Ok();
}

Volunteer Applied(Volunteer v, const VolunteerChange& change) {
  if (change.name) v.name = *change.name;
  if (change.active) v.active = *change.active;
  if (change.started_on) v.started_on = *change.started_on;
  if (change.user_id) v.user_id = *change.user_id;
  return v;
}

Status ValidateVolunteerHours(const VolunteerHours& h, Date today) {
  if (!(std::isfinite(h.hours) && h.hours > 0 && h.hours <= 24)) {
    return InvalidField("hours", "hours must be more than 0 and at most 24");
  }
  if (!h.date.ok()) return InvalidField("date", "date is not a calendar date");
  if (std::chrono::sys_days(h.date) > std::chrono::sys_days(today)) {
    return InvalidField("date", "date " + FormatDate(h.date) + " is in the future");
  }
  if (h.volunteer_id <= 0) return InvalidField("volunteer_id", "volunteer_id is required");
  return Status::Ok();
}

}  // namespace nhood::link
