// Text formats for spatial weights: GAL (GeoDa/PySAL contiguity lists) and
// GWT (GeoDa weighted edge lists), parsed from and formatted to strings (io
// does the file reading and writing).
//
// GAL: a header "n" (or "0 n shapefile key"), then per area a line "id k" and
// a line of k neighbour ids. GWT: a header, then lines "from to weight".
// Ids are matched to `ids` (the areas in data order); an unknown id is an
// error naming it and the line. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/geo/weights.h"

namespace nhood::geo {

Result<SpatialWeights> ParseGal(const std::string& text, const std::vector<std::string>& ids,
                                const std::string& source = "<gal>");
Result<SpatialWeights> ParseGwt(const std::string& text, const std::vector<std::string>& ids,
                                const std::string& source = "<gwt>");
// From directed edges given by id (e.g. an edge-list CSV's from/to columns).
Result<SpatialWeights> FromEdges(const std::vector<std::string>& from, const std::vector<std::string>& to,
                                 const std::vector<std::string>& ids, const std::vector<double>& weights = {},
                                 const std::string& source = "<edges>");

std::string FormatGal(const SpatialWeights& w);

}  // namespace nhood::geo
