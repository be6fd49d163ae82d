#include "nhood/link/referral.h"

#include <gtest/gtest.h>

#include <set>

namespace nhood::link {
namespace {

using S = ReferralStatus;
constexpr S kAll[] = {S::kReceived, S::kContacted, S::kAssessed, S::kSupported, S::kClosed, S::kDeclined,
                      S::kDidNotEngage};

Referral Fresh() {
  Referral r;
  r.id = 7;
  r.resident_id = 3;
  r.reasons = {"loneliness"};
  r.received_at = *ParseTime("2026-03-01T09:00:00Z");
  return r;
}

TEST(TransitionAllowed, ExactlyTheWorkflowEdges) {
  // The 11 edges of received → contacted → assessed → supported → closed,
  // with declined (from received/contacted/assessed) and did_not_engage
  // (from contacted/assessed/supported). Every other pair is refused.
  std::set<std::pair<S, S>> edges = {
      {S::kReceived, S::kContacted},  {S::kContacted, S::kAssessed},    {S::kAssessed, S::kSupported},
      {S::kSupported, S::kClosed},    {S::kReceived, S::kDeclined},     {S::kContacted, S::kDeclined},
      {S::kAssessed, S::kDeclined},   {S::kContacted, S::kDidNotEngage}, {S::kAssessed, S::kDidNotEngage},
      {S::kSupported, S::kDidNotEngage}};
  int allowed = 0;
  for (S from : kAll) {
    for (S to : kAll) {
      EXPECT_EQ(TransitionAllowed(from, to), edges.count({from, to}) == 1)
          << ReferralStatusName(from) << " -> " << ReferralStatusName(to);
      allowed += TransitionAllowed(from, to);
    }
  }
  EXPECT_EQ(allowed, 10);
}

TEST(MakeTransition, StampsAndRefuses) {
  Referral r = Fresh();
  Time at = *ParseTime("2026-03-02T10:00:00Z");
  Result<Transition> t = MakeTransition(r, S::kContacted, at, 42, "phoned");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->from, S::kReceived);
  EXPECT_EQ(t->to, S::kContacted);
  EXPECT_EQ(t->by, 42);
  EXPECT_EQ(t->at, at);
  Result<Transition> skip = MakeTransition(r, S::kClosed, at, 42);
  ASSERT_FALSE(skip);
  EXPECT_EQ(skip.error().code, StatusCode::kFailedPrecondition);
  EXPECT_EQ(skip.error().message, "referral 7: cannot move from received to closed");
  EXPECT_EQ(skip.error().field, "status");
  r.status = S::kClosed;
  EXPECT_FALSE(MakeTransition(r, S::kContacted, at, 42));
  r.status = S::kReceived;
  Result<Transition> early = MakeTransition(r, S::kContacted, *ParseTime("2026-02-28T10:00:00Z"), 42);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().field, "at");
}

TEST(IsOverdue, FourteenDaysByDefaultAndConfigurable) {
  Referral r = Fresh();
  EXPECT_FALSE(IsOverdue(r, *ParseTime("2026-03-15T09:00:00Z")));  // exactly 14 days
  EXPECT_TRUE(IsOverdue(r, *ParseTime("2026-03-15T09:00:01Z")));
  EXPECT_TRUE(IsOverdue(r, *ParseTime("2026-03-08T09:00:01Z"), {.days_to_first_contact = 7}));
  EXPECT_FALSE(IsOverdue(r, *ParseTime("2026-03-08T09:00:00Z"), {.days_to_first_contact = 7}));
  r.status = S::kContacted;
  EXPECT_FALSE(IsOverdue(r, *ParseTime("2026-06-01T00:00:00Z")));
}

TEST(SnomedEvents, ReferralCodeOncePerEpisodeDeclinedWhenDeclined) {
  Referral r = Fresh();
  std::vector<Transition> ts;
  std::vector<SnomedEvent> e = SnomedEvents(r, ts);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].code, "871731000000106");
  EXPECT_EQ(e[0].at, r.received_at);
  ts.push_back({.id = 1, .referral_id = 7, .from = S::kReceived, .to = S::kContacted,
                .at = *ParseTime("2026-03-02T10:00:00Z")});
  ts.push_back({.id = 2, .referral_id = 7, .from = S::kContacted, .to = S::kDeclined,
                .at = *ParseTime("2026-03-03T10:00:00Z")});
  ts.push_back({.id = 3, .referral_id = 8, .from = S::kReceived, .to = S::kDeclined,
                .at = *ParseTime("2026-03-04T10:00:00Z")});  // another episode's
  e = SnomedEvents(r, ts);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].code, "871731000000106");
  EXPECT_EQ(e[1].code, "871711000000103");
  EXPECT_EQ(FormatTime(e[1].at), "2026-03-03T10:00:00Z");
}

TEST(ValidateReferral, NeedsReasons) {
  Referral r = Fresh();
  EXPECT_TRUE(ValidateReferral(r).ok());
  r.reasons.clear();
  EXPECT_EQ(ValidateReferral(r).field(), "reasons");
  r.reasons = {"debt", ""};
  EXPECT_EQ(ValidateReferral(r).field(), "reasons[1]");
  EXPECT_EQ(*ParseReferralSource("agency"), ReferralSource::kAgency);
  EXPECT_EQ(ParseReferralSource("police").error().field, "source");
}

}  // namespace
}  // namespace nhood::link
