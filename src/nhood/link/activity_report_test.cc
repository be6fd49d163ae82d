#include "nhood/link/activity_report.h"

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

using namespace std::chrono;

// k residents in LSOA A (neighbourhood N1) and 10 in LSOA C (N2), each with
// one referral in March 2025 and one 30-minute contact in April 2025; one
// onward referral each for N2.
ActivityRecords Records(int k) {
  ActivityRecords rec;
  int64_t id = 1;
  for (int i = 0; i < k + 10; ++i) {
    const int64_t resident = i + 1;
    rec.resident_lsoas.emplace_back(resident, i < k ? "E01000001" : "E01000003");
    Referral r;
    r.id = id++;
    r.resident_id = resident;
    r.received_at = sys_days(2025y / March / 10d) + hours(9);
    rec.referrals.push_back(r);
    Contact c;
    c.id = id++;
    c.resident_id = resident;
    c.date = 2025y / April / 2d;
    c.minutes = 30;
    if (i % 2) c.volunteer_id = 1; else c.worker_id = 3;
    rec.contacts.push_back(c);
    if (i >= k) {
      OnwardReferral o;
      o.id = id++;
      o.resident_id = resident;
      o.service_id = i % 2 ? "svc-a" : "svc-b";
      o.status = i % 3 ? OnwardStatus::kAccepted : OnwardStatus::kSent;
      o.sent_on = 2025y / April / 3d;
      rec.onward.push_back(o);
    }
  }
  rec.service_organisations = {{"svc-a", "org-1"}, {"svc-b", "org-1"}};
  rec.volunteer_hours.push_back({.id = 1, .volunteer_id = 1, .date = 2025y / March / 5d, .hours = 2.5});
  return rec;
}

std::vector<ReachArea> Areas() {
  return {{"E01000001", "N1", 1000, true, true}, {"E01000002", "N1", 1000, false, false},
          {"E01000003", "N2", 1500, false, false}};
}

const std::vector<ReportValue>* Row(const ReportTable& t, const std::string& breakdown, const std::string& group) {
  for (const auto& r : t.rows) {
    if (std::get<std::string>(r[0]) == breakdown && std::get<std::string>(r[1]) == group) return &r;
  }
  return nullptr;
}

TEST(ActivityBreakdown, TotalsMonthsAndNeighbourhoods) {
  const std::vector<ReachArea> areas = Areas();
  ReportTable t = ActivityBreakdown(Records(6), {.from = 2025y / March / 1d, .to = 2025y / May / 1d, .areas = areas});
  const auto* total = Row(t, "total", "all");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(std::get<int64_t>((*total)[2]), 16);            // residents
  EXPECT_EQ(std::get<int64_t>((*total)[3]), 16);            // requests
  EXPECT_EQ(std::get<int64_t>((*total)[4]), 16);            // contacts
  EXPECT_DOUBLE_EQ(std::get<double>((*total)[5]), 8 * 0.5);  // link worker hours
  EXPECT_DOUBLE_EQ(std::get<double>((*total)[6]), 8 * 0.5);  // volunteer contact hours
  EXPECT_DOUBLE_EQ(std::get<double>((*total)[7]), 2.5);      // the volunteers' log
  EXPECT_EQ(std::get<int64_t>((*total)[8]), 10);             // onward sent
  EXPECT_EQ(std::get<int64_t>((*total)[13]), 1);             // one organisation
  const auto* march = Row(t, "month", "2025-03");
  const auto* april = Row(t, "month", "2025-04");
  ASSERT_TRUE(march && april);
  EXPECT_EQ(std::get<int64_t>((*march)[3]), 16);
  EXPECT_EQ(std::get<int64_t>((*april)[4]), 16);
  const auto* n2 = Row(t, "neighbourhood", "N2");
  ASSERT_NE(n2, nullptr);
  EXPECT_EQ(std::get<int64_t>((*n2)[2]), 10);
  EXPECT_TRUE(std::holds_alternative<std::monostate>((*n2)[7]));  // hours not recorded by place
  EXPECT_EQ(t.suppressed_cells, 0);
}

TEST(ActivityBreakdown, SuppressionAtFourFiveAndSixResidents) {
  const std::vector<ReachArea> areas = Areas();
  for (int k : {4, 5, 6}) {
    ReportTable t = ActivityBreakdown(Records(k), {.areas = areas});
    const auto* n1 = Row(t, "neighbourhood", "N1");
    ASSERT_NE(n1, nullptr) << k;  // never dropped
    if (k == 4) {
      EXPECT_TRUE(std::holds_alternative<std::monostate>((*n1)[2]));  // residents
      EXPECT_TRUE(std::holds_alternative<std::monostate>((*n1)[3]));  // requests
      EXPECT_TRUE(std::holds_alternative<std::monostate>((*n1)[4]));  // their contacts too
      // N2's residents (10) go with it, or N1 = total - N2.
      const auto* n2 = Row(t, "neighbourhood", "N2");
      EXPECT_TRUE(std::holds_alternative<std::monostate>((*n2)[2]));
      EXPECT_EQ(std::get<int64_t>((*n2)[4]), 10);  // N2 is not a small group: its activity stays
      EXPECT_GT(t.suppressed_cells, 0);
      EXPECT_EQ(t.suppressed_cells, static_cast<int64_t>(t.suppressed.size()));
      int64_t by_row = 0;  // each row says how many of its cells were withheld
      for (const auto& row : t.rows) by_row += std::get<int64_t>(row.back());
      EXPECT_EQ(by_row, t.suppressed_cells);
      EXPECT_GE(std::get<int64_t>(n1->back()), 3);
    } else {
      EXPECT_EQ(std::get<int64_t>((*n1)[2]), k);
      EXPECT_EQ(t.suppressed_cells, 0) << k;
    }
  }
}

TEST(ActivityBreakdown, ByLsoaWithoutAnAtlasAndUnplacedResidents) {
  ActivityRecords rec = Records(6);
  rec.resident_lsoas[0].second = "";
  ReportTable t = ActivityBreakdown(rec, {.suppression = {.below = 1}});
  EXPECT_NE(Row(t, "lsoa", "E01000001"), nullptr);
  EXPECT_NE(Row(t, "lsoa", "no_lsoa"), nullptr);
  ReportTable with_atlas = ActivityBreakdown(rec, {.suppression = {.below = 1}, .areas = std::span<const ReachArea>()});
  EXPECT_EQ(with_atlas.rows.size(), t.rows.size());
}

}  // namespace
}  // namespace nhood::link
