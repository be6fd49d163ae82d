#include "apps/server/explorer/explorer_reach.h"

#include "nhood/atlas/atlas_profile.h"
#include "nhood/link/audit.h"
#include "nhood/link/permissions.h"

namespace nhood::server::explorer {
namespace {

Result<LsoaCounts> ReadCounts(link::Store& store) {
  LsoaCounts counts;
  link::ResidentQuery q{.include_erased = false, .after_id = 0, .limit = 10000};
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<link::Resident> page, store.FindResidents(q));
    for (const link::Resident& r : page) {
      if (r.lsoa && !r.lsoa->empty()) ++counts[*r.lsoa];
    }
    if (static_cast<int>(page.size()) < q.limit) break;
    q.after_id = page.back().id;
  }
  return counts;
}

}  // namespace

NeighbourhoodReach ReachIn(const Table& lsoas, const LsoaCounts& counts, const link::SuppressionRule& rule) {
  NeighbourhoodReach out;
  out.suppress_below = rule.below;
  int64_t total = 0;
  if (auto code = atlas::LsoaCodeColumn(lsoas)) {
    for (size_t r = 0; r < lsoas.num_rows(); ++r) {
      auto it = counts.find(lsoas.Cell(*code, r));
      if (it != counts.end()) total += it->second;
    }
  }
  out.suppressed = link::Withheld(total, rule);
  if (!out.suppressed) out.residents = total;
  return out;
}

Result<ReachCounts::Snapshot> ReachCounts::Get(link::Store& store, const link::RequestInfo& request) {
  std::lock_guard<std::mutex> lock(mu_);
  if (read_ && request.now - current_.as_of < max_age_ && request.now >= current_.as_of) return current_;
  NHOOD_ASSIGN_OR_RETURN(LsoaCounts counts, ReadCounts(store));
  link::AuditEvent e;
  e.at = request.now;
  e.action = std::string(link::ActionName(link::Action::kReadReports));
  e.record_type = "report";
  e.record_id = "atlas_reach";
  e.detail = "aggregate for the public atlas explorer: residents per LSOA (" + std::to_string(counts.size()) +
             " LSOAs); small neighbourhood counts withheld (--suppress-below)";
  e.address = request.address;
  e.request_id = request.request_id;
  NHOOD_RETURN_IF_ERROR(store.AppendAudit(e).status());
  current_ = Snapshot{.counts = std::make_shared<const LsoaCounts>(std::move(counts)), .as_of = request.now};
  read_ = true;
  return current_;
}

}  // namespace nhood::server::explorer
