// `nhood link demo`: a living demo service, deterministic for a seed.
//
// Seeds a directory (organisations named after the local authorities of the
// places given, three services each on average, taxonomy terms for the common
// social-prescribing needs, locations at real postcodes), the staff (an
// admin, a manager, three link workers, an analyst, volunteers with user
// accounts), residents at real postcodes and their LSOAs (weighted towards
// Core20 and doubly disadvantaged LSOAs: DemoWeights), and their casework:
// referrals moving through the workflow, contacts (about ten per resident),
// needs, onward referrals to directory services, ONS4 and SWEMWBS at
// baseline and, for those supported, follow-up; volunteers' hours. All dates
// fall in the 12 months before `anchor`, so the same seed gives the same
// records whatever the day it runs (password hashes have random salts).
// Everything is written in one transaction: all or nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"
#include "nhood/link/store.h"

namespace nhood::link {

// A real address point: where residents live and services meet.
struct DemoPlace {
  std::string postcode;  // normalised
  std::string lsoa;      // LSOA 2021 (E01…)
  std::string area;      // local authority name, "Sunderland"
  double latitude = 0, longitude = 0;
  // The LSOA's deprivation, when known (the atlas outputs, or IMD deciles):
  // Core20 (among England's most deprived 20%) and doubly disadvantaged
  // (deprived and short of social infrastructure: a left-behind ward).
  bool core20 = false;
  bool double_disadvantage = false;
};

// How much likelier a resident is to live at a place than at a place with
// neither flag (weight 1): social prescribing reaches first into the
// neighbourhoods the atlas flags. Residents are drawn from the places with
// probability proportional to 1 + core20 + double_disadvantage.
struct DemoWeights {
  double core20 = 2;
  double double_disadvantage = 3;
};
// The draw weight of a place under `w` (at least 1).
double DemoPlaceWeight(const DemoPlace& p, const DemoWeights& w);

struct DemoOptions {
  uint64_t seed = 1;
  int organisations = 42;
  int residents = 300;
  int volunteers = 6;
  std::string password;  // every demo user's password
  DemoWeights weights;
  Time anchor = FromUnixSeconds(1764579600);  // 2025-12-01T09:00:00Z
};

struct DemoSummary {
  int64_t organisations = 0, services = 0, taxonomy_terms = 0, users = 0, volunteers = 0, residents = 0,
          referrals = 0, contacts = 0, onward_referrals = 0, outcomes = 0, volunteer_hours = 0;
  // Residents living in a Core20 / doubly disadvantaged LSOA.
  int64_t residents_core20 = 0, residents_double_disadvantage = 0;
};

// kInvalidArgument when `places` is empty or has no LSOA, or the password is
// under 8 characters; kFailedPrecondition when the store already holds users
// (demo data goes into an empty store only).
Result<DemoSummary> SeedDemo(Store& store, std::span<const DemoPlace> places, const DemoOptions& options);

}  // namespace nhood::link
