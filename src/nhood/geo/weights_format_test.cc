#include "nhood/geo/weights_format.h"

#include <gtest/gtest.h>

namespace nhood::geo {
namespace {

const std::vector<std::string> kIds = {"1", "2", "3"};

TEST(Gal, ParsesAndRoundTrips) {
  SpatialWeights w = *ParseGal("3\n1 1\n2\n2 2\n1 3\n3 1\n2\n", kIds);
  EXPECT_EQ(w.cardinality(1), 2u);
  SpatialWeights again = *ParseGal(FormatGal(w), kIds);
  EXPECT_EQ(again.indices(), w.indices());
}

TEST(Gal, UnknownAreaNamesLine) {
  Result<SpatialWeights> w = ParseGal("3\n1 1\n9\n2 0\n3 0\n", kIds, "w.gal");
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().message, "w.gal: line 3: unknown neighbour '9'");
  EXPECT_NE(ParseGal("3\n1 0\n2 0\n", kIds).error().message.find("'3' is missing"), std::string::npos);
}

TEST(Gwt, WeightedEdges) {
  SpatialWeights w = *ParseGwt("0 3 x id\n1 2 0.5\n2 1 0.5\n2 3 2\n", kIds);
  EXPECT_DOUBLE_EQ(w.weights(1)[1], 2);
  EXPECT_FALSE(ParseGwt("h\n1 4 1\n", kIds).has_value());
}

}  // namespace
}  // namespace nhood::geo
