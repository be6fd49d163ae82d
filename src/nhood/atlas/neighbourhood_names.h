// Names people use for neighbourhoods: "<local authority>: <ward>", after
// the local authority and the ward holding most of the neighbourhood's
// residents, e.g. "County Durham: Horden".
//
// The rule (docs/methods.md, "Neighbourhood names"):
//   - the local authority is the one with most residents in the
//     neighbourhood; the ward likewise (ties: the smaller code);
//   - a split is shown: when the first ward holds under half the residents
//     and the second at least a quarter, both are named, joined by " & "
//     ("Sunderland: Hendon & Millfield"), or by " / " when either ward's
//     own name has an '&' ("Ribble Valley: Edisford & Low Moor / Littlemoor");
//   - names are unique within a run: neighbourhoods that would share a name
//     each add their second ward (same joiner) when they have one and it is
//     not already named; any still shared get " (1)", " (2)", ... in neighbourhood order;
//   - a missing ward name shows the ward code; areas without a ward do not
//     count; a neighbourhood with no ward at all is named after its local
//     authority alone (then numbered).
// The same inputs always give the same names (no hashing order, no clock).
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nhood::atlas {

struct NamingInput {
  std::span<const int32_t> region;  // per area: its neighbourhood, 0..count-1
  int32_t count = 0;
  std::span<const double> population;                 // per area
  std::span<const std::string> local_authority;       // per area: code
  std::span<const std::string> local_authority_name;  // per area; empty span or "" = show the code
  std::span<const std::string> ward;                  // per area: code, "" = none
  std::span<const std::string> ward_name;             // per area; empty span or "" = show the code
};

// One name per neighbourhood. REQUIRES: the per-area spans of equal length
// (the name spans may be empty), region values in 0..count-1.
std::vector<std::string> NameNeighbourhoods(const NamingInput& in);

}  // namespace nhood::atlas
