#include "nhood/link/organisations_report.h"

#include <algorithm>
#include <array>
#include <map>

namespace nhood::link {
namespace {

constexpr const char* kNotInDirectory = "Services no longer in the directory";

struct Counts {
  std::string id, name;
  // sent, waiting, accepted, attended, declined
  std::array<int64_t, 5> n{};
};

}  // namespace

ReportTable OrganisationsTable(std::span<const OnwardCell> cells, const SuppressionRule& rule) {
  std::map<std::string, Counts> by_org;
  for (const OnwardCell& c : cells) {
    Counts& k = by_org[c.organisation_id];
    k.id = c.organisation_id;
    k.name = c.organisation_id.empty() ? kNotInDirectory : c.organisation_name;
    k.n[0] += c.referrals;
    const size_t at = c.status == OnwardStatus::kSent       ? 1
                      : c.status == OnwardStatus::kAccepted ? 2
                      : c.status == OnwardStatus::kAttended ? 3
                                                            : 4;
    k.n[at] += c.referrals;
  }
  // By name, the services not in the directory last.
  std::vector<Counts> rows;
  for (auto& [id, k] : by_org) {
    if (!id.empty()) rows.push_back(k);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Counts& a, const Counts& b) { return a.name < b.name; });
  if (by_org.count("")) rows.push_back(by_org.at(""));
  Counts total{.id = "", .name = "All organisations"};
  for (const Counts& k : rows) {
    for (size_t i = 0; i < 5; ++i) total.n[i] += k.n[i];
  }

  ReportTable t;
  t.name = "organisations";
  t.title = "Organisations referred to, and onward referrals by outcome";
  t.columns = {"organisation_id", "organisation", "sent", "waiting", "accepted", "attended", "declined", "suppressed"};
  SuppressionCounter sc(rule);
  // Which cells to withhold, column by column: the sent column by the rule
  // (with its secondary cell); a status cell when it is 1..below-1 or its
  // row's sent is withheld, and then, when that leaves only one withheld in
  // the column, the smallest other non-zero one too (the total is shown).
  std::vector<int64_t> sent;
  for (const Counts& k : rows) sent.push_back(k.n[0]);
  std::array<std::vector<bool>, 5> hide;
  hide[0] = WithheldInColumn(sent, rule);
  for (size_t col = 1; col < 5; ++col) {
    std::vector<int64_t> counts;
    for (const Counts& k : rows) counts.push_back(k.n[col]);
    hide[col] = WithheldInColumn(counts, rule, hide[0]);
  }
  auto add = [&](const Counts& k, std::array<bool, 5> withhold) {
    int64_t withheld = 0;
    for (size_t col = 0; col < 5; ++col) {
      if (!withhold[col]) continue;
      sc.Figure(0.0, false, k.name + " " + t.columns[col + 2]);
      ++withheld;
    }
    auto cell = [&](size_t col) { return withhold[col] ? ReportValue() : ReportValue(k.n[col]); };
    t.AddRow({k.id.empty() ? ReportValue() : ReportValue(k.id), k.name, cell(0), cell(1), cell(2), cell(3), cell(4),
              withheld});
  };
  for (size_t r = 0; r < rows.size(); ++r) {
    std::array<bool, 5> w{};
    for (size_t col = 0; col < 5; ++col) w[col] = hide[col][r];
    add(rows[r], w);
  }
  std::array<bool, 5> w{};
  for (size_t col = 0; col < 5; ++col) w[col] = Withheld(total.n[col], rule);
  add(total, w);
  t.suppressed_cells = sc.cells();
  t.suppressed = sc.names();
  t.notes = {
      "onward referrals sent in the period, by the organisation of the service and their status now: "
      "waiting (sent, no answer yet), accepted, attended, declined",
      "counts of 1-" + std::to_string(rule.below - 1) +
          " are withheld, and the next smallest in the column when only one is; an organisation with 1-" +
          std::to_string(rule.below - 1) + " sent has all its counts withheld"};
  return t;
}

Result<ReportTable> OrganisationsFromStore(Store& store, const ActivityQuery& period, const SuppressionRule& rule) {
  NHOOD_RETURN_IF_ERROR(ValidatePeriod(period));
  NHOOD_ASSIGN_OR_RETURN(std::vector<OnwardCell> cells, store.SummariseOnwardByOrganisation(period));
  return OrganisationsTable(cells, rule);
}

Result<ReportTable> ReadOrganisationsReport(Store& store, const Actor& actor, const ActivityQuery& period,
                                            const SuppressionRule& rule, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "organisations", request));
  return OrganisationsFromStore(store, period, rule);
}

}  // namespace nhood::link
