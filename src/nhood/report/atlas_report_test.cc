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
  ASSERT_TRUE(in.neighbourhood_table.AddNumbers("rate_lower95_0cl", {0.08}).ok());
  ASSERT_TRUE(in.neighbourhood_table.AddNumbers("rate_upper95_0cl", {0.125}).ok());
  in.priority = in.neighbourhood_table;
  in.priority_columns = {{"neighbourhood_id", "Neighbourhood"}, {"tier", "Risk tier"},
                         {"rate", "Bad health", "rate_lower95_0cl", "rate_upper95_0cl"}};
  in.hotspots.ids = {"E01008162"};
  in.hotspots.polygons = in.neighbourhoods.polygons;
  in.hotspot_cluster = {"High-High"};
  in.hotspot_names = {"Gateshead 001A"};
  in.neighbourhood_notes = {"Doubly disadvantaged wards: Felling (E05001079)"};
  in.spine = {{"rate", "Rate </script>", 0.05, true, ""}};
  const std::string html = RenderAtlasReport(in);
  EXPECT_NE(html.find("<title>Test &lt;atlas&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<li>line two</li>"), std::string::npos);
  EXPECT_EQ(html.find("Rate </script>"), std::string::npos);  // escaped inside JSON
  EXPECT_NE(html.find("\"N1\""), std::string::npos);
  // Issue 8 item 6: readable headers, each indicator's interval, names.
  EXPECT_NE(html.find("<th>Risk tier</th>"), std::string::npos);
  EXPECT_NE(html.find("<th>Bad health (95% CI)</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>0.1 (0.08 to 0.125)</td>"), std::string::npos);
  EXPECT_EQ(html.find("<th>tier</th>"), std::string::npos);
  EXPECT_NE(html.find("\"name\":\"Gateshead 001A\""), std::string::npos);
  EXPECT_NE(html.find("Felling (E05001079)"), std::string::npos);
}

// The report's map needs Leaflet embedded at build time (npm ci, which
// scripts/install-deps.sh runs): a build without it fails here rather than
// skipping the check.
TEST(AtlasReport, LeafletIsEmbedded) {
  ASSERT_TRUE(MapsAvailable()) << "Leaflet was not embedded: run npm ci (node_modules/leaflet/dist) and rebuild";
  AtlasReportInput in;
  in.neighbourhoods.ids = {"N1"};
  in.neighbourhoods.polygons = {geo::Polygon{{geo::Part{geo::Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}};
  ASSERT_TRUE(in.neighbourhood_table.AddText("neighbourhood_id", {"N1"}).ok());
  const std::string html = RenderAtlasReport(in);
  EXPECT_NE(html.find("L.map("), std::string::npos);
  EXPECT_NE(html.find("leaflet-container"), std::string::npos);  // Leaflet's own CSS
}

}  // namespace
}  // namespace nhood::report
