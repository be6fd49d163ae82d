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

// The linked login rule, checked when a volunteer is added and when their
// login changes: a user_id, when given, must be an existing user with the
// role volunteer (kNotFound or kInvalidArgument, field "user_id") not
// already linked to another volunteer record (kFailedPrecondition, field
// "user_id"). No user_id (none linked) is always allowed.
Result<int64_t> AddVolunteer(Store& store, const Actor& actor, const Volunteer& v, const RequestInfo& request);
// Applies `change` to volunteer `id` and returns the record as stored. The
// role check (audited) comes first, so a refused role learns nothing about
// which ids exist: kPermissionDenied for a known and an unknown id alike;
// then kNotFound for an unknown id. A changed login follows the rule above
// (user_id set to none unlinks); a kept one is not checked again. Nothing
// is stored on any error.
Result<Volunteer> EditVolunteer(Store& store, const Actor& actor, int64_t id, const VolunteerChange& change,
                                const RequestInfo& request);

// h.volunteer_id's hours; recorded_by is the actor; the date defaults to today.
Result<int64_t> LogVolunteerHours(Store& store, const Actor& actor, VolunteerHours h, const RequestInfo& request);
Result<std::vector<VolunteerHours>> ReadVolunteerHours(Store& store, const Actor& actor, int64_t volunteer_id,
                                                       const RequestInfo& request);

// The contacts assigned to the actor's volunteer record (none when the
// actor has none). Volunteers only.
Result<std::vector<Contact>> ReadMyContacts(Store& store, const Actor& actor, const RequestInfo& request);

}  // namespace nhood::link
