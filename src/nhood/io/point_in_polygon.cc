#include "nhood/io/point_in_polygon.h"

#include <geos_c.h>

#include <string>
#include <vector>

namespace nhood::io {

struct PointInPolygonIndex::Impl {
  GEOSContextHandle_t ctx = nullptr;
  std::vector<GEOSGeometry*> polygons;              // owned
  std::vector<const GEOSPreparedGeometry*> prepared;  // owned
  std::vector<size_t> slots;                        // tree item i → polygon i (stable addresses)
  GEOSSTRtree* tree = nullptr;

  ~Impl() {
    if (tree) GEOSSTRtree_destroy_r(ctx, tree);
    for (const GEOSPreparedGeometry* p : prepared) GEOSPreparedGeom_destroy_r(ctx, p);
    for (GEOSGeometry* g : polygons) GEOSGeom_destroy_r(ctx, g);
    if (ctx) GEOS_finish_r(ctx);
  }

  GEOSGeometry* Ring(const geo::Ring& ring) {
    // A closed ring has at least 4 points (GEOS would take fewer silently).
    if (ring.size() < 4 || ring.front().x != ring.back().x || ring.front().y != ring.back().y) return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size()), 2);
    if (!seq) return nullptr;
    for (size_t i = 0; i < ring.size(); ++i) {
      GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), ring[i].x, ring[i].y);
    }
    return GEOSGeom_createLinearRing_r(ctx, seq);  // takes the sequence
  }

  GEOSGeometry* Part(const geo::Part& part) {
    if (part.empty()) return nullptr;
    GEOSGeometry* shell = Ring(part[0]);
    if (!shell) return nullptr;
    std::vector<GEOSGeometry*> holes;
    for (size_t h = 1; h < part.size(); ++h) {
      GEOSGeometry* hole = Ring(part[h]);
      if (!hole) {
        GEOSGeom_destroy_r(ctx, shell);
        for (GEOSGeometry* x : holes) GEOSGeom_destroy_r(ctx, x);
        return nullptr;
      }
      holes.push_back(hole);
    }
    return GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
  }

  GEOSGeometry* Polygon(const geo::Polygon& p) {
    std::vector<GEOSGeometry*> parts;
    for (const geo::Part& part : p.parts) {
      GEOSGeometry* g = Part(part);
      if (!g) {
        for (GEOSGeometry* x : parts) GEOSGeom_destroy_r(ctx, x);
        return nullptr;
      }
      parts.push_back(g);
    }
    if (parts.empty()) return nullptr;
    return GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size()));
  }
};

PointInPolygonIndex::PointInPolygonIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PointInPolygonIndex::~PointInPolygonIndex() = default;

Result<std::unique_ptr<PointInPolygonIndex>> PointInPolygonIndex::Build(const geo::PolygonLayer& layer) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = GEOS_init_r();
  if (!impl->ctx) return Internal("geos: cannot start a context");
  impl->tree = GEOSSTRtree_create_r(impl->ctx, 10);
  if (!impl->tree) return Internal("geos: cannot make an STRtree");
  impl->polygons.reserve(layer.size());
  impl->slots.resize(layer.size());
  for (size_t i = 0; i < layer.size(); ++i) {
    GEOSGeometry* g = impl->Polygon(layer.polygons[i]);
    if (!g) {
      return InvalidArgument("polygon " + std::to_string(i) + " ('" + (i < layer.ids.size() ? layer.ids[i] : "") +
                             "'): cannot build it (empty, or a ring that is not closed or has fewer than 4 points)");
    }
    impl->polygons.push_back(g);
    impl->prepared.push_back(GEOSPrepare_r(impl->ctx, g));
    impl->slots[i] = i;
    GEOSSTRtree_insert_r(impl->ctx, impl->tree, g, &impl->slots[i]);
  }
  return std::unique_ptr<PointInPolygonIndex>(new PointInPolygonIndex(std::move(impl)));
}

size_t PointInPolygonIndex::size() const { return impl_->polygons.size(); }

std::optional<size_t> PointInPolygonIndex::Find(double x, double y) const {
  Impl& m = *impl_;
  GEOSGeometry* point = GEOSGeom_createPointFromXY_r(m.ctx, x, y);
  if (!point) return std::nullopt;
  std::vector<size_t> candidates;
  GEOSSTRtree_query_r(
      m.ctx, m.tree, point,
      [](void* item, void* out) { static_cast<std::vector<size_t>*>(out)->push_back(*static_cast<size_t*>(item)); },
      &candidates);
  std::optional<size_t> best;
  for (size_t i : candidates) {
    if (best && i > *best) continue;
    // Intersects, not Contains: a point on a boundary belongs to a polygon.
    if (GEOSPreparedIntersects_r(m.ctx, m.prepared[i], point) == 1) best = i;
  }
  GEOSGeom_destroy_r(m.ctx, point);
  return best;
}

}  // namespace nhood::io
