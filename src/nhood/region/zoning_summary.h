// How good a zoning is: for each group (a neighbourhood, or an ONS MSOA for
// comparison) its population, whether it is within the population bounds,
// its compactness (Polsby-Popper of its dissolved polygon) and its
// heterogeneity on an attribute (population-weighted SD), and the means over
// all groups. Also the "<nest>-NNN" names of built neighbourhoods and the
// text report of `nhood regions`.
//
// Dissolving polygons needs GEOS, which lives at the edge (io::DissolveLayer):
// callers pass the dissolved polygons in. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/region/neighbourhoods.h"

namespace nhood::region {

// Population-weighted standard deviation of `attribute` within each group
// 0..groups-1 (areas with group < 0 or a NaN attribute are left out). A group
// with no attribute value is NaN, and so is every group when `attribute` is
// empty (no homogeneity attribute configured).
// REQUIRES: population.size() == group.size(); attribute empty or the same size.
std::vector<double> Heterogeneity(std::span<const int32_t> group, int32_t groups, std::span<const double> population,
                                  std::span<const double> attribute);

struct ZoningSummary {
  int32_t count = 0;
  std::vector<double> population;     // per group
  std::vector<double> polsby_popper;  // per group, of its dissolved polygon
  std::vector<double> heterogeneity;  // per group (NaN: no attribute)
  std::vector<bool> within_bounds;    // floor <= population <= ceiling
  double share_within_bounds = 0;
  double mean_polsby_popper = 0;      // over groups with a finite value
  int32_t without_polygon = 0;        // groups whose dissolved polygon is empty (NaN Polsby-Popper)
  double mean_heterogeneity = 0;      // NaN when no group has a value
};

// `dissolved`: one polygon per group, in metres (e.g. io::DissolveLayer of
// the areas projected to EPSG:27700). kInvalidArgument for mismatched sizes.
Result<ZoningSummary> Summarise(std::span<const int32_t> group, int32_t groups, std::span<const double> population,
                                std::span<const double> attribute, const std::vector<geo::Polygon>& dissolved,
                                double floor, double ceiling);

// Names of built neighbourhoods: "<nest name>-001", "-002", ... numbered
// within each nest group in region order.
std::vector<std::string> NeighbourhoodNames(const Neighbourhoods& n, const std::vector<std::string>& nest_names);

// The report `nhood regions` prints (several lines). `compare` is the
// summary of the comparison zoning (ONS MSOAs), or null.
struct ZoningReportInput {
  const ZoningSummary* ours = nullptr;
  const ZoningSummary* compare = nullptr;
  const std::vector<std::string>* names = nullptr;  // per group of `ours`
  size_t areas = 0, nest_groups = 0;
  RegionOptions options;
  bool has_attribute = false;
  bool contiguous = false, nested = false;
  std::vector<std::string> islands;  // ids of areas without neighbours
};
std::string DescribeZoning(const ZoningReportInput& in);

}  // namespace nhood::region
