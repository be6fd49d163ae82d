// GSS area codes (ONS Government Statistical Service codes), e.g. E01000001.
//
// A GSS code is one letter for the country (E, W, S, N, K for UK-wide), two
// digits for the entity type and six digits for the instance: nine
// characters. The entity type says what kind of area it is (E01 an LSOA, E02
// an MSOA, E05 a ward, E06-E09 a local authority district, E12 a region,
// E92 England). Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace nhood {

enum class AreaType {
  kUnknown,
  kOutputArea,       // E00, W00
  kLsoa,             // E01, W01
  kMsoa,             // E02, W02
  kWard,             // E05, W05
  kLocalAuthority,   // E06 unitary, E07 non-met district, E08 met district, E09 London borough, W06
  kCounty,           // E10
  kRegion,           // E12
  kCountry,          // E92, W92, S92, N92
  kIcb,              // E54 integrated care board
  kSubIcb,           // E38 sub-ICB location
};

// True iff `code` has the GSS shape: [EWSNK] then eight digits.
bool IsValidGssCode(std::string_view code);

// The area type implied by the code's prefix; kUnknown for an invalid code
// or a prefix nhood does not know.
AreaType AreaTypeOf(std::string_view code);

// Human-readable name of the type: "LSOA", "local authority", ...
const char* AreaTypeName(AreaType type);

}  // namespace nhood
