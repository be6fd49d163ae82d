// A chart in an evaluation report as data (issue 10 item 9): the figure
// holds the chart's rows as JSON for Observable Plot, beside a fallback
// (the report's own inline SVG) that a page printed or opened with scripts
// off still shows:
//
//   <figure class="chart" data-nhood-chart="KIND">
//     <script type="application/json">DATA</script>
//     <div class="chart-fallback">FALLBACK</div>
//     <figcaption>CAPTION</figcaption>
//   </figure>
//
// report::EmbedPlotCharts (src/nhood/report/plot_charts.h) adds the
// renderer that draws each figure and hides its fallback; evaluate does not
// depend on report (DESIGN.md layering), only on this markup.
//
// DATA is one JSON object:
//   {"kind": KIND, "title": str, "x_label": str, "percent": bool,
//    "zero_rule": bool, "rows": [...]}
// title is the chart's accessible name; x_label the value axis label;
// percent: values are proportions shown as percentages; zero_rule: draw a
// line at 0 (differences). Missing numbers (NaN, ±inf) are JSON null.
//
// Kinds and their rows:
//   dot-interval  {label, series, value, lower, upper}: one dot per row with
//                 its interval (lower/upper null: no interval), one line of
//                 the chart per label, coloured by series; the first series
//                 (e.g. the survey estimate) in circles, the others in
//                 squares. The survey
//                 benchmark dot plot (the survey estimate and each benchmark),
//                 the DiD by comparison with its 95% interval.
//   before-after  {series, period, value, lower, upper}: one line per series
//                 through its periods in row order, a dot per row (lower and
//                 upper optional: null). The DiD shares of treated and
//                 comparison areas in 2011 and 2021, survey waves.
//   tornado       {label, low, high, base}: one bar per row from low to high
//                 around a rule at base. One-at-a-time sensitivity (SROI).
//
// The script text is escaped for a <script> element: "</" becomes "<\/",
// "<!" becomes "<\u0021", U+2028 / U+2029 become \u2028 / \u2029 (the
// JSON's value stays the same); the
// caption is HTML-escaped. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nhood::evaluate {

struct ChartText {
  std::string title;     // accessible name (aria-label), e.g. "Benchmark dot plot (proportions)"
  std::string caption;   // the figcaption, plain text
  std::string x_label;   // the value axis
  bool percent = false;  // values are proportions, shown as %
  bool zero_rule = false;
};

struct DotIntervalRow {
  std::string label, series;
  double value = 0, lower = 0, upper = 0;  // NaN lower/upper: no interval
};

struct BeforeAfterRow {
  std::string series, period;
  double value = 0, lower = 0, upper = 0;  // NaN lower/upper: no interval
};

struct TornadoRow {
  std::string label;
  double low = 0, high = 0, base = 0;
};

// The figure markup of each kind; `fallback` is HTML put in as it is.
std::string DotIntervalFigure(const ChartText& text, const std::vector<DotIntervalRow>& rows,
                              std::string_view fallback);
std::string BeforeAfterFigure(const ChartText& text, const std::vector<BeforeAfterRow>& rows,
                              std::string_view fallback);
std::string TornadoFigure(const ChartText& text, const std::vector<TornadoRow>& rows, std::string_view fallback);

// A plain-HTML fallback for a chart that has no inline SVG of its own: a
// list of its rows ("Treated, 2011: 47.2%"), numbers as the chart shows them.
std::string BeforeAfterList(const ChartText& text, const std::vector<BeforeAfterRow>& rows);

// JSON text made safe inside <script>…</script>: "</" → "<\/", "<!" →
// "<\u0021", U+2028 → "\u2028", U+2029 → "\u2029". In JSON these can occur
// only inside strings, where the rewrites keep the value.
std::string EscapeJsonForScript(std::string_view json);

}  // namespace nhood::evaluate
