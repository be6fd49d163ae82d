// The audited casework operations (link/casework.h) over a real SQLite
// store: need-to-know by role, refusals audited, validation before writes.
#include "nhood/link/casework.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "nhood/link/uuid.h"
#include "nhood/link/volunteering.h"
#include "nhood/store/sqlite_store.h"

namespace nhood::store {
namespace {

using namespace nhood::link;
using namespace std::chrono;

class Casework : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "nhood-casework-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    Result<std::unique_ptr<Store>> s = OpenSqliteStore((dir_ / "link.db").string());
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(s).value();
    admin_ = Make("admin", Role::kAdmin);
    manager_ = Make("manager", Role::kManager);
    lw1_ = Make("lw1", Role::kLinkWorker);
    lw2_ = Make("lw2", Role::kLinkWorker);
    volunteer_ = Make("vol1", Role::kVolunteer);
    analyst_ = Make("analyst", Role::kAnalyst);
    volunteer_record_ = *store_->AddVolunteer({.user_id = volunteer_.user_id, .name = "Val"});
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Actor Make(const std::string& name, Role role, std::optional<int64_t> team = std::nullopt) {
    Result<int64_t> id =
        store_->AddUser({.username = name, .display_name = name, .role = role, .password_hash = "h", .team_id = team});
    EXPECT_TRUE(id) << id.error().message;
    return {.user_id = id ? *id : 0, .username = name, .role = role, .team_id = team};
  }
  RequestInfo Req() { return {.now = now_, .address = "127.0.0.1", .request_id = "r" + std::to_string(++n_)}; }
  Resident NewResident(const std::string& name) {
    Resident r;
    r.pseudonym = NewUuidV4(rng_);
    r.name = name;
    r.date_of_birth = 1960y / April / 1d;
    r.sex = Sex::kFemale;
    r.postcode = "ne8 1ab";
    return r;
  }
  std::vector<AuditEvent> Audit() { return *store_->ListAudit({.limit = 1000}); }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Actor admin_, manager_, lw1_, lw2_, volunteer_, analyst_;
  int64_t volunteer_record_ = 0;
  Time now_ = *ParseTime("2026-12-01T10:00:00Z");
  Rng rng_{7};
  int n_ = 0;
};

TEST_F(Casework, SecondLinkWorkerIsRefusedAndBothReadsAreAudited) {
  Result<int64_t> id = CreateResident(*store_, lw1_, NewResident("Ann"), Req());
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(store_->GetResident(*id)->postcode, "NE8 1AB");  // normalised
  Result<Resident> mine = ReadResident(*store_, lw1_, *id, Req());
  ASSERT_TRUE(mine) << mine.error().message;
  EXPECT_EQ(mine->name, "Ann");
  Result<Resident> theirs = ReadResident(*store_, lw2_, *id, Req());
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, StatusCode::kPermissionDenied);
  std::vector<AuditEvent> a = Audit();
  ASSERT_EQ(a.size(), 3u);  // create, allowed read, refused read
  EXPECT_EQ(a[0].action, "write_resident");
  EXPECT_EQ(a[1].action, "read_resident");
  EXPECT_EQ(a[1].username, "lw1");
  EXPECT_EQ(a[1].record_id, std::to_string(*id));
  EXPECT_EQ(a[1].outcome, AuditOutcome::kAllowed);
  EXPECT_EQ(a[2].username, "lw2");
  EXPECT_EQ(a[2].record_type, "resident");
  EXPECT_EQ(a[2].record_id, std::to_string(*id));
  EXPECT_EQ(a[2].outcome, AuditOutcome::kRefused);
  EXPECT_EQ(a[2].detail, "link_worker may read_resident only on their own caseload");
  EXPECT_EQ(a[2].address, "127.0.0.1");
  // Explicit sharing lets the second worker in.
  ASSERT_TRUE(ShareResident(*store_, lw1_, *id, lw2_.user_id, Req()).ok());
  EXPECT_TRUE(ReadResident(*store_, lw2_, *id, Req()));
  EXPECT_EQ(ReadResident(*store_, lw1_, *id + 100, Req()).error().code, StatusCode::kNotFound);
}

TEST_F(Casework, OtherRolesSeeWhatTheMatrixSays) {
  int64_t id = *CreateResident(*store_, lw1_, NewResident("Ann"), Req());
  // No teams configured: the manager sees every caseload.
  EXPECT_TRUE(ReadResident(*store_, manager_, id, Req()));
  EXPECT_EQ(ReadCaseload(*store_, manager_, 0, 100, Req())->size(), 1u);
  for (const Actor& a : {admin_, volunteer_, analyst_}) {
    EXPECT_EQ(ReadResident(*store_, a, id, Req()).error().code, StatusCode::kPermissionDenied) << a.username;
    EXPECT_EQ(ReadCaseload(*store_, a, 0, 100, Req()).error().code, StatusCode::kPermissionDenied) << a.username;
  }
  EXPECT_EQ(ReadCaseload(*store_, lw1_, 0, 100, Req())->size(), 1u);
  EXPECT_TRUE(ReadCaseload(*store_, lw2_, 0, 100, Req())->empty());
  // Audit: admin only, and the read is itself audited.
  EXPECT_EQ(ReadAudit(*store_, lw1_, {}, Req()).error().code, StatusCode::kPermissionDenied);
  Result<std::vector<AuditEvent>> a = ReadAudit(*store_, admin_, {.limit = 1000}, Req());
  ASSERT_TRUE(a);
  ASSERT_GE(a->size(), 2u);
  EXPECT_EQ(a->back().action, "read_audit");  // the admin's own read, recorded before the list is read
  EXPECT_EQ(a->back().outcome, AuditOutcome::kAllowed);
  const AuditEvent& attempt = (*a)[a->size() - 2];  // lw1's attempt, just before
  EXPECT_EQ(attempt.action, "read_audit");
  EXPECT_EQ(attempt.username, "lw1");
  EXPECT_EQ(attempt.outcome, AuditOutcome::kRefused);
}

TEST_F(Casework, TeamsLimitManagers) {
  int64_t east = *store_->AddTeam({.name = "East"}), west = *store_->AddTeam({.name = "West"});
  Actor lw_east = Make("lw_east", Role::kLinkWorker, east), lw_west = Make("lw_west", Role::kLinkWorker, west);
  Actor m_east = Make("m_east", Role::kManager, east);
  int64_t e = *CreateResident(*store_, lw_east, NewResident("E"), Req());
  int64_t w = *CreateResident(*store_, lw_west, NewResident("W"), Req());
  EXPECT_TRUE(ReadResident(*store_, m_east, e, Req()));
  EXPECT_EQ(ReadResident(*store_, m_east, w, Req()).error().code, StatusCode::kPermissionDenied);
  Result<std::vector<CaseloadItem>> load = ReadCaseload(*store_, m_east, 0, 100, Req());
  ASSERT_EQ(load->size(), 1u);
  EXPECT_EQ(load->at(0).resident.id, e);
  // A manager with no team, where teams exist, has only their own caseload.
  EXPECT_EQ(ReadResident(*store_, manager_, e, Req()).error().code, StatusCode::kPermissionDenied);
}

TEST_F(Casework, VolunteersSeeOnlyTheirContacts) {
  int64_t res = *CreateResident(*store_, lw1_, NewResident("Ann"), Req());
  int64_t ref = *CreateReferral(*store_, lw1_, {.resident_id = res, .source = ReferralSource::kGp, .reasons = {"loneliness"}},
                                Req());
  EXPECT_EQ(store_->GetReferral(ref)->assigned_to, lw1_.user_id);
  ASSERT_TRUE(RecordContact(*store_, lw1_, {.referral_id = ref, .date = 2026y / November / 30d, .minutes = 20}, Req()));
  ASSERT_TRUE(RecordContact(*store_, lw1_,
                            {.referral_id = ref, .date = 2026y / November / 30d, .minutes = 45,
                             .volunteer_id = volunteer_record_},
                            Req()));
  // The volunteer records their own (volunteer_id filled in) …
  Result<int64_t> own = RecordContact(*store_, volunteer_, {.referral_id = ref, .date = 2026y / December / 1d, .minutes = 30}, Req());
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(store_->GetContact(*own)->volunteer_id, volunteer_record_);
  // … and sees only theirs.
  Result<std::vector<Contact>> theirs = ReadContacts(*store_, volunteer_, ref, Req());
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->size(), 2u);
  for (const Contact& c : *theirs) EXPECT_EQ(c.volunteer_id, volunteer_record_);
  EXPECT_EQ(ReadContacts(*store_, lw1_, ref, Req())->size(), 3u);
  EXPECT_EQ(ReadContacts(*store_, lw2_, ref, Req()).error().code, StatusCode::kPermissionDenied);
  EXPECT_EQ(ReadContacts(*store_, analyst_, ref, Req()).error().code, StatusCode::kPermissionDenied);
  // A volunteer cannot record a contact assigned to someone else.
  Actor other_vol = Make("vol2", Role::kVolunteer);
  EXPECT_EQ(RecordContact(*store_, other_vol,
                          {.referral_id = ref, .date = 2026y / December / 1d, .minutes = 5, .volunteer_id = volunteer_record_},
                          Req())
                .error()
                .code,
            StatusCode::kPermissionDenied);
  EXPECT_EQ(ReadResident(*store_, volunteer_, res, Req()).error().code, StatusCode::kPermissionDenied);
}

// A volunteer's login must be a volunteer user, when added and when changed;
// a deactivated volunteer's hours are refused (409), their own login too,
// and nothing is stored.
TEST_F(Casework, VolunteerLoginsAreVolunteersAndInactiveVolunteersLogNoHours) {
  Result<int64_t> wrong = AddVolunteer(*store_, manager_, {.user_id = lw1_.user_id, .name = "Lee"}, Req());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "user_id");
  Result<Volunteer> edit = EditVolunteer(*store_, manager_, volunteer_record_, {.user_id = lw1_.user_id}, Req());
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().field, "user_id");
  EXPECT_EQ(store_->GetVolunteer(volunteer_record_)->user_id, volunteer_.user_id);

  const VolunteerHours hours{.volunteer_id = volunteer_record_, .date = 2026y / November / 30d, .hours = 2};
  ASSERT_TRUE(LogVolunteerHours(*store_, volunteer_, hours, Req()));
  ASSERT_TRUE(EditVolunteer(*store_, manager_, volunteer_record_, {.active = false}, Req()));
  for (const Actor* who : {&volunteer_, &manager_}) {
    Result<int64_t> refused = LogVolunteerHours(*store_, *who, hours, Req());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, StatusCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "volunteer_id");
  }
  EXPECT_EQ(store_->ListVolunteerHours({.volunteer_id = volunteer_record_, .limit = 10})->size(), 1u);
}

// Changing a volunteer's linked login: the one rule for adding and changing
// (a volunteer user, not linked to another record; 409 when it is), an
// unlink, and a kept login not checked again. Nothing stored on a refusal.
TEST_F(Casework, VolunteerLoginChangesFollowTheAddRule) {
  const Actor other_vol = Make("vol2", Role::kVolunteer);
  const int64_t vera = *AddVolunteer(*store_, manager_, {.name = "Vera"}, Req());
  // Already linked to Val's record: refused when added and when changed.
  Result<int64_t> twice = AddVolunteer(*store_, manager_, {.user_id = volunteer_.user_id, .name = "Dup"}, Req());
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, StatusCode::kFailedPrecondition);
  EXPECT_EQ(twice.error().field, "user_id");
  Result<Volunteer> taken = EditVolunteer(*store_, manager_, vera, {.user_id = volunteer_.user_id}, Req());
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, StatusCode::kFailedPrecondition);
  EXPECT_EQ(taken.error().field, "user_id");
  Result<Volunteer> missing = EditVolunteer(*store_, manager_, vera, {.user_id = int64_t{987654}}, Req());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "user_id");
  EXPECT_FALSE(store_->GetVolunteer(vera)->user_id.has_value());
  EXPECT_EQ(store_->ListVolunteers()->size(), 2u);

  // A free volunteer login links; the record's own login is no conflict.
  Result<Volunteer> linked =
      EditVolunteer(*store_, manager_, vera, {.name = "Vera H", .user_id = other_vol.user_id}, Req());
  ASSERT_TRUE(linked) << linked.error().message;
  EXPECT_EQ(linked->user_id, other_vol.user_id);
  EXPECT_EQ(linked->name, "Vera H");
  EXPECT_EQ(store_->GetVolunteer(vera)->user_id, other_vol.user_id);
  ASSERT_TRUE(EditVolunteer(*store_, manager_, vera, {.user_id = other_vol.user_id}, Req()));
  // A kept login is not checked again, whatever its user's role became since.
  User u = *store_->GetUser(other_vol.user_id);
  u.role = Role::kLinkWorker;
  ASSERT_TRUE(store_->UpdateUser(u).ok());
  ASSERT_TRUE(EditVolunteer(*store_, manager_, vera, {.active = false}, Req()));
  // Unlinking frees the login for another record.
  Result<Volunteer> unlinked = EditVolunteer(*store_, manager_, volunteer_record_, {.user_id = std::optional<int64_t>()}, Req());
  ASSERT_TRUE(unlinked) << unlinked.error().message;
  EXPECT_FALSE(unlinked->user_id.has_value());
  EXPECT_FALSE(store_->GetVolunteer(volunteer_record_)->user_id.has_value());
  EXPECT_EQ(*EditVolunteer(*store_, manager_, vera, {.user_id = volunteer_.user_id}, Req())->user_id,
            volunteer_.user_id);
}

// The role check comes before the volunteer is read: a refused role gets
// kPermissionDenied (audited) for a known and an unknown id alike, and
// nothing changes.
TEST_F(Casework, EditVolunteerRefusesBeforeLookingTheVolunteerUp) {
  for (const Actor* who : {&lw1_, &volunteer_, &analyst_}) {
    for (int64_t id : {volunteer_record_, int64_t{424242}}) {
      const size_t audited = Audit().size();
      Result<Volunteer> refused = EditVolunteer(*store_, *who, id, {.name = "Changed"}, Req());
      ASSERT_FALSE(refused);
      EXPECT_EQ(refused.error().code, StatusCode::kPermissionDenied) << who->username << " " << id;
      std::vector<AuditEvent> a = Audit();
      ASSERT_EQ(a.size(), audited + 1);
      EXPECT_EQ(a.back().outcome, AuditOutcome::kRefused);
      EXPECT_EQ(a.back().record_id, std::to_string(id));
    }
  }
  EXPECT_EQ(store_->GetVolunteer(volunteer_record_)->name, "Val");
  Result<Volunteer> unknown = EditVolunteer(*store_, manager_, 424242, {.name = "Changed"}, Req());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, StatusCode::kNotFound);
}

TEST_F(Casework, ValidationFailsWithTheFieldAndStoresNothing) {
  int64_t res = *CreateResident(*store_, lw1_, NewResident("Ann"), Req());
  int64_t ref = *CreateReferral(*store_, lw1_, {.resident_id = res, .reasons = {"debt"}}, Req());
  const size_t audited = Audit().size();
  Result<int64_t> bad = RecordContact(*store_, lw1_, {.referral_id = ref, .date = 2026y / November / 30d, .minutes = -5}, Req());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "minutes");
  Result<int64_t> six = RecordOutcome(*store_, lw1_,
                                      {.referral_id = ref, .measure = Measure::kSwemwbs, .date = 2026y / November / 30d,
                                       .items = {3, 3, 3, 3, 3, 3, 6}},
                                      Req());
  EXPECT_EQ(six.error().field, "items[6]");
  Resident future = NewResident("Future");
  future.date_of_birth = 2027y / January / 1d;
  EXPECT_EQ(CreateResident(*store_, lw1_, future, Req()).error().field, "date_of_birth");
  EXPECT_TRUE(store_->ListContacts({})->empty());
  EXPECT_TRUE(store_->ListOutcomes({})->empty());
  EXPECT_EQ(store_->FindResidents({})->size(), 1u);
  EXPECT_EQ(Audit().size(), audited);  // nothing allowed, nothing refused: no audit rows
  Result<int64_t> ok = RecordOutcome(*store_, lw1_,
                                     {.referral_id = ref, .measure = Measure::kSwemwbs, .date = 2026y / November / 30d,
                                      .items = {3, 3, 3, 3, 3, 3, 5}},
                                     Req());
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ReadOutcomes(*store_, lw1_, ref, Req())->size(), 1u);
}

TEST_F(Casework, WorkflowThroughTheServiceIsStampedAndRefusesSkips) {
  int64_t res = *CreateResident(*store_, lw1_, NewResident("Ann"), Req());
  int64_t ref = *CreateReferral(*store_, lw1_, {.resident_id = res, .reasons = {"debt"}}, Req());
  EXPECT_EQ(MoveReferral(*store_, lw1_, ref, ReferralStatus::kSupported, std::nullopt, Req()).error().code,
            StatusCode::kFailedPrecondition);
  now_ += hours(2);
  Result<Transition> t = MoveReferral(*store_, lw1_, ref, ReferralStatus::kContacted, "phoned", Req());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_GT(t->id, 0);
  EXPECT_EQ(t->by, lw1_.user_id);
  EXPECT_EQ(t->at, now_);
  EXPECT_EQ(MoveReferral(*store_, lw2_, ref, ReferralStatus::kAssessed, std::nullopt, Req()).error().code,
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetReferral(ref)->status, ReferralStatus::kContacted);
  EXPECT_EQ(store_->ListTransitions(ref)->size(), 1u);
  EXPECT_EQ(ReadReferral(*store_, lw1_, ref, Req())->status, ReferralStatus::kContacted);
}

TEST_F(Casework, ConsentAndErasure) {
  int64_t res = *CreateResident(*store_, lw1_, NewResident("Ann"), Req());
  ASSERT_TRUE(RecordConsent(*store_, lw1_,
                            {.resident_id = res, .kind = ConsentKind::kEvaluation, .given = true, .date = 2026y / December / 1d},
                            Req()));
  Result<std::vector<Consent>> cs = ReadConsents(*store_, lw1_, res, Req());
  ASSERT_TRUE(cs);
  EXPECT_TRUE(HasConsent(*cs, ConsentKind::kEvaluation));
  EXPECT_EQ(cs->at(0).recorded_by, lw1_.user_id);
  EXPECT_EQ(EraseResident(*store_, lw1_, res, Req()).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(EraseResident(*store_, admin_, res, Req()).ok());
  EXPECT_TRUE(store_->GetResident(res)->erased);
  std::vector<AuditEvent> a = Audit();
  EXPECT_EQ(a.back().action, "erase_resident");
  EXPECT_EQ(a.back().username, "admin");
  EXPECT_EQ(a.back().outcome, AuditOutcome::kAllowed);
}

}  // namespace
}  // namespace nhood::store
