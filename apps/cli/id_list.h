// The first few ids of a list, for messages: "a, b, c, ..." (the ", ..."
// only when some were left out).
#pragma once

#include <string>
#include <vector>

namespace nhood::cli {

inline std::string FirstIds(const std::vector<std::string>& ids, size_t most = 10) {
  std::string out;
  for (size_t k = 0; k < ids.size() && k < most; ++k) out += (k ? ", " : "") + ids[k];
  if (ids.size() > most) out += ", ...";
  return out;
}

}  // namespace nhood::cli
