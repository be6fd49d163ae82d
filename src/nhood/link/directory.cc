#include "nhood/link/directory.h"

#include <cmath>
#include <numbers>

#include "nhood/link/internal/enum_names.h"
#include "nhood/link/uuid.h"

namespace nhood::link {
namespace {

constexpr std::array<std::string_view, 4> kServiceStatusNames = {"active", "inactive", "defunct",
                                                                 "temporarily closed"};
constexpr std::array<std::string_view, 3> kLocationTypeNames = {"physical", "postal", "virtual"};

Status CheckId(const std::string& id, const std::string& field) {
  if (!IsUuid(id)) return InvalidField(field, field + ": '" + id + "' is not a UUID");
  return Status::Ok();
}
Status CheckOptionalId(const std::optional<std::string>& id, const std::string& field) {
  return id ? CheckId(*id, field) : Status::Ok();
}
Status CheckRequired(const std::string& value, const std::string& field) {
  if (value.empty()) return InvalidField(field, field + " is required");
  return Status::Ok();
}
std::string Index(const std::string& base, size_t i) { return base + "[" + std::to_string(i) + "]"; }

}  // namespace

std::string_view ServiceStatusName(ServiceStatus s) { return internal::EnumName(s, kServiceStatusNames); }
Result<ServiceStatus> ParseServiceStatus(std::string_view t) {
  return internal::ParseEnum<ServiceStatus>(t, kServiceStatusNames, "status");
}
std::string_view LocationTypeName(LocationType t) { return internal::EnumName(t, kLocationTypeNames); }
Result<LocationType> ParseLocationType(std::string_view t) {
  return internal::ParseEnum<LocationType>(t, kLocationTypeNames, "location_type");
}

Status ValidateOrganization(const Organization& o) {
  NHOOD_RETURN_IF_ERROR(CheckId(o.id, "id"));
  NHOOD_RETURN_IF_ERROR(CheckRequired(o.name, "name"));
  NHOOD_RETURN_IF_ERROR(CheckRequired(o.description, "description"));
  NHOOD_RETURN_IF_ERROR(CheckOptionalId(o.parent_organization_id, "parent_organization_id"));
  if (o.parent_organization_id && *o.parent_organization_id == o.id) {
    return InvalidField("parent_organization_id", "parent_organization_id: an organization cannot be its own parent");
  }
  for (size_t i = 0; i < o.organization_identifiers.size(); ++i) {
    const auto& x = o.organization_identifiers[i];
    const std::string f = Index("organization_identifiers", i);
    NHOOD_RETURN_IF_ERROR(CheckId(x.id, f + ".id"));
    NHOOD_RETURN_IF_ERROR(CheckRequired(x.identifier_type, f + ".identifier_type"));
    NHOOD_RETURN_IF_ERROR(CheckRequired(x.identifier, f + ".identifier"));
  }
  return Status::Ok();
}

Status ValidateLocation(const Location& l) {
  NHOOD_RETURN_IF_ERROR(CheckId(l.id, "id"));
  if (l.latitude.has_value() != l.longitude.has_value()) {
    return InvalidField(l.latitude ? "longitude" : "latitude", "latitude and longitude come together");
  }
  if (l.latitude && !(std::isfinite(*l.latitude) && std::abs(*l.latitude) <= 90)) {
    return InvalidField("latitude", "latitude " + std::to_string(*l.latitude) + " is outside -90..90");
  }
  if (l.longitude && !(std::isfinite(*l.longitude) && std::abs(*l.longitude) <= 180)) {
    return InvalidField("longitude", "longitude " + std::to_string(*l.longitude) + " is outside -180..180");
  }
  for (size_t i = 0; i < l.addresses.size(); ++i) {
    const Address& a = l.addresses[i];
    const std::string f = Index("addresses", i);
    NHOOD_RETURN_IF_ERROR(CheckId(a.id, f + ".id"));
    NHOOD_RETURN_IF_ERROR(CheckRequired(a.address_1, f + ".address_1"));
    NHOOD_RETURN_IF_ERROR(CheckRequired(a.city, f + ".city"));
    NHOOD_RETURN_IF_ERROR(CheckRequired(a.state_province, f + ".state_province"));
    NHOOD_RETURN_IF_ERROR(CheckRequired(a.postal_code, f + ".postal_code"));
    if (a.country.size() != 2) {
      return InvalidField(f + ".country", f + ".country: '" + a.country + "' is not an ISO 3166-1 alpha-2 code");
    }
  }
  for (size_t i = 0; i < l.accessibility.size(); ++i) {
    NHOOD_RETURN_IF_ERROR(CheckId(l.accessibility[i].id, Index("accessibility", i) + ".id"));
  }
  return Status::Ok();
}

Status ValidateService(const Service& s) {
  NHOOD_RETURN_IF_ERROR(CheckId(s.id, "id"));
  NHOOD_RETURN_IF_ERROR(CheckRequired(s.name, "name"));
  NHOOD_RETURN_IF_ERROR(CheckOptionalId(s.organization_id, "organization_id"));
  for (const auto& [age, field] : {std::pair{s.minimum_age, "minimum_age"}, std::pair{s.maximum_age, "maximum_age"}}) {
    if (age && !(std::isfinite(*age) && *age >= 0 && *age <= 130)) {
      return InvalidField(field, std::string(field) + " " + std::to_string(*age) + " is outside 0..130");
    }
  }
  if (s.minimum_age && s.maximum_age && *s.minimum_age > *s.maximum_age) {
    return InvalidField("minimum_age", "minimum_age is greater than maximum_age");
  }
  for (size_t i = 0; i < s.schedules.size(); ++i) {
    const Schedule& x = s.schedules[i];
    const std::string f = Index("schedules", i);
    NHOOD_RETURN_IF_ERROR(CheckId(x.id, f + ".id"));
    if (x.freq && *x.freq != "WEEKLY" && *x.freq != "MONTHLY") {
      return InvalidField(f + ".freq", f + ".freq: '" + *x.freq + "' is not WEEKLY or MONTHLY");
    }
    if (x.interval && *x.interval < 1) return InvalidField(f + ".interval", f + ".interval must be at least 1");
  }
  for (size_t i = 0; i < s.service_areas.size(); ++i) {
    NHOOD_RETURN_IF_ERROR(CheckId(s.service_areas[i].id, Index("service_areas", i) + ".id"));
  }
  for (size_t i = 0; i < s.service_at_locations.size(); ++i) {
    const std::string f = Index("service_at_locations", i);
    NHOOD_RETURN_IF_ERROR(CheckId(s.service_at_locations[i].id, f + ".id"));
    NHOOD_RETURN_IF_ERROR(CheckId(s.service_at_locations[i].location_id, f + ".location_id"));
    if (!s.service_at_locations[i].service_id.empty() && s.service_at_locations[i].service_id != s.id) {
      return InvalidField(f + ".service_id", f + ".service_id is not this service's id");
    }
  }
  for (size_t i = 0; i < s.languages.size(); ++i) {
    NHOOD_RETURN_IF_ERROR(CheckId(s.languages[i].id, Index("languages", i) + ".id"));
  }
  for (size_t i = 0; i < s.cost_options.size(); ++i) {
    const std::string f = Index("cost_options", i);
    NHOOD_RETURN_IF_ERROR(CheckId(s.cost_options[i].id, f + ".id"));
    const auto& amount = s.cost_options[i].amount;
    if (amount && !(std::isfinite(*amount) && *amount >= 0)) {
      return InvalidField(f + ".amount", f + ".amount must be a non-negative number");
    }
  }
  for (size_t i = 0; i < s.contacts.size(); ++i) {
    const std::string f = Index("contacts", i);
    NHOOD_RETURN_IF_ERROR(CheckId(s.contacts[i].id, f + ".id"));
    for (size_t j = 0; j < s.contacts[i].phones.size(); ++j) {
      const std::string g = f + "." + Index("phones", j);
      NHOOD_RETURN_IF_ERROR(CheckId(s.contacts[i].phones[j].id, g + ".id"));
      NHOOD_RETURN_IF_ERROR(CheckRequired(s.contacts[i].phones[j].number, g + ".number"));
    }
  }
  for (size_t i = 0; i < s.attributes.size(); ++i) {
    const std::string f = Index("attributes", i);
    NHOOD_RETURN_IF_ERROR(CheckId(s.attributes[i].id, f + ".id"));
    NHOOD_RETURN_IF_ERROR(CheckId(s.attributes[i].taxonomy_term_id, f + ".taxonomy_term_id"));
  }
  return Status::Ok();
}

Status ValidateTaxonomy(const Taxonomy& t) {
  NHOOD_RETURN_IF_ERROR(CheckId(t.id, "id"));
  NHOOD_RETURN_IF_ERROR(CheckRequired(t.name, "name"));
  return CheckRequired(t.description, "description");
}

Status ValidateTaxonomyTerm(const TaxonomyTerm& t) {
  NHOOD_RETURN_IF_ERROR(CheckId(t.id, "id"));
  NHOOD_RETURN_IF_ERROR(CheckRequired(t.name, "name"));
  NHOOD_RETURN_IF_ERROR(CheckRequired(t.description, "description"));
  NHOOD_RETURN_IF_ERROR(CheckOptionalId(t.parent_id, "parent_id"));
  NHOOD_RETURN_IF_ERROR(CheckOptionalId(t.taxonomy_id, "taxonomy_id"));
  if (t.parent_id && *t.parent_id == t.id) return InvalidField("parent_id", "parent_id: a term cannot be its own parent");
  return Status::Ok();
}

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadius = 6371008.8;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kRadius * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace nhood::link
