#include "nhood/link/report.h"

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

using namespace std::chrono;

TEST(SuppressSmall, WithholdsOneToFourAndKeepsZero) {
  EXPECT_EQ(SuppressSmall(0).value, 0);
  EXPECT_FALSE(SuppressSmall(0).suppressed);
  for (int64_t n = 1; n < 5; ++n) {
    EXPECT_TRUE(SuppressSmall(n).suppressed) << n;
    EXPECT_FALSE(SuppressSmall(n).value) << n;
  }
  EXPECT_EQ(SuppressSmall(5).value, 5);
  EXPECT_TRUE(SuppressSmall(9, 10).suppressed);
}

TEST(MakeActivityReport, SuppressesPeopleNotActivity) {
  ActivitySummary s;
  s.referrals_received = 12;
  s.referrals_by_source = {{"agency", 3}, {"gp", 9}};
  s.transitions_to = {{"declined", 1}};
  s.residents_contacted = 4;
  s.contacts = 3;
  s.contact_minutes = 75;
  s.contacts_by_mode = {{"phone", 3}};
  s.volunteer_hours = 2.5;
  s.volunteers_active = 1;
  ActivityReport r = MakeActivityReport({.from = 2026y / January / 1d, .to = 2026y / February / 1d}, s);
  EXPECT_EQ(r.referrals_received.value, 12);
  ASSERT_EQ(r.referrals_by_source.size(), 2u);
  EXPECT_TRUE(r.referrals_by_source[0].count.suppressed);
  EXPECT_EQ(r.referrals_by_source[0].key, "agency");  // the row stays, its number is withheld
  EXPECT_EQ(r.referrals_by_source[1].count.value, 9);
  EXPECT_TRUE(r.transitions_to[0].count.suppressed);
  EXPECT_TRUE(r.residents_contacted.suppressed);
  EXPECT_TRUE(r.volunteers_active.suppressed);
  EXPECT_EQ(r.contacts, 3);  // activity, not people
  EXPECT_EQ(r.contact_minutes, 75);
  EXPECT_EQ(r.contacts_by_mode[0].count, 3);
  EXPECT_DOUBLE_EQ(r.volunteer_hours, 2.5);
  EXPECT_EQ(r.from, 2026y / January / 1d);
}

}  // namespace
}  // namespace nhood::link
