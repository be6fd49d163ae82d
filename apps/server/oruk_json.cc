#include "apps/server/oruk_json.h"

#include "apps/server/json_output.h"

namespace nhood::server {
namespace {

using nlohmann::json;

void PutText(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}

json Term(const link::TaxonomyTerm& t) {
  json j = {{"id", t.id}, {"name", t.name}, {"description", t.description}};
  Put(j, "parent_id", t.parent_id);
  Put(j, "taxonomy", t.taxonomy);
  Put(j, "taxonomy_id", t.taxonomy_id);
  Put(j, "term_uri", t.term_uri);
  return j;
}

}  // namespace

json OrukOrganization(const link::Organization& o) {
  json j = {{"id", o.id}, {"name", o.name}, {"description", o.description}};
  Put(j, "email", o.email);
  Put(j, "website", o.website);
  Put(j, "logo", o.logo);
  Put(j, "uri", o.uri);
  Put(j, "parent_organization_id", o.parent_organization_id);
  return j;
}

json OrukServiceSummary(const link::Service& s, const link::Organization* org) {
  json j = {{"id", s.id}, {"name", s.name}, {"status", std::string(link::ServiceStatusName(s.status))}};
  Put(j, "organization_id", s.organization_id);
  Put(j, "description", s.description);
  Put(j, "url", s.url);
  Put(j, "email", s.email);
  Put(j, "fees", s.fees);
  Put(j, "accreditations", s.accreditations);
  Put(j, "minimum_age", s.minimum_age);
  Put(j, "maximum_age", s.maximum_age);
  Put(j, "assured_date", s.assured_date);
  Put(j, "assurer_email", s.assurer_email);
  Put(j, "alert", s.alert);
  PutText(j, "last_modified", s.last_modified);
  if (org) j["organization"] = OrukOrganization(*org);
  return j;
}

json OrukLocation(const link::Location& l, bool nested) {
  json j = {{"id", l.id}, {"location_type", std::string(link::LocationTypeName(l.location_type))}};
  Put(j, "name", l.name);
  Put(j, "description", l.description);
  Put(j, "latitude", l.latitude);
  Put(j, "longitude", l.longitude);
  Put(j, "external_identifier", l.external_identifier);
  Put(j, "external_identifier_type", l.external_identifier_type);
  if (!nested) return j;
  json addresses = json::array();
  for (const link::Address& a : l.addresses) {
    json ja = {{"id", a.id},
               {"location_id", l.id},
               {"address_1", a.address_1},
               {"city", a.city},
               {"state_province", a.state_province},
               {"postal_code", a.postal_code},
               {"country", a.country},
               {"address_type", std::string(link::LocationTypeName(a.address_type))}};
    Put(ja, "attention", a.attention);
    Put(ja, "region", a.region);
    addresses.push_back(std::move(ja));
  }
  j["addresses"] = std::move(addresses);
  json access = json::array();
  for (const link::Accessibility& a : l.accessibility) {
    json ja = {{"id", a.id}, {"location_id", l.id}};
    Put(ja, "description", a.description);
    Put(ja, "details", a.details);
    Put(ja, "url", a.url);
    access.push_back(std::move(ja));
  }
  j["accessibility"] = std::move(access);
  return j;
}

json OrukService(const link::Service& s, const OrukLookups& lookups) {
  json j = OrukServiceSummary(s, lookups.organization);
  json schedules = json::array();
  for (const link::Schedule& x : s.schedules) {
    json js = {{"id", x.id}, {"service_id", s.id}};
    Put(js, "valid_from", x.valid_from);
    Put(js, "valid_to", x.valid_to);
    Put(js, "dtstart", x.dtstart);
    Put(js, "freq", x.freq);
    Put(js, "interval", x.interval);
    Put(js, "byday", x.byday);
    Put(js, "bymonthday", x.bymonthday);
    Put(js, "opens_at", x.opens_at);
    Put(js, "closes_at", x.closes_at);
    Put(js, "description", x.description);
    Put(js, "schedule_link", x.schedule_link);
    Put(js, "attending_type", x.attending_type);
    Put(js, "notes", x.notes);
    schedules.push_back(std::move(js));
  }
  j["schedules"] = std::move(schedules);
  json areas = json::array();
  for (const link::ServiceArea& a : s.service_areas) {
    json ja = {{"id", a.id}, {"service_id", s.id}};
    Put(ja, "name", a.name);
    Put(ja, "extent", a.extent);
    Put(ja, "extent_type", a.extent_type);
    Put(ja, "uri", a.uri);
    areas.push_back(std::move(ja));
  }
  j["service_areas"] = std::move(areas);
  json sals = json::array();
  for (const link::ServiceAtLocation& sal : s.service_at_locations) {
    json js = {{"id", sal.id}, {"service_id", s.id}, {"location_id", sal.location_id}};
    for (const link::Location& l : lookups.locations) {
      if (l.id == sal.location_id) js["location"] = OrukLocation(l, true);
    }
    sals.push_back(std::move(js));
  }
  j["service_at_locations"] = std::move(sals);
  json languages = json::array();
  for (const link::Language& l : s.languages) languages.push_back({{"id", l.id}, {"service_id", s.id}});
  j["languages"] = std::move(languages);
  json costs = json::array();
  for (const link::CostOption& c : s.cost_options) {
    json jc = {{"id", c.id}, {"service_id", s.id}};
    Put(jc, "valid_from", c.valid_from);
    Put(jc, "valid_to", c.valid_to);
    Put(jc, "option", c.option);
    Put(jc, "amount", c.amount);
    Put(jc, "amount_description", c.amount_description);
    costs.push_back(std::move(jc));
  }
  j["cost_options"] = std::move(costs);
  json contacts = json::array();
  for (const link::ServiceContact& c : s.contacts) {
    json jc = {{"id", c.id}, {"service_id", s.id}};
    Put(jc, "name", c.name);
    Put(jc, "title", c.title);
    contacts.push_back(std::move(jc));
  }
  j["contacts"] = std::move(contacts);
  json attributes = json::array();
  for (const link::Attribute& a : s.attributes) {
    json ja = {{"id", a.id}, {"link_id", s.id}, {"taxonomy_term_id", a.taxonomy_term_id}};
    Put(ja, "link_type", a.link_type);
    for (const link::TaxonomyTerm& t : lookups.terms) {
      if (t.id == a.taxonomy_term_id) ja["taxonomy_term"] = Term(t);
    }
    attributes.push_back(std::move(ja));
  }
  j["attributes"] = std::move(attributes);
  return j;
}

json OrukTaxonomy(const link::Taxonomy& t) {
  json j = {{"id", t.id}, {"name", t.name}, {"description", t.description}};
  Put(j, "uri", t.uri);
  Put(j, "version", t.version);
  return j;
}

json OrukTaxonomyTerm(const link::TaxonomyTerm& t) { return Term(t); }

}  // namespace nhood::server
