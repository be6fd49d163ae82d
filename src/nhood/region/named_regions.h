// `nhood regions` over in-memory inputs: neighbourhoods built within named
// nest groups (local authorities), named "<nest>-NNN", with the checks the
// command reports (contiguity, nesting, islands). Dissolving and the
// compactness report come after, at the edge and in zoning_summary.h.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"
#include "nhood/region/neighbourhoods.h"

namespace nhood::region {

struct RegionsInput {
  const geo::SpatialWeights* weights = nullptr;  // contiguity of the areas; required
  std::vector<std::string> nest;                 // per area: its nest group's name (not empty)
  std::vector<double> population;
  std::vector<geo::Point> centroids;             // metres
  std::vector<double> attribute;                 // empty: no homogeneity attribute
  RegionOptions options;
  const SharedBoundaries* boundaries = nullptr;  // for the Polsby-Popper term; null: inertia only
};

struct RegionsResult {
  Neighbourhoods neighbourhoods;
  std::vector<std::string> names;       // per neighbourhood
  std::vector<std::string> nest_names;  // per nest group, in order of first appearance
  std::vector<int32_t> nest;            // per area: its nest group
  bool contiguous = false, nested = false;
  std::vector<std::string> islands;     // ids of areas without neighbours
};

// kInvalidArgument for a missing weights pointer, an empty nest name, or
// what BuildNeighbourhoods rejects.
Result<RegionsResult> ComputeRegions(const RegionsInput& in);

}  // namespace nhood::region
