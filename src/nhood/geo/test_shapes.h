// Small hand-made layers for geo and spatial tests.
#pragma once

#include <string>

#include "nhood/geo/polygon.h"

namespace nhood::geo::testing {

// A rows x cols grid of unit squares; ids "r<row>c<col>", row-major.
inline PolygonLayer Grid(int rows, int cols) {
  PolygonLayer layer;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const double x = c, y = r;
      Ring ring = {{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}};
      layer.ids.push_back("r" + std::to_string(r) + "c" + std::to_string(c));
      layer.polygons.push_back(Polygon{{Part{ring}}});
    }
  }
  layer.projected = true;
  return layer;
}

}  // namespace nhood::geo::testing
