#include "nhood/geo/polygon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace nhood::geo {
namespace {

// Twice the signed area and the area moments of a ring (shoelace).
struct RingMoments {
  double a2 = 0, cx6 = 0, cy6 = 0;
};

RingMoments Moments(const Ring& r) {
  RingMoments m;
  for (size_t i = 0; i + 1 < r.size(); ++i) {
    const double cross = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    m.a2 += cross;
    m.cx6 += (r[i].x + r[i + 1].x) * cross;
    m.cy6 += (r[i].y + r[i + 1].y) * cross;
  }
  return m;
}

}  // namespace

double Area(const Polygon& p) {
  double area = 0;
  for (const Part& part : p.parts) {
    for (size_t k = 0; k < part.size(); ++k) {
      const double a = std::fabs(Moments(part[k]).a2) / 2;
      area += k == 0 ? a : -a;
    }
  }
  return area;
}

double Perimeter(const Polygon& p) {
  double length = 0;
  for (const Part& part : p.parts) {
    for (const Ring& r : part) {
      for (size_t i = 0; i + 1 < r.size(); ++i) length += std::hypot(r[i + 1].x - r[i].x, r[i + 1].y - r[i].y);
    }
  }
  return length;
}

Point Centroid(const Polygon& p) {
  double a = 0, cx = 0, cy = 0, sx = 0, sy = 0;
  size_t count = 0;
  for (const Part& part : p.parts) {
    for (size_t k = 0; k < part.size(); ++k) {
      RingMoments m = Moments(part[k]);
      // Orient exteriors positive and holes negative, whatever the winding.
      const double sign = (k == 0) == (m.a2 >= 0) ? 1.0 : -1.0;
      a += sign * m.a2;
      cx += sign * m.cx6;
      cy += sign * m.cy6;
      for (const Point& q : part[k]) {
        sx += q.x;
        sy += q.y;
        ++count;
      }
    }
  }
  if (std::fabs(a) < std::numeric_limits<double>::min() * 1e6) {
    return count ? Point{sx / count, sy / count} : Point{NAN, NAN};
  }
  return {cx / (3 * a), cy / (3 * a)};
}

double PolsbyPopper(const Polygon& p) {
  const double per = Perimeter(p);
  if (per == 0) return NAN;
  return 4 * std::numbers::pi * Area(p) / (per * per);
}

BoundingBox Bounds(const Polygon& p) {
  BoundingBox b{INFINITY, INFINITY, -INFINITY, -INFINITY};
  for (const Part& part : p.parts) {
    for (const Ring& r : part) {
      for (const Point& q : r) {
        b.min_x = std::min(b.min_x, q.x);
        b.min_y = std::min(b.min_y, q.y);
        b.max_x = std::max(b.max_x, q.x);
        b.max_y = std::max(b.max_y, q.y);
      }
    }
  }
  return b;
}

}  // namespace nhood::geo
