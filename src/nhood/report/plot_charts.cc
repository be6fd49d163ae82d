#include "nhood/report/plot_charts.h"

namespace nhood::report {
namespace internal {
std::string_view D3Js();
std::string_view PlotJs();
std::string_view PlotChartsJs();
}  // namespace internal

namespace {
constexpr std::string_view kMarker = "<script data-nhood-plot-charts>";
constexpr std::string_view kFigure = "data-nhood-chart=\"";
}  // namespace

bool PlotChartsAvailable() { return !internal::D3Js().empty() && !internal::PlotJs().empty(); }

std::string EmbedPlotCharts(std::string_view html) {
  std::string out(html);
  if (!PlotChartsAvailable() || html.find(kFigure) == std::string_view::npos ||
      html.find(kMarker) != std::string_view::npos) {
    return out;
  }
  std::string scripts = "<script>";
  scripts += internal::D3Js();
  scripts += "</script>\n<script>";
  scripts += internal::PlotJs();
  scripts += "</script>\n";
  scripts += kMarker;
  scripts += internal::PlotChartsJs();
  scripts += "</script>\n";
  const size_t body = out.rfind("</body>");
  out.insert(body == std::string::npos ? out.size() : body, scripts);
  return out;
}

}  // namespace nhood::report
