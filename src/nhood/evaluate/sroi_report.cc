#include "nhood/evaluate/sroi_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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

// Every digit a double needs to read back the same (for data- attributes).
std::string Exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// "£1,234,567.89".
std::string Pounds(double v) {
  if (!std::isfinite(v)) return "–";
  std::string digits = Fixed(std::fabs(v), 2);
  const size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot), grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return std::string(v < 0 ? "-" : "") + "£" + grouped + digits.substr(dot);
}

// A rate as a percentage without floating-point noise (3.5%, not
// 3.5000000000000004%).
std::string PercentOf(double rate) {
  return std::isfinite(rate) ? FormatNumber(std::round(rate * 100 * 1e9) / 1e9) + "%" : "";
}

bool IsMoneyStep(const SroiStep& s) {
  return s.description.rfind("SROI ratio", 0) != 0 && s.description.rfind("payback", 0) != 0;
}

// An assumption's value as the table shows it: £ for money, % for
// proportions and the discount rate, whole years for durations.
std::string AssumptionValue(const std::string& assumption, double v) {
  if (assumption == "investment" || assumption == "proxy") return Pounds(v);
  if (assumption == "quantity" || assumption == "duration") return FormatNumber(v);
  return PercentOf(v);
}

// Rounds the axis out to a step of 0.05, 0.1, 0.2, 0.5, 1, 2, 5 or 10.
struct Axis {
  double lo, hi, step;
};
Axis RatioAxis(double lo, double hi) {
  double step = 10;
  for (double s : {0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0}) {
    if ((hi - lo) / s <= 8) {
      step = s;
      break;
    }
  }
  Axis a{std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
  if (a.hi - a.lo < step) a.hi = a.lo + step;
  return a;
}

}  // namespace

std::string SroiTornadoSvg(const std::vector<SroiSensitivity>& sensitivity, double base_ratio) {
  double lo = base_ratio, hi = base_ratio;
  for (const SroiSensitivity& s : sensitivity) {
    for (double v : {s.ratio_at_low, s.ratio_at_high}) {
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  const Axis axis = RatioAxis(lo, hi);
  const int left = 330, width = 440, row_h = 26, top = 30;
  const int rows = static_cast<int>(sensitivity.size());
  const int axis_y = top + row_h * rows + 4;
  const int height = axis_y + 40;
  auto x = [&](double v) { return left + (v - axis.lo) / (axis.hi - axis.lo) * width; };
  std::string svg = "<svg id=\"tornado\" role=\"img\" aria-label=\"Tornado chart: the SROI ratio at each assumption's "
                    "low and high value, largest swing first\" width=\"" +
                    std::to_string(left + width + 40) + "\" height=\"" + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"12\">";
  svg += "<text x=\"0\" y=\"16\" font-weight=\"bold\">SROI ratio (£ of social value per £1 invested) at each "
         "assumption's low and high value</text>";
  for (int k = 0; axis.lo + k * axis.step <= axis.hi + 1e-9; ++k) {
    const double t = axis.lo + k * axis.step;
    const double px = x(t);
    svg += "<line x1=\"" + Fixed(px, 1) + "\" x2=\"" + Fixed(px, 1) + "\" y1=\"" + std::to_string(top) +
           "\" y2=\"" + std::to_string(axis_y) + "\" stroke=\"#ddd\"/>";
    svg += "<text x=\"" + Fixed(px, 1) + "\" y=\"" + std::to_string(axis_y + 16) + "\" text-anchor=\"middle\">" +
           Fixed(t, axis.step < 0.1 ? 2 : axis.step < 1 ? 1 : 0) + "</text>";
  }
  const double base_x = x(base_ratio);
  for (int i = 0; i < rows; ++i) {
    const SroiSensitivity& s = sensitivity[static_cast<size_t>(i)];
    const int y = top + row_h * i;
    const std::string label = s.assumption + (s.outcome == "all" ? "" : " — " + s.outcome);
    const std::string range = AssumptionValue(s.assumption, s.low) + " to " + AssumptionValue(s.assumption, s.high);
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 16) + "\">" + EscapeHtml(label) + " (" + EscapeHtml(range) + ")</text>";
    const double a = std::min(s.ratio_at_low, s.ratio_at_high), b = std::max(s.ratio_at_low, s.ratio_at_high);
    svg += "<g class=\"bar\" data-rank=\"" + std::to_string(s.rank) + "\" data-assumption=\"" + EscapeHtml(s.assumption) +
           "\" data-outcome=\"" + EscapeHtml(s.outcome) + "\" data-ratio-low=\"" + Exact(s.ratio_at_low) +
           "\" data-ratio-high=\"" + Exact(s.ratio_at_high) + "\" data-swing=\"" + Exact(s.swing) + "\"><title>" +
           EscapeHtml(label) + ": ratio " + Fixed(s.ratio_at_low, 2) + " at " +
           EscapeHtml(AssumptionValue(s.assumption, s.low)) + ", " + Fixed(s.ratio_at_high, 2) + " at " +
           EscapeHtml(AssumptionValue(s.assumption, s.high)) + " (swing " + Fixed(s.swing, 2) + ")</title>";
    // Below the base ratio in one colour, above it in another.
    if (a < base_ratio) {
      svg += "<rect x=\"" + Fixed(x(a), 1) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
             Fixed(std::min(b, base_ratio) - a > 0 ? x(std::min(b, base_ratio)) - x(a) : 0, 1) +
             "\" height=\"" + std::to_string(row_h - 8) + "\" fill=\"#d4351c\"/>";
    }
    if (b > base_ratio) {
      const double from = std::max(a, base_ratio);
      svg += "<rect x=\"" + Fixed(x(from), 1) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
             Fixed(x(b) - x(from), 1) + "\" height=\"" + std::to_string(row_h - 8) + "\" fill=\"#1d70b8\"/>";
    }
    svg += "<text x=\"" + Fixed(x(b) + 4, 1) + "\" y=\"" + std::to_string(y + 16) + "\">" + Fixed(a, 2) + "–" +
           Fixed(b, 2) + "</text></g>";
  }
  svg += "<line x1=\"" + Fixed(base_x, 1) + "\" x2=\"" + Fixed(base_x, 1) + "\" y1=\"" + std::to_string(top - 4) +
         "\" y2=\"" + std::to_string(axis_y) + "\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>";
  svg += "<text x=\"" + Fixed(base_x, 1) + "\" y=\"" + std::to_string(axis_y + 32) +
         "\" text-anchor=\"middle\" font-weight=\"bold\">base " + Fixed(base_ratio, 2) + " : 1</text>";
  return svg + "</svg>";
}

std::string RenderSroiReport(const SroiReportInput& in) {
  const SroiInput& input = *in.input;
  const SroiResult& r = *in.result;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + EscapeHtml(in.title) +
      "</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#0b0c0c}"
      "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #b1b4b6;padding:4px 8px;text-align:right}"
      "th:first-child,td:first-child,td.text{text-align:left}tr.total td{font-weight:bold}"
      ".key span{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 0.3em 0 1em}"
      "</style></head><body>\n";
  h += "<h1>" + EscapeHtml(in.title) + "</h1>\n<p>" + EscapeHtml(in.generated) + "</p>\n";
  h += "<p id=\"headline\">Present value " + Pounds(r.present_value) + " for " + Pounds(r.investment) +
       " invested: an SROI ratio of <strong>" + Fixed(r.ratio, 2) + " : 1</strong>; net present value " +
       Pounds(r.net_present_value) + "; payback " +
       (std::isfinite(r.payback_months) ? Fixed(r.payback_months, 1) + " months" : std::string("not reached")) +
       ". Discount rate " + PercentOf(input.discount_rate) + " a year.</p>\n";

  h += "<h2>Adjustment chain</h2>\n<p>Each outcome from its gross value, step by step: less deadweight (what would "
       "have happened anyway), attribution (others' contribution) and displacement (value moved from elsewhere) "
       "give the year-1 impact; drop-off shrinks it each later year; each year is discounted to a present "
       "value.</p>\n";
  h += "<table id=\"chain\"><tr><th>Outcome</th><th>Step</th><th>Description</th><th>Rate</th><th>Value</th></tr>\n";
  for (const SroiStep& s : r.chain) {
    const bool total = s.outcome == "all";
    h += std::string("<tr") + (total ? " class=\"total\"" : "") + "><td>" + EscapeHtml(s.outcome) + "</td><td>" +
         std::to_string(s.step) + "</td><td class=\"text\">" + EscapeHtml(s.description) + "</td><td>" +
         PercentOf(s.rate) + "</td><td>" +
         (IsMoneyStep(s) ? Pounds(s.value) : Fixed(s.value, 2)) + "</td></tr>\n";
  }
  h += "</table>\n";

  h += "<h2>Sensitivity: tornado chart</h2>\n<p>Each assumption moved on its own to its low and then its high "
       "value, everything else at its base; bars are sorted by swing (the change in the ratio), largest on top. "
       "Assumptions without a stated range are tested at ±" +
       FormatNumber(input.sensitivity_relative * 100) +
       "% of their value (proportions capped at 100%, durations in whole years).</p>\n";
  h += "<p class=\"key\"><span style=\"background:#d4351c\"></span>ratio below the base"
       "<span style=\"background:#1d70b8\"></span>ratio above the base</p>\n";
  std::vector<TornadoRow> bars;  // the same bars for Observable Plot, the SVG their no-script fallback
  for (const SroiSensitivity& s : r.sensitivity) {
    bars.push_back({.label = s.assumption + (s.outcome == "all" ? "" : " — " + s.outcome),
                    .low = s.ratio_at_low,
                    .high = s.ratio_at_high,
                    .base = r.ratio});
  }
  h += TornadoFigure({.title = "Tornado chart: the SROI ratio at each assumption's low and high value, largest swing first",
                      .caption = "SROI ratio (£ of social value per £1 invested) at each assumption's low and high "
                                 "value; the rule is the base ratio.",
                      .x_label = "SROI ratio"},
                     bars, SroiTornadoSvg(r.sensitivity, r.ratio)) +
       "\n";
  h += "<table id=\"sensitivity\"><tr><th>Rank</th><th>Assumption</th><th>Outcome</th><th>Base</th><th>Low</th>"
       "<th>High</th><th>Range</th><th>Ratio at low</th><th>Ratio at high</th><th>Swing</th></tr>\n";
  for (const SroiSensitivity& s : r.sensitivity) {
    h += "<tr><td>" + std::to_string(s.rank) + "</td><td class=\"text\">" + EscapeHtml(s.assumption) +
         "</td><td class=\"text\">" + EscapeHtml(s.outcome) + "</td><td>" + AssumptionValue(s.assumption, s.base) +
         "</td><td>" + AssumptionValue(s.assumption, s.low) + "</td><td>" + AssumptionValue(s.assumption, s.high) +
         "</td><td class=\"text\">" + EscapeHtml(s.range) + "</td><td>" + Fixed(s.ratio_at_low, 4) + "</td><td>" +
         Fixed(s.ratio_at_high, 4) + "</td><td>" + Fixed(s.swing, 4) + "</td></tr>\n";
  }
  h += "</table>\n";

  h += "<h2>Outcomes and proxies</h2>\n<ul>\n";
  for (const SroiOutcome& o : input.outcomes) {
    h += "<li><strong>" + EscapeHtml(o.name) + "</strong>: " + FormatNumber(o.quantity) + " units x " + Pounds(o.proxy) +
         " a year for " + std::to_string(o.duration) + (o.duration == 1 ? " year" : " years") +
         (o.proxy_source.empty() ? "" : " (" + EscapeHtml(o.proxy_source) + ")") + "</li>\n";
  }
  h += "</ul>\n<h2>Method</h2>\n<ul>\n"
       "<li>After A guide to Social Return on Investment (Cabinet Office / SROI Network, 2012): gross = quantity x "
       "proxy; x (1 - deadweight); x (1 - attribution); x (1 - displacement) = year-1 impact; year t = impact x "
       "(1 - drop-off)^(t-1); present value = sum over t = 1..duration of year t / (1 + r)^t (the first year is "
       "discounted once, as the Guide does).</li>\n"
       "<li>Ratio = present value / investment; net present value = present value - investment; payback = "
       "investment / (year-1 impact / 12) months.</li>\n"
       "<li>Sensitivity is one assumption at a time (it shows which assumptions matter, not a joint interval).</li>\n"
       "<li>See docs/methods.md (Social return on investment) for the references.</li>\n</ul>\n";
  h += "<h2>Provenance</h2>\n<ul>\n";
  for (const std::string& p : in.provenance) h += "<li>" + EscapeHtml(p) + "</li>\n";
  h += "</ul>\n</body></html>\n";
  return FramedPage(h);
}

}  // namespace nhood::evaluate
