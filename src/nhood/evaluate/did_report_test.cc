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
  EXPECT_EQ(h.find("<script"), std::string::npos);  // self-contained, nothing to load
}

}  // namespace
}  // namespace nhood::evaluate
