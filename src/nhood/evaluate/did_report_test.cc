#include "nhood/evaluate/did_report.h"

#include <gtest/gtest.h>

namespace nhood::evaluate {
namespace {

TEST(RenderDidReport, HasTheChartTheBalanceTableAndTheCaveatsEscaped) {
  DidReportInput in;
  in.title = "Left <behind> & co";
  in.estimates = {{"england", "very_good_health", 0.4, 0.42, 0.47, 0.485, 0.005, -0.001, 0.011, 10, 100},
                  {"matched", "very_good_health", 0.4, 0.42, 0.41, 0.425, 0.005, 0.001, 0.009, 9, 20}};
  in.balance = {{"imd_score", 50, 20, 1.9, 49.5, 0.03}, {"urban", 0.9, 0.8, 0.2, 0.7, 0.5}};
  in.caveats = {"Parallel trends are assumed, not tested."};
  const std::string h = RenderDidReport(in);
  EXPECT_NE(h.find("Left &lt;behind&gt; &amp; co"), std::string::npos);
  EXPECT_EQ(h.find("<behind>"), std::string::npos);
  EXPECT_NE(h.find("<svg"), std::string::npos);
  EXPECT_NE(h.find("+0.50"), std::string::npos);       // the DiD in points
  EXPECT_NE(h.find("-0.10 to +1.10"), std::string::npos);  // its interval
  EXPECT_NE(h.find("class=\"ok\">0.030"), std::string::npos);
  EXPECT_NE(h.find("class=\"bad\">0.500"), std::string::npos);
  EXPECT_NE(h.find("Parallel trends are assumed"), std::string::npos);
  EXPECT_EQ(h.find("<script>"), std::string::npos);  // no executable script, only chart data (chart_figure.h)
  EXPECT_NE(h.find("<figure class=\"chart\" data-nhood-chart=\"dot-interval\"><script type=\"application/json\">"),
            std::string::npos);
}

TEST(DescribeDid, SaysWhenBalanceFailsAndCarriesTheCaveatsAndSettings) {
  DidResult r;
  r.treated_units = 10;
  r.matching.matched_treated = 9;
  r.balance = {{"imd_score", 50, 20, 1.9, 49.5, 0.03}, {"urban", 0.9, 0.8, 0.2, 0.7, 0.15}};
  DidRunFacts f{.matching = {.ratio = 3, .caliper = 2.0}, .seed = 42, .replicates = 999};
  const std::vector<std::string> lines = DescribeDid(r, f);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("9 of 10 treated LSOAs matched"), std::string::npos) << all;
  EXPECT_NE(all.find("largest |SMD| after matching 0.15 (NOT < 0.1)"), std::string::npos) << all;
  std::string caveats;
  for (const auto& c : DidCaveats(f)) caveats += c + "\n";
  EXPECT_NE(caveats.find("Parallel trends"), std::string::npos);
  EXPECT_NE(caveats.find("Not age-standardised"), std::string::npos);
  EXPECT_NE(caveats.find("(not given)"), std::string::npos);  // no age shares were matched on
  std::string methods;
  for (const auto& m : DidMethods(r, f)) methods += m + "\n";
  EXPECT_NE(methods.find("to 3 untreated LSOAs with replacement, within a caliper of 2 "), std::string::npos) << methods;
  EXPECT_NE(methods.find("999 replicates, seed 42"), std::string::npos) << methods;
}

}  // namespace
}  // namespace nhood::evaluate
