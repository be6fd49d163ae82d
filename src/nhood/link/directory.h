// The service directory: the Open Referral UK profile of HSDS 3.0.
//
// One struct per HSDS table (organization, service, location, address,
// service_at_location, schedule, service_area, language, cost_option,
// contact, phone, accessibility, taxonomy, taxonomy_term, attribute), with
// HSDS's field names in snake_case. Optional fields are std::optional or
// empty vectors, so an API can omit them (ORUK: "omit, never null"). Ids are
// UUIDs (uuid.h). A Service carries its children nested, as
// GET /services/{id} returns it; a store writes a service and all its
// children together. Plain copyable value types; no I/O.
//
// Source: ../shared/reference/oruk/uk-profile/schema/*.json (commit ecdfabf,
// 2024-10-10). Where the UK profile drops an HSDS field (language name/code,
// eligibility_description, fees_description…) we keep the HSDS 3.0 field in
// the domain if casework needs it; the ORUK API emits only the profile's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::link {

// service.status (HSDS 3.0 enum).
enum class ServiceStatus { kActive, kInactive, kDefunct, kTemporarilyClosed };
std::string_view ServiceStatusName(ServiceStatus s);  // "temporarily closed"
Result<ServiceStatus> ParseServiceStatus(std::string_view text);

// location.location_type and address.address_type.
enum class LocationType { kPhysical, kPostal, kVirtual };
std::string_view LocationTypeName(LocationType t);
Result<LocationType> ParseLocationType(std::string_view text);

struct Organization {
  std::string id;
  std::string name;
  std::string description;  // required by HSDS
  std::optional<std::string> email;
  std::optional<std::string> website;
  std::optional<std::string> logo;
  std::optional<std::string> uri;
  std::optional<std::string> parent_organization_id;
  // Charity / company number etc. (organization_identifier).
  struct Identifier {
    std::string id;
    std::optional<std::string> identifier_scheme;
    std::string identifier_type;
    std::string identifier;
  };
  std::vector<Identifier> organization_identifiers;
};

struct Address {
  std::string id;
  std::optional<std::string> attention;
  std::string address_1;
  std::optional<std::string> address_2;
  std::string city;
  std::optional<std::string> region;
  std::string state_province;  // required by HSDS; in England the county
  std::string postal_code;
  std::string country = "GB";  // ISO 3166-1 alpha-2
  LocationType address_type = LocationType::kPhysical;
};

struct Accessibility {
  std::string id;
  std::optional<std::string> description;
  std::optional<std::string> details;
  std::optional<std::string> url;
};

struct Location {
  std::string id;
  LocationType location_type = LocationType::kPhysical;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<double> latitude;   // WGS84 degrees
  std::optional<double> longitude;  // WGS84 degrees
  std::optional<std::string> external_identifier;       // e.g. a UPRN
  std::optional<std::string> external_identifier_type;  // e.g. "UPRN"
  std::vector<Address> addresses;
  std::vector<Accessibility> accessibility;
};

// RFC 5545-style recurrence, as HSDS 3.0 schedule.
struct Schedule {
  std::string id;
  std::optional<std::string> valid_from;  // ISO date
  std::optional<std::string> valid_to;
  std::optional<std::string> dtstart;
  std::optional<std::string> freq;  // "WEEKLY" | "MONTHLY"
  std::optional<int> interval;
  std::optional<std::string> byday;       // "MO,WE"
  std::optional<std::string> bymonthday;  // "1,15"
  std::optional<std::string> opens_at;    // "09:30"
  std::optional<std::string> closes_at;
  std::optional<std::string> description;
  std::optional<std::string> schedule_link;
  std::optional<std::string> attending_type;  // "in person", "online", "phone"
  std::optional<std::string> notes;
};

struct ServiceArea {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> extent;       // GeoJSON or WKT text
  std::optional<std::string> extent_type;  // "geojson" | "wkt" | …
  std::optional<std::string> uri;          // e.g. an ONS statistical geography URI
};

struct Language {
  std::string id;
  std::optional<std::string> name;  // "Polish"
  std::optional<std::string> code;  // ISO 639-1/3, "pl"
  std::optional<std::string> note;
};

struct CostOption {
  std::string id;
  std::optional<std::string> valid_from;
  std::optional<std::string> valid_to;
  std::optional<std::string> option;  // "Free", "Concession"
  std::optional<std::string> currency = "GBP";
  std::optional<double> amount;
  std::optional<std::string> amount_description;
};

struct Phone {
  std::string id;
  std::string number;
  std::optional<int> extension;
  std::optional<std::string> type;  // "voice", "text", "fax"…
  std::optional<std::string> description;
};

// A named contact for a service (HSDS contact). Not a casework contact.
struct ServiceContact {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> title;
  std::optional<std::string> department;
  std::optional<std::string> email;
  std::vector<Phone> phones;
};

// A link between a service and a location (HSDS service_at_location). Within
// a Service only `location_id` matters; the location itself is written with
// PutLocation.
struct ServiceAtLocation {
  std::string id;
  std::string service_id;
  std::string location_id;
  std::optional<std::string> description;
};

struct Taxonomy {
  std::string id;
  std::string name;
  std::string description;
  std::optional<std::string> uri;
  std::optional<std::string> version;
};

struct TaxonomyTerm {
  std::string id;
  std::optional<std::string> code;
  std::string name;
  std::string description;
  std::optional<std::string> parent_id;
  std::optional<std::string> taxonomy;  // free-text vocabulary name, when no taxonomy_id
  std::optional<std::string> taxonomy_id;
  std::optional<std::string> term_uri;
};

// A service classified by a taxonomy term (HSDS attribute with
// link_entity = "service").
struct Attribute {
  std::string id;
  std::string taxonomy_term_id;
  std::optional<std::string> link_type;  // e.g. "eligibility", "audience"
  std::optional<std::string> value;
};

struct Service {
  std::string id;
  std::optional<std::string> organization_id;
  std::string name;
  std::optional<std::string> alternate_name;
  std::optional<std::string> description;
  std::optional<std::string> url;
  std::optional<std::string> email;
  ServiceStatus status = ServiceStatus::kActive;
  std::optional<std::string> eligibility_description;
  std::optional<double> minimum_age;
  std::optional<double> maximum_age;
  std::optional<std::string> fees;  // UK profile's free-text fees
  std::optional<std::string> accreditations;
  std::optional<std::string> assured_date;  // ISO date
  std::optional<std::string> assurer_email;
  std::optional<std::string> alert;
  std::string last_modified;  // ISO 8601 date-time; stores set it on write when empty

  std::vector<Schedule> schedules;
  std::vector<ServiceArea> service_areas;
  std::vector<ServiceAtLocation> service_at_locations;
  std::vector<Language> languages;
  std::vector<CostOption> cost_options;
  std::vector<ServiceContact> contacts;
  std::vector<Attribute> attributes;
};

// Field checks shared by every writer (API, import, demo). Each returns
// kInvalidArgument naming the field ("minimum_age", "contacts[0].phones[1].number"):
// ids that are not UUIDs, an empty required field, ages outside 0..130 or
// minimum > maximum, latitude outside ±90, longitude outside ±180, a negative
// cost amount, a schedule freq other than WEEKLY/MONTHLY.
Status ValidateOrganization(const Organization& o);
Status ValidateLocation(const Location& l);
Status ValidateService(const Service& s);
Status ValidateTaxonomy(const Taxonomy& t);
Status ValidateTaxonomyTerm(const TaxonomyTerm& t);

// Great-circle distance in metres between two WGS84 points (haversine on a
// sphere of radius 6,371,008.8 m, the IUGG mean radius). Good to ~0.5% —
// enough for "within N metres of a postcode".
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);

}  // namespace nhood::link
