// Building ~10,000-person neighbourhoods from small areas: contiguous,
// population-bounded, never crossing a nesting boundary (a local authority),
// compact and, optionally, homogeneous on an attribute.
//
// Method: automated zoning in the family of Openshaw's AZP (1977; Openshaw &
// Rao 1995, Environ Plan A 27:425) and max-p construction (Duque, Anselin &
// Rey 2012, J Reg Sci 52:397), run within each nest group and each of its
// connected pieces:
//   1. the number of regions p = round(P / target), moved into
//      [ceil(P / ceiling), floor(P / floor)] when that range is not empty;
//   2. p seeds by farthest-point sampling of the centroids;
//   3. balanced growth: the least-populated region with an unassigned
//      neighbour takes the neighbour closest to it in space and attribute;
//   4. local search: single boundary-area moves between adjacent regions
//      that keep the donor contiguous and lower the objective
//      sum_r [1000 * bound violation + (pop_r / target - 1)^2
//             + h * SSD_r(attribute) / var(attribute)
//             + c * sum_i |centroid_i - centroid_r|^2 / spacing^2],
//      until no move helps (at most `max_passes` sweeps).
// Everything runs on the CSR weights (O(n k) memory, no n x n matrices) and
// visits areas in index order, so the result is deterministic.
// Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"

namespace nhood::region {

struct RegionOptions {
  double floor = 7000;
  double target = 10000;
  double ceiling = 15000;
  double homogeneity_weight = 1.0;   // h; 0 ignores the attribute
  double compactness_weight = 0.5;   // c
  int max_passes = 30;
};

struct Neighbourhoods {
  std::vector<int32_t> region;  // per area, 0..count-1
  int32_t count = 0;
  std::vector<int32_t> nest_of_region;  // nest group of each region
};

// `nest`: the group of each area (e.g. its local authority index); regions
// never cross groups. `attribute` may be empty. kInvalidArgument for
// mismatched lengths, bad bounds, or a missing population.
Result<Neighbourhoods> BuildNeighbourhoods(const geo::SpatialWeights& w, std::span<const int32_t> nest,
                                           std::span<const double> population, std::span<const geo::Point> centroids,
                                           std::span<const double> attribute, const RegionOptions& options);

// True iff every region's areas are connected in `w` (regions of one area
// count as connected).
bool RegionsContiguous(const geo::SpatialWeights& w, std::span<const int32_t> region, int32_t count);

}  // namespace nhood::region
