#include "nhood/evaluate/survey_report.h"

#include <algorithm>
#include <cmath>
#include <array>
#include <limits>
#include <map>
#include <set>

#include "nhood/base/number.h"
#include "nhood/stats/distributions.h"
#include "nhood/stats/multiple_testing.h"
#include "nhood/stats/proportion.h"
#include "nhood/stats/survey_design.h"
#include "nhood/stats/survey_estimate.h"

namespace nhood::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Measure {
  std::string name, kind;  // kind: "proportion" or "mean"
  std::vector<double> y;   // NaN = missing
};

struct Est {
  double n = 0, estimate = kNaN, se = kNaN, lower = kNaN, upper = kNaN;
};

double TwoSidedP(double z) { return std::isnan(z) ? kNaN : 2.0 * stats::NormalUpperCdf(std::fabs(z)); }

// Estimates of y in each domain (0..k-1; -1 = in none), Wilson / t, or design-based.
class Estimator {
 public:
  Estimator(const stats::SurveyDesign* design, double level) : design_(design), level_(level) {}
  Result<std::vector<Est>> Run(const Measure& m, const std::vector<int>& domain, int k) const {
    std::vector<Est> out(k);
    if (design_) {
      std::vector<double> y = m.y;
      std::vector<int> dom(domain.size());
      for (size_t r = 0; r < y.size(); ++r) {
        if (domain[r] < 0) {
          dom[r] = k;  // an extra domain, never reported
        } else {
          dom[r] = domain[r];
        }
      }
      NHOOD_ASSIGN_OR_RETURN(std::vector<stats::DomainEstimate> est,
                             stats::EstimateDomains(*design_, y, dom, k + 1,
                                                    {.level = level_, .proportions = m.kind == "proportion"}));
      for (int d = 0; d < k; ++d) {
        const auto& e = est[d];
        out[d].n = e.n;
        if (e.n == 0) continue;
        out[d].estimate = e.mean;
        out[d].se = e.se;
        out[d].lower = m.kind == "proportion" ? e.ciprop.lower[0] : e.norm_lower;
        out[d].upper = m.kind == "proportion" ? e.ciprop.upper[0] : e.norm_upper;
      }
      return out;
    }
    std::vector<double> sum(k, 0), sum2(k, 0), n(k, 0);
    for (size_t r = 0; r < m.y.size(); ++r) {
      if (domain[r] < 0 || std::isnan(m.y[r])) continue;
      sum[domain[r]] += m.y[r];
      sum2[domain[r]] += m.y[r] * m.y[r];
      n[domain[r]] += 1;
    }
    NHOOD_ASSIGN_OR_RETURN(double z, stats::NormalQuantile(0.5 + level_ / 2));
    for (int d = 0; d < k; ++d) {
      out[d].n = n[d];
      if (n[d] == 0) continue;
      const double mean = sum[d] / n[d];
      out[d].estimate = mean;
      if (m.kind == "proportion") {
        out[d].se = std::sqrt(mean * (1 - mean) / n[d]);
        stats::Interval i = stats::WilsonInterval(sum[d], n[d], z);
        out[d].lower = i.lower;
        out[d].upper = i.upper;
      } else if (n[d] >= 2) {
        const double var = std::max(0.0, (sum2[d] - n[d] * mean * mean) / (n[d] - 1));
        out[d].se = std::sqrt(var / n[d]);
        NHOOD_ASSIGN_OR_RETURN(double t, stats::StudentTQuantile(0.5 + level_ / 2, n[d] - 1));
        out[d].lower = mean - t * out[d].se;
        out[d].upper = mean + t * out[d].se;
      }
    }
    return out;
  }
  bool design_based() const { return design_ != nullptr; }

 private:
  const stats::SurveyDesign* design_;
  double level_;
};

Result<std::vector<std::string>> LabelColumn(const Table& t, const std::string& name, const char* role) {
  std::vector<std::string> v;
  if (name.empty()) return v;
  NHOOD_ASSIGN_OR_RETURN(size_t c, t.Require(name));
  v.resize(t.num_rows());
  for (size_t r = 0; r < t.num_rows(); ++r) {
    v[r] = t.Cell(c, r);
    if (v[r].empty() || v[r] == "NA") {
      return InvalidArgument(t.RowLocation(r) + ", column '" + name + "': the " + role + " is missing");
    }
  }
  return v;
}

struct Columns {
  std::vector<std::pair<std::string, std::vector<std::string>>> text;
  std::vector<std::pair<std::string, std::vector<double>>> num;
  std::vector<std::string> order;
  std::vector<std::string>& T(const std::string& n) {
    for (auto& [k, v] : text) if (k == n) return v;
    text.push_back({n, {}});
    order.push_back(n);
    return text.back().second;
  }
  std::vector<double>& N(const std::string& n) {
    for (auto& [k, v] : num) if (k == n) return v;
    num.push_back({n, {}});
    order.push_back(n);
    return num.back().second;
  }
  Result<Table> Build() {
    Table t;
    for (const std::string& n : order) {
      bool done = false;
      for (auto& [k, v] : text) {
        if (k == n) {
          NHOOD_RETURN_IF_ERROR(t.AddText(k, v));
          done = true;
        }
      }
      if (done) continue;
      for (auto& [k, v] : num) {
        if (k == n) NHOOD_RETURN_IF_ERROR(t.AddNumbers(k, v));
      }
    }
    return t;
  }
};

}  // namespace

Result<std::vector<Benchmark>> BenchmarksFromTable(const Table& t) {
  NHOOD_ASSIGN_OR_RETURN(size_t mc, t.Require("measure"));
  NHOOD_ASSIGN_OR_RETURN(size_t bc, t.Require("benchmark"));
  NHOOD_RETURN_IF_ERROR(t.Require("value").status());
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers value, t.GetNumbers("value"));
  auto optional_numbers = [&](const char* name) -> Result<Table::Numbers> {
    if (!t.Find(name)) return Table::Numbers(t.num_rows(), kNaN);
    return t.GetNumbers(name);
  };
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers lower, optional_numbers("lower"));
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers upper, optional_numbers("upper"));
  NHOOD_ASSIGN_OR_RETURN(Table::Numbers base_n, optional_numbers("base_n"));
  auto text = [&](const char* name, size_t r) { return t.Find(name) ? t.Cell(*t.Find(name), r) : std::string(); };
  std::vector<Benchmark> out;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    Benchmark b;
    b.location = t.RowLocation(r);
    b.measure = t.Cell(mc, r);
    b.name = t.Cell(bc, r);
    if (b.measure.empty()) return InvalidArgument(b.location + ", column 'measure': empty");
    if (b.name.empty()) return InvalidArgument(b.location + ", column 'benchmark': empty");
    if (std::isnan(value[r])) return InvalidArgument(b.location + ", column 'value': missing");
    b.value = value[r];
    b.lower = lower[r];
    b.upper = upper[r];
    b.base_n = base_n[r];
    if (std::isnan(b.lower) != std::isnan(b.upper)) {
      return InvalidArgument(b.location + ", column '" + std::string(std::isnan(b.lower) ? "lower" : "upper") +
                             "': give both ends of the interval or neither");
    }
    if (!std::isnan(b.lower) && !(b.lower <= b.value && b.value <= b.upper)) {
      return InvalidArgument(b.location + ", column 'lower': the interval " + FormatNumber(b.lower) + "-" +
                             FormatNumber(b.upper) + " does not contain the value " + FormatNumber(b.value));
    }
    if (!std::isnan(b.base_n) && !(b.base_n > 0)) {
      return InvalidArgument(b.location + ", column 'base_n': " + FormatNumber(b.base_n) + " is not positive");
    }
    b.base = text("base", r);
    b.source = text("source", r);
    b.year = text("year", r);
    out.push_back(std::move(b));
  }
  return out;
}

Result<Benchmark> Ons4AreaBenchmark(const Table& t, const Ons4File& file, const std::string& area_code) {
  NHOOD_ASSIGN_OR_RETURN(size_t code, t.Require("Area Code"));
  NHOOD_ASSIGN_OR_RETURN(size_t name, t.Require("Area"));
  if (t.num_columns() < 3) return InvalidArgument(t.source() + ": expected the mean in the third column");
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (t.Cell(code, r) != area_code) continue;
    std::optional<double> v = ParseNumber(t.Cell(2, r));
    if (!v) return InvalidArgument(t.RowLocation(r) + ", column 3: '" + t.Cell(2, r) + "' is not a number");
    Benchmark b;
    b.measure = file.measure;
    b.name = "ons4_" + area_code;
    b.value = *v;
    b.base = t.Cell(name, r) + " (" + area_code + "), adults 16+, Annual Population Survey";
    b.source = "ONS subnational indicators (2 Feb 2022), " + std::string(file.file);
    b.year = "Apr 2020-Mar 2021";
    b.location = t.RowLocation(r);
    return b;
  }
  return NotFound(t.source() + ": area '" + area_code + "' is not in column 'Area Code'");
}

Result<SurveyReport> MakeSurveyReport(const Codebook& cb, const Table& data, const std::vector<Benchmark>& benchmarks,
                                      const SurveyReportOptions& options) {
  if (!(options.level > 0 && options.level < 1)) return InvalidArgument("the level must be between 0 and 1");
  NHOOD_ASSIGN_OR_RETURN(ScoredSurvey scored, ApplyCodebook(cb, data));
  const size_t rows = data.num_rows();
  if (rows == 0) return InvalidArgument(data.source() + ": no respondents");
  SurveyReport rep;
  // Measures and missing counts.
  std::vector<Measure> measures;
  Columns miss;
  std::set<std::string> in_scale;
  for (const Scale& s : cb.scales) in_scale.insert(s.items.begin(), s.items.end());
  for (size_t i = 0; i < scored.items.size(); ++i) {
    const ScoredItem& it = scored.items[i];
    const ResponseSet& set = cb.responses.at(cb.items[i].responses);
    if (it.blank) {
      miss.T("measure").push_back(it.name);
      miss.T("code").push_back("(blank)");
      miss.N("count").push_back(static_cast<double>(it.blank));
    }
    for (const auto& [code, count] : it.missing_by) {
      miss.T("measure").push_back(it.name);
      miss.T("code").push_back(code);
      miss.N("count").push_back(static_cast<double>(count));
    }
    if (!it.agree.empty()) {
      measures.push_back({it.name, "proportion", it.agree});
    } else if (set.numeric && !in_scale.count(it.name)) {
      measures.push_back({it.name, "mean", it.code});
    }
  }
  for (const ScaleScore& s : scored.scales) {
    size_t incomplete = 0;
    for (double v : s.score) incomplete += std::isnan(v);
    if (incomplete) {
      miss.T("measure").push_back(s.name);
      miss.T("code").push_back("(incomplete scale)");
      miss.N("count").push_back(static_cast<double>(incomplete));
    }
    measures.push_back({s.name, "mean", s.score});
  }
  if (miss.order.empty()) {
    miss.T("measure");
    miss.T("code");
    miss.N("count");
  }
  NHOOD_ASSIGN_OR_RETURN(rep.missing, miss.Build());
  for (const Benchmark& b : benchmarks) {
    if (std::none_of(measures.begin(), measures.end(), [&](const Measure& m) { return m.name == b.measure; })) {
      return InvalidArgument(b.location + ", column 'measure': '" + b.measure + "' is not a measure of " + cb.path +
                             " (an item with agree labels, a scale, or a numeric item)");
    }
  }
  // The design.
  std::optional<stats::SurveyDesign> design;
  if (!cb.weight.empty()) {
    NHOOD_ASSIGN_OR_RETURN(stats::LonelyPsu lonely, stats::ParseLonelyPsu(options.lonely_psu));
    stats::DesignInput d;
    NHOOD_ASSIGN_OR_RETURN(d.weight, data.GetNumbers(cb.weight));
    for (size_t r = 0; r < rows; ++r) {
      if (std::isnan(d.weight[r])) {
        return InvalidArgument(data.RowLocation(r) + ", column '" + cb.weight + "': the weight is missing");
      }
    }
    NHOOD_ASSIGN_OR_RETURN(d.stratum, LabelColumn(data, cb.strata, "stratum"));
    NHOOD_ASSIGN_OR_RETURN(d.psu, LabelColumn(data, cb.psu, "PSU"));
    d.lonely = lonely;
    d.weight_column = cb.weight;
    d.stratum_column = cb.strata;
    d.psu_column = cb.psu.empty() ? cb.weight : cb.psu;
    d.where = [&data](size_t r) { return data.RowLocation(r); };
    NHOOD_ASSIGN_OR_RETURN(stats::SurveyDesign built, stats::MakeSurveyDesign(d));
    design = std::move(built);
  }
  const Estimator est(design ? &*design : nullptr, options.level);
  const std::string method = design ? "design-based (R survey 4.1-1; proportions: svyciprop logit)"
                                    : "simple random sample (proportions: Wilson; means: t)";
  NHOOD_ASSIGN_OR_RETURN(double z, stats::NormalQuantile(0.5 + options.level / 2));
  NHOOD_ASSIGN_OR_RETURN(const double z95, stats::NormalQuantile(0.975));
  // Overall estimates.
  const std::vector<int> all(rows, 0);
  std::map<std::string, Est> overall;
  Columns items;
  for (const Measure& m : measures) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<Est> e, est.Run(m, all, 1));
    overall[m.name] = e[0];
    items.T("measure").push_back(m.name);
    items.T("kind").push_back(m.kind);
    items.N("n").push_back(e[0].n);
    size_t nm = 0;
    for (double v : m.y) nm += std::isnan(v);
    items.N("n_missing").push_back(static_cast<double>(nm));
    items.N("estimate").push_back(e[0].estimate);
    items.N("lower").push_back(e[0].lower);
    items.N("upper").push_back(e[0].upper);
    items.T("method").push_back(m.kind == "proportion" ? (design ? "svyciprop logit" : "Wilson")
                                                       : (design ? "design-based normal" : "Student t"));
  }
  NHOOD_ASSIGN_OR_RETURN(rep.items, items.Build());
  // Benchmarks.
  Columns bt;
  std::vector<double> p;
  for (const Benchmark& b : benchmarks) {
    const Measure& m = *std::find_if(measures.begin(), measures.end(), [&](const Measure& x) { return x.name == b.measure; });
    const Est& e = overall[b.measure];
    double se_b = 0;
    std::string from = "none (taken as known)";
    if (!std::isnan(b.lower)) {
      se_b = (b.upper - b.lower) / (2 * z95);
      from = "published interval";
    } else if (!std::isnan(b.base_n) && m.kind == "proportion") {
      se_b = std::sqrt(b.value * (1 - b.value) / b.base_n);
      from = "base n";
    }
    const double diff = e.estimate - b.value;
    const double se = std::sqrt(e.se * e.se + se_b * se_b);
    const double zz = se > 0 ? diff / se : kNaN;
    bt.T("measure").push_back(b.measure);
    bt.T("benchmark").push_back(b.name);
    bt.N("value").push_back(b.value);
    bt.N("lower").push_back(b.lower);
    bt.N("upper").push_back(b.upper);
    bt.T("source").push_back(b.source);
    bt.T("year").push_back(b.year);
    bt.T("base").push_back(b.base);
    bt.N("estimate").push_back(e.estimate);
    bt.N("estimate_lower").push_back(e.lower);
    bt.N("estimate_upper").push_back(e.upper);
    bt.N("difference").push_back(diff);
    bt.N("lower95").push_back(diff - z95 * se);
    bt.N("upper95").push_back(diff + z95 * se);
    bt.N("z").push_back(zz);
    p.push_back(TwoSidedP(zz));
    bt.N("p").push_back(p.back());
    bt.T("benchmark_se_from").push_back(from);
  }
  {
    // BH over the comparisons that have a p-value.
    std::vector<double> valid;
    for (double v : p) if (!std::isnan(v)) valid.push_back(v);
    std::vector<double> adj = stats::BenjaminiHochberg(valid);
    size_t k = 0;
    for (double v : p) bt.N("p_bh").push_back(std::isnan(v) ? kNaN : adj[k++]);
  }
  if (benchmarks.empty()) {
    for (const char* c : {"measure", "benchmark"}) bt.T(c);
    for (const char* c : {"value", "lower", "upper"}) bt.N(c);
    for (const char* c : {"source", "year", "base"}) bt.T(c);
    for (const char* c : {"estimate", "estimate_lower", "estimate_upper", "difference", "lower95", "upper95", "z", "p"}) bt.N(c);
    bt.T("benchmark_se_from");
    bt.N("p_bh");
  }
  NHOOD_ASSIGN_OR_RETURN(rep.benchmarks, bt.Build());
  // Waves.
  Columns wt, pt, rt;
  for (const char* c : {"measure", "wave_from", "wave_to"}) wt.T(c);
  for (const char* c : {"estimate_from", "estimate_to", "difference", "lower95", "upper95", "p"}) wt.N(c);
  for (const char* c : {"measure", "wave_from", "wave_to"}) pt.T(c);
  for (const char* c : {"n_pairs", "mean_from", "mean_to", "mean_difference", "lower95", "upper95", "p"}) pt.N(c);
  for (const char* c : {"wave_from", "wave_to", "measure"}) rt.T(c);
  for (const char* c : {"n_baseline", "n_retained", "n_lost", "retained_share", "baseline_retained", "baseline_lost",
                        "difference", "lower95", "upper95", "p"}) rt.N(c);
  std::vector<std::string> wave_labels;
  if (!cb.wave.empty()) {
    NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> wave, LabelColumn(data, cb.wave, "wave"));
    wave_labels = wave;
    std::sort(wave_labels.begin(), wave_labels.end(), [](const std::string& a, const std::string& b) {
      std::optional<double> x = ParseNumber(a), y = ParseNumber(b);
      if (x && y) return *x < *y;
      return a < b;
    });
    wave_labels.erase(std::unique(wave_labels.begin(), wave_labels.end()), wave_labels.end());
    std::map<std::string, int> wi;
    for (size_t k = 0; k < wave_labels.size(); ++k) wi[wave_labels[k]] = static_cast<int>(k);
    std::vector<int> dom(rows);
    for (size_t r = 0; r < rows; ++r) dom[r] = wi[wave[r]];
    const int k = static_cast<int>(wave_labels.size());
    for (const Measure& m : measures) {
      NHOOD_ASSIGN_OR_RETURN(std::vector<Est> e, est.Run(m, dom, k));
      for (int w = 0; w + 1 < k; ++w) {
        const double diff = e[w + 1].estimate - e[w].estimate;
        const double se = std::sqrt(e[w].se * e[w].se + e[w + 1].se * e[w + 1].se);
        wt.T("measure").push_back(m.name);
        wt.T("wave_from").push_back(wave_labels[w]);
        wt.T("wave_to").push_back(wave_labels[w + 1]);
        wt.N("estimate_from").push_back(e[w].estimate);
        wt.N("estimate_to").push_back(e[w + 1].estimate);
        wt.N("difference").push_back(diff);
        wt.N("lower95").push_back(diff - z95 * se);
        wt.N("upper95").push_back(diff + z95 * se);
        wt.N("p").push_back(se > 0 ? TwoSidedP(diff / se) : kNaN);
      }
    }
    if (!cb.id.empty()) {
      NHOOD_ASSIGN_OR_RETURN(std::vector<std::string> id, LabelColumn(data, cb.id, "respondent id"));
      std::vector<std::map<std::string, size_t>> row_of(k);
      for (size_t r = 0; r < rows; ++r) {
        if (!row_of[dom[r]].emplace(id[r], r).second) {
          return InvalidArgument(data.RowLocation(r) + ", column '" + cb.id + "': respondent '" + id[r] +
                                 "' appears twice in wave '" + wave[r] + "'");
        }
      }
      for (int w = 0; w + 1 < k; ++w) {
        std::vector<std::pair<size_t, size_t>> pairs;
        std::vector<size_t> lost;
        for (const auto& [who, r1] : row_of[w]) {
          auto it = row_of[w + 1].find(who);
          if (it != row_of[w + 1].end()) pairs.push_back({r1, it->second});
          else lost.push_back(r1);
        }
        const double nb = static_cast<double>(row_of[w].size());
        for (const Measure& m : measures) {
          double n = 0, s1 = 0, s2 = 0, sd = 0, sd2 = 0;
          for (const auto& [a, b] : pairs) {
            if (std::isnan(m.y[a]) || std::isnan(m.y[b])) continue;
            const double d = m.y[b] - m.y[a];
            n += 1;
            s1 += m.y[a];
            s2 += m.y[b];
            sd += d;
            sd2 += d * d;
          }
          const double md = n ? sd / n : kNaN;
          const double se = n >= 2 ? std::sqrt(std::max(0.0, (sd2 - n * md * md) / (n - 1)) / n) : kNaN;
          pt.T("measure").push_back(m.name);
          pt.T("wave_from").push_back(wave_labels[w]);
          pt.T("wave_to").push_back(wave_labels[w + 1]);
          pt.N("n_pairs").push_back(n);
          pt.N("mean_from").push_back(n ? s1 / n : kNaN);
          pt.N("mean_to").push_back(n ? s2 / n : kNaN);
          pt.N("mean_difference").push_back(md);
          pt.N("lower95").push_back(md - z95 * se);
          pt.N("upper95").push_back(md + z95 * se);
          pt.N("p").push_back(se > 0 ? TwoSidedP(md / se) : kNaN);
          // Baseline of kept against lost.
          auto moments = [&](auto rows_of_group) {
            double c = 0, s = 0, q = 0;
            for (size_t r : rows_of_group) {
              if (std::isnan(m.y[r])) continue;
              c += 1;
              s += m.y[r];
              q += m.y[r] * m.y[r];
            }
            const double mean = c ? s / c : kNaN;
            const double var = c >= 2 ? std::max(0.0, (q - c * mean * mean) / (c - 1)) : kNaN;
            return std::array<double, 3>{c, mean, var};
          };
          std::vector<size_t> kept;
          for (const auto& pr : pairs) kept.push_back(pr.first);
          const auto a = moments(kept), b = moments(lost);
          const double diff = a[1] - b[1];
          const double dse = std::sqrt(a[2] / a[0] + b[2] / b[0]);
          rt.T("wave_from").push_back(wave_labels[w]);
          rt.T("wave_to").push_back(wave_labels[w + 1]);
          rt.T("measure").push_back(m.name);
          rt.N("n_baseline").push_back(nb);
          rt.N("n_retained").push_back(static_cast<double>(pairs.size()));
          rt.N("n_lost").push_back(static_cast<double>(lost.size()));
          rt.N("retained_share").push_back(nb ? static_cast<double>(pairs.size()) / nb : kNaN);
          rt.N("baseline_retained").push_back(a[1]);
          rt.N("baseline_lost").push_back(b[1]);
          rt.N("difference").push_back(diff);
          rt.N("lower95").push_back(diff - z95 * dse);
          rt.N("upper95").push_back(diff + z95 * dse);
          rt.N("p").push_back(dse > 0 ? TwoSidedP(diff / dse) : kNaN);
        }
      }
    }
  }
  NHOOD_ASSIGN_OR_RETURN(rep.waves, wt.Build());
  NHOOD_ASSIGN_OR_RETURN(rep.panel, pt.Build());
  NHOOD_ASSIGN_OR_RETURN(rep.retention, rt.Build());
  (void)z;
  rep.notes = {
      "Not a causal comparison: a sample of programme participants set against a population survey differs in "
      "who answers (selection), how they answer (mode, wording, year) and where they live; a difference here is "
      "a description, not an effect of the programme.",
      "Estimates: " + method + ", " + FormatNumber(options.level * 100) + "% intervals; differences from "
      "benchmarks and between waves with 95% normal intervals and two-sided z tests; Benjamini-Hochberg "
      "adjusted p-values (p_bh) over all " + std::to_string(benchmarks.size()) + " benchmark comparisons.",
      "Missing responses (blank cells and the codebook's missing codes) are left out of each measure and counted "
      "in missing.csv; a scale is missing when any of its items is.",
  };
  if (!cb.wave.empty()) {
    rep.notes.push_back("Waves: each wave estimated separately (cross-sectional); the change's interval treats the "
                        "waves as independent samples" +
                        std::string(cb.id.empty() ? "." : ", although panel respondents answer in both."));
  }
  if (!cb.id.empty()) {
    rep.notes.push_back("Panel: paired differences and the retention comparison are unweighted, over respondents "
                        "with the measure present in both waves (paired) or at baseline (retention).");
  }
  {
    std::vector<NamedFit> fits;
    for (const ModelSpec& spec : options.models.models) {
      NHOOD_ASSIGN_OR_RETURN(RegressionFit f, RunModelSpec(spec, data, &cb, &scored, options.level));
      fits.push_back({spec.name, std::move(f)});
    }
    std::vector<NamedMediation> meds;
    for (const MediationSpec& spec : options.models.mediations) {
      const size_t index = meds.size();
      std::function<void(size_t)> progress;
      if (options.mediation_progress) {
        progress = [&options, index](size_t done) { options.mediation_progress(index, done); };
      }
      NHOOD_ASSIGN_OR_RETURN(MediationResult m, RunMediationSpec(spec, data, &cb, &scored, options.level,
                                                                 options.threads, progress));
      meds.push_back({spec, std::move(m)});
    }
    NHOOD_ASSIGN_OR_RETURN(rep.models, ModelTable(fits));
    NHOOD_ASSIGN_OR_RETURN(rep.mediation, MediationTable(meds));
    if (!fits.empty()) {
      rep.notes.push_back("Models: linear (least squares) or logistic regressions over every wave together, with "
                          "model-based and CR1 cluster-robust standard errors (R sandwich vcovCL, type HC1) and "
                          "intervals from t with G - 1 degrees of freedom for G clusters; rows with any model "
                          "variable missing are left out (n_dropped). Associations, not effects of the programme.");
    }
    for (const NamedMediation& m : meds) {
      rep.notes.push_back("Mediation '" + m.spec.name + "': " + m.spec.x + " -> " + m.spec.m + " -> " + m.spec.y +
                          ", product of coefficients (indirect = a b, direct = c', total = c' + a b) with " +
                          std::to_string(m.result.replicates) + " cluster-bootstrap replicates over the " +
                          std::to_string(m.result.clusters) + " clusters of '" + m.spec.cluster + "' (seed " +
                          std::to_string(m.result.seed) + ", percentile intervals)" +
                          (m.result.failed ? ", " + std::to_string(m.result.failed) + " resamples not fitted"
                                           : std::string()) +
                          "; causal only if nothing unmeasured drives both " + m.spec.x + " and " + m.spec.y +
                          " or " + m.spec.m + " and " + m.spec.y + ".");
    }
  }
  rep.summary = "survey report: " + std::to_string(rows) + " respondents, " + std::to_string(measures.size()) +
                " measures, " + std::to_string(benchmarks.size()) + " benchmark comparisons" +
                (wave_labels.empty() ? std::string() : ", " + std::to_string(wave_labels.size()) + " waves") +
                (cb.id.empty() ? std::string() : ", panel on '" + cb.id + "'");
  if (!options.models.empty()) {
    const size_t nm = options.models.models.size(), nmed = options.models.mediations.size();
    rep.summary += ", " + std::to_string(nm) + (nm == 1 ? " model, " : " models, ") + std::to_string(nmed) +
                   (nmed == 1 ? " mediation" : " mediations");
  }
  return rep;
}

}  // namespace nhood::evaluate
