// Volunteers and their hours through the API.
//
// Managers and admins add, edit and list volunteers and see everyone's
// hours (kManageVolunteers); hours may be logged by them for anyone, and by
// a volunteer for themselves only (kLogVolunteerHours, rule self: the
// volunteer record's user is the actor). A volunteer's own contacts — only
// those assigned to them — come from ReadMyContacts. Every call is checked
// against the matrix and audited as ("volunteer", id). Thread-safe if the
// Store is.
#pragma once

#include <cstdint>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/store.h"

namespace nhood::link {

Result<std::vector<Volunteer>> ReadVolunteers(Store& store, const Actor& actor, const RequestInfo& request);
// A user_id, when given, must be a user with the role volunteer.
Result<int64_t> AddVolunteer(Store& store, const Actor& actor, const Volunteer& v, const RequestInfo& request);
Status EditVolunteer(Store& store, const Actor& actor, const Volunteer& v, const RequestInfo& request);

// h.volunteer_id's hours; recorded_by is the actor; the date defaults to today.
Result<int64_t> LogVolunteerHours(Store& store, const Actor& actor, VolunteerHours h, const RequestInfo& request);
Result<std::vector<VolunteerHours>> ReadVolunteerHours(Store& store, const Actor& actor, int64_t volunteer_id,
                                                       const RequestInfo& request);

// The contacts assigned to the actor's volunteer record (none when the
// actor has none). Volunteers only.
Result<std::vector<Contact>> ReadMyContacts(Store& store, const Actor& actor, const RequestInfo& request);

}  // namespace nhood::link
