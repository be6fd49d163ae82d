#include "nhood/evaluate/survey_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "nhood/evaluate/chart_figure.h"
#include "nhood/evaluate/escape_html.h"
#include "nhood/evaluate/report_page.h"

namespace nhood::evaluate {
namespace {

std::string Num(double v, int digits) {
  if (std::isnan(v)) return "";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

// A cell shown for people: proportions as percentages.
std::string Show(double v, bool proportion) { return proportion ? Num(100 * v, 1) + "%" : Num(v, 2); }

std::string P(double p) {
  if (std::isnan(p)) return "";
  if (p < 0.001) return "&lt;0.001";
  return Num(p, 3);
}

std::string Col(const Table& t, const char* name, size_t r) { return t.Find(name) ? t.Cell(*t.Find(name), r) : ""; }
double NumCol(const Table& t, const char* name, size_t r) {
  Result<Table::Numbers> v = t.GetNumbers(name);
  return v ? (*v)[r] : std::nan("");
}

// A plain table of every column of t (numbers rounded for reading).
std::string HtmlTable(const Table& t, const char* caption) {
  std::string h = "<table><caption>" + EscapeHtml(caption) + "</caption><thead><tr>";
  for (size_t c = 0; c < t.num_columns(); ++c) h += "<th>" + EscapeHtml(t.names()[c]) + "</th>";
  h += "</tr></thead><tbody>";
  for (size_t r = 0; r < t.num_rows(); ++r) {
    h += "<tr>";
    for (size_t c = 0; c < t.num_columns(); ++c) {
      std::string cell = t.Cell(c, r);
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      if (!cell.empty() && end && *end == 0 && cell.find_first_of(".eE") != std::string::npos) cell = Num(v, 4);
      h += "<td>" + EscapeHtml(cell) + "</td>";
    }
    h += "</tr>";
  }
  return h + "</tbody></table>\n";
}

// Each model's coefficients: estimate, the cluster-robust interval and p where clustered, else the model-based.
std::string ModelsHtml(const Table& t) {
  std::string h =
      "<h2>Models</h2>\n<table id=\"models\"><caption>Regression coefficients with cluster-robust (CR1) intervals "
      "where a cluster is named (models.csv has both)</caption><thead><tr><th>model</th><th>family</th><th>term</th>"
      "<th>estimate</th><th>interval</th><th>p</th><th>se</th><th>n</th><th>clusters</th></tr></thead><tbody>";
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const bool cl = !std::isnan(NumCol(t, "se_cluster", r));
    const char* sfx = cl ? "_cluster" : "";
    const std::string lo = std::string("lower") + sfx, hi = std::string("upper") + sfx, p = std::string("p") + sfx,
                      se = std::string("se") + sfx, dist = std::string("distribution") + sfx;
    h += "<tr><td>" + EscapeHtml(Col(t, "model", r)) + "</td><td>" + EscapeHtml(Col(t, "family", r)) + "</td><td>" +
         EscapeHtml(Col(t, "term", r)) + "</td><td>" + Num(NumCol(t, "estimate", r), 3) + "</td><td>" +
         Num(NumCol(t, lo.c_str(), r), 3) + " to " + Num(NumCol(t, hi.c_str(), r), 3) + "</td><td>" +
         P(NumCol(t, p.c_str(), r)) + "</td><td>" + Num(NumCol(t, se.c_str(), r), 3) + " (" +
         (cl ? "CR1, " : "model, ") + EscapeHtml(Col(t, dist.c_str(), r)) + ")</td><td>" + Col(t, "n", r) + "</td><td>" +
         Col(t, "clusters", r) + "</td></tr>";
  }
  return h + "</tbody></table>\n";
}

std::string MediationHtml(const Table& t) {
  std::string h =
      "<h2>Mediation</h2>\n<table id=\"mediation\"><caption>Paths a (X to M) and b (M to Y given X) with CR1 "
      "intervals; indirect, direct and total effects and the proportion mediated with cluster-bootstrap percentile "
      "intervals</caption><thead><tr><th>mediation</th><th>path</th><th>effect</th><th>estimate</th>"
      "<th>interval</th><th>se</th><th>method</th></tr></thead><tbody>";
  for (size_t r = 0; r < t.num_rows(); ++r) {
    h += "<tr><td>" + EscapeHtml(Col(t, "mediation", r)) + "</td><td>" +
         EscapeHtml(Col(t, "x", r)) + " &rarr; " + EscapeHtml(Col(t, "m", r)) + " &rarr; " + EscapeHtml(Col(t, "y", r)) + "</td><td>" +
         EscapeHtml(Col(t, "effect", r)) + "</td><td>" + Num(NumCol(t, "estimate", r), 3) + "</td><td>" +
         Num(NumCol(t, "lower", r), 3) + " to " + Num(NumCol(t, "upper", r), 3) + "</td><td>" +
         Num(NumCol(t, "se", r), 3) + "</td><td>" + EscapeHtml(Col(t, "method", r)) + " (n " + Col(t, "n", r) +
         ", " + Col(t, "clusters", r) + " clusters, " + Col(t, "replicates", r) + " replicates, seed " +
         Col(t, "seed", r) + ")</td></tr>";
  }
  return h + "</tbody></table>\n";
}

const char* kColours[] = {"#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"};

// A dot plot: one row per measure; the survey estimate (black) and each benchmark (coloured) with intervals.
std::string DotPlot(const SurveyReport& rep, const std::string& kind, const std::vector<std::string>& names) {
  const Table& b = rep.benchmarks;
  std::vector<std::string> measures;
  for (size_t r = 0; r < b.num_rows(); ++r) {
    const std::string m = Col(b, "measure", r);
    bool is_kind = false;
    for (size_t i = 0; i < rep.items.num_rows(); ++i) {
      if (Col(rep.items, "measure", i) == m && Col(rep.items, "kind", i) == kind) is_kind = true;
    }
    if (is_kind && std::find(measures.begin(), measures.end(), m) == measures.end()) measures.push_back(m);
  }
  if (measures.empty()) return "";
  double lo = kind == "proportion" ? 0 : 1e300, hi = kind == "proportion" ? 1 : -1e300;
  if (kind != "proportion") {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      if (std::find(measures.begin(), measures.end(), Col(b, "measure", r)) == measures.end()) continue;
      for (const char* c : {"value", "lower", "upper", "estimate_lower", "estimate_upper"}) {
        const double v = NumCol(b, c, r);
        if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
    const double pad = 0.1 * (hi - lo + 1e-9);
    lo -= pad;
    hi += pad;
  }
  const int left = 180, width = 460, row_h = 34, top = 30;
  const int height = top + row_h * static_cast<int>(measures.size()) + 30;
  auto x = [&](double v) { return left + (v - lo) / (hi - lo) * width; };
  std::string s = "<svg role=\"img\" aria-label=\"Benchmark dot plot (" + EscapeHtml(kind) + ")\" width=\"" +
                  std::to_string(left + width + 20) + "\" height=\"" + std::to_string(height) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"12\">";
  for (int k = 0; k <= 4; ++k) {
    const double v = lo + (hi - lo) * k / 4;
    s += "<line x1=\"" + Num(x(v), 1) + "\" x2=\"" + Num(x(v), 1) + "\" y1=\"" + std::to_string(top - 10) +
         "\" y2=\"" + std::to_string(height - 25) + "\" stroke=\"#ddd\"/>";
    s += "<text x=\"" + Num(x(v), 1) + "\" y=\"" + std::to_string(height - 10) + "\" text-anchor=\"middle\">" +
         Show(v, kind == "proportion") + "</text>";
  }
  for (size_t i = 0; i < measures.size(); ++i) {
    const int y = top + row_h * static_cast<int>(i) + row_h / 2;
    s += "<text x=\"" + std::to_string(left - 8) + "\" y=\"" + std::to_string(y + 4) + "\" text-anchor=\"end\">" +
         EscapeHtml(measures[i]) + "</text>";
    bool drew_estimate = false;
    for (size_t r = 0; r < b.num_rows(); ++r) {
      if (Col(b, "measure", r) != measures[i]) continue;
      const size_t k = std::find(names.begin(), names.end(), Col(b, "benchmark", r)) - names.begin();
      const std::string colour = kColours[k % 6];
      const int yb = y + 6 + static_cast<int>(k % 3) * 3;
      const double v = NumCol(b, "value", r), l = NumCol(b, "lower", r), u = NumCol(b, "upper", r);
      if (!std::isnan(l)) {
        s += "<line x1=\"" + Num(x(l), 1) + "\" x2=\"" + Num(x(u), 1) + "\" y1=\"" + std::to_string(yb) + "\" y2=\"" +
             std::to_string(yb) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
      }
      s += "<rect x=\"" + Num(x(v) - 4, 1) + "\" y=\"" + std::to_string(yb - 4) +
           "\" width=\"8\" height=\"8\" fill=\"" + colour + "\"><title>" + EscapeHtml(Col(b, "benchmark", r)) + ": " +
           Show(v, kind == "proportion") + "</title></rect>";
      if (!drew_estimate) {
        drew_estimate = true;
        const double e = NumCol(b, "estimate", r), el = NumCol(b, "estimate_lower", r),
                     eu = NumCol(b, "estimate_upper", r);
        s += "<line x1=\"" + Num(x(el), 1) + "\" x2=\"" + Num(x(eu), 1) + "\" y1=\"" + std::to_string(y - 6) +
             "\" y2=\"" + std::to_string(y - 6) + "\" stroke=\"#000\" stroke-width=\"2\"/>";
        s += "<circle cx=\"" + Num(x(e), 1) + "\" cy=\"" + std::to_string(y - 6) + "\" r=\"5\" fill=\"#000\"><title>survey: " +
             Show(e, kind == "proportion") + "</title></circle>";
      }
    }
  }
  s += "</svg>\n";
  return s;
}

// The dot plot as a chart figure (chart_figure.h): its rows for Observable Plot, the SVG above as the
// fallback. Series "survey" (the estimate with its interval) first, then each benchmark.
std::string DotPlotFigure(const SurveyReport& rep, const std::string& kind, const std::vector<std::string>& names) {
  const std::string svg = DotPlot(rep, kind, names);
  if (svg.empty()) return "";
  const Table& b = rep.benchmarks;
  std::vector<DotIntervalRow> rows, benchmarks;
  for (size_t r = 0; r < b.num_rows(); ++r) {
    const std::string m = Col(b, "measure", r);
    bool is_kind = false;
    for (size_t i = 0; i < rep.items.num_rows(); ++i) {
      if (Col(rep.items, "measure", i) == m && Col(rep.items, "kind", i) == kind) is_kind = true;
    }
    if (!is_kind) continue;
    if (std::none_of(rows.begin(), rows.end(), [&](const DotIntervalRow& x) { return x.label == m; })) {
      rows.push_back(
          {m, "survey", NumCol(b, "estimate", r), NumCol(b, "estimate_lower", r), NumCol(b, "estimate_upper", r)});
    }
    benchmarks.push_back(
        {m, Col(b, "benchmark", r), NumCol(b, "value", r), NumCol(b, "lower", r), NumCol(b, "upper", r)});
  }
  rows.insert(rows.end(), benchmarks.begin(), benchmarks.end());
  const bool prop = kind == "proportion";
  return DotIntervalFigure({.title = std::string("Benchmark dot plot (") + (prop ? "proportions" : "means") + ")",
                            .caption = std::string("Survey estimate and benchmarks, ") +
                                       (prop ? "proportions" : "means") + ", with their intervals",
                            .x_label = prop ? "share" : "mean",
                            .percent = prop},
                           rows, svg);
}

// The estimate of each measure of `kind` at each wave (rep.waves), one line per measure, as a chart
// figure whose fallback is the list of its values.
std::string WaveFigure(const SurveyReport& rep, const std::string& kind) {
  const Table& w = rep.waves;
  std::vector<BeforeAfterRow> rows;
  auto add = [&](const std::string& m, const std::string& wave, double v) {
    for (const BeforeAfterRow& x : rows) {
      if (x.series == m && x.period == "wave " + wave) return;
    }
    rows.push_back({m, "wave " + wave, v, std::nan(""), std::nan("")});
  };
  for (size_t r = 0; r < w.num_rows(); ++r) {
    const std::string m = Col(w, "measure", r);
    bool is_kind = false;
    for (size_t i = 0; i < rep.items.num_rows(); ++i) {
      if (Col(rep.items, "measure", i) == m && Col(rep.items, "kind", i) == kind) is_kind = true;
    }
    if (!is_kind) continue;
    add(m, Col(w, "wave_from", r), NumCol(w, "estimate_from", r));
    add(m, Col(w, "wave_to", r), NumCol(w, "estimate_to", r));
  }
  if (rows.empty()) return "";
  const bool prop = kind == "proportion";
  const ChartText text = {.title = std::string("Estimates by wave (") + (prop ? "proportions" : "means") + ")",
                          .caption = std::string("Each measure at each wave, ") + (prop ? "proportions" : "means") +
                                     "; the changes with their intervals are in the table below",
                          .x_label = prop ? "share" : "mean",
                          .percent = prop};
  return BeforeAfterFigure(text, rows, BeforeAfterList(text, rows));
}

}  // namespace

std::string SurveyReportHtml(const SurveyReport& rep, const std::string& title) {
  std::vector<std::string> names;  // benchmarks in order of first appearance
  const Table& b = rep.benchmarks;
  for (size_t r = 0; r < b.num_rows(); ++r) {
    const std::string n = Col(b, "benchmark", r);
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + EscapeHtml(title) +
      "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
      "table{border-collapse:collapse;margin:1rem 0;font-size:0.9rem}th,td{border:1px solid #ccc;padding:0.2rem "
      "0.5rem;text-align:right}th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:"
      "bold;padding:0.3rem 0}.note{background:#fff4e0;border-left:4px solid #d95f02;padding:0.5rem 1rem}"
      ".sig{font-weight:bold}</style></head><body>\n<h1>" +
      EscapeHtml(title) + "</h1>\n<p>" + EscapeHtml(rep.summary) + "</p>\n";
  for (size_t i = 0; i < rep.notes.size(); ++i) {
    h += "<p class=\"" + std::string(i == 0 ? "note" : "") + "\">" + EscapeHtml(rep.notes[i]) + "</p>\n";
  }
  // The findings table: measure | survey | each benchmark (difference, p_bh).
  h += "<h2>Findings against benchmarks</h2>\n<table id=\"findings\"><caption>Survey estimate and each benchmark "
       "(difference with 95% interval; BH-adjusted p; bold: p_bh &lt; 0.05)</caption><thead><tr><th>measure</th>"
       "<th>survey</th>";
  for (const std::string& n : names) h += "<th>" + EscapeHtml(n) + "</th>";
  h += "</tr></thead><tbody>";
  for (size_t i = 0; i < rep.items.num_rows(); ++i) {
    const std::string m = Col(rep.items, "measure", i);
    const bool prop = Col(rep.items, "kind", i) == "proportion";
    std::vector<std::string> cells(names.size());
    bool any = false;
    for (size_t r = 0; r < b.num_rows(); ++r) {
      if (Col(b, "measure", r) != m) continue;
      any = true;
      const size_t k = std::find(names.begin(), names.end(), Col(b, "benchmark", r)) - names.begin();
      const double pbh = NumCol(b, "p_bh", r);
      const double sc = prop ? 100 : 1;
      cells[k] = "<span" + std::string(pbh < 0.05 ? " class=\"sig\"" : "") + ">" + Show(NumCol(b, "value", r), prop) +
                 "</span><br><small>diff " + Num(sc * NumCol(b, "difference", r), prop ? 1 : 2) + " (" +
                 Num(sc * NumCol(b, "lower95", r), prop ? 1 : 2) + " to " + Num(sc * NumCol(b, "upper95", r), prop ? 1 : 2) +
                 "), p_bh " + P(pbh) + "</small>";
    }
    if (!any) continue;
    h += "<tr><td>" + EscapeHtml(m) + "</td><td>" + Show(NumCol(rep.items, "estimate", i), prop) + "<br><small>(" +
         Show(NumCol(rep.items, "lower", i), prop) + " to " + Show(NumCol(rep.items, "upper", i), prop) +
         ")</small></td>";
    for (const std::string& c : cells) h += "<td>" + c + "</td>";
    h += "</tr>";
  }
  h += "</tbody></table>\n";
  if (!names.empty()) {
    h += "<p>Dot plots: black circle, the survey estimate with its interval; squares, benchmarks (";
    for (size_t k = 0; k < names.size(); ++k) {
      h += std::string(k ? ", " : "") + "<span style=\"display:inline-block;width:0.7em;height:0.7em;background:" +
           kColours[k % 6] + "\"></span> " + EscapeHtml(names[k]);  // a swatch: coloured text would fail contrast
    }
    h += ") with their published intervals where given.</p>\n";
    h += DotPlotFigure(rep, "proportion", names) + DotPlotFigure(rep, "mean", names);
  }
  h += "<h2>Sources of the benchmarks</h2>\n<ul>";
  std::vector<std::string> seen;
  for (size_t r = 0; r < b.num_rows(); ++r) {
    const std::string line = Col(b, "benchmark", r) + ": " + Col(b, "source", r) +
                             (Col(b, "year", r).empty() ? "" : ", " + Col(b, "year", r)) +
                             (Col(b, "base", r).empty() ? "" : "; base: " + Col(b, "base", r));
    if (std::find(seen.begin(), seen.end(), line) != seen.end()) continue;
    seen.push_back(line);
    h += "<li>" + EscapeHtml(line) + "</li>";
  }
  h += "</ul>\n<h2>All estimates</h2>\n" + HtmlTable(rep.items, "Each measure over all respondents");
  if (rep.waves.num_rows()) {
    h += "<h2>Waves</h2>\n" + WaveFigure(rep, "proportion") + WaveFigure(rep, "mean") +
         HtmlTable(rep.waves, "Cross-sectional change between waves");
  }
  if (rep.panel.num_rows()) h += "<h2>Panel</h2>\n" + HtmlTable(rep.panel, "Paired differences (respondents in both waves)");
  if (rep.retention.num_rows()) {
    h += HtmlTable(rep.retention, "Retention: who was interviewed again, and how those lost differed at baseline");
  }
  if (rep.models.num_rows()) h += ModelsHtml(rep.models);
  if (rep.mediation.num_rows()) h += MediationHtml(rep.mediation);
  h += "<h2>Missing responses</h2>\n" + HtmlTable(rep.missing, "Missing codes and blanks, by measure (left out, not dropped silently)");
  h += "</body></html>\n";
  return FramedPage(h);
}

}  // namespace nhood::evaluate
