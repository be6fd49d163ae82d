#include "nhood/link/suppression.h"

namespace nhood::link {

std::optional<int64_t> SuppressionCounter::Count(int64_t count, const std::string& name) {
  if (Withheld(count, rule_)) {
    names_.push_back(name);
    return std::nullopt;
  }
  return count;
}

std::optional<double> SuppressionCounter::Figure(std::optional<double> value, bool show, const std::string& name) {
  if (show || !value) return value;
  names_.push_back(name);
  return std::nullopt;
}

}  // namespace nhood::link

namespace nhood::link {

std::vector<bool> WithheldInColumn(const std::vector<int64_t>& counts, const SuppressionRule& rule,
                                   const std::vector<bool>& also) {
  std::vector<bool> out(counts.size(), false);
  int primary = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    out[i] = Withheld(counts[i], rule) || (i < also.size() && also[i]);
    primary += out[i] ? 1 : 0;
  }
  if (primary == 1) {
    std::optional<size_t> smallest;
    for (size_t i = 0; i < counts.size(); ++i) {
      if (out[i] || counts[i] <= 0) continue;
      if (!smallest || counts[i] < counts[*smallest]) smallest = i;
    }
    if (smallest) out[*smallest] = true;
  }
  return out;
}

}  // namespace nhood::link
