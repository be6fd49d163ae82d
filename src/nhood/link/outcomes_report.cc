#include "nhood/link/outcomes_report.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "nhood/base/number.h"
#include "nhood/stats/confidence.h"
#include "nhood/stats/mean.h"
#include "nhood/stats/proportion.h"

namespace nhood::link {
namespace {

constexpr std::array<ReportMeasure, 6> kMeasures = {{
    {"swemwbs", "SWEMWBS (Rasch metric score, 7-35)", Measure::kSwemwbs, -1, 3.0, false},
    {"ons4_life_satisfaction", "ONS4 life satisfaction (0-10)", Measure::kOns4, 0, 1.0, false},
    {"ons4_worthwhile", "ONS4 things done are worthwhile (0-10)", Measure::kOns4, 1, 1.0, false},
    {"ons4_happiness", "ONS4 happiness yesterday (0-10)", Measure::kOns4, 2, 1.0, false},
    {"ons4_anxiety", "ONS4 anxiety yesterday (0-10, lower is better)", Measure::kOns4, 3, 1.0, true},
    {"mycaw", "MYCaW profile score (0-6, lower is better)", Measure::kMycaw, -1, 1.0, true},
}};

struct Picked {
  const Outcome* baseline = nullptr;
  const Outcome* follow_up = nullptr;
  bool any_follow_up = false;
};

bool Before(const Outcome& a, const Outcome& b) {
  const auto da = std::chrono::sys_days(a.date), db = std::chrono::sys_days(b.date);
  return da != db ? da < db : a.id < b.id;
}

bool InWindow(Date d, const OutcomesOptions& o) {
  const auto day = std::chrono::sys_days(d);
  if (o.from && day < std::chrono::sys_days(*o.from)) return false;
  if (o.to && day >= std::chrono::sys_days(*o.to)) return false;
  return true;
}

MeanSummary Summarise(const std::vector<double>& values, bool withheld, double level, SuppressionCounter& sc,
                      const std::string& name) {
  MeanSummary s;
  const int64_t n = static_cast<int64_t>(values.size());
  const bool show = !withheld || n == 0;
  s.n = sc.Figure(static_cast<double>(n), show, name + "_n").has_value() ? std::optional<int64_t>(n) : std::nullopt;
  if (n == 0) return s;
  const stats::MeanEstimate m = stats::Mean(values, {level});
  auto finite = [](double x) { return std::isfinite(x) ? std::optional<double>(x) : std::nullopt; };
  s.mean = sc.Figure(finite(m.estimate.value), show, name + "_mean");
  s.lower = sc.Figure(finite(m.estimate.intervals[0].lower), show, name + "_lower95");
  s.upper = sc.Figure(finite(m.estimate.intervals[0].upper), show, name + "_upper95");
  return s;
}

}  // namespace

std::span<const ReportMeasure> ReportMeasures() { return kMeasures; }

Result<ReportMeasure> FindReportMeasure(std::string_view name) {
  std::string known;
  for (const ReportMeasure& m : kMeasures) {
    if (m.name == name) return m;
    known += (known.empty() ? "" : ", ") + std::string(m.name);
  }
  return InvalidField("measure", "unknown measure '" + std::string(name) + "' (known: " + known + ")");
}

std::optional<double> ReportScore(const Outcome& o, const ReportMeasure& m) {
  if (o.measure != m.measure) return std::nullopt;
  switch (m.measure) {
    case Measure::kSwemwbs: {
      Result<SwemwbsScore> s = ScoreSwemwbs(o.items);
      if (!s) return std::nullopt;
      return s->metric;
    }
    case Measure::kOns4:
      if (o.items.size() != 4 || m.item < 0 || m.item > 3) return std::nullopt;
      return static_cast<double>(o.items[static_cast<size_t>(m.item)]);
    case Measure::kMycaw:
      if (o.items.size() < 2 || o.items.size() > 3) return std::nullopt;
      return MycawProfileScore(o.items);
  }
  return std::nullopt;
}

OutcomesReport ComputeOutcomesReport(std::span<const Outcome> outcomes, const ReportMeasure& measure,
                                     const OutcomesOptions& options) {
  OutcomesReport r;
  r.measure = measure;
  r.from = options.from;
  r.to = options.to;
  r.suppress_below = options.suppression.below;
  r.level = options.level;

  // Per resident: the earliest baseline; then the latest follow-up on or
  // after it.
  std::map<int64_t, Picked> people;
  for (const Outcome& o : outcomes) {
    if (!ReportScore(o, measure) || !InWindow(o.date, options)) continue;
    Picked& p = people[o.resident_id];
    if (o.timepoint == Timepoint::kBaseline && (!p.baseline || Before(o, *p.baseline))) p.baseline = &o;
    if (o.timepoint == Timepoint::kFollowUp) p.any_follow_up = true;
  }
  for (const Outcome& o : outcomes) {
    if (o.timepoint != Timepoint::kFollowUp || !ReportScore(o, measure) || !InWindow(o.date, options)) continue;
    Picked& p = people[o.resident_id];
    if (!p.baseline || std::chrono::sys_days(o.date) < std::chrono::sys_days(p.baseline->date)) continue;
    if (!p.follow_up || Before(*p.follow_up, o)) p.follow_up = &o;
  }

  int64_t baseline_n = 0, follow_up_n = 0, without_baseline = 0, improved = 0;
  std::vector<double> change, kept, lost;
  for (const auto& [resident, p] : people) {
    if (p.baseline) ++baseline_n;
    if (p.any_follow_up) ++follow_up_n;
    if (p.any_follow_up && !p.baseline) ++without_baseline;
    if (!p.baseline) continue;
    const double b = *ReportScore(*p.baseline, measure);
    if (!p.follow_up) {
      lost.push_back(b);
      continue;
    }
    const double d = *ReportScore(*p.follow_up, measure) - b;
    change.push_back(d);
    kept.push_back(b);
    // NOTE: a tolerance, because the metric scores are decimals (28.13 -
    // 25.03 is not exactly 3.1 in binary) and a change of exactly the
    // threshold counts as meaningful.
    const double toward = measure.lower_is_better ? -d : d;
    if (toward >= measure.meaningful_change - 1e-9) ++improved;
  }

  SuppressionCounter sc(options.suppression);
  const SuppressionRule& rule = options.suppression;
  const int64_t paired = static_cast<int64_t>(change.size()), lost_count = static_cast<int64_t>(lost.size());
  // Primary suppression, then the complements: baseline_n = paired + lost
  // and follow_up_n = paired + without_baseline, so when one part is
  // withheld and the total is shown, the other part is withheld too.
  bool w_paired = Withheld(paired, rule), w_lost = Withheld(lost_count, rule),
       w_without = Withheld(without_baseline, rule);
  for (int pass = 0; pass < 2; ++pass) {
    if ((w_paired || w_lost) && !Withheld(baseline_n, rule)) w_paired = w_lost = (paired > 0 || lost_count > 0);
    if ((w_paired || w_without) && !Withheld(follow_up_n, rule)) {
      w_paired = w_paired || paired > 0;
      w_without = w_without || without_baseline > 0;
    }
  }
  auto count = [&](int64_t n, bool withheld, const std::string& name) -> std::optional<int64_t> {
    if (!withheld) return n;
    sc.Figure(0.0, false, name);
    return std::nullopt;
  };
  r.baseline_n = sc.Count(baseline_n, "baseline_n");
  r.follow_up_n = sc.Count(follow_up_n, "follow_up_n");
  r.paired_n = count(paired, w_paired && paired > 0, "paired_n");
  r.lost_n = count(lost_count, w_lost && lost_count > 0, "lost_n");
  r.follow_up_without_baseline_n = count(without_baseline, w_without && without_baseline > 0,
                                         "follow_up_without_baseline_n");
  const bool show_pairs = r.paired_n.has_value();
  if (paired > 0) {
    const stats::MeanEstimate m = stats::Mean(change, {options.level});
    auto finite = [](double x) { return std::isfinite(x) ? std::optional<double>(x) : std::nullopt; };
    r.mean_change = sc.Figure(finite(m.estimate.value), show_pairs, "mean_change");
    r.lower95 = sc.Figure(finite(m.estimate.intervals[0].lower), show_pairs, "lower95");
    r.upper95 = sc.Figure(finite(m.estimate.intervals[0].upper), show_pairs, "upper95");
    r.sd_change = sc.Figure(finite(m.sd), show_pairs, "sd_change");
    // The share improving: withheld when the improved or not-improved count
    // would reveal fewer than `below` people.
    const bool show_share =
        show_pairs && !Withheld(improved, options.suppression) && !Withheld(paired - improved, options.suppression);
    r.improved_n = show_share ? std::optional<int64_t>(improved) : std::nullopt;
    if (!show_share) sc.Figure(0.0, false, "improved_n");
    const stats::Interval w =
        stats::WilsonInterval(static_cast<double>(improved), static_cast<double>(paired),
                              *stats::TwoSidedZ(options.level));
    r.improved_share = sc.Figure(static_cast<double>(improved) / static_cast<double>(paired), show_share,
                                 "improved_share");
    r.improved_lower95 = sc.Figure(w.lower, show_share, "improved_lower95");
    r.improved_upper95 = sc.Figure(w.upper, show_share, "improved_upper95");
  }
  r.baseline_kept = Summarise(kept, !r.paired_n.has_value(), options.level, sc, "baseline_kept");
  r.baseline_lost = Summarise(lost, !r.lost_n.has_value(), options.level, sc, "baseline_lost");
  r.suppressed = sc.cells();
  r.suppressed_fields = sc.names();
  return r;
}

Result<std::vector<Outcome>> ReadAllOutcomes(Store& store, Measure measure) {
  std::vector<Outcome> all;
  OutcomeQuery q{.measure = measure, .after_id = 0, .limit = 10000};
  while (true) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Outcome> page, store.ListOutcomes(q));
    if (page.empty()) break;
    q.after_id = page.back().id;
    const bool last = static_cast<int>(page.size()) < q.limit;
    all.insert(all.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    if (last) break;
  }
  return all;
}

Result<OutcomesReport> ReadOutcomesReport(Store& store, const Actor& actor, std::string_view measure,
                                          const OutcomesOptions& options, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kReadReports, {}, "report", "outcomes", request));
  NHOOD_ASSIGN_OR_RETURN(ReportMeasure m, FindReportMeasure(measure));
  if (options.from && options.to && !(std::chrono::sys_days(*options.from) < std::chrono::sys_days(*options.to))) {
    return InvalidField("to", "to must be after from");
  }
  NHOOD_ASSIGN_OR_RETURN(std::vector<Outcome> outcomes, ReadAllOutcomes(store, m.measure));
  return ComputeOutcomesReport(outcomes, m, options);
}

namespace {
ReportValue V(const std::optional<int64_t>& x) { return x ? ReportValue(*x) : ReportValue(); }
ReportValue V(const std::optional<double>& x) { return x ? ReportValue(*x) : ReportValue(); }
ReportValue V(const std::optional<Date>& d) { return d ? ReportValue(FormatDate(*d)) : ReportValue(); }

std::vector<std::string> Notes(const OutcomesReport& r) {
  const std::string dir = r.measure.lower_is_better ? "down" : "up";
  return {std::string(r.measure.label) + ": change is follow-up minus baseline; " +
              (r.measure.lower_is_better ? "lower is better, so improvement is a negative change"
                                         : "higher is better"),
          "improved: " + dir + " by at least " + FormatNumber(r.measure.meaningful_change) + " point(s)",
          "mean change: paired t 95% interval; improved share: Wilson 95% interval",
          "pairs: each resident's earliest baseline and latest follow-up on or after it, records dated in the period",
          "counts of 1-" + std::to_string(r.suppress_below - 1) +
              " people are withheld, with the figures and complements that would reveal them"};
}
}  // namespace

ReportTable OutcomesTable(const OutcomesReport& r) {
  ReportTable t;
  t.name = "outcomes";
  t.title = "Paired outcomes: " + std::string(r.measure.label);
  t.columns = {"measure", "from", "to", "baseline_n", "follow_up_n", "paired_n", "lost_n",
               "follow_up_without_baseline_n", "mean_change", "lower95", "upper95", "sd_change", "improved_n",
               "improved_share", "improved_lower95", "improved_upper95", "meaningful_change", "improvement",
               "baseline_kept_mean", "baseline_kept_lower95", "baseline_kept_upper95", "baseline_lost_mean",
               "baseline_lost_lower95", "baseline_lost_upper95", "suppressed"};
  t.AddRow({std::string(r.measure.name), V(r.from), V(r.to), V(r.baseline_n), V(r.follow_up_n), V(r.paired_n),
            V(r.lost_n), V(r.follow_up_without_baseline_n), V(r.mean_change), V(r.lower95), V(r.upper95),
            V(r.sd_change), V(r.improved_n), V(r.improved_share), V(r.improved_lower95), V(r.improved_upper95),
            r.measure.meaningful_change, std::string(r.measure.lower_is_better ? "decrease" : "increase"),
            V(r.baseline_kept.mean), V(r.baseline_kept.lower), V(r.baseline_kept.upper), V(r.baseline_lost.mean),
            V(r.baseline_lost.lower), V(r.baseline_lost.upper), r.suppressed});
  t.suppressed_cells = r.suppressed;
  t.suppressed = r.suppressed_fields;
  t.notes = Notes(r);
  return t;
}

ReportTable CompletenessTable(const OutcomesReport& r) {
  ReportTable t;
  t.name = "outcomes_completeness";
  t.title = "Completeness: baseline scores of those followed up and those lost to follow-up";
  t.columns = {"measure", "group", "n", "mean_baseline", "lower95", "upper95"};
  t.AddRow({std::string(r.measure.name), std::string("followed_up"), V(r.baseline_kept.n), V(r.baseline_kept.mean),
            V(r.baseline_kept.lower), V(r.baseline_kept.upper)});
  t.AddRow({std::string(r.measure.name), std::string("lost_to_follow_up"), V(r.baseline_lost.n),
            V(r.baseline_lost.mean), V(r.baseline_lost.lower), V(r.baseline_lost.upper)});
  for (const std::string& f : r.suppressed_fields) {
    if (f.rfind("baseline_kept", 0) == 0 || f.rfind("baseline_lost", 0) == 0) {
      ++t.suppressed_cells;
      t.suppressed.push_back(f);
    }
  }
  t.notes = {"mean baseline score with a t 95% interval: a difference suggests those lost are not like those kept"};
  return t;
}

}  // namespace nhood::link
