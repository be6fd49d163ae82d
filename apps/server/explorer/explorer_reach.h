// The link service's reach on the explorer's profiles: when `nhood serve`
// has both --db and --atlas, each neighbourhood's profile says how many of
// the link service's residents live there, by the LSOA recorded on each
// resident (a resident without an LSOA, or with one the atlas does not hold,
// is in no neighbourhood). Erased residents are not counted.
//
// An aggregate, never personal: the store is read through the Store
// interface (FindResidents, keyset pages; the stores bind every value as a
// parameter), only each resident's LSOA is looked at, and only counts per
// LSOA are kept. Shown counts follow the link reports' small-number rule
// (link/suppression.h): 1..below-1 residents are withheld (null, with
// "suppressed": true); 0 is shown. The public explorer has no user, so each
// read of the store appends one audit event with no user: action
// "read_reports", record ("report", "atlas_reach"), detail naming the
// aggregate. The counts are kept for `max_age` (60 s), so a read happens at
// most once a minute whatever the traffic, and a profile costs a lookup.
//
// ReachCounts is thread-safe (one mutex; a refresh holds it). ReachIn is pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/link/access.h"
#include "nhood/link/store.h"
#include "nhood/link/suppression.h"

namespace nhood::server::explorer {

using LsoaCounts = std::unordered_map<std::string, int64_t>;  // LSOA code -> residents

struct NeighbourhoodReach {
  std::optional<int64_t> residents;  // nullopt when withheld
  bool suppressed = false;
  int suppress_below = 5;
  link::Time as_of{};  // when the counts were read
};

// The residents of `counts` living in the LSOAs of `lsoas` (its lsoaNN_code
// column; a profile's LSOA rows), under `rule`.
NeighbourhoodReach ReachIn(const Table& lsoas, const LsoaCounts& counts, const link::SuppressionRule& rule);

class ReachCounts {
 public:
  explicit ReachCounts(std::chrono::seconds max_age = std::chrono::seconds(60)) : max_age_(max_age) {}

  struct Snapshot {
    std::shared_ptr<const LsoaCounts> counts;
    link::Time as_of{};
  };

  // The counts, read from `store` (and audited) when none were read in the
  // last max_age before request.now. Store errors are returned as they are.
  Result<Snapshot> Get(link::Store& store, const link::RequestInfo& request);

 private:
  std::chrono::seconds max_age_;
  std::mutex mu_;
  Snapshot current_;
  bool read_ = false;
};

}  // namespace nhood::server::explorer
