#include "apps/cli/hotspot_table.h"

#include <utility>

#include "apps/cli/weights_spec.h"

namespace nhood::cli {

Result<HotspotResult> ComputeHotspots(const io::PolygonData& areas, const Table& data, const HotspotOptions& o) {
  WeightsReport report;
  NHOOD_ASSIGN_OR_RETURN(geo::SpatialWeights nb, BuildWeights(areas.layer, o.weights, o.link_islands, &report));
  NHOOD_ASSIGN_OR_RETURN(spatial::HotspotResult r, spatial::ComputeHotspots(nb, data, o));
  HotspotResult out;
  static_cast<spatial::HotspotResult&>(out) = std::move(r);
  out.summary = "hotspots: " + out.subject + "\n" + DescribeWeights(nb, report) + "\n" + out.summary;
  return out;
}

}  // namespace nhood::cli
