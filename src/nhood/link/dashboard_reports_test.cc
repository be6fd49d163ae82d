// The dashboard's reports on hand-made store rows: caseloads per worker,
// waiting times to first contact and organisations referred to, with the
// suppression rule at 4, 5 and 6 and at a configured threshold.
#include <gtest/gtest.h>

#include "nhood/link/caseload_report.h"
#include "nhood/link/organisations_report.h"
#include "nhood/link/waiting_report.h"

namespace nhood::link {
namespace {

using namespace std::chrono;

bool Empty(const ReportValue& v) { return std::holds_alternative<std::monostate>(v); }
int64_t Int(const ReportValue& v) { return std::get<int64_t>(v); }
double Real(const ReportValue& v) { return std::get<double>(v); }
std::string Text(const ReportValue& v) { return std::get<std::string>(v); }
size_t Col(const ReportTable& t, const std::string& name) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i] == name) return i;
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}
const ReportValue& Cell(const ReportTable& t, size_t row, const std::string& column) {
  return t.rows.at(row).at(Col(t, column));
}

const ActivityQuery kYear{.from = 2025y / January / 1d, .to = 2026y / January / 1d};  // 365 days

std::vector<User> Users() {
  return {{.id = 3, .username = "w1", .display_name = "Link worker 1", .role = Role::kLinkWorker},
          {.id = 4, .username = "w2", .display_name = "Link worker 2", .role = Role::kLinkWorker},
          {.id = 5, .username = "w3", .display_name = "Link worker 3", .role = Role::kLinkWorker},
          {.id = 6, .username = "old", .display_name = "Gone", .role = Role::kLinkWorker, .active = false},
          {.id = 2, .username = "m", .display_name = "Manager", .role = Role::kManager}};
}

TEST(CaseloadTable, EachWorkersPeopleAgainstTheSafeCaseloadWithTheService) {
  // The service's people (700) are fewer than the workers' sum (717): some
  // residents have referrals with two workers.
  const Caseloads loads = {.workers = {{.user_id = 0, .people = 7, .referrals = 8, .open_now = 9},
                                       {.user_id = 3, .people = 180, .referrals = 190, .open_now = 40},
                                       {.user_id = 4, .people = 230, .referrals = 231, .open_now = 61},
                                       {.user_id = 5, .people = 300, .referrals = 350, .open_now = 75}},
                           .all = {.people = 700, .referrals = 779, .open_now = 180}};
  ReportTable t = CaseloadTable(loads, Users(), kYear, {.below = 5});
  ASSERT_EQ(t.name, "caseloads");
  // Workers 3, 4, 5 (the inactive worker and the manager have none), unassigned, the service.
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(Text(Cell(t, 0, "worker")), "Link worker 1");
  EXPECT_EQ(Int(Cell(t, 0, "worker_id")), 3);
  EXPECT_EQ(Int(Cell(t, 0, "people")), 180);
  EXPECT_EQ(Int(Cell(t, 0, "referrals")), 190);
  EXPECT_EQ(Text(Cell(t, 0, "band")), "below");
  EXPECT_DOUBLE_EQ(Real(Cell(t, 0, "people_per_year")), 180.0);  // people, not the 190 referrals
  EXPECT_EQ(Text(Cell(t, 1, "band")), "within");
  EXPECT_EQ(Text(Cell(t, 2, "band")), "above");
  EXPECT_EQ(Int(Cell(t, 2, "open_now")), 75);
  EXPECT_EQ(Text(Cell(t, 3, "worker")), "Unassigned");
  EXPECT_TRUE(Empty(Cell(t, 3, "worker_id")));
  EXPECT_EQ(Text(Cell(t, 4, "worker")), "All workers");
  EXPECT_EQ(Int(Cell(t, 4, "people")), 700);
  EXPECT_EQ(Int(Cell(t, 4, "referrals")), 779);
  EXPECT_EQ(Int(Cell(t, 4, "open_now")), 180);
  EXPECT_TRUE(Empty(Cell(t, 4, "band")));  // a band is each worker's, not the team's
  EXPECT_EQ(Int(Cell(t, 0, "safe_low")), 200);
  EXPECT_EQ(Int(Cell(t, 0, "safe_high")), 250);
  EXPECT_EQ(t.suppressed_cells, 0);
}

TEST(CaseloadTable, AnnualisesAShorterPeriod) {
  // 91 days (a quarter): 60 people is 240.7 a year.
  const ActivityQuery quarter{.from = 2025y / January / 1d, .to = 2025y / April / 2d};
  ReportTable t = CaseloadTable({.workers = {{.user_id = 3, .people = 60, .referrals = 62, .open_now = 20}},
                                 .all = {.people = 60, .referrals = 62, .open_now = 20}},
                                Users(), quarter, {});
  EXPECT_NEAR(Real(Cell(t, 0, "people_per_year")), 60 * 365.0 / 91, 1e-12);
  EXPECT_EQ(Text(Cell(t, 0, "band")), "within");
  // Active workers with nothing are listed with zeros, not withheld.
  EXPECT_EQ(Int(Cell(t, 1, "people")), 0);
  EXPECT_EQ(Text(Cell(t, 1, "worker")), "Link worker 2");
}

// A worker with `k` people (each with one referral, open) beside two with 20 and 30.
ReportTable CaseloadWith(int64_t k, int below = 5) {
  const Caseloads loads = {.workers = {{.user_id = 3, .people = k, .referrals = k, .open_now = k},
                                       {.user_id = 4, .people = 20, .referrals = 20, .open_now = 20},
                                       {.user_id = 5, .people = 30, .referrals = 30, .open_now = 30}},
                           .all = {.people = k + 50, .referrals = k + 50, .open_now = k + 50}};
  return CaseloadTable(loads, Users(), kYear, {.below = below});
}

TEST(CaseloadTable, SuppressesFourPeopleShowsFiveAndSix) {
  ReportTable four = CaseloadWith(4);
  for (const char* c : {"people", "people_per_year", "band", "referrals", "open_now"}) {
    EXPECT_TRUE(Empty(Cell(four, 0, c))) << c;
  }
  // Secondary: the next smallest in each column (worker 2's 20), as the service's count is shown.
  EXPECT_TRUE(Empty(Cell(four, 1, "people")));
  EXPECT_TRUE(Empty(Cell(four, 1, "referrals")));
  EXPECT_TRUE(Empty(Cell(four, 1, "open_now")));
  EXPECT_EQ(Int(Cell(four, 2, "people")), 30);
  EXPECT_EQ(Int(Cell(four, 3, "people")), 54);  // the service
  EXPECT_EQ(four.suppressed_cells, 10);
  EXPECT_EQ(Int(Cell(four, 0, "suppressed")), 5);
  EXPECT_EQ(four.suppressed.size(), 10u);
  for (int64_t k : {5, 6}) {
    ReportTable t = CaseloadWith(k);
    EXPECT_EQ(Int(Cell(t, 0, "people")), k);
    EXPECT_EQ(Int(Cell(t, 0, "referrals")), k);
    EXPECT_EQ(Int(Cell(t, 0, "open_now")), k);
    EXPECT_EQ(Text(Cell(t, 0, "band")), "below");
    EXPECT_EQ(t.suppressed_cells, 0);
  }
  // Configured: below 7 withholds 6.
  EXPECT_TRUE(Empty(Cell(CaseloadWith(6, 7), 0, "people")));
  EXPECT_EQ(Int(Cell(CaseloadWith(4, 1), 0, "people")), 4);  // below 1 withholds nothing
}

TEST(SummariseWaits, MedianP90AndSharesByNearestRank) {
  // 10 contacted: days 0 ×2, 3 ×3, 10, 14, 20, 30, 40; 2 waiting; 1 ended.
  const std::vector<WaitCell> cells = {{.days = std::nullopt, .open = true, .referrals = 2},
                                       {.days = std::nullopt, .open = false, .referrals = 1},
                                       {.days = -1, .open = true, .referrals = 1},  // dated before: 0
                                       {.days = 0, .open = false, .referrals = 1},
                                       {.days = 3, .open = true, .referrals = 3},
                                       {.days = 10, .open = true, .referrals = 1},
                                       {.days = 14, .open = true, .referrals = 1},
                                       {.days = 20, .open = true, .referrals = 1},
                                       {.days = 30, .open = false, .referrals = 1},
                                       {.days = 40, .open = true, .referrals = 1}};
  WaitingSummary s = SummariseWaits(cells);
  EXPECT_EQ(s.referrals, 13);
  EXPECT_EQ(s.contacted, 10);
  EXPECT_EQ(s.waiting, 2);
  EXPECT_EQ(s.ended_without_contact, 1);
  EXPECT_EQ(s.median_days, 3);  // the 5th of 10
  EXPECT_EQ(s.p90_days, 30);    // the 9th of 10
  EXPECT_DOUBLE_EQ(*s.within_14_days, 0.7);
  EXPECT_DOUBLE_EQ(*s.within_28_days, 0.8);
  ReportTable t = WaitingTable(s, {});
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(Int(Cell(t, 0, "referrals")), 13);
  EXPECT_EQ(Int(Cell(t, 0, "median_days")), 3);
  EXPECT_DOUBLE_EQ(Real(Cell(t, 0, "within_14_days")), 0.7);
  // Waiting (2) and ended (1) are withheld; contacted stays (two are withheld already).
  EXPECT_TRUE(Empty(Cell(t, 0, "waiting")));
  EXPECT_TRUE(Empty(Cell(t, 0, "ended_without_contact")));
  EXPECT_EQ(Int(Cell(t, 0, "contacted")), 10);
  EXPECT_EQ(t.suppressed_cells, 2);
  EXPECT_EQ(Int(Cell(t, 0, "suppressed")), 2);
  EXPECT_FALSE(SummariseWaits({}).median_days);
}

TEST(WaitingTable, SuppressesFourContactedShowsFiveAndSix) {
  for (int64_t k : {4, 5, 6}) {
    SCOPED_TRACE(k);
    WaitingSummary s = SummariseWaits(std::vector<WaitCell>{{.days = 2, .open = true, .referrals = k},
                                                            {.days = std::nullopt, .open = true, .referrals = 8}});
    ReportTable t = WaitingTable(s, {.below = 5});
    if (k == 4) {
      for (const char* c : {"contacted", "median_days", "p90_days", "within_14_days", "within_28_days"}) {
        EXPECT_TRUE(Empty(Cell(t, 0, c))) << c;
      }
      EXPECT_TRUE(Empty(Cell(t, 0, "waiting")));  // secondary: contacted + waiting = referrals
      EXPECT_EQ(Int(Cell(t, 0, "referrals")), 12);
      EXPECT_EQ(t.suppressed_cells, 6);
    } else {
      EXPECT_EQ(Int(Cell(t, 0, "contacted")), k);
      EXPECT_EQ(Int(Cell(t, 0, "median_days")), 2);
      EXPECT_DOUBLE_EQ(Real(Cell(t, 0, "within_14_days")), 1.0);
      EXPECT_EQ(Int(Cell(t, 0, "waiting")), 8);
      EXPECT_EQ(t.suppressed_cells, 0);
    }
  }
  WaitingSummary six = SummariseWaits(std::vector<WaitCell>{{.days = 2, .open = true, .referrals = 6}});
  EXPECT_TRUE(Empty(Cell(WaitingTable(six, {.below = 7}), 0, "median_days")));
}

TEST(OrganisationsTable, ByOrganisationAndStatusWithATotal) {
  const std::vector<OnwardCell> cells = {
      {.organisation_id = "", .organisation_name = "", .status = OnwardStatus::kSent, .referrals = 6},
      {.organisation_id = "b", .organisation_name = "Age UK", .status = OnwardStatus::kAccepted, .referrals = 7},
      {.organisation_id = "b", .organisation_name = "Age UK", .status = OnwardStatus::kAttended, .referrals = 5},
      {.organisation_id = "b", .organisation_name = "Age UK", .status = OnwardStatus::kSent, .referrals = 6},
      {.organisation_id = "a",
       .organisation_name = "Walking for Health",
       .status = OnwardStatus::kDeclined,
       .referrals = 8},
      {.organisation_id = "a",
       .organisation_name = "Walking for Health",
       .status = OnwardStatus::kSent,
       .referrals = 9}};
  ReportTable t = OrganisationsTable(cells, {});
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(Text(Cell(t, 0, "organisation")), "Age UK");  // by name
  EXPECT_EQ(Text(Cell(t, 0, "organisation_id")), "b");
  EXPECT_EQ(Int(Cell(t, 0, "sent")), 18);
  EXPECT_EQ(Int(Cell(t, 0, "waiting")), 6);
  EXPECT_EQ(Int(Cell(t, 0, "accepted")), 7);
  EXPECT_EQ(Int(Cell(t, 0, "attended")), 5);
  EXPECT_EQ(Int(Cell(t, 0, "declined")), 0);
  EXPECT_EQ(Text(Cell(t, 1, "organisation")), "Walking for Health");
  EXPECT_EQ(Text(Cell(t, 2, "organisation")), "Services no longer in the directory");
  EXPECT_TRUE(Empty(Cell(t, 2, "organisation_id")));
  EXPECT_EQ(Text(Cell(t, 3, "organisation")), "All organisations");
  EXPECT_EQ(Int(Cell(t, 3, "sent")), 41);
  EXPECT_EQ(Int(Cell(t, 3, "waiting")), 21);
  EXPECT_EQ(Int(Cell(t, 3, "declined")), 8);
  EXPECT_EQ(t.suppressed_cells, 0);
}

// An organisation with `k` sent (all accepted) beside one with 10 sent and 10 accepted and one with 12 and 12.
ReportTable OrganisationsWith(int64_t k, int below = 5) {
  const std::vector<OnwardCell> cells = {
      {.organisation_id = "a", .organisation_name = "A", .status = OnwardStatus::kAccepted, .referrals = k},
      {.organisation_id = "b", .organisation_name = "B", .status = OnwardStatus::kAccepted, .referrals = 10},
      {.organisation_id = "c", .organisation_name = "C", .status = OnwardStatus::kAccepted, .referrals = 12}};
  return OrganisationsTable(cells, {.below = below});
}

TEST(OrganisationsTable, SuppressesFourShowsFiveAndSix) {
  ReportTable four = OrganisationsWith(4);
  for (const char* c : {"sent", "waiting", "accepted", "attended", "declined"}) {
    EXPECT_TRUE(Empty(Cell(four, 0, c))) << c;  // the few people's row, zeros included
  }
  // Secondary: B's sent, and so B's status cells (they would add up to it).
  for (const char* c : {"sent", "waiting", "accepted", "attended", "declined"}) {
    EXPECT_TRUE(Empty(Cell(four, 1, c))) << c;
  }
  EXPECT_EQ(Int(Cell(four, 2, "sent")), 12);
  EXPECT_EQ(Int(Cell(four, 2, "accepted")), 12);
  EXPECT_EQ(Int(Cell(four, 3, "sent")), 26);  // the total
  EXPECT_EQ(Int(Cell(four, 0, "suppressed")), 5);
  EXPECT_EQ(four.suppressed_cells, 10);
  for (int64_t k : {5, 6}) {
    ReportTable t = OrganisationsWith(k);
    EXPECT_EQ(Int(Cell(t, 0, "sent")), k);
    EXPECT_EQ(Int(Cell(t, 0, "accepted")), k);
    EXPECT_EQ(t.suppressed_cells, 0);
  }
  EXPECT_TRUE(Empty(Cell(OrganisationsWith(6, 7), 0, "sent")));
}

}  // namespace
}  // namespace nhood::link
