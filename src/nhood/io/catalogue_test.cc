#include "nhood/io/catalogue.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "tests/support/data_dir.h"

namespace nhood::io {
namespace {

TEST(Catalogue, EntriesAreCompleteAndUnique) {
  std::set<std::string> ids;
  for (const Dataset& d : Catalogue()) {
    EXPECT_TRUE(ids.insert(d.id).second) << d.id;
    EXPECT_FALSE(d.publisher.empty()) << d.id;
    EXPECT_TRUE(d.page_url.starts_with("https://")) << d.id;
    EXPECT_FALSE(d.licence.empty()) << d.id;
    EXPECT_GT(d.expected_rows, 0) << d.id;
  }
  EXPECT_TRUE(FindDataset("census2021-ts037"));
  EXPECT_EQ(FindDataset("nope").error().code, StatusCode::kNotFound);
}

TEST(Catalogue, MissingFileIsReportedNotFatal) {
  CheckResult r = Check(*FindDataset("cni2019"), "/nonexistent");
  EXPECT_FALSE(r.present);
  EXPECT_FALSE(r.valid);
  EXPECT_NE(r.detail.find("missing"), std::string::npos);
}

TEST(Catalogue, NoDirectDownloadSaysWhereToGo) {
  Status s = Download(*FindDataset("cni2019"), "/tmp");
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("localtrust.org.uk"), std::string::npos);
}

// Against the data mirror (tests/support/data_dir.h).
TEST(Catalogue, SharedMirrorIsValid) {
  const std::string dir = test_support::DataDir().string();
  ASSERT_TRUE(test_support::HaveData(dir));
  for (const char* id : {"census2021-ts037", "census2021-ts007a", "imd2019-transformed", "cni2019", "lad19-boundaries"}) {
    CheckResult r = Check(*FindDataset(id), dir);
    EXPECT_TRUE(r.valid) << id << ": " << r.detail;
  }
}

}  // namespace
}  // namespace nhood::io
