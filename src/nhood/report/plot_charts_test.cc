#include "nhood/report/plot_charts.h"

#include <gtest/gtest.h>

#include "nhood/evaluate/chart_figure.h"

namespace nhood::report {
namespace {

size_t Count(const std::string& s, std::string_view what) {
  size_t n = 0;
  for (size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) ++n;
  return n;
}

std::string Page(const std::string& body) { return "<!DOCTYPE html><html><body><h1>r</h1>" + body + "</body></html>\n"; }

std::string AFigure() {
  return evaluate::TornadoFigure({.title = "Sensitivity"}, {{"deadweight", 2.1, 3.4, 2.8}}, "<svg></svg>");
}

// This build embeds d3 and Plot from node_modules (the project's npm ci); a build without them would
// leave every page unchanged, which the report test in Chromium would catch as charts not drawn.
TEST(PlotCharts, BuiltWithD3AndPlot) { ASSERT_TRUE(PlotChartsAvailable()); }

TEST(PlotCharts, InsertsTheScriptsOnceJustBeforeTheBodyEnds) {
  const std::string page = Page(AFigure() + AFigure());
  const std::string out = EmbedPlotCharts(page);
  ASSERT_GT(out.size(), page.size() + 300000);  // d3 (~280 KB) and Plot (~210 KB)
  EXPECT_EQ(Count(out, "// https://d3js.org v7"), 1u);
  EXPECT_EQ(Count(out, "// @observablehq/plot v0.6.17"), 1u);
  EXPECT_EQ(Count(out, "<script data-nhood-plot-charts>"), 1u);
  EXPECT_EQ(Count(out, "figure[data-nhood-chart]"), 1u);  // the renderer's selector
  // Everything before the insertion is the page as it was, and the page ends as it did.
  const size_t at = page.rfind("</body>");
  EXPECT_EQ(out.substr(0, at), page.substr(0, at));
  EXPECT_EQ(out.substr(out.size() - 15), "</body></html>\n");
  // d3 comes first (Plot's UMD reads the global d3), then Plot, then the renderer; all after the figures.
  const size_t d3 = out.find("// https://d3js.org"), plot = out.find("// @observablehq/plot"),
               renderer = out.find("<script data-nhood-plot-charts>");
  EXPECT_LT(out.rfind("</figure>"), d3);
  EXPECT_LT(d3, plot);
  EXPECT_LT(plot, renderer);
  // Embedding again adds nothing.
  EXPECT_EQ(EmbedPlotCharts(out), out);
}

TEST(PlotCharts, PagesWithoutAChartAreLeftAlone) {
  const std::string page = Page("<figure><svg></svg></figure><p>data-nhood-chart is a word here</p>");
  EXPECT_EQ(EmbedPlotCharts(page), page);
  EXPECT_EQ(EmbedPlotCharts(""), "");
}

TEST(PlotCharts, APageWithoutABodyEndGetsTheScriptsAtTheEnd) {
  const std::string page = "<p>fragment</p>" + AFigure();
  const std::string out = EmbedPlotCharts(page);
  EXPECT_EQ(out.substr(0, page.size()), page);
  EXPECT_EQ(Count(out, "<script data-nhood-plot-charts>"), 1u);
  EXPECT_EQ(out.substr(out.size() - 10), "</script>\n");
}

}  // namespace
}  // namespace nhood::report
