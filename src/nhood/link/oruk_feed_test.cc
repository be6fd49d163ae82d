#include "nhood/link/oruk_feed.h"

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

using nlohmann::json;

NewId Counter() {
  auto n = std::make_shared<int>(0);
  return [n] { return "new-" + std::to_string(++*n); };
}

TEST(ServiceFromOruk, ReadsNestedTablesGivingAbsentIdsNewOnes) {
  const json j = json::parse(R"({
    "id": "s1", "name": "Walking group",
    "organization": {"id": "o1", "name": "Friends of the park"},
    "contacts": [{"name": "Ann", "phones": [{"number": "0191 000 0000"}, {"id": "p2", "number": "07000 000000", "extension": 12}]}],
    "service_at_locations": [{"location": {"id": "l1"}}, {"id": "sal2", "location_id": "l2"}],
    "attributes": [{"taxonomy_term": {"id": "t1"}, "link_type": "audience"}],
    "languages": [{"id": "en1", "name": "English", "code": "en"}]
  })");
  Result<Service> s = ServiceFromOruk(j, Counter());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->organization_id, "o1") << "the nested organization's id stands for organization_id";
  ASSERT_EQ(s->contacts.size(), 1u);
  EXPECT_EQ(s->contacts[0].id, "new-1");
  ASSERT_EQ(s->contacts[0].phones.size(), 2u);
  EXPECT_EQ(s->contacts[0].phones[0].id, "new-2");
  EXPECT_EQ(s->contacts[0].phones[1].id, "p2");
  EXPECT_EQ(s->contacts[0].phones[1].extension, 12);
  ASSERT_EQ(s->service_at_locations.size(), 2u);
  EXPECT_EQ(s->service_at_locations[0].location_id, "l1");
  EXPECT_EQ(s->service_at_locations[1].location_id, "l2");
  EXPECT_EQ(s->service_at_locations[1].id, "sal2");
  for (const ServiceAtLocation& x : s->service_at_locations) EXPECT_EQ(x.service_id, "s1");
  ASSERT_EQ(s->attributes.size(), 1u);
  EXPECT_EQ(s->attributes[0].taxonomy_term_id, "t1");
  ASSERT_EQ(s->languages.size(), 1u);
  EXPECT_EQ(s->languages[0].code, "en");
}

TEST(ServiceFromOruk, ErrorsNameTheFullPathOfTheFieldAtFault) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {R"({"name": "x", "contacts": [{}, {"phones": [{"number": "1"}, {"type": "voice"}]}]})", "contacts[1].phones[1].number"},
      {R"({"name": "x", "service_at_locations": [{"location": {"name": "no id"}}]})", "service_at_locations[0].location_id"},
      {R"({"name": "x", "attributes": [{"taxonomy_term_id": 7}]})", "attributes[0].taxonomy_term_id"},
      {R"({"name": "x", "schedules": [{"interval": 1.5}]})", "schedules[0].interval"},
      {R"({"name": "x", "cost_options": "free"})", "cost_options"},
      {R"({"name": "x", "languages": [1]})", "languages[0]"},
      {R"({"contacts": []})", "name"},
  };
  for (const Case& c : cases) {
    Result<Service> s = ServiceFromOruk(json::parse(c.json), Counter());
    ASSERT_FALSE(s.ok()) << c.json;
    EXPECT_EQ(s.error().code, StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(s.error().field, c.field) << c.json << ": " << s.error().message;
  }
}

TEST(LocationFromOruk, ReadsAddressesAndRequiresTheirPostcode) {
  Result<Location> l = LocationFromOruk(
      json::parse(R"({"id": "l1", "addresses": [{"address_1": "1 High St", "city": "Seaham", "postal_code": "SR7 7AA"}]})"),
      Counter());
  ASSERT_TRUE(l.ok()) << l.error().message;
  ASSERT_EQ(l->addresses.size(), 1u);
  EXPECT_EQ(l->addresses[0].id, "new-1");
  EXPECT_EQ(l->addresses[0].postal_code, "SR7 7AA");
  Result<Location> bad =
      LocationFromOruk(json::parse(R"({"addresses": [{"address_1": "1 High St", "city": "Seaham"}]})"), Counter());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "addresses[0].postal_code");
}

TEST(OrganizationFromOruk, ReadsIdentifiers) {
  Result<Organization> o = OrganizationFromOruk(
      json::parse(R"({"name": "Org", "organization_identifiers": [{"identifier_type": "charity", "identifier": "123"}]})"),
      Counter());
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->id, "new-1");
  ASSERT_EQ(o->organization_identifiers.size(), 1u);
  EXPECT_EQ(o->organization_identifiers[0].id, "new-2");
  EXPECT_EQ(o->organization_identifiers[0].identifier, "123");
}

}  // namespace
}  // namespace nhood::link
