#include "nhood/evaluate/chart_figure.h"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace nhood::evaluate {
namespace {

using nlohmann::json;

// The JSON inside the figure's script element, parsed back.
json DataOf(const std::string& figure) {
  const std::string open = "<script type=\"application/json\">";
  const size_t a = figure.find(open);
  const size_t b = figure.find("</script>", a);
  EXPECT_NE(a, std::string::npos);
  EXPECT_NE(b, std::string::npos);
  return json::parse(figure.substr(a + open.size(), b - a - open.size()));
}

TEST(ChartFigure, DotIntervalCarriesEveryRowWithNullForMissingLimits) {
  const std::string f = DotIntervalFigure(
      {.title = "Benchmark dot plot (proportions)", .caption = "Survey & benchmarks", .x_label = "share", .percent = true},
      {{"trust", "survey", 0.70, 0.68, 0.72}, {"trust", "CLS 2023/24", 0.62, std::nan(""), std::nan("")}},
      "<svg id=\"old\"></svg>");
  EXPECT_EQ(f.rfind("<figure class=\"chart\" data-nhood-chart=\"dot-interval\">", 0), 0u);
  EXPECT_NE(f.find("<div class=\"chart-fallback\"><svg id=\"old\"></svg></div>"), std::string::npos);
  EXPECT_NE(f.find("<figcaption>Survey &amp; benchmarks</figcaption>"), std::string::npos);
  const json d = DataOf(f);
  EXPECT_EQ(d["kind"], "dot-interval");
  EXPECT_EQ(d["title"], "Benchmark dot plot (proportions)");
  EXPECT_EQ(d["x_label"], "share");
  EXPECT_EQ(d["percent"], true);
  EXPECT_EQ(d["zero_rule"], false);
  ASSERT_EQ(d["rows"].size(), 2u);
  EXPECT_EQ(d["rows"][0]["label"], "trust");
  EXPECT_EQ(d["rows"][0]["series"], "survey");
  EXPECT_DOUBLE_EQ(d["rows"][0]["value"].get<double>(), 0.70);
  EXPECT_DOUBLE_EQ(d["rows"][0]["lower"].get<double>(), 0.68);
  EXPECT_DOUBLE_EQ(d["rows"][0]["upper"].get<double>(), 0.72);
  EXPECT_TRUE(d["rows"][1]["lower"].is_null());
  EXPECT_TRUE(d["rows"][1]["upper"].is_null());
}

TEST(ChartFigure, BeforeAfterAndTornadoSchemas) {
  const std::vector<BeforeAfterRow> ba = {{"Treated", "2011", 47.2, std::nan(""), std::nan("")},
                                          {"Treated", "2021", 44.9, 44.0, 45.8}};
  const json d = DataOf(BeforeAfterFigure({.title = "Shares"}, ba, ""));
  EXPECT_EQ(d["kind"], "before-after");
  ASSERT_EQ(d["rows"].size(), 2u);
  EXPECT_EQ(d["rows"][1]["series"], "Treated");
  EXPECT_EQ(d["rows"][1]["period"], "2021");
  EXPECT_DOUBLE_EQ(d["rows"][1]["value"].get<double>(), 44.9);
  EXPECT_TRUE(d["rows"][0]["lower"].is_null());
  EXPECT_DOUBLE_EQ(d["rows"][1]["upper"].get<double>(), 45.8);

  const std::string t = TornadoFigure({.title = "Sensitivity", .zero_rule = true},
                                      {{"deadweight 10% to 30%", 2.1, 3.4, 2.8}, {"drop-off", 2.5, 3.0, 2.8}}, "");
  EXPECT_NE(t.find("data-nhood-chart=\"tornado\""), std::string::npos);
  EXPECT_EQ(t.find("<figcaption>"), std::string::npos);  // no caption given, none written
  const json td = DataOf(t);
  EXPECT_EQ(td["kind"], "tornado");
  EXPECT_EQ(td["zero_rule"], true);
  ASSERT_EQ(td["rows"].size(), 2u);
  EXPECT_EQ(td["rows"][0]["label"], "deadweight 10% to 30%");
  EXPECT_DOUBLE_EQ(td["rows"][0]["low"].get<double>(), 2.1);
  EXPECT_DOUBLE_EQ(td["rows"][0]["high"].get<double>(), 3.4);
  EXPECT_DOUBLE_EQ(td["rows"][0]["base"].get<double>(), 2.8);
}

TEST(ChartFigure, ScriptTextCannotCloseOrEscapeItsElement) {
  const std::string evil = "</script><script>alert(1)</script><!-- \xe2\x80\xa8 \xe2\x80\xa9";
  const std::string f = DotIntervalFigure({.title = evil, .caption = evil}, {{evil, evil, 1, 0, 2}}, "");
  // The only "</script>" is the element's own end tag, and no "<!--" or raw line separators remain.
  const size_t open = f.find("<script type=\"application/json\">");
  const size_t close = f.find("</script>");
  ASSERT_NE(close, std::string::npos);
  EXPECT_EQ(f.find("</script>", close + 1), std::string::npos);
  const std::string script = f.substr(open, close - open);
  EXPECT_EQ(script.find("</"), std::string::npos);
  EXPECT_EQ(script.find("<!"), std::string::npos);
  EXPECT_EQ(script.find("\xe2\x80\xa8"), std::string::npos);
  EXPECT_EQ(script.find("\xe2\x80\xa9"), std::string::npos);
  // The escaped JSON still holds the label exactly, and the caption is HTML-escaped.
  const json d = DataOf(f);
  EXPECT_EQ(d["title"], evil);
  EXPECT_EQ(d["rows"][0]["label"], evil);
  EXPECT_NE(f.find("<figcaption>&lt;/script&gt;&lt;script&gt;"), std::string::npos);
}

TEST(ChartFigure, EscapeJsonForScriptRewritesOnlyTheDangerousSequences) {
  EXPECT_EQ(EscapeJsonForScript(R"({"a":"x</y"})"), R"({"a":"x<\/y"})");
  EXPECT_EQ(EscapeJsonForScript(R"({"a":"<!--"})"), R"({"a":"<\u0021--"})");
  EXPECT_EQ(EscapeJsonForScript("\"\xe2\x80\xa8\xe2\x80\xa9\""), R"("\u2028\u2029")");
  EXPECT_EQ(EscapeJsonForScript(R"({"a":"<b> a/b é"})"), R"({"a":"<b> a/b é"})");
  EXPECT_EQ(json::parse(EscapeJsonForScript(R"(["</", "<!", "\u2028"])")), json::parse(R"(["</", "<!", "\u2028"])"));
}

TEST(ChartFigure, NonFiniteNumbersBecomeNull) {
  const json d = DataOf(TornadoFigure({.title = "t"}, {{"x", -INFINITY, INFINITY, std::nan("")}}, ""));
  EXPECT_TRUE(d["rows"][0]["low"].is_null());
  EXPECT_TRUE(d["rows"][0]["high"].is_null());
  EXPECT_TRUE(d["rows"][0]["base"].is_null());
}

TEST(ChartFigure, BeforeAfterListShowsEveryValueAsTheChartDoes) {
  const std::string h = BeforeAfterList({.title = "Shares <2011>", .percent = true},
                                        {{"Treated", "2011", 0.472, std::nan(""), std::nan("")},
                                         {"England & Wales", "2021", 0.449, 0.44, 0.458}});
  EXPECT_EQ(h, "<ul class=\"chart-values\" aria-label=\"Shares &lt;2011&gt;\"><li>Treated, 2011: 47.2%</li>"
               "<li>England &amp; Wales, 2021: 44.9% (44.0% to 45.8%)</li></ul>");
}

}  // namespace
}  // namespace nhood::evaluate
