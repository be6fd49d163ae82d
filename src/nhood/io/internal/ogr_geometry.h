// How io turns a geo::Polygon into an OGR multipolygon (each part a polygon,
// its exterior ring then holes). The caller owns the result and frees it with
// OGR_G_DestroyGeometry. Internal to io.
#pragma once

#include <ogr_api.h>

#include "nhood/geo/polygon.h"

namespace nhood::io::internal {

// Adds every part of `p` to the multipolygon `multi`.
inline void AppendParts(const geo::Polygon& p, OGRGeometryH multi) {
  for (const geo::Part& part : p.parts) {
    OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
    for (const geo::Ring& ring : part) {
      OGRGeometryH r = OGR_G_CreateGeometry(wkbLinearRing);
      for (const geo::Point& pt : ring) OGR_G_AddPoint_2D(r, pt.x, pt.y);
      OGR_G_AddGeometryDirectly(poly, r);
    }
    OGR_G_AddGeometryDirectly(multi, poly);
  }
}

inline OGRGeometryH ToMultiPolygon(const geo::Polygon& p) {
  OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon);
  AppendParts(p, multi);
  return multi;
}

}  // namespace nhood::io::internal
