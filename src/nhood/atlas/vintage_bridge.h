// Bridging counts between area vintages (LSOA 2011 <-> 2021) through the
// ONS best-fit lookup, by population apportioning.
//
// Each source area's count is shared among the target areas it links to, in
// proportion to the targets' populations (equally when none is known):
//   U (unchanged) and M (merged: several sources -> one target) links carry
//   the whole count, because the source has one partner; merged sources add
//   up in the target;
//   S (split: one source -> several targets) and X (irregular) share it.
// Counts stay additive: the total over the targets equals the total over the
// sources that the lookup covers. Sources missing from the lookup are
// reported (how many and which), never silently dropped.
// Pure function; thread-safe.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::atlas {

struct BridgeLink {
  std::string from, to;
};

struct Bridged {
  std::vector<std::string> targets;             // in order of first appearance in the lookup
  std::vector<std::vector<double>> columns;     // per input column, per target
  std::vector<std::string> unmatched_sources;   // source ids not in the lookup
  size_t split_sources = 0;                     // sources shared among several targets
};

// `counts`: one vector per column, each of `source_ids.size()`; NaN counts
// propagate to every target they touch. `target_population` may be empty.
Result<Bridged> BridgeCounts(const std::vector<BridgeLink>& links, const std::vector<std::string>& source_ids,
                             const std::vector<std::vector<double>>& counts,
                             const std::unordered_map<std::string, double>& target_population);

}  // namespace nhood::atlas
