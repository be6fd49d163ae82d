#include "nhood/link/resident.h"

#include <gtest/gtest.h>

#include "nhood/link/consent.h"

namespace nhood::link {
namespace {

using namespace std::chrono;
constexpr Date kToday = 2026y / December / 1d;

Resident Valid() {
  Resident r;
  r.name = "Ann Example";
  r.date_of_birth = 1958y / June / 2d;
  r.sex = Sex::kFemale;
  r.ethnicity = "white_british";
  r.postcode = "NE8 1AB";
  r.lsoa = "E01008174";
  r.gp_practice = "A85001";
  return r;
}

TEST(ValidateResident, AcceptsAValidRecord) { EXPECT_TRUE(ValidateResident(Valid(), kToday).ok()); }

TEST(ValidateResident, DateOfBirthInTheFutureNamesTheField) {
  Resident r = Valid();
  r.date_of_birth = 2027y / January / 1d;
  Status s = ValidateResident(r, kToday);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "date_of_birth");
  EXPECT_NE(s.message().find("future"), std::string::npos);
  r.date_of_birth = 1880y / January / 1d;
  EXPECT_EQ(ValidateResident(r, kToday).field(), "date_of_birth");
}

TEST(ValidateResident, OtherFields) {
  Resident r = Valid();
  r.name.clear();
  EXPECT_EQ(ValidateResident(r, kToday).field(), "name");
  r = Valid();
  r.ethnicity = "Martian";
  EXPECT_EQ(ValidateResident(r, kToday).field(), "ethnicity");
  r = Valid();
  r.lsoa = "W01000001";
  EXPECT_EQ(ValidateResident(r, kToday).field(), "lsoa");
  r = Valid();
  r.postcode = "NOT A CODE";
  EXPECT_EQ(ValidateResident(r, kToday).field(), "postcode");
  r = Valid();
  r.contact.email = "nobody";
  EXPECT_EQ(ValidateResident(r, kToday).field(), "contact.email");
}

TEST(NormalisePostcode, AllRoyalMailShapes) {
  EXPECT_EQ(*NormalisePostcode("ne14st"), "NE1 4ST");
  EXPECT_EQ(*NormalisePostcode(" M1 1AE "), "M1 1AE");
  EXPECT_EQ(*NormalisePostcode("B338TH"), "B33 8TH");
  EXPECT_EQ(*NormalisePostcode("cr2 6xh"), "CR2 6XH");
  EXPECT_EQ(*NormalisePostcode("DN551PT"), "DN55 1PT");
  EXPECT_EQ(*NormalisePostcode("W1A 0AX"), "W1A 0AX");
  EXPECT_EQ(*NormalisePostcode("EC1A1BB"), "EC1A 1BB");
  EXPECT_FALSE(NormalisePostcode("1NE 4ST"));
  EXPECT_FALSE(NormalisePostcode("NE1 ST4"));
  EXPECT_FALSE(NormalisePostcode("NE"));
}

TEST(HasConsent, LatestRecordDecides) {
  std::vector<Consent> c;
  EXPECT_FALSE(HasConsent(c, ConsentKind::kShareWithGp));
  c.push_back({.id = 1, .resident_id = 1, .kind = ConsentKind::kShareWithGp, .given = true, .date = 2026y / May / 1d});
  c.push_back({.id = 2, .resident_id = 1, .kind = ConsentKind::kEvaluation, .given = true, .date = 2026y / May / 1d});
  EXPECT_TRUE(HasConsent(c, ConsentKind::kShareWithGp));
  EXPECT_FALSE(HasConsent(c, ConsentKind::kStore));
  // Withdrawn later (recorded out of order).
  c.insert(c.begin(), {.id = 3, .resident_id = 1, .kind = ConsentKind::kShareWithGp, .given = false,
                       .date = 2026y / June / 1d});
  EXPECT_FALSE(HasConsent(c, ConsentKind::kShareWithGp));
  EXPECT_TRUE(HasConsent(c, ConsentKind::kEvaluation));
  // Same day: the later record (higher id) decides.
  c.push_back({.id = 4, .resident_id = 1, .kind = ConsentKind::kShareWithGp, .given = true, .date = 2026y / June / 1d});
  EXPECT_TRUE(HasConsent(c, ConsentKind::kShareWithGp));
}

TEST(ValidateConsent, RejectsFutureDates) {
  Consent c{.resident_id = 1, .kind = ConsentKind::kStore, .given = true, .date = 2026y / December / 2d};
  EXPECT_EQ(ValidateConsent(c, kToday).field(), "date");
}

}  // namespace
}  // namespace nhood::link
