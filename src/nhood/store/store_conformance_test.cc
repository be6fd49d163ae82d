// One conformance suite for every link::Store implementation: a typed gtest
// over store factories (SQLite on a temporary file; PostgreSQL on a private
// server the test starts). Each test gets a fresh, migrated database.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "nhood/link/store.h"
#include "nhood/link/uuid.h"
#include "nhood/store/sqlite_store.h"

namespace nhood::store {
namespace {

using namespace nhood::link;
using namespace std::chrono;

std::filesystem::path TempDir(const std::string& tag) {
  std::string tmpl = (std::filesystem::temp_directory_path() / ("nhood-" + tag + "-XXXXXX")).string();
  char* made = mkdtemp(tmpl.data());
  EXPECT_NE(made, nullptr);
  return made ? std::filesystem::path(made) : std::filesystem::path();
}

struct SqliteFactory {
  static constexpr const char* kName = "sqlite";
  std::filesystem::path dir = TempDir("sqlite");
  ~SqliteFactory() { std::filesystem::remove_all(dir); }
  Result<std::unique_ptr<Store>> Open(int migrate_to = -1) {
    return OpenSqliteStore((dir / "link.db").string(), {.migrate_to = migrate_to});
  }
};

template <typename Factory>
class StoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> s = factory_.Open();
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(s).value();
  }
  Store& store() { return *store_; }

  int64_t AddUser(const std::string& name, Role role) {
    Result<int64_t> id = store().AddUser(
        {.username = name, .display_name = name, .role = role, .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y"});
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }
  int64_t AddResident(int64_t by, const std::string& name = "Ann Example") {
    Resident r;
    r.pseudonym = NewUuidV4(rng_);
    r.name = name;
    r.date_of_birth = 1958y / June / 2d;
    r.sex = Sex::kFemale;
    r.lsoa = "E01008174";
    r.created_by = by;
    Result<int64_t> id = store().AddResident(r);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }

  Factory factory_;
  std::unique_ptr<Store> store_;
  Rng rng_{20261201};
};

using Factories = ::testing::Types<SqliteFactory>;
class FactoryNames {
 public:
  template <typename T>
  static std::string GetName(int) { return T::kName; }
};
TYPED_TEST_SUITE(StoreConformance, Factories, FactoryNames);

TYPED_TEST(StoreConformance, MigratesToTheLatestVersion) {
  Result<int> v = this->store().SchemaVersion();
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, 4);
}

TYPED_TEST(StoreConformance, ResidentRoundTripsEveryField) {
  int64_t worker = this->AddUser("lw1", Role::kLinkWorker);
  Resident r;
  r.pseudonym = NewUuidV4(this->rng_);
  r.name = "O'Brien; DROP TABLE resident; --";
  r.date_of_birth = 1990y / February / 28d;
  r.sex = Sex::kMale;
  r.ethnicity = "white_irish";
  r.postcode = "NE8 1AB";
  r.lsoa = "E01008174";
  r.gp_practice = "A85001";
  r.contact = {.preferred = ContactMode::kText, .phone = "07700 900123", .email = "a@example.org",
               .address = "1 High St", .ok_to_leave_message = true, .notes = "after 10am"};
  r.created_by = worker;
  r.created_at = FromUnixSeconds(1'700'000'000);
  r.updated_at = FromUnixSeconds(1'700'000'001);
  Result<int64_t> id = this->store().AddResident(r);
  ASSERT_TRUE(id) << id.error().message;
  Result<Resident> got = this->store().GetResident(*id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->pseudonym, r.pseudonym);
  EXPECT_EQ(got->name, r.name);
  EXPECT_EQ(got->date_of_birth, r.date_of_birth);
  EXPECT_EQ(got->sex, r.sex);
  EXPECT_EQ(got->ethnicity, r.ethnicity);
  EXPECT_EQ(got->postcode, r.postcode);
  EXPECT_EQ(got->lsoa, r.lsoa);
  EXPECT_EQ(got->gp_practice, r.gp_practice);
  EXPECT_EQ(got->contact.preferred, r.contact.preferred);
  EXPECT_EQ(got->contact.phone, r.contact.phone);
  EXPECT_EQ(got->contact.email, r.contact.email);
  EXPECT_EQ(got->contact.address, r.contact.address);
  EXPECT_TRUE(got->contact.ok_to_leave_message);
  EXPECT_EQ(got->contact.notes, r.contact.notes);
  EXPECT_EQ(got->created_by, worker);
  EXPECT_EQ(got->created_at, r.created_at);
  EXPECT_EQ(got->updated_at, r.updated_at);
  EXPECT_FALSE(got->erased);
  Result<Resident> missing = this->store().GetResident(*id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, StatusCode::kNotFound);
}

}  // namespace
}  // namespace nhood::store
