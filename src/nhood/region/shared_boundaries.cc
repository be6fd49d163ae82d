#include "nhood/region/shared_boundaries.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace nhood::region {
namespace {

// A segment by the exact bits of its endpoints, smaller endpoint first.
struct SegmentKey {
  uint64_t ax, ay, bx, by;
  bool operator==(const SegmentKey&) const = default;
};

struct SegmentHash {
  size_t operator()(const SegmentKey& k) const {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (uint64_t v : {k.ax, k.ay, k.bx, k.by}) {
      h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    }
    return static_cast<size_t>(h);
  }
};

SegmentKey KeyOf(const geo::Point& p, const geo::Point& q) {
  // +0.0 and -0.0 are the same coordinate.
  auto bits = [](double v) { return std::bit_cast<uint64_t>(v == 0 ? 0.0 : v); };
  const bool p_first = p.x < q.x || (p.x == q.x && p.y < q.y);
  const geo::Point& a = p_first ? p : q;
  const geo::Point& b = p_first ? q : p;
  return {bits(a.x), bits(a.y), bits(b.x), bits(b.y)};
}

}  // namespace

Result<SharedBoundaries> ComputeSharedBoundaries(const geo::PolygonLayer& layer, const geo::SpatialWeights& w) {
  if (layer.size() != w.size()) {
    return InvalidArgument("shared boundaries: the layer and the weights have different numbers of areas");
  }
  const size_t n = layer.size();
  SharedBoundaries out;
  out.area.resize(n);
  out.perimeter.resize(n);
  out.shared.assign(w.num_links(), 0.0);
  // First owner of each segment; a second, different owner shares it.
  std::unordered_map<SegmentKey, int32_t, SegmentHash> owner;
  size_t segments = 0;
  for (const auto& p : layer.polygons) {
    for (const auto& part : p.parts) {
      for (const auto& ring : part) segments += ring.size();
    }
  }
  owner.reserve(segments);
  const auto& indptr = w.indptr();
  const auto& indices = w.indices();
  auto add_shared = [&](int32_t i, int32_t j, double len) {
    const auto* begin = indices.data() + indptr[i];
    const auto* end = indices.data() + indptr[i + 1];
    const auto* it = std::lower_bound(begin, end, j);
    if (it != end && *it == j) out.shared[static_cast<size_t>(it - indices.data())] += len;
  };
  for (size_t i = 0; i < n; ++i) {
    const geo::Polygon& poly = layer.polygons[i];
    out.area[i] = geo::Area(poly);
    out.perimeter[i] = geo::Perimeter(poly);
    for (const auto& part : poly.parts) {
      for (const auto& ring : part) {
        for (size_t v = 1; v < ring.size(); ++v) {
          const geo::Point& a = ring[v - 1];
          const geo::Point& b = ring[v];
          if (a.x == b.x && a.y == b.y) continue;
          auto [it, inserted] = owner.emplace(KeyOf(a, b), static_cast<int32_t>(i));
          if (inserted || it->second == static_cast<int32_t>(i)) continue;
          const double len = std::hypot(b.x - a.x, b.y - a.y);
          add_shared(static_cast<int32_t>(i), it->second, len);
          add_shared(it->second, static_cast<int32_t>(i), len);
        }
      }
    }
  }
  size_t without = 0;
  for (size_t k = 0; k < out.shared.size(); ++k) without += out.shared[k] == 0;
  out.links_without_segment = out.shared.empty() ? 0 : static_cast<double>(without) / out.shared.size();
  return out;
}

}  // namespace nhood::region
