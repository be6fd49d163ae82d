#include "nhood/link/uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace nhood::link {
namespace {

TEST(NewUuidV4, SetsVersionAndVariantBits) {
  std::array<uint8_t, 16> ones;
  ones.fill(0xFF);
  EXPECT_EQ(NewUuidV4(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  std::array<uint8_t, 16> zeros{};
  EXPECT_EQ(NewUuidV4(zeros), "00000000-0000-4000-8000-000000000000");
}

TEST(NewUuidV4, SeededGeneratorIsReproducibleAndDistinct) {
  Rng a(42), b(42);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string x = NewUuidV4(a);
    EXPECT_EQ(x, NewUuidV4(b));
    EXPECT_TRUE(IsUuid(x)) << x;
    EXPECT_EQ(x[14], '4');
    EXPECT_NE(std::string("89ab").find(x[19]), std::string::npos) << x;
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IsUuid, ChecksTheCanonicalForm) {
  EXPECT_TRUE(IsUuid("ac148810-d857-441c-9679-408f346de14b"));
  EXPECT_TRUE(IsUuid("AC148810-D857-441C-9679-408F346DE14B"));
  EXPECT_FALSE(IsUuid("ac148810d857441c9679408f346de14b"));
  EXPECT_FALSE(IsUuid("ac148810-d857-441c-9679-408f346de14g"));
  EXPECT_FALSE(IsUuid(""));
}

}  // namespace
}  // namespace nhood::link
