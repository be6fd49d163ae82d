#include "nhood/evaluate/did_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "nhood/base/number.h"
#include "nhood/evaluate/chart_figure.h"
#include "nhood/evaluate/escape_html.h"
#include "nhood/evaluate/report_page.h"

namespace nhood::evaluate {
namespace {

std::string Fixed(double v, int digits) {
  if (!std::isfinite(v)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A proportion as a percentage ("47.17%"), a difference in points ("+1.23").
std::string Percent(double p) { return std::isfinite(p) ? Fixed(100 * p, 2) + "%" : "–"; }
std::string Points(double d) {
  if (!std::isfinite(d)) return "–";
  return (d >= 0 ? "+" : "") + Fixed(100 * d, 2);
}

const char* ComparisonLabel(const std::string& c) {
  if (c == "england") return "England";
  if (c == "similarly_deprived") return "Similarly deprived (IMD decile mix)";
  if (c == "matched") return "Matched comparators";
  return "";
}

std::string OutcomeLabel(const std::string& o) {
  if (o == "very_good_health") return "Very good health";
  if (o == "bad_health") return "Bad or very bad health";
  return o;
}

// One horizontal interval chart per outcome: a dot at the DiD and a line
// over its interval, one row per comparison, in percentage points.
std::string Chart(const std::string& outcome, const std::vector<const DidEstimate*>& rows) {
  double lo = 0, hi = 0;
  for (const DidEstimate* e : rows) {
    for (double v : {e->did, e->lower, e->upper}) {
      if (std::isfinite(v)) {
        lo = std::min(lo, 100 * v);
        hi = std::max(hi, 100 * v);
      }
    }
  }
  // Round the axis out to a step of 0.5, 1, 2 or 5 points.
  double step = 0.5;
  for (double s : {0.5, 1.0, 2.0, 5.0, 10.0}) {
    step = s;
    if ((hi - lo) / s <= 8) break;
  }
  lo = std::floor(lo / step) * step - (lo == 0 ? step : 0);
  hi = std::ceil(hi / step) * step + (hi == 0 ? step : 0);
  if (hi - lo < step) hi = lo + step;
  const int left = 250, width = 420, row_h = 34, top = 28;
  const int height = top + row_h * static_cast<int>(rows.size()) + 36;
  auto x = [&](double v) { return left + (v - lo) / (hi - lo) * width; };
  std::string svg = "<svg role=\"img\" aria-label=\"Difference-in-differences, " + EscapeHtml(OutcomeLabel(outcome)) +
                    "\" width=\"" + std::to_string(left + width + 30) + "\" height=\"" + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"12\">";
  svg += "<text x=\"0\" y=\"16\" font-weight=\"bold\">" + EscapeHtml(OutcomeLabel(outcome)) +
         ": DiD, percentage points (95% cluster-bootstrap interval)</text>";
  const int axis_y = top + row_h * static_cast<int>(rows.size()) + 4;
  for (double t = lo; t <= hi + 1e-9; t += step) {
    const double px = x(t);
    svg += "<line x1=\"" + Fixed(px, 1) + "\" x2=\"" + Fixed(px, 1) + "\" y1=\"" + std::to_string(top) + "\" y2=\"" +
           std::to_string(axis_y) + "\" stroke=\"" + (std::fabs(t) < 1e-9 ? "#333" : "#ddd") + "\"/>";
    svg += "<text x=\"" + Fixed(px, 1) + "\" y=\"" + std::to_string(axis_y + 16) + "\" text-anchor=\"middle\">" +
           Fixed(t, step < 1 ? 1 : 0) + "</text>";
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const DidEstimate& e = *rows[i];
    const int y = top + row_h * static_cast<int>(i) + row_h / 2;
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 4) + "\">" + EscapeHtml(ComparisonLabel(e.comparison)) + "</text>";
    if (std::isfinite(e.lower) && std::isfinite(e.upper)) {
      svg += "<line x1=\"" + Fixed(x(100 * e.lower), 1) + "\" x2=\"" + Fixed(x(100 * e.upper), 1) + "\" y1=\"" +
             std::to_string(y) + "\" y2=\"" + std::to_string(y) + "\" stroke=\"#1d70b8\" stroke-width=\"3\"/>";
    }
    svg += "<circle cx=\"" + Fixed(x(100 * e.did), 1) + "\" cy=\"" + std::to_string(y) +
           "\" r=\"5\" fill=\"#0b0c0c\"><title>" + EscapeHtml(ComparisonLabel(e.comparison)) + ": " + Points(e.did) +
           " points (" + Points(e.lower) + " to " + Points(e.upper) + ")</title></circle>";
  }
  return svg + "</svg>";
}

// The outcome's charts as chart figures (chart_figure.h) for Observable Plot: the DiD by comparison
// with its interval (the SVG above as the fallback), and the shares of the treated and comparison
// areas in 2011 and 2021 (its values listed as the fallback). The treated shares are drawn once, and
// again for a comparison whose treated areas differ (matched: only the treated areas matched).
std::string Figures(const std::string& outcome, const std::vector<const DidEstimate*>& rows) {
  const std::string name = OutcomeLabel(outcome);
  std::vector<DotIntervalRow> did;
  std::vector<BeforeAfterRow> shares;
  const double nan = std::nan("");
  for (const DidEstimate* e : rows) {
    did.push_back({ComparisonLabel(e->comparison), "DiD", 100 * e->did, 100 * e->lower, 100 * e->upper});
    const DidEstimate& first = *rows.front();
    if (e == rows.front() || e->treated_before != first.treated_before || e->treated_after != first.treated_after) {
      const std::string t =
          e == rows.front() ? "Treated areas" : "Treated areas (" + std::string(ComparisonLabel(e->comparison)) + ")";
      shares.push_back({t, "2011", e->treated_before, nan, nan});
      shares.push_back({t, "2021", e->treated_after, nan, nan});
    }
    shares.push_back({ComparisonLabel(e->comparison), "2011", e->comparison_before, nan, nan});
    shares.push_back({ComparisonLabel(e->comparison), "2021", e->comparison_after, nan, nan});
  }
  const ChartText share_text = {.title = name + ": shares in 2011 and 2021, treated and comparison areas",
                                .caption = name + ": share of residents in 2011 and 2021, treated and comparison areas",
                                .x_label = "share of residents",
                                .percent = true};
  return DotIntervalFigure({.title = name + ": difference-in-differences by comparison",
                            .caption = name + ": DiD, percentage points (95% cluster-bootstrap interval)",
                            .x_label = "DiD, percentage points",
                            .zero_rule = true},
                           did, Chart(outcome, rows)) +
         BeforeAfterFigure(share_text, shares, BeforeAfterList(share_text, shares));
}


std::string Pct(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * p);
  return buf;
}
std::string Pts(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", 100 * d);
  return buf;
}

}  // namespace

std::string RenderDidReport(const DidReportInput& in) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + EscapeHtml(in.title) +
                  "</title><style>body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#0b0c0c}"
                  "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #b1b4b6;padding:4px 8px;"
                  "text-align:right}th:first-child,td:first-child{text-align:left}.ok{color:#00703c}.bad{color:#d4351c}"
                  ".caveat{background:#fff7bf;padding:0.5em 1em;border-left:4px solid #ffdd00}</style></head><body>\n";
  h += "<h1>" + EscapeHtml(in.title) + "</h1>\n<p>" + EscapeHtml(in.generated) + "</p>\n";
  for (const std::string& p : in.summary) h += "<p>" + EscapeHtml(p) + "</p>\n";

  h += "<h2>Difference-in-differences</h2>\n";
  std::vector<std::string> outcomes;
  std::map<std::string, std::vector<const DidEstimate*>> by_outcome;
  for (const DidEstimate& e : in.estimates) {
    if (!by_outcome.count(e.outcome)) outcomes.push_back(e.outcome);
    by_outcome[e.outcome].push_back(&e);
  }
  for (const std::string& o : outcomes) h += Figures(o, by_outcome[o]);
  h += "<table><caption>Shares (population-weighted: pooled counts) and DiD in percentage points</caption>"
       "<tr><th>Outcome</th><th>Comparison</th><th>Treated 2011</th><th>Treated 2021</th><th>Comparison 2011</th>"
       "<th>Comparison 2021</th><th>DiD (points)</th><th>95% interval</th><th>Treated areas</th>"
       "<th>Comparison areas</th></tr>\n";
  for (const DidEstimate& e : in.estimates) {
    h += "<tr><td>" + EscapeHtml(OutcomeLabel(e.outcome)) + "</td><td>" + EscapeHtml(ComparisonLabel(e.comparison)) +
         "</td><td>" + Percent(e.treated_before) + "</td><td>" + Percent(e.treated_after) + "</td><td>" +
         Percent(e.comparison_before) + "</td><td>" + Percent(e.comparison_after) + "</td><td>" + Points(e.did) +
         "</td><td>" + Points(e.lower) + " to " + Points(e.upper) + "</td><td>" + std::to_string(e.n_treated) +
         "</td><td>" + std::to_string(e.n_comparison) + "</td></tr>\n";
  }
  h += "</table>\n";

  h += "<h2>Balance of the matched comparators</h2>\n<table><caption>Standardised mean differences (|SMD| &lt; 0.1 "
       "is good balance)</caption><tr><th>Covariate (2011 baseline)</th><th>Mean, treated</th><th>Mean, all "
       "comparison areas</th><th>SMD before</th><th>Mean, matched comparators</th><th>SMD after</th></tr>\n";
  for (const BalanceRow& b : in.balance) {
    const bool ok = std::fabs(b.smd_after) < 0.1;
    h += "<tr><td>" + EscapeHtml(b.covariate) + "</td><td>" + Fixed(b.mean_treated, 4) + "</td><td>" +
         Fixed(b.mean_comparison_before, 4) + "</td><td>" + Fixed(b.smd_before, 3) + "</td><td>" +
         Fixed(b.mean_comparison_after, 4) + "</td><td class=\"" + (ok ? "ok" : "bad") + "\">" +
         Fixed(b.smd_after, 3) + "</td></tr>\n";
  }
  h += "</table>\n";

  h += "<h2>Caveats</h2>\n";
  for (const std::string& c : in.caveats) h += "<p class=\"caveat\">" + EscapeHtml(c) + "</p>\n";
  h += "<h2>Methods</h2>\n<ul>\n";
  for (const std::string& m : in.methods) h += "<li>" + EscapeHtml(m) + "</li>\n";
  h += "</ul>\n<h2>Data sources</h2>\n<ul>\n";
  for (const std::string& s : in.sources) h += "<li>" + EscapeHtml(s) + "</li>\n";
  h += "</ul>\n<h2>Provenance</h2>\n<ul>\n";
  for (const std::string& p : in.provenance) h += "<li>" + EscapeHtml(p) + "</li>\n";
  h += "</ul>\n</body></html>\n";
  return FramedPage(h);
}

std::vector<std::string> DidCaveats(const DidRunFacts& in) {
  return {
      "Parallel trends: the difference-in-differences reads as an effect only if the treated and comparison areas "
      "would have changed alike between the censuses without the programme. With two time points this cannot be "
      "tested here; treated areas chosen for their need may also move back towards the average (regression to the "
      "mean). Read the figures as descriptive differences in change, not as proven effects.",
      "Not age-standardised: Census 2011 QS302EW and Census 2021 TS037 at LSOA level are not broken down by age, so "
      "the shares are crude. Age structure enters only the matched comparison, as a matching covariate" +
          std::string(in.ages_matched ? " (shares of young and old residents)" : " (not given)") +
          "; the England and similarly-deprived comparisons are not adjusted for age.",
      "Census 2021 was taken on 21 March 2021, during a COVID-19 lockdown; ONS advises care in comparing "
      "self-reported general health with 2011. Census 2021 counts are perturbed (cell key) and these LSOA counts are "
      "sums of output areas, so they differ slightly from the published LSOA table.",
      "Census 2021 is on LSOA 2021 geography; it is bridged back to LSOA 2011 through the ONS best-fit lookup: "
      "merged and irregular 2021 areas are shared among their 2011 parts by 2011 population (" +
          std::to_string(in.split_sources) + " 2021 areas shared).",
      "The bootstrap interval holds the matches fixed (it is conditional on the matched comparators) and resamples "
      "wards, so it reflects how the result depends on which wards are in each group, not sampling error in the "
      "census counts."};
}

std::vector<std::string> DidMethods(const DidResult& r, const DidRunFacts& in) {
  std::vector<std::string> m = {
      "Shares are population-weighted: counts are pooled over the areas of a group (share = sum of counts / sum of "
      "persons). DiD = (treated 2021 - treated 2011) - (comparison 2021 - comparison 2011), in proportions.",
      "England: England's own totals from the census files (every English LSOA, the treated areas included).",
      "Similarly deprived: the untreated LSOAs directly standardised to the treated areas' IMD 2019 decile mix: the "
      "comparison share is the sum over deciles of (treated 2011 persons' share in the decile) x (pooled share of "
      "untreated LSOAs in the decile); the same decile weights at both censuses.",
      in.matching.method == MatchingMethod::kPropensity
          ? "Matched: nearest-neighbour propensity-score matching (a logistic regression of treatment on the "
            "covariates below, fitted by IRLS as R glm; Rosenbaum & Rubin 1983) of each treated LSOA to " +
                std::to_string(in.matching.ratio) + " untreated LSOAs " +
                (in.matching.replacement ? "with" : "without") +
                " replacement on the logit of the score, within a caliper of " + FormatNumber(in.matching.caliper) +
                " standard deviations of the logit (pooled SD " + FormatNumber(std::round(r.matching.logit_sd * 1e4) / 1e4) +
                "; Austin 2011 recommends 0.2); each treated LSOA's comparators share weight 1; treated LSOAs "
                "without a comparator inside the caliper are left out of the matched row (" +
                std::to_string(r.matching.unmatched_treated) + " here). Covariates (2011 baseline):"
          : "Matched: nearest-neighbour Mahalanobis matching (pooled within-group covariance, as R MatchIt 4) of "
            "each treated LSOA to " +
                std::to_string(in.matching.ratio) + " untreated LSOAs " +
                (in.matching.replacement ? "with" : "without") + " replacement, within a caliper of " +
                FormatNumber(in.matching.caliper) +
                " Mahalanobis units; each treated LSOA's comparators share weight 1; treated LSOAs without a "
                "comparator inside the caliper are left out of the matched row (" +
                std::to_string(r.matching.unmatched_treated) + " here). Covariates (2011 baseline):",
  };
  for (const std::string& c : in.covariate_notes) m.push_back("  " + c);
  if (!in.treated_note.empty()) m.insert(m.begin() + 1, "Treated areas: the " + in.treated_note + ".");
  m.push_back("Balance: standardised mean differences (Stuart 2010), the denominator from the treated and all "
              "untreated LSOAs before matching; |SMD| < 0.1 is good balance.");
  m.push_back("Intervals: 95% cluster bootstrap, " + std::to_string(in.replicates) +
              " replicates, seed " + std::to_string(in.seed) +
              ": treated wards and comparison wards resampled with replacement, type-7 percentile limits. Same "
              "answer on any number of threads.");
  m.push_back("See docs/methods.md (Difference-in-differences) for the references.");
  return m;
}


std::vector<std::string> DescribeDid(const DidResult& result, const DidRunFacts& facts) {
  double worst_smd = 0;
  for (const auto& b : result.balance) worst_smd = std::max(worst_smd, std::fabs(b.smd_after));
  std::vector<std::string> summary;
  summary.push_back(std::to_string(result.treated_units) + " treated LSOAs 2011 in " +
                    std::to_string(result.treated_clusters) + " wards (" + std::to_string(facts.treated_rows) + " " +
                    (facts.treated_level == "ward"      ? "wards listed"
                     : facts.treated_level == "polygon" ? "treated polygons"
                                                        : "LSOAs listed") +
                    "); " +
                    std::to_string(result.comparison_units) + " untreated LSOAs in " +
                    std::to_string(result.comparison_clusters) + " wards.");
  for (const DidEstimate& e : result.estimates) {
    summary.push_back(e.comparison + ", " + e.outcome + ": treated " + Pct(e.treated_before) + " -> " +
                      Pct(e.treated_after) + ", comparison " + Pct(e.comparison_before) + " -> " +
                      Pct(e.comparison_after) + "; DiD " + Pts(e.did) + " points (95% " + Pts(e.lower) + " to " +
                      Pts(e.upper) + ")");
  }
  summary.push_back(std::string("Matching (") + MatchingMethodName(facts.matching.method) +
                    "): " + std::to_string(result.matching.matched_treated) + " of " +
                    std::to_string(result.treated_units) + " treated LSOAs matched to " +
                    std::to_string(result.matching.distinct_comparisons) + " distinct comparators (" +
                    std::to_string(result.matching.short_treated) + " with fewer than " +
                    std::to_string(facts.matching.ratio) + "); largest |SMD| after matching " +
                    FormatNumber(std::round(worst_smd * 1e4) / 1e4) + (worst_smd < 0.1 ? " (< 0.1)" : " (NOT < 0.1)") +
                    ".");
  if (result.failed_replicates > 0) {
    summary.push_back(std::to_string(result.failed_replicates) +
                      " bootstrap replicates left an estimate undefined and were left out of its limits.");
  }
  if (!result.treated_deciles_without_comparison.empty()) {
    std::string d;
    for (int x : result.treated_deciles_without_comparison) d += (d.empty() ? "" : ", ") + std::to_string(x);
    summary.push_back("IMD deciles with treated but no untreated areas (left out of similarly_deprived): " + d);
  }
  return summary;
}

}  // namespace nhood::evaluate
