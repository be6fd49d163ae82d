#include "nhood/geo/contiguity.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace nhood::geo {
namespace {

struct Vertex {
  int64_t cx, cy;  // grid cell
  double x, y;
  int32_t feature;
};

bool CellLess(const Vertex& a, const Vertex& b) {
  if (a.cx != b.cx) return a.cx < b.cx;
  if (a.cy != b.cy) return a.cy < b.cy;
  return a.feature < b.feature;
}

}  // namespace

Result<SpatialWeights> ContiguityWeights(const PolygonLayer& layer, const ContiguityOptions& options) {
  if (layer.size() == 0) return InvalidArgument("contiguity: no features");
  if (!(options.snap > 0)) return InvalidArgument("contiguity: snap must be positive");
  const double snap = options.snap;
  std::vector<Vertex> v;
  size_t vertices = 0;
  for (const Polygon& p : layer.polygons) {
    for (const Part& part : p.parts) {
      for (const Ring& ring : part) vertices += ring.size();
    }
  }
  v.reserve(vertices);  // one allocation, not a doubling copy of ~64 MB
  for (size_t f = 0; f < layer.size(); ++f) {
    bool first = true;
    for (const Part& part : layer.polygons[f].parts) {
      for (const Ring& ring : part) {
        for (const Point& p : ring) {
          if (first) {  // poly2nb drops the feature's first coordinate row
            first = false;
            continue;
          }
          v.push_back({static_cast<int64_t>(std::floor(p.x / snap)), static_cast<int64_t>(std::floor(p.y / snap)),
                       p.x, p.y, static_cast<int32_t>(f)});
        }
      }
    }
  }
  std::sort(v.begin(), v.end(), CellLess);
  // Start of each distinct cell in the sorted order.
  std::vector<size_t> cell_start;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 0 || v[i].cx != v[i - 1].cx || v[i].cy != v[i - 1].cy) cell_start.push_back(i);
  }
  cell_start.push_back(v.size());
  auto find_cell = [&](int64_t cx, int64_t cy) -> std::pair<size_t, size_t> {
    size_t lo = 0, hi = cell_start.size() - 1;
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      const Vertex& m = v[cell_start[mid]];
      if (m.cx < cx || (m.cx == cx && m.cy < cy)) lo = mid + 1;
      else hi = mid;
    }
    if (lo == cell_start.size() - 1) return {0, 0};
    const Vertex& m = v[cell_start[lo]];
    if (m.cx != cx || m.cy != cy) return {0, 0};
    return {cell_start[lo], cell_start[lo + 1]};
  };
  // Count matching vertex pairs per feature pair (a < b). Each unordered
  // vertex pair is visited once: from its vertex of the lower feature.
  std::vector<uint64_t> pairs;
  // The nine cells around a cell are looked up once per cell, not per vertex.
  for (size_t c = 0; c + 1 < cell_start.size(); ++c) {
    std::pair<size_t, size_t> around[9];
    const Vertex& corner = v[cell_start[c]];
    for (int64_t dx = -1, k = 0; dx <= 1; ++dx) {
      for (int64_t dy = -1; dy <= 1; ++dy, ++k) {
        around[k] = (dx == 0 && dy == 0) ? std::pair{cell_start[c], cell_start[c + 1]}
                                         : find_cell(corner.cx + dx, corner.cy + dy);
      }
    }
    for (size_t i = cell_start[c]; i < cell_start[c + 1]; ++i) {
      const Vertex& a = v[i];
      for (const auto& [s, e] : around) {
        for (size_t j = s; j < e; ++j) {
          const Vertex& b = v[j];
          if (b.feature <= a.feature) continue;
          const double xd = a.x - b.x, yd = a.y - b.y;
          if (std::fabs(xd) > snap || std::fabs(yd) > snap || std::hypot(xd, yd) > snap) continue;
          pairs.push_back((static_cast<uint64_t>(a.feature) << 32) | static_cast<uint32_t>(b.feature));
        }
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  const size_t needed = options.queen ? 1 : 2;
  std::vector<std::vector<int32_t>> nb(layer.size());
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    if (j - i >= needed) {
      const auto a = static_cast<int32_t>(pairs[i] >> 32), b = static_cast<int32_t>(pairs[i] & 0xffffffffu);
      nb[a].push_back(b);
      nb[b].push_back(a);
    }
    i = j;
  }
  return SpatialWeights::FromNeighbours(layer.ids, nb);
}

}  // namespace nhood::geo
