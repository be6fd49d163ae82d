// Checks on data read from files, shared by io's readers and the commands:
// each names the file, row (and line) and column, so bad input stops with
// one clear line instead of a different answer.
//
// Pure functions over their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/geo/polygon.h"

namespace nhood::io {

// True for a spelling of a non-finite number: "inf", "Infinity", "nan",
// "NaN", "-inf", "+Infinity"... (any case, spaces around allowed).
bool IsNonFiniteText(std::string_view text);

// kInvalidArgument "FILE: row R (line L), column 'x': 'inf' is not a finite
// number" for the first non-finite spelling in a column of numbers: a text
// column whose other present cells are all numbers (so a column of names
// that holds "Nan" is left alone). Missing spellings ("", "NA", "N/A") stay
// missing. Numeric columns are checked with std::isfinite, NaN excepted
// (NaN is how a numeric column holds a missing value).
Status CheckFiniteNumbers(const Table& table);

// kNotFound when `column` is not in the table; kInvalidArgument
// "FILE: row R (line L), column 'id': duplicate id 'E01000001' (first in row
// Q)" for the first repeated id, or "...: missing id" for an empty one.
// `what` names the role in the message ("id", "lookup source id"...).
Status RequireUniqueIds(const Table& table, std::string_view column, std::string_view what = "id");

// kInvalidArgument when the layer has no coordinate system and every vertex
// lies within longitude/latitude bounds (|x| <= 180, |y| <= 90): distances
// computed from such coordinates would be in degrees, not the metres `use`
// asks for. `use` names what needs metres ("--weights distance:2000"); the
// message says what to do. Layers with a CRS (reprojected by the caller) or
// with coordinates outside degree bounds pass.
Status CheckMetricCoordinates(const geo::PolygonLayer& layer, std::string_view use);

// kInvalidArgument "FILE: row R (line L), column 'x': text is not valid UTF-8"
// for the first cell (or "column N: name is not valid UTF-8" for a column
// name) that is not valid UTF-8. Writers call it before creating any file.
Status CheckUtf8(const Table& table);

}  // namespace nhood::io
