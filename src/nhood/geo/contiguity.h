// Queen and rook contiguity from polygons, with the same neighbour sets as
// R spdep::poly2nb (spdep 1.2-7, its default snap).
//
// poly2nb takes each feature's vertices as sf::st_coordinates lists them
// (every ring, closing vertex included) minus the first row, and counts the
// vertex pairs of two features that lie within `snap` of each other
// (|dx| <= snap, |dy| <= snap, hypot <= snap). Queen: at least one pair; rook:
// at least two. We count the same pairs, but find them by hashing vertices
// to a grid of cell size `snap` and comparing only neighbouring cells, so the
// work is O(V log V) in the number of vertices instead of poly2nb's
// bounding-box candidate loop.
// NOTE: rook counts vertex pairs, not shared edges, exactly as poly2nb: two
// polygons touching at a point that is listed twice (a ring's closing
// vertex) are rook neighbours too.
// Pure function; thread-safe.
#pragma once

#include <cfloat>
#include <cmath>

#include "nhood/base/result.h"
#include "nhood/geo/polygon.h"
#include "nhood/geo/weights.h"

namespace nhood::geo {

struct ContiguityOptions {
  bool queen = true;
  // spdep's default snap: sqrt(.Machine$double.eps) = 1.490116e-08.
  double snap = 1.4901161193847656e-08;
};

// Binary contiguity weights; ids from the layer. kInvalidArgument for an
// empty layer or a non-positive snap.
Result<SpatialWeights> ContiguityWeights(const PolygonLayer& layer, const ContiguityOptions& options = {});

}  // namespace nhood::geo
