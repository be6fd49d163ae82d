// How io turns an OGR field into text: reals in shortest round-trip form
// (so 37001.0 reads back as "37001", not "37001.000000000000000"), unset and
// null fields as "", a stored NaN as "NaN". Internal to io.
#pragma once

#include <ogr_api.h>

#include <string>

#include "nhood/base/number.h"

namespace nhood::io::internal {

inline std::string FieldText(OGRFeatureH f, int i) {
  if (!OGR_F_IsFieldSetAndNotNull(f, i)) return "";
  OGRFieldDefnH def = OGR_F_GetFieldDefnRef(f, i);
  if (OGR_Fld_GetType(def) == OFTReal) {
    // A stored NaN is not a missing value (those are null): "NaN", so that
    // CheckFiniteNumbers reports it like "Inf".
    const double v = OGR_F_GetFieldAsDouble(f, i);
    return v != v ? std::string("NaN") : FormatNumber(v);
  }
  return OGR_F_GetFieldAsString(f, i);
}

}  // namespace nhood::io::internal
