// Writes the hand-made chart page of the ChartsInChromium test: one figure
// of each chart kind (evaluate/chart_figure.h), the tornado among them (no
// report draws it yet), a label that tries to close the script element, a
// row without a value, and a figure of an unknown kind that must keep its
// fallback; then report::EmbedPlotCharts, as the report commands do.
//
// Usage: nhood_chart_page OUT.html
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "nhood/evaluate/chart_figure.h"
#include "nhood/report/plot_charts.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: nhood_chart_page OUT.html\n");
    return 2;
  }
  using namespace nhood::evaluate;
  const double nan = std::nan("");
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Chart kinds</title></head>"
                  "<body><main><h1>Chart kinds</h1>\n";
  h += TornadoFigure({.title = "SROI sensitivity (one at a time)",
                      .caption = "SROI ratio when each assumption moves over its range",
                      .x_label = "SROI ratio (£ per £1)"},
                     {{"Deadweight 10% to 40%", 2.1, 3.9, 3.2},
                      {"Drop-off 20% to 50% a year", 2.6, 3.5, 3.2},
                      {"WELLBY value £13,000 to £19,000", 2.7, 3.4, 3.2},
                      {"Attribution 50% to 70% </script><script>alert(1)</script>", 2.9, 3.3, 3.2}},
                     "<p>The sensitivity is in the table.</p>");
  h += DotIntervalFigure({.title = "Dot plot", .caption = "Two series, one without an interval", .x_label = "share",
                          .percent = true},
                         {{"trust", "survey", 0.70, 0.68, 0.72},
                          {"trust", "benchmark", 0.62, nan, nan},
                          {"belonging", "survey", 0.81, 0.79, 0.83},
                          {"belonging", "benchmark", nan, nan, nan}},  // no value: not drawn
                         "<svg role=\"img\" aria-label=\"fallback\" width=\"10\" height=\"10\"></svg>");
  const ChartText ba = {.title = "Before and after", .caption = "Two series, two periods", .x_label = "share",
                        .percent = true};
  const std::vector<BeforeAfterRow> rows = {{"Treated", "2011", 0.40, 0.38, 0.42},
                                            {"Treated", "2021", 0.42, 0.40, 0.44},
                                            {"Comparison", "2011", 0.47, nan, nan},
                                            {"Comparison", "2021", 0.485, nan, nan}};
  h += BeforeAfterFigure(ba, rows, BeforeAfterList(ba, rows));
  // A kind the renderer does not know: it keeps its fallback (data-nhood-drawn="fallback").
  h += "<figure class=\"chart\" data-nhood-chart=\"unknown-kind\"><script type=\"application/json\">"
       "{\"kind\":\"unknown-kind\",\"title\":\"x\",\"rows\":[{}]}</script><div class=\"chart-fallback\"><p>kept</p>"
       "</div><figcaption>Unknown kind</figcaption></figure>\n";
  h += "</main></body></html>\n";
  std::ofstream out(argv[1], std::ios::binary);
  out << nhood::report::EmbedPlotCharts(h);
  return out.good() ? 0 : 1;
}
