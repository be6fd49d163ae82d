#include "nhood/base/area_code.h"

namespace nhood {

bool IsValidGssCode(std::string_view code) {
  if (code.size() != 9) return false;
  const char c = code[0];
  if (c != 'E' && c != 'W' && c != 'S' && c != 'N' && c != 'K') return false;
  for (size_t i = 1; i < code.size(); ++i) {
    if (code[i] < '0' || code[i] > '9') return false;
  }
  return true;
}

AreaType AreaTypeOf(std::string_view code) {
  if (!IsValidGssCode(code)) return AreaType::kUnknown;
  const int entity = (code[1] - '0') * 10 + (code[2] - '0');
  const char country = code[0];
  switch (entity) {
    case 0: return AreaType::kOutputArea;
    case 1: return AreaType::kLsoa;
    case 2: return AreaType::kMsoa;
    case 5: return AreaType::kWard;
    case 6: return AreaType::kLocalAuthority;
    case 7:
    case 8:
    case 9: return country == 'E' ? AreaType::kLocalAuthority : AreaType::kUnknown;
    case 10: return country == 'E' ? AreaType::kCounty : AreaType::kUnknown;
    case 12: return country == 'E' ? AreaType::kRegion : AreaType::kUnknown;
    case 38: return country == 'E' ? AreaType::kSubIcb : AreaType::kUnknown;
    case 54: return country == 'E' ? AreaType::kIcb : AreaType::kUnknown;
    case 92: return AreaType::kCountry;
    default: return AreaType::kUnknown;
  }
}

const char* AreaTypeName(AreaType type) {
  switch (type) {
    case AreaType::kUnknown: return "unknown";
    case AreaType::kOutputArea: return "output area";
    case AreaType::kLsoa: return "LSOA";
    case AreaType::kMsoa: return "MSOA";
    case AreaType::kWard: return "ward";
    case AreaType::kLocalAuthority: return "local authority";
    case AreaType::kCounty: return "county";
    case AreaType::kRegion: return "region";
    case AreaType::kCountry: return "country";
    case AreaType::kIcb: return "ICB";
    case AreaType::kSubIcb: return "sub-ICB location";
  }
  return "unknown";
}

}  // namespace nhood
