#include "nhood/io/zones.h"

#include <cpl_error.h>
#include <ogr_api.h>

#include <cmath>

#include "nhood/io/internal/ogr_geometry.h"
#include "nhood/io/polygon_io.h"

namespace nhood::io {
namespace {

bool Overlap(const geo::BoundingBox& a, const geo::BoundingBox& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// The zone nearest to an area that overlaps none (a riverside or coastal
// area cut off by generalised zone edges), if it lies within the area's own
// bounding-box diagonal; -1 otherwise.
int32_t NearbyZone(const geo::Polygon& p, const std::vector<OGRGeometryH>& zone,
                   const std::vector<geo::BoundingBox>& box) {
  geo::BoundingBox reach = geo::Bounds(p);
  const double d = std::hypot(reach.max_x - reach.min_x, reach.max_y - reach.min_y);
  reach = {reach.min_x - d, reach.min_y - d, reach.max_x + d, reach.max_y + d};
  OGRGeometryH area = internal::ToMultiPolygon(p);
  int32_t best = -1;
  double nearest = d;
  for (size_t z = 0; z < zone.size(); ++z) {
    if (!Overlap(reach, box[z])) continue;
    const double dz = OGR_G_Distance(area, zone[z]);
    if (dz >= 0 && dz <= nearest) {
      if (best < 0 || dz < nearest) best = static_cast<int32_t>(z);
      nearest = dz;
    }
  }
  OGR_G_DestroyGeometry(area);
  return best;
}

}  // namespace

Result<std::vector<int32_t>> AssignToZones(const geo::PolygonLayer& areas, const geo::PolygonLayer& zones) {
  geo::PolygonLayer projected = zones;
  if (!areas.crs.empty()) {
    NHOOD_ASSIGN_OR_RETURN(projected, ReprojectLayer(zones, areas.crs));
  }
  std::vector<OGRGeometryH> zone(projected.size());
  std::vector<geo::BoundingBox> box(projected.size());
  for (size_t z = 0; z < projected.size(); ++z) {
    zone[z] = internal::ToMultiPolygon(projected.polygons[z]);
    box[z] = geo::Bounds(projected.polygons[z]);
  }
  CPLPushErrorHandler(CPLQuietErrorHandler);
  std::vector<int32_t> out(areas.size(), -1);
  std::vector<size_t> candidates;
  for (size_t i = 0; i < areas.size(); ++i) {
    const geo::BoundingBox area_box = geo::Bounds(areas.polygons[i]);
    candidates.clear();
    for (size_t z = 0; z < zone.size(); ++z) {
      if (Overlap(area_box, box[z])) candidates.push_back(z);
    }
    if (candidates.empty()) continue;
    OGRGeometryH area = internal::ToMultiPolygon(areas.polygons[i]);
    double most = 0;
    for (size_t z : candidates) {
      if (candidates.size() == 1) {  // nothing to weigh: does it touch at all?
        if (OGR_G_Intersects(area, zone[z])) out[i] = static_cast<int32_t>(z);
        break;
      }
      OGRGeometryH shared = OGR_G_Intersection(area, zone[z]);
      if (!shared) continue;
      const double a = OGR_G_Area(shared);
      OGR_G_DestroyGeometry(shared);
      if (a > most) {  // strictly more: ties go to the first zone
        most = a;
        out[i] = static_cast<int32_t>(z);
      }
    }
    OGR_G_DestroyGeometry(area);
  }
  for (size_t i = 0; i < areas.size(); ++i) {
    if (out[i] < 0) out[i] = NearbyZone(areas.polygons[i], zone, box);
  }
  for (OGRGeometryH g : zone) OGR_G_DestroyGeometry(g);
  CPLPopErrorHandler();
  return out;
}

}  // namespace nhood::io
