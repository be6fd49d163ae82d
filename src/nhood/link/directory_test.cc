#include "nhood/link/directory.h"

#include <gtest/gtest.h>

namespace nhood::link {
namespace {

constexpr char kId[] = "ac148810-d857-441c-9679-408f346de14b";
constexpr char kId2[] = "3a19ff88-4620-4d17-9830-ac1d859eb5d5";

Service MinimalService() {
  Service s;
  s.id = kId;
  s.name = "Walking group";
  return s;
}

TEST(ServiceStatus, UsesHsdsNames) {
  EXPECT_EQ(ServiceStatusName(ServiceStatus::kTemporarilyClosed), "temporarily closed");
  EXPECT_EQ(*ParseServiceStatus("defunct"), ServiceStatus::kDefunct);
  Result<ServiceStatus> bad = ParseServiceStatus("open");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "status");
}

TEST(ValidateService, NamesTheFieldAtFault) {
  EXPECT_TRUE(ValidateService(MinimalService()).ok());
  Service s = MinimalService();
  s.id = "17";
  EXPECT_EQ(ValidateService(s).field(), "id");
  s = MinimalService();
  s.minimum_age = 18;
  s.maximum_age = 16;
  EXPECT_EQ(ValidateService(s).field(), "minimum_age");
  s = MinimalService();
  s.maximum_age = -1;
  EXPECT_EQ(ValidateService(s).field(), "maximum_age");
  s = MinimalService();
  s.contacts.push_back({.id = kId2});
  s.contacts[0].phones.push_back({.id = kId2, .number = ""});
  EXPECT_EQ(ValidateService(s).field(), "contacts[0].phones[0].number");
  s = MinimalService();
  s.schedules.push_back({.id = kId2, .freq = "DAILY"});
  EXPECT_EQ(ValidateService(s).field(), "schedules[0].freq");
  s = MinimalService();
  s.cost_options.push_back({.id = kId2, .amount = -2.5});
  EXPECT_EQ(ValidateService(s).field(), "cost_options[0].amount");
}

TEST(ValidateLocation, ChecksCoordinatesAndAddresses) {
  Location l{.id = kId, .latitude = 54.97, .longitude = -1.61};
  EXPECT_TRUE(ValidateLocation(l).ok());
  l.latitude = 91;
  EXPECT_EQ(ValidateLocation(l).field(), "latitude");
  l.latitude = 54.97;
  l.longitude.reset();
  EXPECT_EQ(ValidateLocation(l).field(), "longitude");
  l.longitude = -1.61;
  l.addresses.push_back({.id = kId2, .address_1 = "1 High St", .city = "Newcastle", .state_province = "Tyne and Wear",
                         .postal_code = ""});
  EXPECT_EQ(ValidateLocation(l).field(), "addresses[0].postal_code");
}

TEST(ValidateOrganization, NeedsADescription) {
  Organization o{.id = kId, .name = "Citizens Advice Gateshead", .description = ""};
  EXPECT_EQ(ValidateOrganization(o).field(), "description");
  o.description = "Free advice";
  EXPECT_TRUE(ValidateOrganization(o).ok());
}

TEST(DistanceMetres, MatchesAKnownDistance) {
  // Newcastle Central station (54.9683, -1.6174) to Gateshead Interchange
  // (54.9610, -1.6036): 1,197.9 m on the sphere (an independent Python haversine).
  double d = DistanceMetres(54.9683, -1.6174, 54.9610, -1.6036);
  EXPECT_NEAR(d, 1197.88, 0.01);
  EXPECT_DOUBLE_EQ(DistanceMetres(54, -1, 54, -1), 0);
  // One degree of latitude is 111.2 km on this sphere.
  EXPECT_NEAR(DistanceMetres(54, -1, 55, -1), 6371008.8 * 3.141592653589793 / 180, 1e-6);
}

}  // namespace
}  // namespace nhood::link
