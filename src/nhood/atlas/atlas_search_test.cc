#include "nhood/atlas/atlas_search.h"

#include <gtest/gtest.h>

namespace nhood::atlas {
namespace {

ExplorerAtlas Dorset() {
  ExplorerAtlas a;
  EXPECT_TRUE(a.neighbourhoods.AddText("neighbourhood_id", {"E06000059-001", "E06000059-002"}).ok());
  EXPECT_TRUE(a.neighbourhoods.AddText("name", {"Dorset: Littlemoor & Preston", "Dorset: Westham"}).ok());
  Table& l = a.lsoas;
  EXPECT_TRUE(l.AddText("lsoa11_code", {"E01020551", "E01020552", "E01020553"}).ok());
  EXPECT_TRUE(l.AddText("lsoa11_name", {"Weymouth and Portland 001A", "Weymouth and Portland 001B",
                                        "Weymouth and Portland 003A"}).ok());
  EXPECT_TRUE(l.AddText("neighbourhood_id", {"E06000059-001", "E06000059-002", "E06000059-002"}).ok());
  EXPECT_TRUE(l.AddText("local_authority", {"E06000059", "E06000059", "E06000059"}).ok());
  EXPECT_TRUE(l.AddText("local_authority_name", {"Dorset", "Dorset", "Dorset"}).ok());
  EXPECT_TRUE(l.AddNumbers("population", {1000, 1500, 1200}).ok());
  EXPECT_TRUE(l.AddText("ward17_code", {"E05012704", "E05012704", "E05012705"}).ok());
  EXPECT_TRUE(l.AddText("ward17_name", {"Littlemoor & Preston", "Littlemoor & Preston", "Westham North"}).ok());
  return a;
}

TEST(AtlasSearch, NormalisesCaseAmpersandAndPunctuation) {
  EXPECT_EQ(NormaliseForSearch("  Littlemoor & Preston "), "littlemoor and preston");
  EXPECT_EQ(NormaliseForSearch("Horden/Peterlee--North"), "horden peterlee north");
  EXPECT_EQ(NormaliseForSearch("E01020551"), "e01020551");
}

TEST(AtlasSearch, FindsAWardByNameAndPointsAtItsMainNeighbourhood) {
  ExplorerAtlas a = Dorset();
  SearchIndex index = SearchIndex::Build(a);
  auto hits = index.Search("littlemoor and preston");
  ASSERT_GE(hits.size(), 2u);
  // Exact name: the ward first (kind order breaks the tie with nothing else exact).
  EXPECT_EQ(hits[0].kind, "ward");
  EXPECT_EQ(hits[0].id, "E05012704");
  EXPECT_EQ(hits[0].name, "Littlemoor & Preston");
  // 1,500 of its residents live in -002, 1,000 in -001.
  EXPECT_EQ(hits[0].neighbourhood_id, "E06000059-002");
  EXPECT_EQ(hits[1].kind, "neighbourhood");
  EXPECT_EQ(hits[1].id, "E06000059-001");
}

TEST(AtlasSearch, RanksPrefixBeforeWordBeforeSubstring) {
  ExplorerAtlas a = Dorset();
  SearchIndex index = SearchIndex::Build(a);
  auto hits = index.Search("Westham");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].kind, "ward");           // "westham north": prefix
  EXPECT_EQ(hits[1].kind, "neighbourhood");  // "dorset westham": word prefix
  auto moor = index.Search("moor");          // substring only
  ASSERT_FALSE(moor.empty());
  EXPECT_EQ(moor[0].kind, "neighbourhood");
}

TEST(AtlasSearch, CodesOfEveryKind) {
  ExplorerAtlas a = Dorset();
  SearchIndex index = SearchIndex::Build(a);
  auto lsoa = index.Search("e01020553");
  ASSERT_EQ(lsoa.size(), 1u);
  EXPECT_EQ(lsoa[0].kind, "lsoa");
  EXPECT_EQ(lsoa[0].name, "Weymouth and Portland 003A");
  EXPECT_EQ(lsoa[0].neighbourhood_id, "E06000059-002");
  auto lad = index.Search("E06000059");
  ASSERT_FALSE(lad.empty());
  EXPECT_EQ(lad[0].kind, "lad");
  EXPECT_EQ(lad[0].name, "Dorset");
  EXPECT_EQ(lad[0].neighbourhood_id, "E06000059-002");  // 2,700 of 3,700 residents
  EXPECT_EQ(index.size(), 2u + 3u + 2u + 1u);
}

TEST(AtlasSearch, ShortQueriesAndLimits) {
  ExplorerAtlas a = Dorset();
  SearchIndex index = SearchIndex::Build(a);
  EXPECT_TRUE(index.Search("w").empty());
  EXPECT_TRUE(index.Search(" & ").size() <= 20u);
  EXPECT_EQ(index.Search("weymouth", 2).size(), 2u);
  EXPECT_TRUE(index.Search("nowhere at all").empty());
}

}  // namespace
}  // namespace nhood::atlas
