// `nhood link demo`'s weighting (link/demo_seed.h) over a real SQLite store:
// residents lean towards Core20 and doubly disadvantaged LSOAs by the
// documented weights, and the same seed gives the same residents.
#include "nhood/link/demo_seed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "nhood/store/sqlite_store.h"

namespace nhood::store {
namespace {

using namespace nhood::link;

// 100 places in 100 LSOAs: 20 Core20, 10 of those also doubly disadvantaged.
std::vector<DemoPlace> Places() {
  std::vector<DemoPlace> out;
  for (int i = 0; i < 100; ++i) {
    char pc[16];
    std::snprintf(pc, sizeof pc, "NE%d %dAA", 1 + i / 10, i % 10);
    out.push_back({.postcode = pc, .lsoa = "E0100" + std::to_string(1000 + i), .area = "Newcastle upon Tyne",
                   .latitude = 54.97 + i * 1e-3, .longitude = -1.61, .core20 = i < 20, .double_disadvantage = i < 10});
  }
  return out;
}

class DemoSeed : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "nhood-demo-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // Residents per LSOA after seeding a fresh store.
  std::map<std::string, int> Seed(const std::string& name, uint64_t seed, DemoSummary* summary) {
    auto s = OpenSqliteStore((dir_ / name).string());
    EXPECT_TRUE(s) << s.error().message;
    const std::vector<DemoPlace> places = Places();
    auto sum = SeedDemo(**s, places, {.seed = seed, .residents = 2000, .password = "demo-password"});
    EXPECT_TRUE(sum) << sum.error().message;
    if (sum) *summary = *sum;
    std::map<std::string, int> out;
    for (int64_t after = 0;;) {
      auto page = (*s)->FindResidents({.after_id = after, .limit = 1000});
      EXPECT_TRUE(page);
      if (!page || page->empty()) break;
      for (const Resident& r : *page) ++out[r.lsoa.value_or("")];
      after = page->back().id;
    }
    return out;
  }
  std::filesystem::path dir_;
};

TEST(DemoPlaceWeight, IsOnePlusTheFlagsWeights) {
  DemoPlace p;
  EXPECT_EQ(DemoPlaceWeight(p, {}), 1);
  p.core20 = true;
  EXPECT_EQ(DemoPlaceWeight(p, {}), 3);
  p.double_disadvantage = true;
  EXPECT_EQ(DemoPlaceWeight(p, {}), 6);
  EXPECT_EQ(DemoPlaceWeight(p, {.core20 = 0, .double_disadvantage = 0}), 1);
}

TEST_F(DemoSeed, ResidentsLeanTowardsCore20AndDoublyDisadvantagedLsoasAndRepeatForASeed) {
  DemoSummary a, b, c;
  const auto first = Seed("a.db", 11, &a);
  const auto again = Seed("b.db", 11, &b);
  const auto other = Seed("c.db", 12, &c);
  EXPECT_EQ(first, again) << "the same seed must give the same residents";
  EXPECT_NE(first, other);
  // Weights: 10 places × 6 (both), 10 × 3 (Core20 only), 80 × 1: total 170.
  // Expected shares: doubly disadvantaged 60/170 = 35.3%, Core20 90/170 = 52.9%.
  ASSERT_EQ(a.residents, 2000);
  const double dd = static_cast<double>(a.residents_double_disadvantage) / 2000;
  const double core20 = static_cast<double>(a.residents_core20) / 2000;
  EXPECT_NEAR(dd, 60.0 / 170, 0.04);      // ~3.5 binomial standard errors
  EXPECT_NEAR(core20, 90.0 / 170, 0.04);
  int counted_dd = 0;
  for (int i = 0; i < 10; ++i) {
    auto it = first.find("E0100" + std::to_string(1000 + i));
    counted_dd += it == first.end() ? 0 : it->second;
  }
  EXPECT_EQ(counted_dd, a.residents_double_disadvantage) << "the summary counts the residents' own LSOAs";
}

}  // namespace
}  // namespace nhood::store
