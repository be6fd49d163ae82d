#include "nhood/stats/confidence.h"

#include <cmath>
#include <cstdio>

#include "nhood/base/number.h"
#include "nhood/stats/distributions.h"

namespace nhood::stats {

Result<double> NormaliseConfidence(double level) {
  if (level >= 0.9 && level <= 1.0) return level;
  if (level >= 90 && level <= 100) return level / 100.0;
  return InvalidArgument("confidence level " + FormatNumber(level) +
                         " must be between 0.9 and 1 (or 90 and 100)");
}

Result<double> TwoSidedZ(double level) {
  NHOOD_ASSIGN_OR_RETURN(double c, NormaliseConfidence(level));
  return NormalQuantile(c + (1.0 - c) / 2.0);
}

std::string ConfidenceSuffix(double level) {
  const double pct = std::round(level * 1000.0) / 10.0;  // 99.8, 95.0
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", pct);
  std::string s(buf);
  for (char& ch : s) {
    if (ch == '.') ch = '_';
  }
  return s;
}

Result<std::vector<double>> ParseConfidenceList(const std::string& text) {
  std::vector<double> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string part = text.substr(start, comma - start);
    std::optional<double> v = ParseNumber(part);
    if (!v || std::isnan(*v)) return InvalidArgument("confidence: '" + part + "' is not a number");
    NHOOD_ASSIGN_OR_RETURN(double c, NormaliseConfidence(*v));
    out.push_back(c);
    start = comma + 1;
  }
  if (out.empty()) return InvalidArgument("confidence: no level given");
  return out;
}

}  // namespace nhood::stats
