#include "nhood/evaluate/sroi_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace nhood::evaluate {
namespace {

// Two outcomes and a given investment range, so the tornado has bars of
// different swings on both sides of the base.
SroiInput TwoOutcomes() {
  SroiInput in;
  in.investment = 100000;
  in.discount_rate = 0.035;
  in.investment_range = SroiRange{80000, 150000};
  SroiOutcome a;
  a.name = "wellbeing <&>";  // escaped in the page
  a.quantity = 100;
  a.proxy = 1000;
  a.deadweight = 0.2;
  a.attribution = 0.25;
  a.displacement = 0.1;
  a.drop_off = 0.5;
  a.duration = 2;
  SroiOutcome b;
  b.name = "volunteering";
  b.quantity = 4000;
  b.proxy = 12;
  b.deadweight = 0.1;
  b.attribution = 0.1;
  b.displacement = 0.05;
  b.drop_off = 0;
  b.duration = 1;
  b.proxy_range = SroiRange{9, 15};
  in.outcomes = {a, b};
  return in;
}

// The value of `attr="..."` in each occurrence of `<g class="bar"`, in order.
std::vector<std::string> BarAttribute(const std::string& html, const std::string& attr) {
  std::vector<std::string> out;
  for (size_t at = html.find("<g class=\"bar\""); at != std::string::npos;
       at = html.find("<g class=\"bar\"", at + 1)) {
    const size_t end = html.find('>', at);
    const size_t k = html.find(attr + "=\"", at);
    if (k == std::string::npos || k > end) {
      out.push_back("");
      continue;
    }
    const size_t v = k + attr.size() + 2;
    out.push_back(html.substr(v, html.find('"', v) - v));
  }
  return out;
}

// The summed width of the <rect>s of each bar, in order.
std::vector<double> BarWidths(const std::string& html) {
  std::vector<double> out;
  for (size_t at = html.find("<g class=\"bar\""); at != std::string::npos;
       at = html.find("<g class=\"bar\"", at + 1)) {
    const size_t end = html.find("</g>", at);
    double w = 0;
    for (size_t r = html.find("width=\"", at); r != std::string::npos && r < end; r = html.find("width=\"", r + 1)) {
      w += std::stod(html.substr(r + 7));
    }
    out.push_back(w);
  }
  return out;
}

std::string Render(const SroiInput& in, const SroiResult& r) {
  return RenderSroiReport({.title = "SROI: test", .generated = "Generated today", .input = &in, .result = &r,
                           .provenance = {"configuration: sroi.toml"}});
}

TEST(SroiReport, IsSelfContained) {
  const SroiInput in = TwoOutcomes();
  const auto r = ComputeSroi(in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::string html = Render(in, *r);
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<svg id=\"tornado\""), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);  // no executable script, only chart data (chart_figure.h)
  EXPECT_NE(html.find("<figure class=\"chart\" data-nhood-chart=\"tornado\"><script type=\"application/json\">"),
            std::string::npos);
  for (const char* external : {"<script src", "src=", "<link", "@import", "url(", "href="}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  // Names are escaped, never markup (the chart's JSON holds them as JSON
  // strings, escaped for a script element by chart_figure.h).
  std::string markup = html;
  for (size_t at; (at = markup.find("<script type=\"application/json\">")) != std::string::npos;) {
    markup.erase(at, markup.find("</script>", at) + 9 - at);
  }
  EXPECT_EQ(markup.find("wellbeing <&>"), std::string::npos);
  EXPECT_NE(html.find("wellbeing &lt;&amp;&gt;"), std::string::npos);
  EXPECT_NE(html.find("configuration: sroi.toml"), std::string::npos);
}

// Must-show: the bars are the sensitivity table's rows, largest swing on
// top, with the table's values, and each bar as long as its swing.
TEST(SroiReport, TornadoBarsAreTheSensitivityRowsSortedBySwing) {
  const SroiInput in = TwoOutcomes();
  const auto r = ComputeSroi(in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::string html = Render(in, *r);
  const auto ranks = BarAttribute(html, "data-rank"), lows = BarAttribute(html, "data-ratio-low"),
             highs = BarAttribute(html, "data-ratio-high"), swings = BarAttribute(html, "data-swing"),
             names = BarAttribute(html, "data-assumption");
  ASSERT_EQ(ranks.size(), r->sensitivity.size());
  // investment, proxy (volunteering) and 5 assumptions x 2 outcomes.
  ASSERT_EQ(ranks.size(), 12u);
  const std::vector<double> widths = BarWidths(html);
  double scale = 0;  // pixels per unit of ratio, the same for every bar
  for (size_t i = 0; i < ranks.size(); ++i) {
    const SroiSensitivity& s = r->sensitivity[i];
    EXPECT_EQ(std::stoi(ranks[i]), static_cast<int>(i + 1));
    EXPECT_EQ(names[i], s.assumption);
    EXPECT_EQ(std::stod(lows[i]), s.ratio_at_low);
    EXPECT_EQ(std::stod(highs[i]), s.ratio_at_high);
    EXPECT_EQ(std::stod(swings[i]), s.swing);
    EXPECT_NEAR(s.swing, std::fabs(s.ratio_at_high - s.ratio_at_low), 1e-12);
    if (i > 0) {
      EXPECT_GE(std::stod(swings[i - 1]), std::stod(swings[i])) << i;
    }
    if (s.swing > 0.05) {
      if (scale == 0) scale = widths[i] / s.swing;
      EXPECT_NEAR(widths[i] / s.swing, scale, 0.2 / s.swing) << s.assumption << " " << s.outcome;  // 0.1 px rounding
    }
    // The table beside the chart shows the same ratios.
    char cell[64];
    std::snprintf(cell, sizeof cell, "<td>%.4f</td><td>%.4f</td><td>%.4f</td>", s.ratio_at_low, s.ratio_at_high,
                  s.swing);
    EXPECT_NE(html.find(cell), std::string::npos) << cell;
  }
  EXPECT_GT(scale, 0);
  // The investment range [80,000, 150,000] by hand: ratio = PV / investment.
  for (const SroiSensitivity& s : r->sensitivity) {
    if (s.assumption != "investment") continue;
    EXPECT_NEAR(s.ratio_at_low, r->present_value / 80000, 1e-12);
    EXPECT_NEAR(s.ratio_at_high, r->present_value / 150000, 1e-12);
  }
}

TEST(SroiReport, ShowsTheAdjustmentChainStepByStep) {
  SroiInput in = TwoOutcomes();
  in.outcomes.resize(1);
  in.investment_range.reset();
  const auto r = ComputeSroi(in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const std::string html = Render(in, *r);
  // The hand-worked chain of sroi_test.cc, in order.
  size_t at = html.find("<table id=\"chain\"");
  ASSERT_NE(at, std::string::npos);
  for (const char* v : {"£100,000.00", "£80,000.00", "£60,000.00", "£54,000.00", "£27,000.00", "£77,378.70",
                        "0.77"}) {
    const size_t next = html.find("<td>" + std::string(v) + "</td>", at);
    ASSERT_NE(next, std::string::npos) << v;
    at = next;
  }
  EXPECT_NE(html.find("<td>20%</td>"), std::string::npos);  // the deadweight rate
  EXPECT_NE(html.find("0.77 : 1"), std::string::npos);
}

}  // namespace
}  // namespace nhood::evaluate
