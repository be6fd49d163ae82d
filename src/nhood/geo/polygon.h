// Polygons as nhood holds them: a layer of features, each a multipolygon
// (parts, each an exterior ring then holes), with one id per feature.
//
// Coordinates are planar (x, y): projected metres (EPSG:27700) for areas and
// distances, or lon/lat degrees as read when no projection was asked for.
// Rings are stored as read, closed (first point == last point). io reads and
// reprojects (GDAL/PROJ); geo only computes. Copyable value types.
#pragma once

#include <string>
#include <vector>

namespace nhood::geo {

struct Point {
  double x = 0;
  double y = 0;
};

using Ring = std::vector<Point>;
// A part: its exterior ring first, then its holes.
using Part = std::vector<Ring>;

struct Polygon {
  std::vector<Part> parts;
  bool empty() const { return parts.empty(); }
};

struct BoundingBox {
  double min_x, min_y, max_x, max_y;
};

struct PolygonLayer {
  std::vector<std::string> ids;
  std::vector<Polygon> polygons;
  bool projected = false;  // true when coordinates are metres
  std::string crs;         // e.g. "EPSG:27700"
  size_t size() const { return polygons.size(); }
};

// Area (exteriors minus holes, absolute shoelace), in squared units.
double Area(const Polygon& p);
// Total boundary length of every ring.
double Perimeter(const Polygon& p);
// Area-weighted centroid of the exteriors (minus holes); the mean vertex for
// degenerate polygons with zero area.
Point Centroid(const Polygon& p);
// Polsby-Popper compactness 4 pi A / P^2 (1 for a circle); NaN when P = 0.
double PolsbyPopper(const Polygon& p);
BoundingBox Bounds(const Polygon& p);

}  // namespace nhood::geo
