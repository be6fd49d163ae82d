#include "nhood/region/named_regions.h"

#include <unordered_map>

#include "nhood/region/zoning_summary.h"

namespace nhood::region {

Result<RegionsResult> ComputeRegions(const RegionsInput& in) {
  if (!in.weights) return InvalidArgument("regions: contiguity weights are required");
  const geo::SpatialWeights& w = *in.weights;
  RegionsResult r;
  std::unordered_map<std::string, int32_t> index;
  for (size_t i = 0; i < in.nest.size(); ++i) {
    if (in.nest[i].empty()) return InvalidArgument("regions: area '" + w.ids()[i] + "' has no nest group");
    auto [it, inserted] = index.emplace(in.nest[i], static_cast<int32_t>(r.nest_names.size()));
    if (inserted) r.nest_names.push_back(in.nest[i]);
    r.nest.push_back(it->second);
  }
  NHOOD_ASSIGN_OR_RETURN(r.neighbourhoods,
                         BuildNeighbourhoods(w, r.nest, in.population, in.centroids, in.attribute, in.options,
                                                             in.boundaries));
  const Neighbourhoods& n = r.neighbourhoods;
  r.names = NeighbourhoodNames(n, r.nest_names);
  r.contiguous = RegionsContiguous(w, n.region, n.count);
  r.nested = true;
  for (size_t i = 0; i < r.nest.size(); ++i) r.nested = r.nested && n.nest_of_region[n.region[i]] == r.nest[i];
  for (size_t i : w.Islands()) r.islands.push_back(w.ids()[i]);
  return r;
}

}  // namespace nhood::region
