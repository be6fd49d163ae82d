#include "nhood/report/atlas_report.h"

#include <gtest/gtest.h>

namespace nhood::report {
namespace {

TEST(AtlasReport, SelfContainedPage) {
  AtlasReportInput in;
  in.title = "Test <atlas>";
  in.summary = "line one\nline two";
  geo::Ring ring = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
  in.neighbourhoods.ids = {"N1"};
  in.neighbourhoods.polygons = {geo::Polygon{{geo::Part{ring}}}};
  ASSERT_TRUE(in.neighbourhood_table.AddText("neighbourhood_id", {"N1"}).ok());
  ASSERT_TRUE(in.neighbourhood_table.AddNumbers("tier", {1}).ok());
  ASSERT_TRUE(in.neighbourhood_table.AddNumbers("rate", {0.1}).ok());
  in.priority = in.neighbourhood_table;
  in.priority_columns = {"neighbourhood_id", "tier"};
  in.spine = {{"rate", "Rate </script>", 0.05, true, ""}};
  const std::string html = RenderAtlasReport(in);
  EXPECT_NE(html.find("<title>Test &lt;atlas&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<li>line two</li>"), std::string::npos);
  EXPECT_EQ(html.find("Rate </script>"), std::string::npos);  // escaped inside JSON
  EXPECT_NE(html.find("\"N1\""), std::string::npos);
  if (MapsAvailable()) {
    EXPECT_NE(html.find("L.map("), std::string::npos);
  }
}

}  // namespace
}  // namespace nhood::report
