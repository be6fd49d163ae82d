#include "nhood/stats/indicator_table.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "nhood/base/area_code.h"
#include "nhood/base/number.h"
#include "nhood/stats/benchmark.h"
#include "nhood/stats/confidence.h"
#include "nhood/stats/dsr.h"
#include "nhood/stats/funnel.h"
#include "nhood/stats/isr.h"
#include "nhood/stats/life_expectancy.h"
#include "nhood/stats/mean.h"
#include "nhood/stats/proportion.h"
#include "nhood/stats/quantile.h"
#include "nhood/stats/rate.h"
#include "nhood/stats/sii.h"

namespace nhood::stats {
namespace {

// Rows of each group, groups in order of first appearance.
struct Groups {
  std::vector<std::vector<size_t>> rows;
};

Result<Groups> MakeGroups(const Table& t, const std::vector<std::string>& columns) {
  std::vector<size_t> idx;
  for (const auto& c : columns) {
    NHOOD_ASSIGN_OR_RETURN(size_t i, t.Require(c));
    idx.push_back(i);
  }
  Groups g;
  std::unordered_map<std::string, size_t> where;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string key;
    for (size_t i : idx) key += t.Cell(i, r) + '\x1f';
    auto [it, inserted] = where.emplace(key, g.rows.size());
    if (inserted) g.rows.emplace_back();
    g.rows[it->second].push_back(r);
  }
  return g;
}

// The group columns, one row per group (the group's first row).
Table GroupColumns(const Table& t, const std::vector<std::string>& columns, const Groups& g) {
  std::vector<size_t> first;
  for (const auto& rows : g.rows) first.push_back(rows.front());
  Table picked = t.SelectRows(first);
  Table out;
  out.set_source(t.source());
  for (const auto& c : columns) {
    const size_t i = *picked.Find(c);
    if (picked.is_numeric(i)) (void)out.AddNumbers(c, picked.numbers(i));
    else (void)out.AddText(c, picked.text(i));
  }
  if (columns.empty()) (void)out.AddNumbers("__rows", std::vector<double>(g.rows.size(), 0));
  return out;
}

// Removes the placeholder column GroupColumns adds for an ungrouped table.
Table DropPlaceholder(const Table& t) {
  if (!t.Find("__rows")) return t;
  Table out;
  out.set_source(t.source());
  for (size_t c = 0; c < t.num_columns(); ++c) {
    if (t.name(c) == "__rows") continue;
    if (t.is_numeric(c)) (void)out.AddNumbers(t.name(c), t.numbers(c));
    else (void)out.AddText(t.name(c), t.text(c));
  }
  return out;
}

Status Add(Table& t, const std::string& name, std::vector<double> v) {
  // Output names never clash with the statistic's own; an input column of
  // the same name is replaced by suffixing the new one.
  std::string n = name;
  while (t.Find(n)) n += "_nhood";
  return t.AddNumbers(n, std::move(v));
}

Status AddText(Table& t, const std::string& name, std::vector<std::string> v) {
  std::string n = name;
  while (t.Find(n)) n += "_nhood";
  return t.AddText(n, std::move(v));
}

// value, then lower/upper per level, with an optional prefix ("rate_").
Status AddEstimates(Table& t, const std::vector<Estimate>& e, const std::vector<double>& levels,
                    const std::string& value_name = "value", const std::string& prefix = "") {
  std::vector<double> v;
  for (const auto& x : e) v.push_back(x.value);
  NHOOD_RETURN_IF_ERROR(Add(t, value_name, v));
  for (size_t k = 0; k < levels.size(); ++k) {
    std::vector<double> lo, hi;
    for (const auto& x : e) {
      lo.push_back(k < x.intervals.size() ? x.intervals[k].lower : kNaN);
      hi.push_back(k < x.intervals.size() ? x.intervals[k].upper : kNaN);
    }
    const std::string s = ConfidenceSuffix(levels[k]);
    NHOOD_RETURN_IF_ERROR(Add(t, prefix + "lower" + s + "cl", lo));
    NHOOD_RETURN_IF_ERROR(Add(t, prefix + "upper" + s + "cl", hi));
  }
  return Status::Ok();
}

Status AddStatus(Table& t, const std::vector<Estimate>& e) {
  std::vector<std::string> s;
  for (const auto& x : e) s.push_back(x.status.empty() ? "ok" : x.status);
  return AddText(t, "status", s);
}

Result<std::vector<double>> Column(const Table& t, const std::string& name, const char* flag,
                                   const std::string& statistic) {
  if (name.empty()) return InvalidArgument(std::string(flag) + " is required for " + statistic);
  return t.GetNumbersOrSum(name);
}

std::vector<double> Pick(const std::vector<double>& v, const std::vector<size_t>& rows) {
  std::vector<double> out;
  out.reserve(rows.size());
  for (size_t r : rows) out.push_back(v[r]);
  return out;
}

bool IsInvalidStatus(const std::string& s) {
  return s == "negative numerator" || s == "denominator not positive" || s == "numerator above denominator";
}

// Stops on an invalid row unless --keep-invalid.
Status CheckRow(const Table& t, size_t row, const Estimate& e, const IndicatorOptions& o) {
  if (o.keep_invalid || !IsInvalidStatus(e.status)) return Status::Ok();
  const std::string col = e.status == "denominator not positive" ? o.denominator : o.numerator;
  return InvalidArgument(t.RowLocation(row) + ", column '" + col + "': " + e.status + " (numerator " +
                         FormatNumber(e.numerator) + ", denominator " + FormatNumber(e.denominator) +
                         "); fix the row or pass --keep-invalid");
}

// The common tail: suppression, value and limits, comparison, status, and
// the placeholder column of an ungrouped table removed.
Result<Table> Finish(Table out, std::vector<Estimate> e, const Estimate& pooled, const IndicatorOptions& o) {
  Suppress(e, o.suppress_below);
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, e, o.confidence));
  NHOOD_RETURN_IF_ERROR(AddBenchmark(out, e, pooled, o));
  NHOOD_RETURN_IF_ERROR(AddStatus(out, e));
  return DropPlaceholder(out);
}

// Proportions and crude rates share their shape: per row or per group.
// A pooled sum that has overflowed: finite terms, infinite total.
Status CheckPooled(const Table& in, double sum, const std::string& column, const std::string& what) {
  if (!std::isinf(sum)) return Status::Ok();
  return InvalidArgument(in.source() + ", column '" + column + "': the sum over " + what +
                         " overflows (it is not a finite number)");
}

Result<Table> NumeratorDenominator(const Table& in, const IndicatorOptions& o, bool is_rate,
                                   std::vector<std::string>* notes) {
  NHOOD_ASSIGN_OR_RETURN(auto x, Column(in, o.numerator, "--numerator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto n, Column(in, o.denominator, "--denominator", o.statistic));
  const double mult = o.multiplier > 0 ? o.multiplier : (is_rate ? 100000.0 : 1.0);
  auto compute = [&](double xi, double ni) {
    return is_rate ? CrudeRate(xi, ni, {.confidence = o.confidence, .multiplier = mult})
                   : Proportion(xi, ni, {.confidence = o.confidence, .multiplier = mult});
  };
  std::vector<Estimate> e;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    Estimate row = compute(x[r], n[r]);
    NHOOD_RETURN_IF_ERROR(CheckRow(in, r, row, o));
    if (o.group.empty()) e.push_back(std::move(row));
  }
  Table out;
  if (o.group.empty()) {
    out = in;
  } else {
    NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
    out = GroupColumns(in, o.group, g);
    std::vector<double> sx, sn;
    for (const auto& rows : g.rows) {
      double a = 0, b = 0;
      for (size_t r : rows) {
        a += x[r];
        b += n[r];
      }
      const std::string what = "the group of " + in.RowLocation(rows.front()).substr(in.source().size() + 2);
      NHOOD_RETURN_IF_ERROR(CheckPooled(in, a, o.numerator, what));
      NHOOD_RETURN_IF_ERROR(CheckPooled(in, b, o.denominator, what));
      sx.push_back(a);
      sn.push_back(b);
      e.push_back(compute(a, b));
    }
    NHOOD_RETURN_IF_ERROR(out.AddNumbers(o.numerator, sx));
    NHOOD_RETURN_IF_ERROR(out.AddNumbers(o.denominator, sn));
  }
  Suppress(e, o.suppress_below);
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, e, o.confidence));
  if (is_rate) {
    std::vector<std::string> method;
    for (const auto& v : e) method.push_back(v.method);
    NHOOD_RETURN_IF_ERROR(AddText(out, "method", method));
  }
  Estimate pooled;
  if (o.benchmark == "england") {
    // England is the pooled value of the England rows only (issue 8: a file
    // holding Welsh LSOAs too pooled England and Wales).
    const EnglandRows england = FindEnglandRows(in);
    if (england.rows.empty()) {
      return InvalidArgument("--benchmark england: " + in.source() + " has no row with an England (E...) code in column '" +
                             england.column + "'");
    }
    double tx = 0, tn = 0;
    for (size_t r : england.rows) {
      tx += x[r];
      tn += n[r];
    }
    NHOOD_RETURN_IF_ERROR(CheckPooled(in, tx, o.numerator, "the England rows"));
    NHOOD_RETURN_IF_ERROR(CheckPooled(in, tn, o.denominator, "the England rows"));
    pooled = compute(tx, tn);
    if (england.column.empty()) {
      notes->push_back("benchmark england: no column of GSS area codes in " + in.source() + ", so all " +
                       std::to_string(in.num_rows()) + " rows are pooled as England");
    } else if (england.others > 0) {
      notes->push_back("benchmark england: pooled over the " + std::to_string(england.rows.size()) +
                       " rows with an England (E...) code in column '" + england.column + "'; " +
                       std::to_string(england.others) +
                       " rows with other codes (e.g. Wales, W...) are left out of the benchmark but still compared");
    }
  }
  NHOOD_RETURN_IF_ERROR(AddBenchmark(out, e, pooled, o));
  NHOOD_RETURN_IF_ERROR(AddStatus(out, e));
  return DropPlaceholder(out);
}

Result<Table> MeanTable(const Table& in, const IndicatorOptions& o) {
  const std::string col = !o.value.empty() ? o.value : o.numerator;
  NHOOD_ASSIGN_OR_RETURN(auto v, Column(in, col, "--value", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
  Table out = GroupColumns(in, o.group, g);
  std::vector<double> sum, count, sd;
  std::vector<Estimate> e;
  for (const auto& rows : g.rows) {
    MeanEstimate m = Mean(Pick(v, rows), o.confidence);
    sum.push_back(m.sum);
    count.push_back(m.count);
    sd.push_back(m.sd);
    e.push_back(m.estimate);
  }
  NHOOD_RETURN_IF_ERROR(Add(out, "value_sum", sum));
  NHOOD_RETURN_IF_ERROR(Add(out, "value_count", count));
  NHOOD_RETURN_IF_ERROR(Add(out, "stdev", sd));
  return Finish(std::move(out), std::move(e), Estimate{}, o);
}

// Standard population weights per row: a column, ESP 2013 by age-band label,
// or a file already joined by the caller (not here).
Result<std::vector<double>> StandardWeights(const Table& in, const IndicatorOptions& o) {
  if (!o.standard_column.empty()) return in.GetNumbers(o.standard_column);
  if (o.standard_population != "esp2013") {
    return InvalidArgument("--standard-population must be esp2013 (or give --standard-column COL)");
  }
  if (o.age_band.empty()) return InvalidArgument("dsr with --standard-population esp2013 needs --age-band COL");
  NHOOD_ASSIGN_OR_RETURN(size_t c, in.Require(o.age_band));
  std::vector<double> w(in.num_rows());
  for (size_t r = 0; r < in.num_rows(); ++r) {
    const std::string label = in.Cell(c, r);
    const int k = Esp2013Index(label);
    if (k < 0) {
      return InvalidArgument(in.RowLocation(r) + ", column '" + o.age_band + "': age band '" + label +
                             "' is not one of the ESP 2013 bands 0-4, 5-9, ..., 85-89, 90+");
    }
    w[r] = kEsp2013[k];
  }
  return w;
}

Result<Table> DsrTable(const Table& in, const IndicatorOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(auto x, Column(in, o.numerator, "--numerator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto n, Column(in, o.denominator, "--denominator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto w, StandardWeights(in, o));
  for (size_t r = 0; r < in.num_rows(); ++r) {
    if (!std::isnan(x[r]) && x[r] < 0 && !o.keep_invalid) {
      return InvalidArgument(in.RowLocation(r) + ", column '" + o.numerator + "': negative count");
    }
    if ((std::isnan(n[r]) || n[r] <= 0) && !o.keep_invalid) {
      return InvalidArgument(in.RowLocation(r) + ", column '" + o.denominator + "': population not positive or missing");
    }
  }
  std::vector<double> freq;
  std::vector<int> age;
  if (!o.event_frequency.empty()) {
    NHOOD_ASSIGN_OR_RETURN(freq, in.GetNumbers(o.event_frequency));
    if (o.age_band.empty()) return InvalidArgument("dsr with --event-frequency needs --age-band COL");
    const size_t c = *in.Find(o.age_band);
    std::map<std::string, int> ids;
    for (size_t r = 0; r < in.num_rows(); ++r) age.push_back(ids.emplace(in.Cell(c, r), ids.size()).first->second);
  }
  const DsrOptions d{.confidence = o.confidence, .multiplier = o.multiplier > 0 ? o.multiplier : 100000.0};
  NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
  Table out = GroupColumns(in, o.group, g);
  std::vector<Estimate> e;
  for (const auto& rows : g.rows) {
    if (freq.empty()) {
      e.push_back(Dsr(Pick(x, rows), Pick(n, rows), Pick(w, rows), d));
    } else {
      std::vector<int> a;
      for (size_t r : rows) a.push_back(age[r]);
      e.push_back(DsrNonIndependent(Pick(x, rows), Pick(n, rows), Pick(w, rows), Pick(freq, rows), a, d));
    }
  }
  std::vector<double> count, pop;
  for (const auto& v : e) {
    count.push_back(v.numerator);
    pop.push_back(v.denominator);
  }
  NHOOD_RETURN_IF_ERROR(Add(out, "total_count", count));
  NHOOD_RETURN_IF_ERROR(Add(out, "total_pop", pop));
  return Finish(std::move(out), std::move(e), Estimate{}, o);
}

Result<Table> IsrTable(const Table& in, const IndicatorOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(auto x, Column(in, o.numerator, "--numerator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto n, Column(in, o.denominator, "--denominator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto xr, Column(in, o.ref_numerator, "--ref-numerator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto nr, Column(in, o.ref_denominator, "--ref-denominator", o.statistic));
  const IsrOptions io{.confidence = o.confidence, .ref_value = o.ref_value,
                             .multiplier = o.multiplier > 0 ? o.multiplier : 100000.0};
  NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
  Table out = GroupColumns(in, o.group, g);
  std::vector<double> obs, exp, ref;
  std::vector<Estimate> ratio, rate;
  std::vector<std::string> method;
  for (const auto& rows : g.rows) {
    IsrEstimate r = Isr(Pick(x, rows), Pick(n, rows), Pick(xr, rows), Pick(nr, rows), io);
    obs.push_back(r.observed);
    exp.push_back(r.expected);
    ref.push_back(r.ref_rate);
    method.push_back(r.ratio.method);
    ratio.push_back(r.ratio);
    rate.push_back(r.rate);
  }
  NHOOD_RETURN_IF_ERROR(Add(out, "observed", obs));
  NHOOD_RETURN_IF_ERROR(Add(out, "expected", exp));
  NHOOD_RETURN_IF_ERROR(Add(out, "ref_rate", ref));
  Suppress(ratio, o.suppress_below);
  Suppress(rate, o.suppress_below);
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, ratio, o.confidence));
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, rate, o.confidence, "rate", "rate_"));
  NHOOD_RETURN_IF_ERROR(AddText(out, "method", method));
  NHOOD_RETURN_IF_ERROR(AddBenchmark(out, ratio, Estimate{}, o));
  NHOOD_RETURN_IF_ERROR(AddStatus(out, ratio));
  return DropPlaceholder(out);
}

Result<Table> LifeExpectancyTable(const Table& in, const IndicatorOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(auto age, Column(in, o.start_age, "--start-age", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto deaths, Column(in, o.numerator, "--deaths", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto pop, Column(in, o.denominator, "--population", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
  std::vector<size_t> order;
  std::vector<Estimate> e;
  std::vector<double> pops_used, dths_used;
  for (const auto& rows : g.rows) {
    std::vector<size_t> sorted = rows;
    std::stable_sort(sorted.begin(), sorted.end(), [&](size_t a, size_t b) { return age[a] < age[b]; });
    auto bands = LifeExpectancy(Pick(age, sorted), Pick(deaths, sorted), Pick(pop, sorted), o.confidence);
    for (size_t k = 0; k < sorted.size(); ++k) {
      order.push_back(sorted[k]);
      e.push_back(bands[k].estimate);
      pops_used.push_back(bands[k].pops_used);
      dths_used.push_back(bands[k].deaths_used);
    }
  }
  Table picked = in.SelectRows(order);
  Table out;
  out.set_source(in.source());
  for (const auto& c : o.group) {
    const size_t i = *picked.Find(c);
    if (picked.is_numeric(i)) (void)out.AddNumbers(c, picked.numbers(i));
    else (void)out.AddText(c, picked.text(i));
  }
  NHOOD_RETURN_IF_ERROR(out.AddNumbers(o.start_age, Pick(age, order)));
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, e, o.confidence));
  NHOOD_RETURN_IF_ERROR(Add(out, "pops_used", pops_used));
  NHOOD_RETURN_IF_ERROR(Add(out, "dths_used", dths_used));
  NHOOD_RETURN_IF_ERROR(AddBenchmark(out, e, Estimate{}, o));
  NHOOD_RETURN_IF_ERROR(AddStatus(out, e));
  return out;
}

Result<Table> QuantileTable(const Table& in, const IndicatorOptions& o) {
  const std::string col = !o.value.empty() ? o.value : o.numerator;
  NHOOD_ASSIGN_OR_RETURN(auto v, Column(in, col, "--value", o.statistic));
  if (o.quantiles < 2 || o.quantiles > 100) return InvalidArgument("--quantiles must be between 2 and 100");
  NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
  std::vector<double> q(in.num_rows(), kNaN);
  for (const auto& rows : g.rows) {
    auto assigned = AssignQuantiles(Pick(v, rows), {.quantiles = o.quantiles, .invert = o.invert});
    for (size_t k = 0; k < rows.size(); ++k) q[rows[k]] = assigned[k] == 0 ? kNaN : assigned[k];
  }
  Table out = in;
  NHOOD_RETURN_IF_ERROR(Add(out, "quantile", q));
  return out;
}

Result<Table> SiiTable(const Table& in, const IndicatorOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(auto quant, Column(in, o.quantile_column, "--quantile", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto pop, Column(in, o.denominator, "--population", o.statistic));
  auto optional = [&](const std::string& name) -> Result<std::vector<double>> {
    if (name.empty()) return std::vector<double>(in.num_rows(), kNaN);
    return in.GetNumbers(name);
  };
  NHOOD_ASSIGN_OR_RETURN(auto value, optional(o.value));
  NHOOD_ASSIGN_OR_RETURN(auto x, optional(o.numerator));
  NHOOD_ASSIGN_OR_RETURN(auto se, optional(o.se));
  NHOOD_ASSIGN_OR_RETURN(auto lower, optional(o.lower));
  NHOOD_ASSIGN_OR_RETURN(auto upper, optional(o.upper));
  if (o.value.empty() && o.numerator.empty()) return InvalidArgument("sii needs --value COL (or --numerator COL for proportions)");
  if (o.se.empty() && (o.lower.empty() || o.upper.empty())) return InvalidArgument("sii needs --se COL or --lower COL and --upper COL");
  if (o.value_type < 0 || o.value_type > 2) return InvalidArgument("--value-type must be 0 (normal), 1 (rate) or 2 (proportion)");
  const SiiOptions so{.value_type = static_cast<SiiValueType>(o.value_type), .transform = o.transform,
                             .multiplier = o.multiplier != 0 ? o.multiplier : 1.0, .repetitions = o.repetitions,
                             .confidence = o.confidence};
  NHOOD_ASSIGN_OR_RETURN(Groups g, MakeGroups(in, o.group));
  Table out = GroupColumns(in, o.group, g);
  RRandom rng(static_cast<int32_t>(o.seed));
  std::vector<Estimate> sii, rii;
  std::vector<double> intercept;
  for (const auto& rows : g.rows) {
    std::vector<SiiQuantileRow> q;
    for (size_t r : rows) q.push_back({quant[r], pop[r], value[r], x[r], se[r], lower[r], upper[r]});
    SiiResult res = Sii(q, so, rng);
    sii.push_back(res.sii);
    rii.push_back(res.rii);
    intercept.push_back(res.intercept);
  }
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, sii, o.confidence, "sii", "sii_"));
  NHOOD_RETURN_IF_ERROR(AddEstimates(out, rii, o.confidence, "rii", "rii_"));
  NHOOD_RETURN_IF_ERROR(Add(out, "intercept", intercept));
  NHOOD_RETURN_IF_ERROR(AddStatus(out, sii));
  return DropPlaceholder(out);
}

Result<Table> FunnelTable(const Table& in, const IndicatorOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(auto x, Column(in, o.numerator, "--numerator", o.statistic));
  NHOOD_ASSIGN_OR_RETURN(auto n, Column(in, o.denominator, "--denominator", o.statistic));
  std::vector<double> rate;
  FunnelOptions f;
  if (o.funnel_statistic == "proportion") f.statistic = FunnelStatistic::kProportion;
  else if (o.funnel_statistic == "ratio") f.statistic = FunnelStatistic::kRatio;
  else if (o.funnel_statistic == "rate") f.statistic = FunnelStatistic::kRate;
  else return InvalidArgument("--funnel-statistic must be proportion, ratio or rate");
  f.ratio_type = o.ratio_type == "isr" ? RatioType::kIsr : RatioType::kCount;
  f.rate_type = o.rate_type == "dsr" ? RateType::kDsr : RateType::kCrude;
  f.multiplier = o.multiplier > 0 ? o.multiplier : (f.statistic == FunnelStatistic::kRate ? 100000.0 : 100.0);
  f.years_of_data = o.years_of_data;
  if (f.statistic == FunnelStatistic::kRate) {
    NHOOD_ASSIGN_OR_RETURN(rate, Column(in, o.rate, "--rate", "a rate funnel"));
  }
  for (size_t r = 0; r < in.num_rows(); ++r) {
    if (std::isnan(x[r]) || std::isnan(n[r])) {
      return InvalidArgument(in.RowLocation(r) + ": funnel needs a numerator and a denominator on every row");
    }
  }
  if (o.funnel_mode == "limits") {
    NHOOD_ASSIGN_OR_RETURN(FunnelLimits lim, FunnelPlotLimits(x, n, rate, f));
    Table out;
    out.set_source(in.source());
    for (size_t c = 0; c < lim.names.size(); ++c) NHOOD_RETURN_IF_ERROR(out.AddNumbers(lim.names[c], lim.columns[c]));
    return out;
  }
  if (o.funnel_mode != "significance") return InvalidArgument("--mode must be limits or significance");
  NHOOD_ASSIGN_OR_RETURN(auto sig, FunnelSignificance(x, n, rate, f));
  Table out = in;
  NHOOD_RETURN_IF_ERROR(AddText(out, "significance", sig));
  return out;
}

}  // namespace

void Suppress(std::vector<Estimate>& e, double below) {
  if (below <= 0) return;
  for (auto& x : e) {
    if (!std::isnan(x.numerator) && x.numerator < below) {
      x.value = kNaN;
      for (auto& ci : x.intervals) ci.lower = ci.upper = kNaN;
      x.status = "suppressed";
    }
  }
}

Status AddBenchmark(Table& out, const std::vector<Estimate>& e, const Estimate& pooled, const IndicatorOptions& o) {
  if (o.benchmark.empty()) return Status::Ok();
  NHOOD_ASSIGN_OR_RETURN(ComparisonMethod method, ParseComparisonMethod(o.benchmark_method));
  NHOOD_ASSIGN_OR_RETURN(Polarity polarity, ParsePolarity(o.polarity));
  if (method == ComparisonMethod::kQuintile) {
    return InvalidArgument("--benchmark-method quintile compares areas with each other: use quantile instead");
  }
  auto level = [&](double c) -> int {
    for (size_t k = 0; k < o.confidence.size(); ++k) {
      if (std::fabs(o.confidence[k] - c) < 1e-12) return static_cast<int>(k);
    }
    return -1;
  };
  const int k95 = level(0.95), k998 = level(0.998);
  const bool needs998 = method == ComparisonMethod::kCi95And998 || method == ComparisonMethod::kCi998;
  if ((needs998 && k998 < 0) || (!needs998 && method != ComparisonMethod::kSpcProportion && k95 < 0)) {
    return InvalidArgument("--benchmark-method " + o.benchmark_method + " needs --confidence to include " +
                           (needs998 ? "0.998" : "0.95"));
  }
  Comparator comparator;
  if (o.benchmark == "england") {
    if (std::isnan(pooled.value)) {
      return InvalidArgument("--benchmark england: the pooled value of all rows cannot be computed for this statistic");
    }
    comparator.value = pooled.value;
    if (k95 >= 0) {
      comparator.lower95 = pooled.intervals[k95].lower;
      comparator.upper95 = pooled.intervals[k95].upper;
    }
  } else if (std::optional<double> v = ParseNumber(o.benchmark); v && !std::isnan(*v)) {
    comparator.value = *v;
  } else {
    // A row whose first column (or any group column) equals the argument.
    bool found = false;
    for (size_t r = 0; r < out.num_rows() && !found; ++r) {
      for (size_t c = 0; c < out.num_columns() && !found; ++c) {
        if (!out.is_numeric(c) && out.text(c)[r] == o.benchmark) {
          comparator.value = e[r].value;
          if (k95 >= 0) {
            comparator.lower95 = e[r].intervals[k95].lower;
            comparator.upper95 = e[r].intervals[k95].upper;
          }
          found = true;
        }
      }
    }
    if (!found) {
      return NotFound("--benchmark '" + o.benchmark + "': not 'england', a number, or an area in the output");
    }
  }
  if (o.statistic == "proportion" && method == ComparisonMethod::kSpcProportion) {
    comparator.unit = o.multiplier;
  }
  std::vector<std::string> sig, rag;
  std::vector<double> bench;
  for (const auto& x : e) {
    AreaValue a{.value = x.value, .denominator = x.denominator};
    if (o.statistic == "proportion" && method == ComparisonMethod::kSpcProportion) a.value = x.value;
    if (k95 >= 0) {
      a.lower95 = x.intervals[k95].lower;
      a.upper95 = x.intervals[k95].upper;
    }
    if (k998 >= 0) {
      a.lower998 = x.intervals[k998].lower;
      a.upper998 = x.intervals[k998].upper;
    }
    Comparison c = Compare(a, comparator, method, polarity);
    sig.push_back(c.significance);
    rag.push_back(c.rag);
    bench.push_back(comparator.value);
  }
  NHOOD_RETURN_IF_ERROR(Add(out, "benchmark_value", bench));
  NHOOD_RETURN_IF_ERROR(AddText(out, "significance", sig));
  return AddText(out, "rag", rag);
}

EnglandRows FindEnglandRows(const Table& in) {
  EnglandRows out;
  for (size_t c = 0; c < in.num_columns() && out.column.empty(); ++c) {
    if (in.is_numeric(c)) continue;
    const auto& cells = in.text(c);
    bool all = false;
    for (const auto& v : cells) {
      if (v.empty()) continue;
      all = IsValidGssCode(v);
      if (!all) break;
    }
    if (all) out.column = in.name(c);
  }
  if (out.column.empty()) {
    for (size_t r = 0; r < in.num_rows(); ++r) out.rows.push_back(r);
    return out;
  }
  const auto& cells = in.text(*in.Find(out.column));
  for (size_t r = 0; r < cells.size(); ++r) {
    if (!cells[r].empty() && cells[r][0] == 'E') out.rows.push_back(r);
    else ++out.others;
  }
  return out;
}

Result<Table> ApplyWhere(const Table& in, const std::string& where) {
  if (where.empty()) return in;
  const size_t prefix_op = where.find("^=");
  const size_t eq = where.find('=');
  if (eq == std::string::npos || eq == 0) {
    return InvalidArgument("--where '" + where + "': expected COL=VALUE or COL^=PREFIX");
  }
  const bool prefix = prefix_op != std::string::npos && prefix_op + 1 == eq;
  const std::string column = where.substr(0, prefix ? prefix_op : eq);
  const std::string value = where.substr(eq + 1);
  NHOOD_ASSIGN_OR_RETURN(size_t c, in.Require(column));
  std::vector<size_t> keep;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    const std::string cell = in.Cell(c, r);
    if (prefix ? cell.rfind(value, 0) == 0 : cell == value) keep.push_back(r);
  }
  if (keep.empty()) return InvalidArgument("--where '" + where + "' matches no row of " + in.source());
  return in.SelectRows(keep);
}

namespace {

Result<Table> Dispatch(const Table& in, const IndicatorOptions& o, std::vector<std::string>* notes) {
  const std::string& s = o.statistic;
  if (s == "proportion") return NumeratorDenominator(in, o, false, notes);
  if (s == "rate") return NumeratorDenominator(in, o, true, notes);
  if (s == "mean") return MeanTable(in, o);
  if (s == "dsr") return DsrTable(in, o);
  if (s == "isr") return IsrTable(in, o);
  if (s == "life-expectancy") return LifeExpectancyTable(in, o);
  if (s == "quantile") return QuantileTable(in, o);
  if (s == "sii") return SiiTable(in, o);
  if (s == "funnel") return FunnelTable(in, o);
  return InvalidArgument("unknown statistic '" + s + "'");
}

}  // namespace

Result<IndicatorResult> ComputeIndicator(const Table& all, const IndicatorOptions& o) {
  NHOOD_ASSIGN_OR_RETURN(const Table in, ApplyWhere(all, o.where));
  for (const auto& g : o.group) NHOOD_RETURN_IF_ERROR(in.Require(g).status());
  if (in.num_rows() == 0) return InvalidArgument(in.source() + ": has a header but no rows");
  IndicatorResult out;
  NHOOD_ASSIGN_OR_RETURN(out.table, Dispatch(in, o, &out.notes));
  return out;
}

}  // namespace nhood::stats
