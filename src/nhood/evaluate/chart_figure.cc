#include "nhood/evaluate/chart_figure.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "nhood/evaluate/escape_html.h"

namespace nhood::evaluate {
namespace {

using nlohmann::json;

json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string Figure(const char* kind, const ChartText& text, json rows, std::string_view fallback) {
  const json data = {{"kind", kind},           {"title", text.title},         {"x_label", text.x_label},
                     {"percent", text.percent}, {"zero_rule", text.zero_rule}, {"rows", std::move(rows)}};
  // dump(-1, ' ', false, replace): invalid UTF-8 in a label becomes U+FFFD rather than throwing.
  const std::string script = EscapeJsonForScript(data.dump(-1, ' ', false, json::error_handler_t::replace));
  std::string h = "<figure class=\"chart\" data-nhood-chart=\"" + std::string(kind) + "\">";
  h += "<script type=\"application/json\">" + script + "</script>";
  h += "<div class=\"chart-fallback\">" + std::string(fallback) + "</div>";
  if (!text.caption.empty()) h += "<figcaption>" + EscapeHtml(text.caption) + "</figcaption>";
  return h + "</figure>\n";
}

std::string Shown(double v, bool percent) {
  if (!std::isfinite(v)) return "–";
  char b[64];
  std::snprintf(b, sizeof b, percent ? "%.1f%%" : "%.2f", percent ? 100 * v : v);
  return b;
}

}  // namespace

std::string EscapeJsonForScript(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      o += "<\\/";
      ++i;
    } else if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '!') {
      o += "<\\u0021";  // "<!--" would open an escaped state of the script element
      ++i;
    } else if (s.compare(i, 3, "\xe2\x80\xa8") == 0) {
      o += "\\u2028";
      i += 2;
    } else if (s.compare(i, 3, "\xe2\x80\xa9") == 0) {
      o += "\\u2029";
      i += 2;
    } else {
      o += s[i];
    }
  }
  return o;
}

std::string DotIntervalFigure(const ChartText& text, const std::vector<DotIntervalRow>& rows,
                              std::string_view fallback) {
  json r = json::array();
  for (const DotIntervalRow& x : rows) {
    r.push_back({{"label", x.label},
                 {"series", x.series},
                 {"value", Number(x.value)},
                 {"lower", Number(x.lower)},
                 {"upper", Number(x.upper)}});
  }
  return Figure("dot-interval", text, std::move(r), fallback);
}

std::string BeforeAfterFigure(const ChartText& text, const std::vector<BeforeAfterRow>& rows,
                              std::string_view fallback) {
  json r = json::array();
  for (const BeforeAfterRow& x : rows) {
    r.push_back({{"series", x.series},
                 {"period", x.period},
                 {"value", Number(x.value)},
                 {"lower", Number(x.lower)},
                 {"upper", Number(x.upper)}});
  }
  return Figure("before-after", text, std::move(r), fallback);
}

std::string TornadoFigure(const ChartText& text, const std::vector<TornadoRow>& rows, std::string_view fallback) {
  json r = json::array();
  for (const TornadoRow& x : rows) {
    r.push_back({{"label", x.label}, {"low", Number(x.low)}, {"high", Number(x.high)}, {"base", Number(x.base)}});
  }
  return Figure("tornado", text, std::move(r), fallback);
}

std::string BeforeAfterList(const ChartText& text, const std::vector<BeforeAfterRow>& rows) {
  std::string h = "<ul class=\"chart-values\" aria-label=\"" + EscapeHtml(text.title) + "\">";
  for (const BeforeAfterRow& x : rows) {
    h += "<li>" + EscapeHtml(x.series) + ", " + EscapeHtml(x.period) + ": " + Shown(x.value, text.percent);
    if (std::isfinite(x.lower) && std::isfinite(x.upper)) {
      h += " (" + Shown(x.lower, text.percent) + " to " + Shown(x.upper, text.percent) + ")";
    }
    h += "</li>";
  }
  return h + "</ul>";
}

}  // namespace nhood::evaluate
