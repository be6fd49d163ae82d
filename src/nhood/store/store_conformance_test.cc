// One conformance suite for every link::Store implementation: a typed gtest
// over store factories — SQLite on a temporary file (WAL, as deployed) and
// PostgreSQL on a private server the test starts (testing/postgres_test_server.h).
// Each test gets a fresh, migrated database. ctest runs the two as
// store_conformance_sqlite and store_conformance_postgres.
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>
#include <tuple>

#include "nhood/link/store.h"
#include "nhood/link/uuid.h"
#include "nhood/store/open_store.h"
#include "nhood/store/postgres_store.h"
#include "nhood/store/sqlite_store.h"
#include "nhood/store/testing/postgres_test_server.h"

namespace nhood::store {
namespace {

using namespace nhood::link;
using namespace std::chrono;

std::filesystem::path TempDir(const std::string& tag) {
  std::string tmpl = (std::filesystem::temp_directory_path() / ("nhood-" + tag + "-XXXXXX")).string();
  char* made = mkdtemp(tmpl.data());
  return made ? std::filesystem::path(made) : std::filesystem::path();
}

struct SqliteFactory {
  static constexpr const char* kName = "sqlite";
  std::filesystem::path dir = TempDir("sqlite");
  int generation = 0;
  ~SqliteFactory() { std::filesystem::remove_all(dir); }
  std::string path() const { return (dir / ("link" + std::to_string(generation) + ".db")).string(); }
  void Reset() { ++generation; }
  Result<std::unique_ptr<Store>> Open(int migrate_to = -1) {
    return OpenSqliteStore(path(), {.migrate_to = migrate_to});
  }
  std::string Db() const { return path(); }
  // Raw SQL, bypassing the store (to prove what the schema itself refuses).
  Status RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path().c_str(), &db);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return FailedPrecondition(msg);
    return Status::Ok();
  }
  // PRAGMA integrity_check's verdict ("ok" when sound).
  std::string Integrity() {
    sqlite3* db = nullptr;
    sqlite3_open(path().c_str(), &db);
    std::string verdict;
    sqlite3_exec(
        db, "PRAGMA integrity_check",
        [](void* out, int, char** values, char**) {
          *static_cast<std::string*>(out) += values[0] ? values[0] : "";
          return 0;
        },
        &verdict, nullptr);
    sqlite3_close(db);
    return verdict;
  }
};

struct PostgresFactory {
  static constexpr const char* kName = "postgres";
  std::string uri;
  void Reset() { uri.clear(); }
  Result<std::unique_ptr<Store>> Open(int migrate_to = -1) {
    if (uri.empty()) {
      Result<std::string> made = testing::PostgresTestServer::Shared().CreateDatabase();
      if (!made) return made.error();
      uri = *made;
    }
    return OpenPostgresStore(uri, {.migrate_to = migrate_to});
  }
  std::string Db() const { return uri; }
  Status RawExec(const std::string& sql) {
    PGconn* c = PQconnectdb(uri.c_str());
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return FailedPrecondition(msg);
    return Status::Ok();
  }
  // A consistency query: every contact's referral and resident exist and
  // agree, and the id sequence is ahead of every id ("ok" when sound).
  std::string Integrity() {
    PGconn* c = PQconnectdb(uri.c_str());
    PGresult* r = PQexec(c,
                         "SELECT (SELECT COUNT(*) FROM contact k LEFT JOIN referral f ON f.id = k.referral_id "
                         "WHERE f.id IS NULL OR f.resident_id <> k.resident_id) + "
                         "(SELECT COUNT(*) FROM contact WHERE id > (SELECT last_value FROM contact_id_seq))");
    std::string verdict = PQresultStatus(r) == PGRES_TUPLES_OK ? (std::string(PQgetvalue(r, 0, 0)) == "0" ? "ok" : "bad")
                                                               : PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    return verdict;
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

  int64_t AddUser(const std::string& name, Role role, std::optional<int64_t> team = std::nullopt) {
    Result<int64_t> id = store().AddUser({.username = name, .display_name = name, .role = role,
                                          .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y", .team_id = team});
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
  int64_t AddReferral(int64_t resident, int64_t by, Time at = FromUnixSeconds(1'767'225'600)) {
    Referral r;
    r.resident_id = resident;
    r.source = ReferralSource::kGp;
    r.referrer_name = "Dr A Khan";
    r.reasons = {"loneliness", "debt"};
    r.received_at = at;
    r.received_by = by;
    r.assigned_to = by;
    Result<int64_t> id = store().AddReferral(r);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : 0;
  }
  std::string Uuid() { return NewUuidV4(rng_); }

  Factory factory_;
  std::unique_ptr<Store> store_;
  Rng rng_{20261201};
};

using Factories = ::testing::Types<SqliteFactory, PostgresFactory>;
class FactoryNames {
 public:
  template <typename T>
  static std::string GetName(int) { return T::kName; }
};
TYPED_TEST_SUITE(StoreConformance, Factories, FactoryNames);

// ---------------------------------------------------------------- schema

TYPED_TEST(StoreConformance, MigratesAnEmptyDatabaseToTheLatestVersion) {
  Result<int> v = this->store().SchemaVersion();
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, 5);
  // Opening again is a no-op.
  Result<std::unique_ptr<Store>> again = this->factory_.Open();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*(*again)->SchemaVersion(), 5);
}

// Data written at each earlier version survives migration to the latest.
TYPED_TEST(StoreConformance, MigratesFromEveryEarlierVersionKeepingData) {
  for (int k = 1; k < 5; ++k) {
    SCOPED_TRACE("from version " + std::to_string(k));
    this->factory_.Reset();
    Result<std::unique_ptr<Store>> old = this->factory_.Open(k);
    ASSERT_TRUE(old) << old.error().message;
    ASSERT_EQ(*(*old)->SchemaVersion(), k);
    const std::string org = this->Uuid(), svc = this->Uuid();
    ASSERT_TRUE((*old)->PutOrganization({.id = org, .name = "Age UK Gateshead", .description = "Advice"}).ok());
    ASSERT_TRUE((*old)->PutService({.id = svc, .organization_id = org, .name = "Befriending"}).ok());
    int64_t user = 0, resident = 0;
    if (k >= 2) {
      Result<int64_t> u = (*old)->AddUser({.username = "lw1", .display_name = "LW", .password_hash = "h"});
      ASSERT_TRUE(u) << u.error().message;
      user = *u;
      ASSERT_TRUE((*old)->AppendAudit({.user_id = user, .username = "lw1", .action = "read_resident"}));
    }
    if (k >= 3) {
      Resident r{.pseudonym = this->Uuid(), .name = "Bob", .created_by = user};
      Result<int64_t> id = (*old)->AddResident(r);
      ASSERT_TRUE(id) << id.error().message;
      resident = *id;
    }
    old->reset();
    Result<std::unique_ptr<Store>> now = this->factory_.Open();
    ASSERT_TRUE(now) << now.error().message;
    Store& s = **now;
    EXPECT_EQ(*s.SchemaVersion(), 5);
    Result<Service> got = s.GetService(svc);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->name, "Befriending");
    EXPECT_EQ(got->organization_id, org);
    if (k >= 2) {
      EXPECT_EQ(s.FindUserByUsername("lw1")->id, user);
      EXPECT_EQ(s.ListAudit({})->size(), 1u);
    }
    if (k >= 3) {
      EXPECT_EQ(s.GetResident(resident)->name, "Bob");
    }
    // The later tables work after the upgrade.
    int64_t u2 = *s.AddUser({.username = "lw2", .display_name = "LW2", .password_hash = "h"});
    int64_t r2 = *s.AddResident({.pseudonym = this->Uuid(), .name = "Cat", .created_by = u2});
    EXPECT_GT(*s.AddReferral({.resident_id = r2, .reasons = {"housing"}, .received_by = u2}), 0);
  }
}

TYPED_TEST(StoreConformance, RefusesASchemaNewerThanThisBuild) {
  ASSERT_TRUE(this->factory_
                  .RawExec("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)")
                  .ok());
  Result<std::unique_ptr<Store>> s = this->factory_.Open();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, StatusCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("newer"), std::string::npos);
}

TYPED_TEST(StoreConformance, OpenStoreChoosesByTheDbArgument) {
  EXPECT_EQ(IsPostgresUri(this->factory_.Db()), std::string(TypeParam::kName) == "postgres");
  Result<std::unique_ptr<Store>> s = OpenStore(this->factory_.Db());
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(*(*s)->SchemaVersion(), 5);
  EXPECT_FALSE(OpenStore(""));
}

// ---------------------------------------------------------------- directory

TYPED_TEST(StoreConformance, ServiceRoundTripsFullyNested) {
  Store& s = this->store();
  const std::string org = this->Uuid(), loc = this->Uuid(), tax = this->Uuid(), term = this->Uuid();
  Organization o{.id = org, .name = "Citizens Advice Gateshead", .description = "Free, confidential advice",
                 .email = "advice@example.org", .website = "https://example.org"};
  o.organization_identifiers.push_back(
      {.id = this->Uuid(), .identifier_scheme = "GB-CHC", .identifier_type = "charity", .identifier = "1234567"});
  ASSERT_TRUE(s.PutOrganization(o).ok());
  Location l{.id = loc, .location_type = LocationType::kPhysical, .name = "Gateshead Civic Centre",
             .latitude = 54.9595, .longitude = -1.6017, .external_identifier = "100000012345",
             .external_identifier_type = "UPRN"};
  l.addresses.push_back({.id = this->Uuid(), .address_1 = "Regent Street", .city = "Gateshead",
                         .state_province = "Tyne and Wear", .postal_code = "NE8 1HH"});
  l.accessibility.push_back({.id = this->Uuid(), .description = "Step-free entrance"});
  ASSERT_TRUE(s.PutLocation(l).ok());
  ASSERT_TRUE(s.PutTaxonomy({.id = tax, .name = "nhood needs", .description = "Social prescribing needs"}).ok());
  ASSERT_TRUE(s.PutTaxonomyTerm({.id = term, .code = "money", .name = "Money and debt", .description = "Debt advice",
                                 .taxonomy_id = tax})
                  .ok());
  Service v{.id = this->Uuid(), .organization_id = org, .name = "Debt advice drop-in",
            .description = "Help with debts, benefits and budgeting", .url = "https://example.org/debt",
            .email = "debt@example.org", .status = ServiceStatus::kActive, .minimum_age = 18, .maximum_age = 120.5,
            .fees = "Free", .assured_date = "2026-01-10", .last_modified = "2026-02-01T10:00:00Z"};
  v.schedules.push_back({.id = this->Uuid(), .freq = "WEEKLY", .interval = 1, .byday = "TU,TH", .opens_at = "09:30",
                         .closes_at = "12:30", .description = "Tuesdays and Thursdays"});
  v.service_areas.push_back({.id = this->Uuid(), .name = "Gateshead", .uri = "http://statistics.data.gov.uk/id/statistical-geography/E08000037"});
  v.languages.push_back({.id = this->Uuid(), .name = "Polish", .code = "pl"});
  v.cost_options.push_back({.id = this->Uuid(), .option = "Free", .amount = 0.0});
  ServiceContact contact{.id = this->Uuid(), .name = "Duty adviser", .email = "duty@example.org"};
  contact.phones.push_back({.id = this->Uuid(), .number = "0191 000 0000", .extension = 12, .type = "voice"});
  contact.phones.push_back({.id = this->Uuid(), .number = "07700 900000", .type = "text"});
  v.contacts.push_back(contact);
  v.service_at_locations.push_back({.id = this->Uuid(), .service_id = v.id, .location_id = loc});
  v.attributes.push_back({.id = this->Uuid(), .taxonomy_term_id = term, .link_type = "need"});
  ASSERT_TRUE(s.PutService(v).ok());

  Result<Service> got = s.GetService(v.id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->name, v.name);
  EXPECT_EQ(got->description, v.description);
  EXPECT_EQ(got->minimum_age, 18);
  EXPECT_EQ(got->maximum_age, 120.5);
  EXPECT_EQ(got->fees, "Free");
  EXPECT_EQ(got->last_modified, "2026-02-01T10:00:00Z");
  ASSERT_EQ(got->schedules.size(), 1u);
  EXPECT_EQ(got->schedules[0].byday, "TU,TH");
  EXPECT_EQ(got->schedules[0].interval, 1);
  ASSERT_EQ(got->service_areas.size(), 1u);
  EXPECT_EQ(got->service_areas[0].uri, v.service_areas[0].uri);
  ASSERT_EQ(got->languages.size(), 1u);
  EXPECT_EQ(got->languages[0].code, "pl");
  ASSERT_EQ(got->cost_options.size(), 1u);
  EXPECT_EQ(got->cost_options[0].amount, 0.0);
  ASSERT_EQ(got->contacts.size(), 1u);
  ASSERT_EQ(got->contacts[0].phones.size(), 2u);
  EXPECT_EQ(got->contacts[0].phones[0].extension, 12);
  EXPECT_EQ(got->contacts[0].phones[1].number, "07700 900000");
  ASSERT_EQ(got->service_at_locations.size(), 1u);
  EXPECT_EQ(got->service_at_locations[0].location_id, loc);
  EXPECT_EQ(got->service_at_locations[0].service_id, v.id);
  ASSERT_EQ(got->attributes.size(), 1u);
  EXPECT_EQ(got->attributes[0].taxonomy_term_id, term);

  Result<Organization> go = s.GetOrganization(org);
  ASSERT_TRUE(go);
  ASSERT_EQ(go->organization_identifiers.size(), 1u);
  EXPECT_EQ(go->organization_identifiers[0].identifier, "1234567");
  Result<Location> gl = s.GetLocation(loc);
  ASSERT_TRUE(gl);
  EXPECT_DOUBLE_EQ(*gl->latitude, 54.9595);
  EXPECT_DOUBLE_EQ(*gl->longitude, -1.6017);
  ASSERT_EQ(gl->addresses.size(), 1u);
  EXPECT_EQ(gl->addresses[0].postal_code, "NE8 1HH");
  EXPECT_EQ(gl->addresses[0].country, "GB");
  ASSERT_EQ(gl->accessibility.size(), 1u);

  // Put replaces the children.
  v.schedules.clear();
  v.contacts[0].phones.pop_back();
  v.name = "Debt advice";
  ASSERT_TRUE(s.PutService(v).ok());
  got = s.GetService(v.id);
  EXPECT_EQ(got->name, "Debt advice");
  EXPECT_TRUE(got->schedules.empty());
  EXPECT_EQ(got->contacts[0].phones.size(), 1u);

  // Delete removes it and its children; the location stays.
  ASSERT_TRUE(s.DeleteService(v.id).ok());
  EXPECT_EQ(s.GetService(v.id).error().code, StatusCode::kNotFound);
  EXPECT_EQ(s.DeleteService(v.id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(s.GetLocation(loc));
  EXPECT_TRUE(s.ListServiceAtLocations({.service_id = v.id})->contents.empty());
}

TYPED_TEST(StoreConformance, ServiceWritesCheckReferencesAndChangeNothingOnFailure) {
  Store& s = this->store();
  const std::string id = this->Uuid();
  Service v{.id = id, .organization_id = this->Uuid(), .name = "Orphan"};
  Status st = s.PutService(v);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition) << st.ToString();
  v.organization_id.reset();
  v.service_at_locations.push_back({.id = this->Uuid(), .location_id = this->Uuid()});
  EXPECT_EQ(s.PutService(v).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.GetService(id).error().code, StatusCode::kNotFound);  // the failed write left nothing
  v.service_at_locations.clear();
  ASSERT_TRUE(s.PutService(v).ok());
  EXPECT_FALSE(s.GetService(id)->last_modified.empty());  // set on write
}

TYPED_TEST(StoreConformance, ServiceFiltersAreCumulativeAndPaged) {
  Store& s = this->store();
  const std::string org1 = this->Uuid(), org2 = this->Uuid(), tax = this->Uuid(), other_tax = this->Uuid();
  const std::string walking = this->Uuid(), debt = this->Uuid(), near_loc = this->Uuid(), far_loc = this->Uuid();
  ASSERT_TRUE(s.PutOrganization({.id = org1, .name = "A", .description = "a"}).ok());
  ASSERT_TRUE(s.PutOrganization({.id = org2, .name = "B", .description = "b"}).ok());
  ASSERT_TRUE(s.PutTaxonomy({.id = tax, .name = "t", .description = "t"}).ok());
  ASSERT_TRUE(s.PutTaxonomy({.id = other_tax, .name = "u", .description = "u"}).ok());
  ASSERT_TRUE(s.PutTaxonomyTerm({.id = walking, .name = "Walking", .description = "w", .taxonomy_id = tax}).ok());
  ASSERT_TRUE(s.PutTaxonomyTerm({.id = debt, .name = "Debt", .description = "d", .taxonomy_id = other_tax}).ok());
  // Newcastle Central station and, 1.2 km away, Gateshead Interchange; far: Durham.
  ASSERT_TRUE(s.PutLocation({.id = near_loc, .latitude = 54.9610, .longitude = -1.6036}).ok());
  ASSERT_TRUE(s.PutLocation({.id = far_loc, .latitude = 54.7761, .longitude = -1.5733}).ok());
  struct Spec {
    std::string name, org, term, loc;
    std::optional<double> min_age, max_age;
    std::string modified;
  };
  std::vector<Spec> specs = {
      {"Walking group", org1, walking, near_loc, std::nullopt, std::nullopt, "2026-01-01T00:00:00Z"},
      {"Walking for health (over 50s)", org1, walking, far_loc, 50, std::nullopt, "2026-02-01T00:00:00Z"},
      {"Debt advice", org2, debt, near_loc, 18, std::nullopt, "2026-03-01T00:00:00Z"},
      {"Youth walking club", org2, walking, near_loc, 11, 18, "2026-04-01T00:00:00Z"},
      {"100% fun (literal percent)", org2, debt, far_loc, std::nullopt, std::nullopt, "2026-05-01T00:00:00Z"},
  };
  std::vector<std::string> ids;
  for (const Spec& x : specs) {
    Service v{.id = this->Uuid(), .organization_id = x.org, .name = x.name, .description = "about " + x.name,
              .minimum_age = x.min_age, .maximum_age = x.max_age, .last_modified = x.modified};
    v.attributes.push_back({.id = this->Uuid(), .taxonomy_term_id = x.term});
    v.service_at_locations.push_back({.id = this->Uuid(), .location_id = x.loc});
    ASSERT_TRUE(s.PutService(v).ok());
    ids.push_back(v.id);
  }
  auto names = [&](const ServiceQuery& q) {
    Result<Page<Service>> p = s.ListServices(q);
    EXPECT_TRUE(p) << p.error().message;
    std::vector<std::string> out;
    for (const Service& v : p->contents) out.push_back(v.name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names({}), (V{"100% fun (literal percent)", "Debt advice", "Walking for health (over 50s)",
                          "Walking group", "Youth walking club"}));
  EXPECT_EQ(names({.search = "WALKING"}), (V{"Walking for health (over 50s)", "Walking group", "Youth walking club"}));
  EXPECT_EQ(names({.search = "%"}), (V{"100% fun (literal percent)"}));  // LIKE characters are literal
  EXPECT_EQ(names({.search = "walking", .organization_id = org2}), (V{"Youth walking club"}));
  EXPECT_EQ(names({.taxonomy_term_id = debt}), (V{"100% fun (literal percent)", "Debt advice"}));
  EXPECT_EQ(names({.taxonomy_id = tax, .organization_id = org1}), (V{"Walking for health (over 50s)", "Walking group"}));
  EXPECT_EQ(names({.modified_after = "2026-03-01T00:00:00Z"}), (V{"100% fun (literal percent)", "Youth walking club"}));
  // A 30-year-old: services whose maximum is unset or >= 30.
  EXPECT_EQ(names({.search = "walking", .minimum_age = 30}), (V{"Walking for health (over 50s)", "Walking group"}));
  // Up to 16: services whose minimum is unset or <= 16.
  EXPECT_EQ(names({.search = "walking", .maximum_age = 16}), (V{"Walking group", "Youth walking club"}));
  // Within 2 km of Newcastle Central.
  ServiceQuery::Near central{.latitude = 54.9683, .longitude = -1.6174, .metres = 2000};
  EXPECT_EQ(names({.near = central}), (V{"Debt advice", "Walking group", "Youth walking club"}));
  EXPECT_EQ(names({.taxonomy_id = tax, .near = central}), (V{"Walking group", "Youth walking club"}));
  ServiceQuery::Near tight = central;
  tight.metres = 1000;  // the interchange is 1,198 m away
  EXPECT_TRUE(names({.near = tight}).empty());
  // Paging.
  Result<Page<Service>> p = s.ListServices({.page = 2, .per_page = 2});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->total_items, 5);
  EXPECT_EQ(p->total_pages(), 3);
  EXPECT_EQ(p->page_number, 2);
  ASSERT_EQ(p->contents.size(), 2u);
  EXPECT_EQ(p->contents[0].name, "Walking for health (over 50s)");
  EXPECT_EQ(p->contents[0].attributes.size(), 1u);  // pages carry nested services
  EXPECT_TRUE(s.ListServices({.page = 9, .per_page = 2})->contents.empty());

  Result<Page<ServiceAtLocation>> sal = s.ListServiceAtLocations({.near = central});
  ASSERT_TRUE(sal);
  EXPECT_EQ(sal->total_items, 3);
  EXPECT_EQ(s.ListServiceAtLocations({.location_id = far_loc})->total_items, 2);
  EXPECT_EQ(s.GetServiceAtLocation(sal->contents[0].id)->location_id, near_loc);
}

TYPED_TEST(StoreConformance, TaxonomyTermsListByTaxonomyAndParent) {
  Store& s = this->store();
  const std::string tax = this->Uuid(), top = this->Uuid(), child = this->Uuid();
  ASSERT_TRUE(s.PutTaxonomy({.id = tax, .name = "needs", .description = "needs", .version = "1"}).ok());
  ASSERT_TRUE(s.PutTaxonomyTerm({.id = top, .name = "Money", .description = "m", .taxonomy_id = tax}).ok());
  ASSERT_TRUE(s.PutTaxonomyTerm({.id = child, .code = "debt", .name = "Debt", .description = "d", .parent_id = top,
                                 .taxonomy_id = tax, .term_uri = "https://example.org/debt"})
                  .ok());
  EXPECT_EQ(s.ListTaxonomyTerms({.taxonomy_id = tax})->total_items, 2);
  Result<Page<TaxonomyTerm>> tops = s.ListTaxonomyTerms({.top_only = true});
  ASSERT_EQ(tops->contents.size(), 1u);
  EXPECT_EQ(tops->contents[0].id, top);
  Result<Page<TaxonomyTerm>> kids = s.ListTaxonomyTerms({.parent_id = top});
  ASSERT_EQ(kids->contents.size(), 1u);
  EXPECT_EQ(kids->contents[0].term_uri, "https://example.org/debt");
  EXPECT_EQ(s.GetTaxonomy(tax)->version, "1");
  EXPECT_EQ(s.ListTaxonomies(1, 10)->total_items, 1);
  EXPECT_EQ(s.ListOrganizations(1, 10)->total_items, 0);
  EXPECT_EQ(s.GetTaxonomyTerm(this->Uuid()).error().code, StatusCode::kNotFound);
}

// ---------------------------------------------------------------- users, sessions, audit

TYPED_TEST(StoreConformance, UsersAndTeams) {
  Store& s = this->store();
  int64_t team = *s.AddTeam({.name = "Gateshead East"});
  int64_t id = this->AddUser("lw1", Role::kLinkWorker, team);
  Result<int64_t> dup = s.AddUser({.username = "lw1", .display_name = "x", .password_hash = "h"});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, StatusCode::kFailedPrecondition);
  EXPECT_EQ(dup.error().field, "username");
  Result<User> u = s.FindUserByUsername("lw1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->id, id);
  EXPECT_EQ(u->role, Role::kLinkWorker);
  EXPECT_EQ(u->team_id, team);
  EXPECT_EQ(u->password_hash, "$argon2id$v=19$m=65536,t=2,p=1$x$y");
  u->role = Role::kManager;
  u->active = false;
  u->password_hash = "$argon2id$new";
  ASSERT_TRUE(s.UpdateUser(*u).ok());
  EXPECT_EQ(s.GetUser(id)->role, Role::kManager);
  EXPECT_FALSE(s.GetUser(id)->active);
  EXPECT_EQ(s.GetUser(id)->password_hash, "$argon2id$new");
  EXPECT_EQ(s.GetUser(id + 99).error().code, StatusCode::kNotFound);
  EXPECT_EQ(s.FindUserByUsername("nobody").error().code, StatusCode::kNotFound);
  User ghost = *u;
  ghost.id = id + 99;
  EXPECT_EQ(s.UpdateUser(ghost).code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ListUsers()->size(), 1u);
  EXPECT_EQ(s.ListTeams()->at(0).name, "Gateshead East");
}

TYPED_TEST(StoreConformance, SessionsExpireAndAreFoundByTokenHash) {
  Store& s = this->store();
  int64_t user = this->AddUser("lw1", Role::kLinkWorker);
  const Time t0 = FromUnixSeconds(1'767'225'600);
  Session a{.token_hash = "aa11", .user_id = user, .csrf_token_hash = "c1", .created_at = t0, .last_seen_at = t0,
            .idle_expires_at = t0 + minutes(30), .absolute_expires_at = t0 + hours(12), .address = "127.0.0.1",
            .user_agent = "test"};
  ASSERT_TRUE(s.AddSession(a).ok());
  EXPECT_EQ(s.AddSession(a).code(), StatusCode::kFailedPrecondition);
  Session b = a;
  b.token_hash = "bb22";
  b.idle_expires_at = t0 + minutes(1);
  ASSERT_TRUE(s.AddSession(b).ok());
  Result<Session> got = s.GetSession("aa11");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user_id, user);
  EXPECT_EQ(got->csrf_token_hash, "c1");
  EXPECT_EQ(got->absolute_expires_at, t0 + hours(12));
  EXPECT_TRUE(SessionLive(*got, t0 + minutes(29)));
  EXPECT_FALSE(SessionLive(*got, t0 + minutes(30)));
  ASSERT_TRUE(s.TouchSession("aa11", t0 + minutes(20), t0 + minutes(50)).ok());
  EXPECT_EQ(s.GetSession("aa11")->idle_expires_at, t0 + minutes(50));
  EXPECT_EQ(s.TouchSession("zz", t0, t0).code(), StatusCode::kNotFound);
  EXPECT_EQ(*s.DeleteExpiredSessions(t0 + minutes(5)), 1);  // b's idle expiry passed
  EXPECT_EQ(s.GetSession("bb22").error().code, StatusCode::kNotFound);
  ASSERT_TRUE(s.DeleteSession("aa11").ok());
  EXPECT_FALSE(s.GetSession("aa11"));
  ASSERT_TRUE(s.AddSession(a).ok());
  ASSERT_TRUE(s.DeleteUserSessions(user).ok());
  EXPECT_FALSE(s.GetSession("aa11"));
  Session orphan = a;
  orphan.user_id = user + 50;
  EXPECT_EQ(s.AddSession(orphan).code(), StatusCode::kFailedPrecondition);
}

TYPED_TEST(StoreConformance, FailedLoginsCountSinceTheLastSuccess) {
  Store& s = this->store();
  const Time t0 = FromUnixSeconds(1'767'225'600);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s.AddLoginAttempt({.username = "ann", .address = "10.0.0.1", .at = t0 + seconds(i)}).ok());
  }
  ASSERT_TRUE(s.AddLoginAttempt({.username = "bob", .address = "10.0.0.1", .at = t0 + seconds(3)}).ok());
  EXPECT_EQ(*s.CountFailedLogins({.username = "ann", .since = t0}), 3);
  EXPECT_EQ(*s.CountFailedLogins({.address = "10.0.0.1", .since = t0}), 4);
  EXPECT_EQ(*s.CountFailedLogins({.username = "ann", .since = t0 + seconds(2)}), 1);
  ASSERT_TRUE(s.AddLoginAttempt({.username = "ann", .address = "10.0.0.1", .at = t0 + seconds(4), .succeeded = true}).ok());
  ASSERT_TRUE(s.AddLoginAttempt({.username = "ann", .address = "10.0.0.2", .at = t0 + seconds(5)}).ok());
  EXPECT_EQ(*s.CountFailedLogins({.username = "ann", .since = t0}), 1);
  EXPECT_EQ(*s.CountFailedLogins({.address = "10.0.0.1", .since = t0}), 0);  // the success came from there
  EXPECT_EQ(*s.CountFailedLogins({.username = "ann", .address = "10.0.0.2", .since = t0}), 1);
  EXPECT_FALSE(s.CountFailedLogins({.since = t0}));
}

TYPED_TEST(StoreConformance, AuditIsAppendOnly) {
  Store& s = this->store();
  const Time t0 = FromUnixSeconds(1'767'225'600);
  for (int i = 0; i < 5; ++i) {
    AuditEvent e{.at = t0 + seconds(i), .user_id = 1, .username = "lw1", .action = "read_resident",
                 .record_type = "resident", .record_id = std::to_string(i % 2),
                 .outcome = i == 4 ? AuditOutcome::kRefused : AuditOutcome::kAllowed,
                 .detail = i == 4 ? "link_worker may read_resident only on their own caseload" : "",
                 .address = "127.0.0.1", .request_id = "req" + std::to_string(i)};
    ASSERT_TRUE(s.AppendAudit(e));
  }
  Result<std::vector<AuditEvent>> all = s.ListAudit({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 5u);
  EXPECT_LT((*all)[0].id, (*all)[1].id);
  EXPECT_EQ((*all)[4].outcome, AuditOutcome::kRefused);
  EXPECT_EQ((*all)[4].request_id, "req4");
  EXPECT_EQ(s.ListAudit({.record_type = "resident", .record_id = "1"})->size(), 2u);
  EXPECT_EQ(s.ListAudit({.from = t0 + seconds(3)})->size(), 2u);
  EXPECT_EQ(s.ListAudit({.to = t0 + seconds(3)})->size(), 3u);
  Result<std::vector<AuditEvent>> page = s.ListAudit({.after_id = (*all)[1].id, .limit = 2});
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, (*all)[2].id);
  // The schema itself refuses changes, whoever asks.
  EXPECT_FALSE(this->factory_.RawExec("UPDATE audit_event SET outcome = 'allowed'").ok());
  EXPECT_FALSE(this->factory_.RawExec("DELETE FROM audit_event").ok());
  EXPECT_EQ(s.ListAudit({})->size(), 5u);
  EXPECT_EQ(s.ListAudit({})->at(4).outcome, AuditOutcome::kRefused);
}

// ---------------------------------------------------------------- casework

TYPED_TEST(StoreConformance, ResidentRoundTripsEveryField) {
  int64_t worker = this->AddUser("lw1", Role::kLinkWorker);
  Resident r;
  r.pseudonym = NewUuidV4(this->rng_);
  r.name = "O'Brien\"; DROP TABLE resident; --";
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
  EXPECT_EQ(got->name, r.name);  // stored literally
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
  EXPECT_EQ(this->store().GetResident(*id + 1000).error().code, StatusCode::kNotFound);
  EXPECT_EQ(this->store().FindResidents({.name_contains = "o'brien"})->size(), 1u);
  EXPECT_EQ(this->store().FindResidents({.name_contains = "drop table"})->size(), 1u);
  EXPECT_EQ(this->store().FindResidents({.name_contains = "_"})->size(), 0u);
  // Update.
  got->name = "Pat O'Brien";
  got->postcode.reset();
  got->contact.preferred.reset();
  ASSERT_TRUE(this->store().UpdateResident(*got).ok());
  Result<Resident> again = this->store().GetResident(*id);
  EXPECT_EQ(again->name, "Pat O'Brien");
  EXPECT_FALSE(again->postcode);
  EXPECT_FALSE(again->contact.preferred);
  EXPECT_EQ(again->pseudonym, r.pseudonym);
  // A pseudonym is unique, and required.
  Resident twin = r;
  EXPECT_EQ(this->store().AddResident(twin).error().code, StatusCode::kFailedPrecondition);
  twin.pseudonym.clear();
  EXPECT_EQ(this->store().AddResident(twin).error().field, "pseudonym");
}

TYPED_TEST(StoreConformance, CaseloadsAndTheLatestReferral) {
  Store& s = this->store();
  int64_t lw1 = this->AddUser("lw1", Role::kLinkWorker), lw2 = this->AddUser("lw2", Role::kLinkWorker);
  int64_t a = this->AddResident(lw1, "A"), b = this->AddResident(lw1, "B"), c = this->AddResident(lw2, "C");
  ASSERT_TRUE(s.AddToCaseload({.user_id = lw1, .resident_id = a}).ok());
  ASSERT_TRUE(s.AddToCaseload({.user_id = lw1, .resident_id = b}).ok());
  ASSERT_TRUE(s.AddToCaseload({.user_id = lw1, .resident_id = b, .reason = CaseloadReason::kShared}).ok());  // kept
  ASSERT_TRUE(s.AddToCaseload({.user_id = lw2, .resident_id = c}).ok());
  ASSERT_TRUE(s.AddToCaseload({.user_id = lw2, .resident_id = b, .reason = CaseloadReason::kShared}).ok());
  const int64_t one[] = {lw1}, two[] = {lw2}, none[] = {lw1 + lw2 + 10};
  EXPECT_TRUE(*s.OnCaseload(one, a));
  EXPECT_FALSE(*s.OnCaseload(two, a));
  EXPECT_TRUE(*s.OnCaseload(two, b));
  EXPECT_FALSE(*s.OnCaseload(none, b));
  EXPECT_FALSE(*s.OnCaseload({}, b));
  Result<std::vector<CaseloadEntry>> entries = s.ListCaseloadEntries(b);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].reason, CaseloadReason::kCreated);
  EXPECT_EQ((*entries)[1].reason, CaseloadReason::kShared);
  int64_t r1 = this->AddReferral(a, lw1), r2 = this->AddReferral(a, lw1);
  (void)r1;
  Result<std::vector<CaseloadItem>> mine = s.ListCaseload({.user_ids = {lw1}});
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].resident.id, a);
  ASSERT_TRUE((*mine)[0].latest_referral);
  EXPECT_EQ((*mine)[0].latest_referral->id, r2);
  EXPECT_FALSE((*mine)[1].latest_referral);
  EXPECT_EQ(s.ListCaseload({.all = true})->size(), 3u);
  EXPECT_EQ(s.ListCaseload({.user_ids = {lw1}, .after_resident_id = a})->size(), 1u);
  EXPECT_EQ(s.ListCaseload({.user_ids = {lw1}, .limit = 1})->size(), 1u);
  EXPECT_TRUE(s.ListCaseload({})->empty());
  ASSERT_TRUE(s.RemoveFromCaseload(lw2, b).ok());
  EXPECT_FALSE(*s.OnCaseload(two, b));
}

TYPED_TEST(StoreConformance, ReferralWorkflowIsRecordedAndRacesAreRefused) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw);
  const Time t0 = FromUnixSeconds(1'767'225'600);
  int64_t id = this->AddReferral(res, lw, t0);
  Result<Referral> r = s.GetReferral(id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, ReferralStatus::kReceived);
  EXPECT_EQ(r->reasons, (std::vector<std::string>{"loneliness", "debt"}));
  EXPECT_EQ(r->source, ReferralSource::kGp);
  EXPECT_EQ(r->received_at, t0);
  Result<Transition> t = MakeTransition(*r, ReferralStatus::kContacted, t0 + hours(30), lw, "phoned");
  ASSERT_TRUE(t);
  Result<int64_t> tid = s.ApplyTransition(*t);
  ASSERT_TRUE(tid) << tid.error().message;
  EXPECT_EQ(s.GetReferral(id)->status, ReferralStatus::kContacted);
  // Someone else applies the same move from the stale status: refused.
  Result<int64_t> again = s.ApplyTransition(*t);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, StatusCode::kFailedPrecondition);
  Transition ghost = *t;
  ghost.referral_id = id + 100;
  EXPECT_EQ(s.ApplyTransition(ghost).error().code, StatusCode::kNotFound);
  Result<std::vector<Transition>> ts = s.ListTransitions(id);
  ASSERT_EQ(ts->size(), 1u);
  EXPECT_EQ((*ts)[0].from, ReferralStatus::kReceived);
  EXPECT_EQ((*ts)[0].to, ReferralStatus::kContacted);
  EXPECT_EQ((*ts)[0].by, lw);
  EXPECT_EQ((*ts)[0].at, t0 + hours(30));
  EXPECT_EQ((*ts)[0].note, "phoned");
  // Update the non-status fields.
  r = s.GetReferral(id);
  r->reasons = {"housing"};
  r->status = ReferralStatus::kClosed;  // ignored: status moves only by transitions
  ASSERT_TRUE(s.UpdateReferral(*r).ok());
  EXPECT_EQ(s.GetReferral(id)->reasons, (std::vector<std::string>{"housing"}));
  EXPECT_EQ(s.GetReferral(id)->status, ReferralStatus::kContacted);
  // Lists.
  this->AddReferral(res, lw, t0 + hours(1));
  EXPECT_EQ(s.ListReferrals({.resident_id = res})->size(), 2u);
  EXPECT_EQ(s.ListReferrals({.status = ReferralStatus::kReceived})->size(), 1u);
  EXPECT_EQ(s.ListReferrals({.received_from = t0 + minutes(30)})->size(), 1u);
  EXPECT_EQ(s.ListReferrals({.assigned_to = lw})->size(), 2u);
  Referral bad{.resident_id = res, .reasons = {"x"}, .status = ReferralStatus::kAssessed, .received_by = lw};
  EXPECT_EQ(s.AddReferral(bad).error().field, "status");
  bad.status = ReferralStatus::kReceived;
  bad.resident_id = res + 100;
  EXPECT_EQ(s.AddReferral(bad).error().code, StatusCode::kFailedPrecondition);  // unknown resident
}

TYPED_TEST(StoreConformance, ContactsNeedsGoalsOnwardReferralsOutcomes) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker), vu = this->AddUser("vol1", Role::kVolunteer);
  int64_t res = this->AddResident(lw), other = this->AddResident(lw, "Other");
  int64_t ref = this->AddReferral(res, lw);
  int64_t vol = *s.AddVolunteer({.user_id = vu, .name = "Val", .started_on = 2025y / September / 1d});
  Result<int64_t> c1 = s.AddContact({.referral_id = ref, .date = 2026y / January / 5d, .mode = ContactKind::kPhone,
                                     .minutes = 25, .worker_id = lw, .notes = "first call", .created_by = lw});
  ASSERT_TRUE(c1) << c1.error().message;
  Result<int64_t> c2 = s.AddContact({.referral_id = ref, .resident_id = res, .date = 2026y / January / 9d,
                                     .mode = ContactKind::kHomeVisit, .minutes = 60, .volunteer_id = vol,
                                     .created_by = lw});
  ASSERT_TRUE(c2) << c2.error().message;
  EXPECT_EQ(s.AddContact({.referral_id = ref, .resident_id = other, .date = 2026y / January / 9d, .worker_id = lw,
                          .created_by = lw})
                .error()
                .code,
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.AddContact({.referral_id = ref + 50, .date = 2026y / January / 9d, .worker_id = lw, .created_by = lw})
                .error()
                .code,
            StatusCode::kNotFound);
  Result<Contact> got = s.GetContact(*c1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->resident_id, res);  // taken from the referral
  EXPECT_EQ(got->date, 2026y / January / 5d);
  EXPECT_EQ(got->mode, ContactKind::kPhone);
  EXPECT_EQ(got->minutes, 25);
  EXPECT_EQ(got->notes, "first call");
  EXPECT_EQ(s.ListContacts({.referral_id = ref})->size(), 2u);
  Result<std::vector<Contact>> vols = s.ListContacts({.volunteer_id = vol});
  ASSERT_EQ(vols->size(), 1u);
  EXPECT_EQ((*vols)[0].id, *c2);
  EXPECT_EQ(s.ListContacts({.from = 2026y / January / 6d})->size(), 1u);
  EXPECT_EQ(s.ListContacts({.to = 2026y / January / 6d})->size(), 1u);

  ASSERT_TRUE(s.AddNeed({.referral_id = ref, .category = "money_debt", .description = "rent arrears",
                         .identified_on = 2026y / January / 5d, .recorded_by = lw}));
  EXPECT_EQ(s.ListNeeds(ref)->at(0).description, "rent arrears");
  int64_t goal = *s.AddGoal({.referral_id = ref, .what_matters = "get back to the allotment",
                             .set_on = 2026y / January / 5d, .recorded_by = lw});
  Goal g = s.ListGoals(ref)->at(0);
  EXPECT_EQ(g.id, goal);
  EXPECT_EQ(g.resident_id, res);
  g.status = GoalStatus::kAchieved;
  g.reviewed_on = 2026y / March / 1d;
  ASSERT_TRUE(s.UpdateGoal(g).ok());
  EXPECT_EQ(s.ListGoals(ref)->at(0).status, GoalStatus::kAchieved);
  EXPECT_EQ(s.ListGoals(ref)->at(0).reviewed_on, 2026y / March / 1d);

  const std::string service = this->Uuid();
  int64_t onward = *s.AddOnwardReferral({.referral_id = ref, .service_id = service, .sent_on = 2026y / January / 6d,
                                         .created_by = lw});
  OnwardReferral o = *s.GetOnwardReferral(onward);
  EXPECT_EQ(o.status, OnwardStatus::kSent);
  o.status = OnwardStatus::kAttended;
  o.status_on = 2026y / February / 1d;
  o.outcome = "joined the group";
  ASSERT_TRUE(s.UpdateOnwardReferral(o).ok());
  EXPECT_EQ(s.ListOnwardReferrals({.service_id = service})->at(0).outcome, "joined the group");

  ASSERT_TRUE(s.AddOutcome({.referral_id = ref, .measure = Measure::kSwemwbs, .timepoint = Timepoint::kBaseline,
                            .date = 2026y / January / 5d, .items = {2, 3, 2, 3, 2, 3, 2}, .recorded_by = lw}));
  ASSERT_TRUE(s.AddOutcome({.referral_id = ref, .measure = Measure::kMycaw, .timepoint = Timepoint::kFollowUp,
                            .date = 2026y / March / 5d, .items = {4, 2, 3}, .concerns = {"debt", "sleep"},
                            .recorded_by = lw}));
  Result<std::vector<Outcome>> outs = s.ListOutcomes({.resident_id = res});
  ASSERT_EQ(outs->size(), 2u);
  EXPECT_EQ((*outs)[0].items, (std::vector<int>{2, 3, 2, 3, 2, 3, 2}));
  EXPECT_EQ((*outs)[1].concerns, (std::vector<std::string>{"debt", "sleep"}));
  EXPECT_EQ((*outs)[1].timepoint, Timepoint::kFollowUp);
  EXPECT_EQ(s.ListOutcomes({.measure = Measure::kOns4})->size(), 0u);

  ASSERT_TRUE(s.AddConsent({.resident_id = res, .kind = ConsentKind::kShareWithGp, .given = true,
                            .date = 2026y / January / 5d, .recorded_by = lw, .note = "verbal, by phone"}));
  Result<std::vector<Consent>> consents = s.ListConsents(res);
  ASSERT_EQ(consents->size(), 1u);
  EXPECT_TRUE(HasConsent(*consents, ConsentKind::kShareWithGp));
  EXPECT_FALSE(HasConsent(*consents, ConsentKind::kEvaluation));

  EXPECT_EQ(s.FindVolunteerByUser(vu)->id, vol);
  ASSERT_TRUE(s.AddVolunteerHours({.volunteer_id = vol, .date = 2026y / January / 9d, .hours = 2.5,
                                   .activity = "home visit", .recorded_by = lw}));
  EXPECT_DOUBLE_EQ(s.ListVolunteerHours({.volunteer_id = vol})->at(0).hours, 2.5);
  Volunteer v = *s.GetVolunteer(vol);
  v.active = false;
  ASSERT_TRUE(s.UpdateVolunteer(v).ok());
  EXPECT_FALSE(s.ListVolunteers()->at(0).active);
}

TYPED_TEST(StoreConformance, ErasureRemovesPersonalDataAndKeepsCounts) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw, "Erin Erase");
  ASSERT_TRUE(s.AddToCaseload({.user_id = lw, .resident_id = res}).ok());
  int64_t ref = this->AddReferral(res, lw);
  ASSERT_TRUE(s.AddContact({.referral_id = ref, .date = 2026y / January / 5d, .minutes = 30, .worker_id = lw,
                            .notes = "talked about her son", .created_by = lw}));
  ASSERT_TRUE(s.AddOutcome({.referral_id = ref, .measure = Measure::kMycaw, .date = 2026y / January / 5d,
                            .items = {5, 4}, .concerns = {"my son's drinking"}, .recorded_by = lw}));
  const std::string pseudonym = s.GetResident(res)->pseudonym;
  ASSERT_TRUE(s.EraseResident(res, FromUnixSeconds(1'770'000'000)).ok());
  Result<Resident> r = s.GetResident(res);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->erased);
  EXPECT_EQ(r->name, "");
  EXPECT_FALSE(r->date_of_birth);
  EXPECT_EQ(r->pseudonym, pseudonym);
  EXPECT_EQ(r->lsoa, "E01008174");
  Result<std::vector<Contact>> cs = s.ListContacts({.resident_id = res});
  ASSERT_EQ(cs->size(), 1u);
  EXPECT_EQ((*cs)[0].minutes, 30);
  EXPECT_FALSE((*cs)[0].notes);
  Result<std::vector<Outcome>> os = s.ListOutcomes({.resident_id = res});
  EXPECT_EQ((*os)[0].items, (std::vector<int>{5, 4}));
  EXPECT_TRUE((*os)[0].concerns.empty());
  EXPECT_TRUE(s.ListCaseload({.all = true})->empty());
  EXPECT_TRUE(s.FindResidents({})->empty());
  EXPECT_EQ(s.FindResidents({.include_erased = true})->size(), 1u);
  EXPECT_EQ(s.EraseResident(res + 9, FromUnixSeconds(0)).code(), StatusCode::kNotFound);
}

// PurgeDeletedData after an erasure: the erased values are gone from the
// database itself (SQLite: the main file and its WAL, byte for byte;
// PostgreSQL: no row version a query can see), and a bound store refuses.
TYPED_TEST(StoreConformance, PurgeAfterErasureLeavesNoTraceInTheFiles) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw, "Petronella Purgeable");
  int64_t ref = this->AddReferral(res, lw);
  ASSERT_TRUE(s.AddContact({.referral_id = ref, .date = 2026y / January / 5d, .minutes = 30, .worker_id = lw,
                            .notes = "Petronella's allotment", .created_by = lw}));
  ASSERT_TRUE(s.EraseResident(res, FromUnixSeconds(1'770'000'000)).ok());
  Status purged = s.PurgeDeletedData();
  ASSERT_TRUE(purged.ok()) << purged.message();
  EXPECT_EQ(s.InTransaction([](Store& tx) { return tx.PurgeDeletedData(); }).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(s.FindResidents({.name_contains = "Petronella", .include_erased = true})->empty());
  if (std::string(TypeParam::kName) == "sqlite") {
    std::string bytes;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream f(this->factory_.Db() + suffix, std::ios::binary);
      bytes += std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    }
    ASSERT_GT(bytes.size(), 0u);
    EXPECT_EQ(bytes.find("Petronella"), std::string::npos);
    EXPECT_EQ(bytes.find("Purgeable"), std::string::npos);
    EXPECT_EQ(bytes.find("1958-06-02"), std::string::npos);
  }
}

TYPED_TEST(StoreConformance, SummariseActivityCountsWithinTheDates) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker), vu = this->AddUser("vol1", Role::kVolunteer);
  int64_t a = this->AddResident(lw, "A"), b = this->AddResident(lw, "B");
  const Time jan5 = *ParseTime("2026-01-05T10:00:00Z"), feb2 = *ParseTime("2026-02-02T10:00:00Z");
  int64_t ra = this->AddReferral(a, lw, jan5);
  int64_t rb = this->AddReferral(b, lw, feb2);  // outside January
  Referral rbs = *s.GetReferral(rb);
  rbs.source = ReferralSource::kSelf;
  ASSERT_TRUE(s.UpdateReferral(rbs).ok());
  Referral r = *s.GetReferral(ra);
  ASSERT_TRUE(s.ApplyTransition(*MakeTransition(r, ReferralStatus::kDeclined, jan5 + hours(48), lw)));
  int64_t vol = *s.AddVolunteer({.user_id = vu, .name = "Val"});
  for (int day : {6, 7, 31}) {
    ASSERT_TRUE(s.AddContact({.referral_id = ra, .date = 2026y / January / std::chrono::day(static_cast<unsigned>(day)),
                              .mode = day == 31 ? ContactKind::kInPerson : ContactKind::kPhone, .minutes = 20,
                              .worker_id = lw, .created_by = lw}));
  }
  ASSERT_TRUE(s.AddContact({.referral_id = rb, .date = 2026y / February / 3d, .minutes = 45, .worker_id = lw,
                            .created_by = lw}));
  ASSERT_TRUE(s.AddOnwardReferral({.referral_id = ra, .service_id = this->Uuid(), .sent_on = 2026y / January / 8d,
                                   .created_by = lw}));
  ASSERT_TRUE(s.AddVolunteerHours({.volunteer_id = vol, .date = 2026y / January / 9d, .hours = 2.5, .recorded_by = lw}));
  ASSERT_TRUE(s.AddVolunteerHours({.volunteer_id = vol, .date = 2026y / January / 10d, .hours = 1.25, .recorded_by = lw}));
  Result<ActivitySummary> jan = s.SummariseActivity({.from = 2026y / January / 1d, .to = 2026y / February / 1d});
  ASSERT_TRUE(jan) << jan.error().message;
  EXPECT_EQ(jan->referrals_received, 1);
  ASSERT_EQ(jan->referrals_by_source.size(), 1u);
  EXPECT_EQ(jan->referrals_by_source[0].key, "gp");
  ASSERT_EQ(jan->transitions_to.size(), 1u);
  EXPECT_EQ(jan->transitions_to[0].key, "declined");
  EXPECT_EQ(jan->contacts, 3);
  EXPECT_EQ(jan->contact_minutes, 60);
  EXPECT_EQ(jan->residents_contacted, 1);
  ASSERT_EQ(jan->contacts_by_mode.size(), 2u);
  EXPECT_EQ(jan->contacts_by_mode[0].key, "in_person");
  EXPECT_EQ(jan->contacts_by_mode[1].count, 2);
  EXPECT_EQ(jan->onward_referrals_sent, 1);
  EXPECT_EQ(jan->onward_by_status.at(0).key, "sent");
  EXPECT_DOUBLE_EQ(jan->volunteer_hours, 3.75);
  EXPECT_EQ(jan->volunteers_active, 1);
  Result<ActivitySummary> both = s.SummariseActivity({.from = 2026y / January / 1d, .to = 2026y / March / 1d});
  EXPECT_EQ(both->referrals_received, 2);
  EXPECT_EQ(both->residents_contacted, 2);
  EXPECT_EQ(both->contact_minutes, 105);
  EXPECT_EQ(s.SummariseActivity({.from = 2026y / March / 1d, .to = 2026y / January / 1d}).error().field, "to");
}

// The dashboard's grouped queries: caseloads per worker, days to the first
// contact, onward referrals by organisation and status.
TYPED_TEST(StoreConformance, DashboardQueriesGroupWithinTheDates) {
  Store& s = this->store();
  int64_t lw1 = this->AddUser("lw1", Role::kLinkWorker), lw2 = this->AddUser("lw2", Role::kLinkWorker);
  int64_t a = this->AddResident(lw1, "A"), b = this->AddResident(lw1, "B"), c = this->AddResident(lw2, "C");
  // Received 23:30 on 5 January (UTC): the wait counts from that day.
  const Time jan5 = *ParseTime("2026-01-05T23:30:00Z"), jan20 = *ParseTime("2026-01-20T08:00:00Z"),
             feb2 = *ParseTime("2026-02-02T10:00:00Z");
  int64_t ra = this->AddReferral(a, lw1, jan5);
  int64_t rb = this->AddReferral(b, lw1, jan20);
  int64_t rc = this->AddReferral(c, lw2, jan20);
  int64_t rd = this->AddReferral(c, lw2, feb2);  // outside January
  Referral unassigned = *s.GetReferral(rd);
  unassigned.assigned_to.reset();
  ASSERT_TRUE(s.UpdateReferral(unassigned).ok());
  Referral rcs = *s.GetReferral(rc);
  ASSERT_TRUE(s.ApplyTransition(*MakeTransition(rcs, ReferralStatus::kDeclined, jan20 + hours(1), lw2)));
  // ra: contacts on 6 and 9 January (first: 1 day); rb: 20 January (0 days);
  // rc: none, declined (not waiting); rd: none, open (outside January).
  const std::vector<std::pair<int64_t, Date>> contacts = {
      {ra, 2026y / January / 9d}, {ra, 2026y / January / 6d}, {rb, 2026y / January / 20d}};
  for (const auto& [ref, d] : contacts) {
    ASSERT_TRUE(s.AddContact({.referral_id = ref, .date = d, .minutes = 20, .worker_id = lw1, .created_by = lw1}));
  }
  const ActivityQuery jan{.from = 2026y / January / 1d, .to = 2026y / February / 1d};

  Result<std::vector<WaitCell>> waits = s.ListWaitCells(jan);
  ASSERT_TRUE(waits) << waits.error().message;
  ASSERT_EQ(waits->size(), 3u);
  EXPECT_FALSE((*waits)[0].days);  // rc: no contact, declined
  EXPECT_FALSE((*waits)[0].open);
  EXPECT_EQ((*waits)[0].referrals, 1);
  EXPECT_EQ((*waits)[1].days, 0);  // rb
  EXPECT_TRUE((*waits)[1].open);
  EXPECT_EQ((*waits)[2].days, 1);  // ra: 5 January (UTC) to 6 January
  Result<std::vector<WaitCell>> all = s.ListWaitCells({.from = 2026y / January / 1d, .to = 2026y / March / 1d});
  ASSERT_EQ(all->size(), 4u);
  EXPECT_FALSE((*all)[1].days);  // rd: no contact, still open
  EXPECT_TRUE((*all)[1].open);

  const std::string org = this->Uuid(), svc = this->Uuid(), gone = this->Uuid();
  ASSERT_TRUE(s.PutOrganization({.id = org, .name = "Age UK Gateshead", .description = "Advice"}).ok());
  ASSERT_TRUE(s.PutService({.id = svc, .organization_id = org, .name = "Befriending"}).ok());
  const std::vector<std::tuple<int64_t, std::string, Date>> sent = {{ra, svc, 2026y / January / 8d},
                                                                     {rb, svc, 2026y / January / 21d},
                                                                     {rb, gone, 2026y / January / 22d},
                                                                     {ra, svc, 2026y / February / 8d}};
  for (const auto& [ref, service, d] : sent) {
    ASSERT_TRUE(s.AddOnwardReferral({.referral_id = ref, .service_id = service, .sent_on = d, .created_by = lw1}));
  }
  OnwardReferral accepted = s.ListOnwardReferrals({.service_id = svc})->at(0);
  accepted.status = OnwardStatus::kAccepted;
  accepted.status_on = 2026y / January / 10d;
  ASSERT_TRUE(s.UpdateOnwardReferral(accepted).ok());
  Result<std::vector<OnwardCell>> onward = s.SummariseOnwardByOrganisation(jan);
  ASSERT_TRUE(onward) << onward.error().message;
  ASSERT_EQ(onward->size(), 3u);
  EXPECT_EQ((*onward)[0].organisation_id, "");  // the service that is not in the directory
  EXPECT_EQ((*onward)[0].referrals, 1);
  EXPECT_EQ((*onward)[1].organisation_id, org);
  EXPECT_EQ((*onward)[1].organisation_name, "Age UK Gateshead");
  EXPECT_EQ((*onward)[1].status, OnwardStatus::kAccepted);
  EXPECT_EQ((*onward)[1].referrals, 1);
  EXPECT_EQ((*onward)[2].status, OnwardStatus::kSent);
  EXPECT_EQ((*onward)[2].referrals, 1);

  const ActivityQuery backwards{.from = 2026y / March / 1d, .to = 2026y / January / 1d};
  EXPECT_EQ(s.SummariseWorkerCaseloads(backwards).error().field, "to");
  EXPECT_EQ(s.ListWaitCells(backwards).error().field, "to");
  EXPECT_EQ(s.SummariseOnwardByOrganisation(backwards).error().field, "to");

  // A second January referral of A's, with lw1: one more referral, not one more person.
  this->AddReferral(a, lw1, jan20 + hours(2));
  Result<Caseloads> loads = s.SummariseWorkerCaseloads(jan);
  ASSERT_TRUE(loads) << loads.error().message;
  ASSERT_EQ(loads->workers.size(), 3u);
  const std::vector<WorkerCaseload>& w = loads->workers;
  EXPECT_EQ(w[0].user_id, 0);  // the unassigned referral: open now, not received in January
  EXPECT_EQ(w[0].people, 0);
  EXPECT_EQ(w[0].referrals, 0);
  EXPECT_EQ(w[0].open_now, 1);
  EXPECT_EQ(w[1].user_id, lw1);
  EXPECT_EQ(w[1].people, 2);  // A (twice) and B
  EXPECT_EQ(w[1].referrals, 3);
  EXPECT_EQ(w[1].open_now, 2);
  EXPECT_EQ(w[2].user_id, lw2);
  EXPECT_EQ(w[2].people, 1);
  EXPECT_EQ(w[2].referrals, 1);
  EXPECT_EQ(w[2].open_now, 0);  // declined
  // The service: A, B and C in January; A, B and C (rd, unassigned) open now.
  EXPECT_EQ(loads->all.people, 3);
  EXPECT_EQ(loads->all.referrals, 4);
  EXPECT_EQ(loads->all.open_now, 3);
  // No referrals in the period: zeros, not missing.
  Result<Caseloads> none = s.SummariseWorkerCaseloads({.from = 2020y / January / 1d, .to = 2020y / February / 1d});
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->all.people, 0);
  EXPECT_EQ(none->all.referrals, 0);
  EXPECT_EQ(none->all.open_now, 3);
}

// ---------------------------------------------------------------- transactions, concurrency, durability

TYPED_TEST(StoreConformance, InTransactionCommitsTogetherOrNotAtAll) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t created = 0;
  Status ok = s.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(created, tx.AddResident({.pseudonym = this->Uuid(), .name = "Tx", .created_by = lw}));
    NHOOD_RETURN_IF_ERROR(tx.AddToCaseload({.user_id = lw, .resident_id = created}));
    // Nested transactions flatten into this one.
    NHOOD_RETURN_IF_ERROR(tx.InTransaction([&](Store& inner) {
      return inner.AppendAudit({.user_id = lw, .username = "lw1", .action = "write_resident",
                                .record_type = "resident", .record_id = std::to_string(created)})
          .status();
    }));
    // Reads inside see the transaction's writes.
    NHOOD_ASSIGN_OR_RETURN(Resident r, tx.GetResident(created));
    return r.name == "Tx" ? Status::Ok() : Internal("not visible");
  });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_TRUE(s.GetResident(created));
  EXPECT_EQ(s.ListAudit({})->size(), 1u);

  int64_t doomed = 0;
  Status failed = s.InTransaction([&](Store& tx) -> Status {
    NHOOD_ASSIGN_OR_RETURN(doomed, tx.AddResident({.pseudonym = this->Uuid(), .name = "Doomed", .created_by = lw}));
    NHOOD_RETURN_IF_ERROR(tx.AppendAudit({.user_id = lw, .username = "lw1", .action = "write_resident"}).status());
    return InvalidField("minutes", "minutes -5 is negative");
  });
  EXPECT_EQ(failed.field(), "minutes");
  EXPECT_EQ(s.GetResident(doomed).error().code, StatusCode::kNotFound);
  EXPECT_EQ(s.ListAudit({})->size(), 1u);  // the audit row went with it
  // A failing statement inside rolls back the earlier ones too.
  Status constraint = s.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.AddResident({.pseudonym = this->Uuid(), .name = "Half", .created_by = lw}).status());
    return tx.AddUser({.username = "lw1", .display_name = "dup", .password_hash = "h"}).status();
  });
  EXPECT_EQ(constraint.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.FindResidents({.name_contains = "half"})->size(), 0u);
}

TYPED_TEST(StoreConformance, ConcurrentWritersAllLandWithDistinctIds) {
  Store& s = this->store();
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw);
  int64_t ref = this->AddReferral(res, lw);
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Result<int64_t> id = s.AddContact({.referral_id = ref, .date = 2026y / January / 5d, .minutes = t * 100 + i,
                                           .worker_id = lw, .created_by = lw});
        if (id) ids[static_cast<size_t>(t)].push_back(*id); else ++errors;
        if (i % 8 == 0 && !s.ListCaseload({.user_ids = {lw}})) ++errors;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  std::set<int64_t> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  Result<std::vector<Contact>> stored = s.ListContacts({.referral_id = ref, .limit = 10000});
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->size(), static_cast<size_t>(kThreads * kEach));
}

// kill -9 during 16 concurrent writers loses no acknowledged write: a child
// process writes contacts and reports each id on a pipe only after the store
// returned OK; the parent kills it mid-flight, reopens, and finds them all.
TYPED_TEST(StoreConformance, KillDashNineLosesNoAcknowledgedWrite) {
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw);
  int64_t ref = this->AddReferral(res, lw);
  const std::string db = this->factory_.Db();
  this->store_.reset();  // no connection crosses the fork
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    Result<std::unique_ptr<Store>> s = OpenStore(db);
    if (!s) _exit(3);
    std::vector<std::thread> writers;
    for (int t = 0; t < 16; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0;; ++i) {
          Result<int64_t> id = (*s)->AddContact({.referral_id = ref, .date = 2026y / January / 5d, .minutes = t,
                                                 .worker_id = lw, .created_by = lw});
          if (!id) continue;  // not acknowledged: nothing promised
          int64_t v = *id;
          if (write(fds[1], &v, sizeof v) != sizeof v) _exit(4);
        }
      });
    }
    for (std::thread& w : writers) w.join();
    _exit(0);
  }
  close(fds[1]);
  std::vector<int64_t> acked;
  const auto deadline = steady_clock::now() + milliseconds(1500);
  int64_t v = 0;
  while (steady_clock::now() < deadline) {
    pollfd p{.fd = fds[0], .events = POLLIN, .revents = 0};
    if (poll(&p, 1, 100) <= 0) continue;
    if (read(fds[0], &v, sizeof v) != sizeof v) break;  // the child is gone
    acked.push_back(v);
  }
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the writer exited by itself (status " << status << ")";
  while (read(fds[0], &v, sizeof v) == sizeof v) acked.push_back(v);  // written before the kill
  close(fds[0]);
  ASSERT_GT(acked.size(), 20u) << "too few writes to mean anything";
  Result<std::unique_ptr<Store>> again = this->factory_.Open();
  ASSERT_TRUE(again) << again.error().message;
  std::set<int64_t> have;  // every stored contact, page by page (a page holds at most 10,000)
  for (int64_t after = 0;;) {
    Result<std::vector<Contact>> stored =
        (*again)->ListContacts({.referral_id = ref, .after_id = after, .limit = 10000});
    ASSERT_TRUE(stored) << stored.error().message;
    if (stored->empty()) break;
    for (const Contact& c : *stored) have.insert(c.id);
    after = stored->back().id;
  }
  size_t lost = 0;
  for (int64_t id : acked) lost += have.count(id) == 0;
  EXPECT_EQ(lost, 0u) << "of " << acked.size() << " acknowledged writes";
  std::printf("kill -9: %zu writes acknowledged before the kill, %zu stored, %zu lost\n", acked.size(), have.size(),
              lost);
  EXPECT_GE(have.size(), acked.size());
  EXPECT_EQ(this->factory_.Integrity(), "ok");
  // Still writable after the crash.
  EXPECT_TRUE((*again)->AddContact({.referral_id = ref, .date = 2026y / January / 6d, .worker_id = lw, .created_by = lw}));
}

TYPED_TEST(StoreConformance, OptimizeRefreshesStatisticsAndKeepsData) {
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw);
  ASSERT_TRUE(this->store().AddToCaseload({.user_id = lw, .resident_id = res}).ok());
  Status s = this->store().Optimize();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(this->store().ListCaseload({.user_ids = {lw}})->size(), 1u);
}

TYPED_TEST(StoreConformance, WritesSurviveClosingAndReopening) {
  int64_t lw = this->AddUser("lw1", Role::kLinkWorker);
  int64_t res = this->AddResident(lw, "Durable");
  this->store_.reset();
  Result<std::unique_ptr<Store>> again = this->factory_.Open();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ((*again)->GetResident(res)->name, "Durable");
}

TEST(SqliteStore, FileIsInWalModeWhicheverSynchronousMode) {
  std::filesystem::path dir = TempDir("sqlite-sync");
  for (auto [mode, expected] : {std::pair{SqliteOptions::Synchronous::kFull, 2},
                                std::pair{SqliteOptions::Synchronous::kNormal, 1}}) {
    const std::string path = (dir / ("s" + std::to_string(expected) + ".db")).string();
    Result<std::unique_ptr<Store>> s = OpenSqliteStore(path, {.synchronous = mode});
    ASSERT_TRUE(s) << s.error().message;
    // journal_mode=WAL is a property of the file, seen by any connection
    // (synchronous is per connection; OpenSqliteStore reads it back itself).
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string journal;
    sqlite3_exec(
        db, "PRAGMA journal_mode",
        [](void* out, int, char** v, char**) {
          *static_cast<std::string*>(out) = v[0] ? v[0] : "";
          return 0;
        },
        &journal, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(journal, "wal");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nhood::store
