#include "nhood/atlas/vintage_bridge.h"

#include <gtest/gtest.h>

namespace nhood::atlas {
namespace {

TEST(VintageBridge, UnchangedSplitMergedAndMissing) {
  // A unchanged -> A; B split -> B1, B2; C and D merged -> CD.
  const std::vector<BridgeLink> links = {{"A", "A"}, {"B", "B1"}, {"B", "B2"}, {"C", "CD"}, {"D", "CD"}};
  const std::vector<std::string> sources = {"A", "B", "C", "D", "Z"};
  const std::vector<std::vector<double>> counts = {{10, 90, 5, 7, 3}};
  const std::unordered_map<std::string, double> pop = {{"B1", 2000}, {"B2", 1000}};
  Bridged b = *BridgeCounts(links, sources, counts, pop);
  ASSERT_EQ(b.targets, (std::vector<std::string>{"A", "B1", "B2", "CD"}));
  EXPECT_DOUBLE_EQ(b.columns[0][0], 10);
  EXPECT_DOUBLE_EQ(b.columns[0][1], 60);  // 2/3 of B by population
  EXPECT_DOUBLE_EQ(b.columns[0][2], 30);
  EXPECT_DOUBLE_EQ(b.columns[0][3], 12);  // C + D
  EXPECT_EQ(b.unmatched_sources, std::vector<std::string>{"Z"});
  EXPECT_EQ(b.split_sources, 1u);
}

}  // namespace
}  // namespace nhood::atlas
