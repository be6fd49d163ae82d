#include <gtest/gtest.h>

#include "nhood/link/contact.h"
#include "nhood/link/goal.h"
#include "nhood/link/onward_referral.h"
#include "nhood/link/user.h"
#include "nhood/link/volunteer.h"

namespace nhood::link {
namespace {

using namespace std::chrono;
constexpr Date kToday = 2026y / December / 1d;

TEST(ValidateContact, NegativeMinutesNamesTheField) {
  Contact c{.referral_id = 1, .resident_id = 1, .date = 2026y / November / 30d, .minutes = -5, .worker_id = 3};
  Status s = ValidateContact(c, kToday);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "minutes");
  EXPECT_EQ(s.message(), "minutes -5 is negative");
  c.minutes = 30;
  EXPECT_TRUE(ValidateContact(c, kToday).ok());
  c.worker_id.reset();
  EXPECT_EQ(ValidateContact(c, kToday).field(), "worker_id");
  c.volunteer_id = 4;
  c.date = 2026y / December / 2d;
  EXPECT_EQ(ValidateContact(c, kToday).field(), "date");
  EXPECT_EQ(*ParseContactKind("home_visit"), ContactKind::kHomeVisit);
  EXPECT_EQ(ParseContactKind("telepathy").error().field, "mode");
}

TEST(OnwardReferral, StatusFlow) {
  using S = OnwardStatus;
  EXPECT_TRUE(OnwardTransitionAllowed(S::kSent, S::kAccepted));
  EXPECT_TRUE(OnwardTransitionAllowed(S::kAccepted, S::kAttended));
  EXPECT_FALSE(OnwardTransitionAllowed(S::kSent, S::kAttended));
  EXPECT_FALSE(OnwardTransitionAllowed(S::kDeclined, S::kAccepted));
  OnwardReferral o{.referral_id = 1, .service_id = "not-a-uuid", .sent_on = 2026y / May / 1d};
  EXPECT_EQ(ValidateOnwardReferral(o, kToday).field(), "service_id");
}

TEST(Goals, ReviewAfterSetting) {
  Goal g{.what_matters = "get back to the allotment", .set_on = 2026y / May / 1d, .reviewed_on = 2026y / April / 1d};
  EXPECT_EQ(ValidateGoal(g, kToday).field(), "reviewed_on");
  g.reviewed_on = 2026y / June / 1d;
  EXPECT_TRUE(ValidateGoal(g, kToday).ok());
  Need n{.category = "", .identified_on = 2026y / May / 1d};
  EXPECT_EQ(ValidateNeed(n, kToday).field(), "category");
}

TEST(VolunteerHours, Range) {
  VolunteerHours h{.volunteer_id = 1, .date = 2026y / May / 1d, .hours = 0};
  EXPECT_EQ(ValidateVolunteerHours(h, kToday).field(), "hours");
  h.hours = 3.5;
  EXPECT_TRUE(ValidateVolunteerHours(h, kToday).ok());
  h.hours = 25;
  EXPECT_EQ(ValidateVolunteerHours(h, kToday).field(), "hours");
}

TEST(ValidateUser, Username) {
  User u{.username = "Ann Smith", .display_name = "Ann", .password_hash = "$argon2id$..."};
  EXPECT_EQ(ValidateUser(u).field(), "username");
  u.username = "ann.smith";
  EXPECT_TRUE(ValidateUser(u).ok());
}

}  // namespace
}  // namespace nhood::link
