#include "nhood/link/reach_report.h"

#include <map>
#include <set>
#include <unordered_map>

#include "nhood/base/number.h"
#include "nhood/stats/confidence.h"
#include "nhood/stats/proportion.h"

namespace nhood::link {
namespace {

Result<bool> ParseFlag(const Table& t, size_t column, size_t row) {
  const std::string v = t.Cell(column, row);
  if (v == "true" || v == "TRUE" || v == "True" || v == "1") return true;
  if (v == "false" || v == "FALSE" || v == "False" || v == "0") return false;
  return InvalidArgument(t.RowLocation(row) + ", column '" + t.name(column) + "': '" + v +
                         "' is not true or false");
}

bool InPeriod(Time at, std::optional<Date> from, std::optional<Date> to) {
  if (from && at < Time(std::chrono::sys_days(*from))) return false;
  if (to && at >= Time(std::chrono::sys_days(*to))) return false;
  return true;
}

}  // namespace

Result<std::vector<ReachArea>> ReachAreasFromTable(const Table& t) {
  std::optional<size_t> code;
  for (const char* name : {"lsoa21_code", "lsoa11_code", "lsoa_code"}) {
    if ((code = t.Find(name))) break;
  }
  if (!code) {
    return NotFound(t.source() + ": no LSOA column (lsoa21_code, lsoa11_code or lsoa_code) among the atlas's columns");
  }
  NHOOD_ASSIGN_OR_RETURN(size_t pop, t.Require("population"));
  NHOOD_ASSIGN_OR_RETURN(size_t core20, t.Require("core20"));
  NHOOD_ASSIGN_OR_RETURN(size_t dd, t.Require("double_disadvantage"));
  const std::optional<size_t> nb = t.Find("neighbourhood_id");
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers population, t.GetNumbers("population"));
  std::vector<ReachArea> out;
  std::set<std::string> seen;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    ReachArea a;
    a.lsoa = t.Cell(*code, r);
    if (a.lsoa.empty()) return InvalidArgument(t.RowLocation(r) + ", column '" + t.name(*code) + "': empty LSOA code");
    if (!seen.insert(a.lsoa).second) {
      return InvalidArgument(t.RowLocation(r) + ", column '" + t.name(*code) + "': LSOA " + a.lsoa + " repeated");
    }
    if (!(population[r] >= 0)) {
      return InvalidArgument(t.RowLocation(r) + ", column '" + t.name(pop) + "': '" + t.Cell(pop, r) +
                             "' is not a population (a number >= 0)");
    }
    a.population = population[r];
    NHOOD_ASSIGN_OR_RETURN(a.core20, ParseFlag(t, core20, r));
    NHOOD_ASSIGN_OR_RETURN(a.double_disadvantage, ParseFlag(t, dd, r));
    if (nb) a.neighbourhood_id = t.Cell(*nb, r);
    out.push_back(std::move(a));
  }
  return out;
}

ReachReport ComputeReach(std::span<const std::string> resident_lsoas, std::span<const ReachArea> areas,
                         const ReachOptions& options) {
  ReachReport r;
  r.from = options.from;
  r.to = options.to;
  r.atlas = options.atlas;
  r.suppress_below = options.suppression.below;
  std::unordered_map<std::string, const ReachArea*> by_code;
  double pop_core20 = 0, pop_dd = 0;
  for (const ReachArea& a : areas) {
    by_code[a.lsoa] = &a;
    r.population_total += a.population;
    if (a.core20) pop_core20 += a.population;
    if (a.double_disadvantage) pop_dd += a.population;
  }
  int64_t matched = 0, outside = 0, without = 0, in_core20 = 0, in_dd = 0;
  for (const std::string& lsoa : resident_lsoas) {
    if (lsoa.empty()) {
      ++without;
      continue;
    }
    auto it = by_code.find(lsoa);
    if (it == by_code.end()) {
      ++outside;
      continue;
    }
    ++matched;
    if (it->second->core20) ++in_core20;
    if (it->second->double_disadvantage) ++in_dd;
  }
  SuppressionCounter sc(options.suppression);
  const SuppressionRule& rule = options.suppression;
  const int64_t served = matched + outside + without;
  r.residents_served = sc.Count(served, "residents_served");
  // served = matched + outside + without: a lone withheld part would be
  // found by subtraction, so the column rule applies.
  const std::vector<bool> w = r.residents_served ? WithheldInColumn({matched, outside, without}, rule)
                                                  : std::vector<bool>{matched > 0, outside > 0, without > 0};
  auto part = [&](int64_t n, bool withheld, const std::string& name) -> std::optional<int64_t> {
    if (!withheld) return n;
    sc.Figure(0.0, false, name);
    return std::nullopt;
  };
  r.residents_matched = part(matched, w[0], "residents_matched");
  r.residents_outside_atlas = part(outside, w[1], "residents_outside_atlas");
  r.residents_without_lsoa = part(without, w[2], "residents_without_lsoa");
  const double z = *stats::TwoSidedZ(options.level);
  auto row = [&](std::string group, std::string label, int64_t x, double pop) {
    ReachRow row;
    row.group = group;
    row.label = std::move(label);
    row.population = pop;
    row.population_share = r.population_total > 0 ? pop / r.population_total : 0;
    // The count and its complement among the matched both reveal people.
    const bool show = r.residents_matched && !Withheld(x, rule) && !Withheld(matched - x, rule);
    row.residents = part(x, !show && x > 0, group + "_residents");
    if (matched > 0) {
      const stats::Interval ci = stats::WilsonInterval(static_cast<double>(x), static_cast<double>(matched), z);
      const double share = static_cast<double>(x) / static_cast<double>(matched);
      row.share = sc.Figure(share, show, group + "_share");
      row.lower95 = sc.Figure(ci.lower, show, group + "_lower95");
      row.upper95 = sc.Figure(ci.upper, show, group + "_upper95");
      if (row.population_share > 0) {
        row.ratio = sc.Figure(share / row.population_share, show, group + "_ratio");
      }
    }
    r.rows.push_back(std::move(row));
  };
  row("core20", "Core20 LSOAs (most deprived 20% of England on the IMD)", in_core20, pop_core20);
  row("double_disadvantage", "Doubly disadvantaged areas (the atlas's double_disadvantage LSOAs)", in_dd, pop_dd);
  r.suppressed = sc.cells();
  r.suppressed_fields = sc.names();
  return r;
}

Result<std::vector<std::string>> ServedResidentLsoas(Store& store, std::optional<Date> from, std::optional<Date> to) {
  std::set<int64_t> served;
  ReferralQuery q{.after_id = 0, .limit = 10000};
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Referral> page, store.ListReferrals(q));
    for (const Referral& ref : page) {
      if (InPeriod(ref.received_at, from, to)) served.insert(ref.resident_id);
    }
    if (static_cast<int>(page.size()) < q.limit) break;
    q.after_id = page.back().id;
  }
  std::vector<std::string> lsoas;
  ResidentQuery rq{.include_erased = true, .after_id = 0, .limit = 10000};
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Resident> page, store.FindResidents(rq));
    for (const Resident& res : page) {
      if (served.count(res.id)) lsoas.push_back(res.lsoa.value_or(""));
    }
    if (static_cast<int>(page.size()) < rq.limit) break;
    rq.after_id = page.back().id;
  }
  return lsoas;
}

Result<ReachReport> ReadReachReport(Store& store, const Actor& actor, std::span<const ReachArea> areas,
                                    const ReachOptions& options, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "reach", request));
  if (options.from && options.to && !(std::chrono::sys_days(*options.from) < std::chrono::sys_days(*options.to))) {
    return InvalidField("to", "to must be after from");
  }
  NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> lsoas, ServedResidentLsoas(store, options.from, options.to));
  return ComputeReach(lsoas, areas, options);
}

namespace {
ReportValue V(const std::optional<int64_t>& x) { return x ? ReportValue(*x) : ReportValue(); }
ReportValue V(const std::optional<double>& x) { return x ? ReportValue(*x) : ReportValue(); }
ReportValue V(const std::optional<Date>& d) { return d ? ReportValue(FormatDate(*d)) : ReportValue(); }
}  // namespace

ReportTable ReachTable(const ReachReport& r) {
  ReportTable t;
  t.name = "reach";
  t.title = "Reach: residents served in the areas that need it most";
  t.columns = {"group", "label", "from", "to", "residents", "residents_matched", "share", "lower95", "upper95",
               "population", "population_share", "ratio", "suppressed"};
  // A row's withheld cells: the fields named after its group (and, on the
  // rows with shares, residents_matched).
  auto withheld = [&](const std::string& group, bool with_matched) {
    int64_t n = 0;
    for (const std::string& f : r.suppressed_fields) {
      if (f.rfind(group + "_", 0) == 0 || f == "residents_" + group || (with_matched && f == "residents_matched")) {
        ++n;
      }
    }
    return n;
  };
  for (const ReachRow& row : r.rows) {
    t.AddRow({row.group, row.label, V(r.from), V(r.to), V(row.residents), V(r.residents_matched), V(row.share),
              V(row.lower95), V(row.upper95), row.population, row.population_share, V(row.ratio),
              withheld(row.group, true)});
  }
  t.AddRow({std::string("outside_atlas"), std::string("Residents whose LSOA is not in the atlas"), V(r.from), V(r.to),
            V(r.residents_outside_atlas), ReportValue(), ReportValue(), ReportValue(), ReportValue(), ReportValue(),
            ReportValue(), ReportValue(), withheld("outside_atlas", false)});
  t.AddRow({std::string("without_lsoa"), std::string("Residents with no LSOA recorded"), V(r.from), V(r.to),
            V(r.residents_without_lsoa), ReportValue(), ReportValue(), ReportValue(), ReportValue(), ReportValue(),
            ReportValue(), ReportValue(), withheld("without_lsoa", false)});
  t.suppressed_cells = r.suppressed;
  t.suppressed = r.suppressed_fields;
  t.notes = {"share: of the served residents matched to the atlas, with a Wilson 95% interval",
             "population_share: those areas' share of the atlas area's population; ratio = share / population_share",
             "atlas: " + r.atlas,
             "counts of 1-" + std::to_string(r.suppress_below - 1) +
                 " residents are withheld, with the figures and complements that would reveal them"};
  return t;
}

}  // namespace nhood::link
