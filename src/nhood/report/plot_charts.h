// Observable Plot in the evaluation reports (issue 10 item 9). A report
// page holds its charts as data (evaluate/chart_figure.h: a figure with
// data-nhood-chart, its rows as JSON and an inline-SVG fallback);
// EmbedPlotCharts adds the scripts that draw them: d3 7.9 and
// @observablehq/plot 0.6.17 from npm (embedded at build time, so the page
// stays self-contained and needs no network) and the renderer
// plot_charts.js, which draws every chart figure with Plot (aria-label,
// aria-description listing the values) and hides its fallback; a chart it
// cannot draw keeps its fallback and the page carries on.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace nhood::report {

// `html` with the d3, Plot and renderer scripts inserted once, just before
// the last </body> (at the end when there is none). A page without a chart
// figure, or one that already has the scripts, is returned unchanged, as is
// every page when this build had no node_modules (PlotChartsAvailable()
// false: the fallbacks show).
std::string EmbedPlotCharts(std::string_view html);

// Whether d3 and Plot were embedded in this build.
bool PlotChartsAvailable();

}  // namespace nhood::report
