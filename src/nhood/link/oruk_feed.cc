#include "nhood/link/oruk_feed.h"

#include <optional>

namespace nhood::link {
namespace {

using nlohmann::json;

// Typed, optional reads of one object's fields; errors name the full path.
class Fields {
 public:
  Fields(const json& j, std::string prefix) : j_(j), prefix_(std::move(prefix)) {}

  std::string Path(const std::string& key) const { return prefix_ + key; }

  Result<std::optional<std::string>> Str(const std::string& key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return InvalidField(Path(key), Path(key) + " must be a string");
    return std::optional<std::string>(it->get<std::string>());
  }
  Result<std::string> ReqStr(const std::string& key) const {
    NHOOD_ASSIGN_OR_RETURN(auto v, Str(key));
    if (!v) return InvalidField(Path(key), Path(key) + " is required");
    return *v;
  }
  Result<std::optional<double>> Num(const std::string& key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<double>();
    if (!it->is_number()) return InvalidField(Path(key), Path(key) + " must be a number");
    return std::optional<double>(it->get<double>());
  }
  Result<std::optional<int>> Int(const std::string& key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return std::optional<int>();
    if (!it->is_number_integer()) return InvalidField(Path(key), Path(key) + " must be an integer");
    const int64_t v = it->get<int64_t>();
    if (v < -1000000000 || v > 1000000000) return InvalidField(Path(key), Path(key) + " is out of range");
    return std::optional<int>(static_cast<int>(v));
  }
  // The array under `key` (empty when absent); each element must be an object.
  Result<std::vector<const json*>> Objects(const std::string& key) const {
    std::vector<const json*> out;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return out;
    if (!it->is_array()) return InvalidField(Path(key), Path(key) + " must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_object()) {
        const std::string p = Path(key) + "[" + std::to_string(i) + "]";
        return InvalidField(p, p + " must be an object");
      }
      out.push_back(&(*it)[i]);
    }
    return out;
  }
  std::string Child(const std::string& key, size_t i) const { return Path(key) + "[" + std::to_string(i) + "]."; }

  Result<std::string> Id(const NewId& new_id) const {
    NHOOD_ASSIGN_OR_RETURN(auto id, Str("id"));
    return id ? *id : new_id();
  }

  // The string `key`, or else the "id" of the object nested under `nested`
  // (HSDS allows either: "location_id" or "location": {"id": ...}).
  Result<std::optional<std::string>> StrOrNestedId(const std::string& key, const std::string& nested) const {
    NHOOD_ASSIGN_OR_RETURN(auto v, Str(key));
    if (v) return v;
    auto it = j_.find(nested);
    if (it != j_.end() && it->is_object() && it->contains("id") && (*it)["id"].is_string()) {
      return std::optional<std::string>((*it)["id"].get<std::string>());
    }
    return std::optional<std::string>();
  }

 private:
  const json& j_;
  std::string prefix_;
};

// Appends to `out` one T for each object of the array under `key` in `f`:
// its id (given, or new), then what `read(fields, item)` reads.
template <typename T, typename Read>
Status ParseEach(const Fields& f, const std::string& key, const NewId& new_id, std::vector<T>& out, Read read) {
  NHOOD_ASSIGN_OR_RETURN(auto items, f.Objects(key));
  for (size_t i = 0; i < items.size(); ++i) {
    Fields a(*items[i], f.Child(key, i));
    T x;
    NHOOD_ASSIGN_OR_RETURN(x.id, a.Id(new_id));
    NHOOD_RETURN_IF_ERROR(read(a, x));
    out.push_back(std::move(x));
  }
  return Status::Ok();
}

// What each nested table of a record holds (after its id).
Status ReadPhone(const Fields& p, Phone& ph) {
  NHOOD_ASSIGN_OR_RETURN(ph.number, p.ReqStr("number"));
  NHOOD_ASSIGN_OR_RETURN(ph.extension, p.Int("extension"));
  NHOOD_ASSIGN_OR_RETURN(ph.type, p.Str("type"));
  NHOOD_ASSIGN_OR_RETURN(ph.description, p.Str("description"));
  return Status::Ok();
}

Status ReadAddress(const Fields& a, Address& x) {
  NHOOD_ASSIGN_OR_RETURN(x.attention, a.Str("attention"));
  NHOOD_ASSIGN_OR_RETURN(x.address_1, a.ReqStr("address_1"));
  NHOOD_ASSIGN_OR_RETURN(x.address_2, a.Str("address_2"));
  NHOOD_ASSIGN_OR_RETURN(x.city, a.ReqStr("city"));
  NHOOD_ASSIGN_OR_RETURN(x.region, a.Str("region"));
  NHOOD_ASSIGN_OR_RETURN(auto state, a.Str("state_province"));
  x.state_province = state.value_or("");
  NHOOD_ASSIGN_OR_RETURN(x.postal_code, a.ReqStr("postal_code"));
  NHOOD_ASSIGN_OR_RETURN(auto country, a.Str("country"));
  if (country) x.country = *country;
  NHOOD_ASSIGN_OR_RETURN(auto atype, a.Str("address_type"));
  if (atype) {
    Result<LocationType> t = ParseLocationType(*atype);
    if (!t) return InvalidField(a.Path("address_type"), t.error().message);
    x.address_type = *t;
  }
  return Status::Ok();
}

Status ReadAccessibility(const Fields& a, Accessibility& x) {
  NHOOD_ASSIGN_OR_RETURN(x.description, a.Str("description"));
  NHOOD_ASSIGN_OR_RETURN(x.details, a.Str("details"));
  NHOOD_ASSIGN_OR_RETURN(x.url, a.Str("url"));
  return Status::Ok();
}

Status ReadIdentifier(const Fields& a, Organization::Identifier& x) {
  NHOOD_ASSIGN_OR_RETURN(x.identifier_scheme, a.Str("identifier_scheme"));
  NHOOD_ASSIGN_OR_RETURN(x.identifier_type, a.ReqStr("identifier_type"));
  NHOOD_ASSIGN_OR_RETURN(x.identifier, a.ReqStr("identifier"));
  return Status::Ok();
}

Status ReadSchedule(const Fields& a, Schedule& x) {
  NHOOD_ASSIGN_OR_RETURN(x.valid_from, a.Str("valid_from"));
  NHOOD_ASSIGN_OR_RETURN(x.valid_to, a.Str("valid_to"));
  NHOOD_ASSIGN_OR_RETURN(x.dtstart, a.Str("dtstart"));
  NHOOD_ASSIGN_OR_RETURN(x.freq, a.Str("freq"));
  NHOOD_ASSIGN_OR_RETURN(x.interval, a.Int("interval"));
  NHOOD_ASSIGN_OR_RETURN(x.byday, a.Str("byday"));
  NHOOD_ASSIGN_OR_RETURN(x.bymonthday, a.Str("bymonthday"));
  NHOOD_ASSIGN_OR_RETURN(x.opens_at, a.Str("opens_at"));
  NHOOD_ASSIGN_OR_RETURN(x.closes_at, a.Str("closes_at"));
  NHOOD_ASSIGN_OR_RETURN(x.description, a.Str("description"));
  NHOOD_ASSIGN_OR_RETURN(x.schedule_link, a.Str("schedule_link"));
  NHOOD_ASSIGN_OR_RETURN(x.attending_type, a.Str("attending_type"));
  NHOOD_ASSIGN_OR_RETURN(x.notes, a.Str("notes"));
  return Status::Ok();
}

Status ReadServiceArea(const Fields& a, ServiceArea& x) {
  NHOOD_ASSIGN_OR_RETURN(x.name, a.Str("name"));
  NHOOD_ASSIGN_OR_RETURN(x.description, a.Str("description"));
  NHOOD_ASSIGN_OR_RETURN(x.extent, a.Str("extent"));
  NHOOD_ASSIGN_OR_RETURN(x.extent_type, a.Str("extent_type"));
  NHOOD_ASSIGN_OR_RETURN(x.uri, a.Str("uri"));
  return Status::Ok();
}

Status ReadLanguage(const Fields& a, Language& x) {
  NHOOD_ASSIGN_OR_RETURN(x.name, a.Str("name"));
  NHOOD_ASSIGN_OR_RETURN(x.code, a.Str("code"));
  NHOOD_ASSIGN_OR_RETURN(x.note, a.Str("note"));
  return Status::Ok();
}

Status ReadCostOption(const Fields& a, CostOption& x) {
  NHOOD_ASSIGN_OR_RETURN(x.valid_from, a.Str("valid_from"));
  NHOOD_ASSIGN_OR_RETURN(x.valid_to, a.Str("valid_to"));
  NHOOD_ASSIGN_OR_RETURN(x.option, a.Str("option"));
  NHOOD_ASSIGN_OR_RETURN(auto currency, a.Str("currency"));
  if (currency) x.currency = currency;
  NHOOD_ASSIGN_OR_RETURN(x.amount, a.Num("amount"));
  NHOOD_ASSIGN_OR_RETURN(x.amount_description, a.Str("amount_description"));
  return Status::Ok();
}

Status ReadServiceContact(const Fields& a, const NewId& new_id, ServiceContact& x) {
  NHOOD_ASSIGN_OR_RETURN(x.name, a.Str("name"));
  NHOOD_ASSIGN_OR_RETURN(x.title, a.Str("title"));
  NHOOD_ASSIGN_OR_RETURN(x.department, a.Str("department"));
  NHOOD_ASSIGN_OR_RETURN(x.email, a.Str("email"));
  NHOOD_RETURN_IF_ERROR(ParseEach(a, "phones", new_id, x.phones, ReadPhone));
  return Status::Ok();
}

Status ReadServiceAtLocation(const Fields& a, ServiceAtLocation& x) {
  NHOOD_ASSIGN_OR_RETURN(auto location_id, a.StrOrNestedId("location_id", "location"));
  if (!location_id) return InvalidField(a.Path("location_id"), a.Path("location_id") + " is required");
  x.location_id = *location_id;
  NHOOD_ASSIGN_OR_RETURN(x.description, a.Str("description"));
  return Status::Ok();
}

Status ReadAttribute(const Fields& a, Attribute& x) {
  NHOOD_ASSIGN_OR_RETURN(auto term, a.StrOrNestedId("taxonomy_term_id", "taxonomy_term"));
  if (!term) return InvalidField(a.Path("taxonomy_term_id"), a.Path("taxonomy_term_id") + " is required");
  x.taxonomy_term_id = *term;
  NHOOD_ASSIGN_OR_RETURN(x.link_type, a.Str("link_type"));
  NHOOD_ASSIGN_OR_RETURN(x.value, a.Str("value"));
  return Status::Ok();
}

Status RequireObject(const json& j, const std::string& what) {
  if (!j.is_object()) return InvalidField(what, (what.empty() ? std::string("the record") : what) + " must be an object");
  return Status::Ok();
}

Result<Location> ParseLocation(const json& j, const std::string& prefix, const NewId& new_id) {
  NHOOD_RETURN_IF_ERROR(RequireObject(j, prefix));
  Fields f(j, prefix);
  Location l;
  NHOOD_ASSIGN_OR_RETURN(l.id, f.Id(new_id));
  NHOOD_ASSIGN_OR_RETURN(auto type, f.Str("location_type"));
  if (type) {
    Result<LocationType> t = ParseLocationType(*type);
    if (!t) return InvalidField(f.Path("location_type"), t.error().message);
    l.location_type = *t;
  }
  NHOOD_ASSIGN_OR_RETURN(l.name, f.Str("name"));
  NHOOD_ASSIGN_OR_RETURN(l.description, f.Str("description"));
  NHOOD_ASSIGN_OR_RETURN(l.latitude, f.Num("latitude"));
  NHOOD_ASSIGN_OR_RETURN(l.longitude, f.Num("longitude"));
  NHOOD_ASSIGN_OR_RETURN(l.external_identifier, f.Str("external_identifier"));
  NHOOD_ASSIGN_OR_RETURN(l.external_identifier_type, f.Str("external_identifier_type"));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "addresses", new_id, l.addresses, ReadAddress));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "accessibility", new_id, l.accessibility, ReadAccessibility));
  return l;
}

Result<TaxonomyTerm> ParseTerm(const json& j, const std::string& prefix, const NewId& new_id) {
  NHOOD_RETURN_IF_ERROR(RequireObject(j, prefix));
  Fields f(j, prefix);
  TaxonomyTerm t;
  NHOOD_ASSIGN_OR_RETURN(t.id, f.Id(new_id));
  NHOOD_ASSIGN_OR_RETURN(t.code, f.Str("code"));
  NHOOD_ASSIGN_OR_RETURN(t.name, f.ReqStr("name"));
  NHOOD_ASSIGN_OR_RETURN(auto d, f.Str("description"));
  t.description = d.value_or(t.name);
  NHOOD_ASSIGN_OR_RETURN(t.parent_id, f.Str("parent_id"));
  NHOOD_ASSIGN_OR_RETURN(t.taxonomy, f.Str("taxonomy"));
  NHOOD_ASSIGN_OR_RETURN(t.taxonomy_id, f.Str("taxonomy_id"));
  NHOOD_ASSIGN_OR_RETURN(t.term_uri, f.Str("term_uri"));
  return t;
}

Result<Organization> ParseOrganization(const json& j, const std::string& prefix, const NewId& new_id) {
  NHOOD_RETURN_IF_ERROR(RequireObject(j, prefix));
  Fields f(j, prefix);
  Organization o;
  NHOOD_ASSIGN_OR_RETURN(o.id, f.Id(new_id));
  NHOOD_ASSIGN_OR_RETURN(o.name, f.ReqStr("name"));
  NHOOD_ASSIGN_OR_RETURN(auto d, f.Str("description"));
  o.description = d.value_or("");
  NHOOD_ASSIGN_OR_RETURN(o.email, f.Str("email"));
  NHOOD_ASSIGN_OR_RETURN(o.website, f.Str("website"));
  NHOOD_ASSIGN_OR_RETURN(o.logo, f.Str("logo"));
  NHOOD_ASSIGN_OR_RETURN(o.uri, f.Str("uri"));
  NHOOD_ASSIGN_OR_RETURN(o.parent_organization_id, f.Str("parent_organization_id"));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "organization_identifiers", new_id, o.organization_identifiers, ReadIdentifier));
  return o;
}

Result<Service> ParseService(const json& j, const std::string& prefix, const NewId& new_id) {
  NHOOD_RETURN_IF_ERROR(RequireObject(j, prefix));
  Fields f(j, prefix);
  Service s;
  NHOOD_ASSIGN_OR_RETURN(s.id, f.Id(new_id));
  NHOOD_ASSIGN_OR_RETURN(s.organization_id, f.StrOrNestedId("organization_id", "organization"));
  NHOOD_ASSIGN_OR_RETURN(s.name, f.ReqStr("name"));
  NHOOD_ASSIGN_OR_RETURN(s.alternate_name, f.Str("alternate_name"));
  NHOOD_ASSIGN_OR_RETURN(s.description, f.Str("description"));
  NHOOD_ASSIGN_OR_RETURN(s.url, f.Str("url"));
  NHOOD_ASSIGN_OR_RETURN(s.email, f.Str("email"));
  NHOOD_ASSIGN_OR_RETURN(auto status, f.Str("status"));
  if (status) {
    Result<ServiceStatus> st = ParseServiceStatus(*status);
    if (!st) return InvalidField(f.Path("status"), st.error().message);
    s.status = *st;
  }
  NHOOD_ASSIGN_OR_RETURN(s.eligibility_description, f.Str("eligibility_description"));
  NHOOD_ASSIGN_OR_RETURN(s.minimum_age, f.Num("minimum_age"));
  NHOOD_ASSIGN_OR_RETURN(s.maximum_age, f.Num("maximum_age"));
  NHOOD_ASSIGN_OR_RETURN(s.fees, f.Str("fees"));
  NHOOD_ASSIGN_OR_RETURN(s.accreditations, f.Str("accreditations"));
  NHOOD_ASSIGN_OR_RETURN(s.assured_date, f.Str("assured_date"));
  NHOOD_ASSIGN_OR_RETURN(s.assurer_email, f.Str("assurer_email"));
  NHOOD_ASSIGN_OR_RETURN(s.alert, f.Str("alert"));
  NHOOD_ASSIGN_OR_RETURN(auto modified, f.Str("last_modified"));
  s.last_modified = modified.value_or("");

  NHOOD_RETURN_IF_ERROR(ParseEach(f, "schedules", new_id, s.schedules, ReadSchedule));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "service_areas", new_id, s.service_areas, ReadServiceArea));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "languages", new_id, s.languages, ReadLanguage));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "cost_options", new_id, s.cost_options, ReadCostOption));
  auto read_contact = [&](const Fields& a, ServiceContact& x) { return ReadServiceContact(a, new_id, x); };
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "contacts", new_id, s.contacts, read_contact));
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "service_at_locations", new_id, s.service_at_locations, ReadServiceAtLocation));
  for (ServiceAtLocation& x : s.service_at_locations) x.service_id = s.id;
  NHOOD_RETURN_IF_ERROR(ParseEach(f, "attributes", new_id, s.attributes, ReadAttribute));
  return s;
}

// A service with what it nests, as one record.
Result<DirectoryRecord> ServiceRecord(const json& j, const std::string& what, const NewId& new_id) {
  DirectoryRecord r;
  r.what = what;
  NHOOD_ASSIGN_OR_RETURN(Service s, ParseService(j, "", new_id));
  auto org = j.find("organization");
  if (org != j.end() && org->is_object()) {
    NHOOD_ASSIGN_OR_RETURN(Organization o, ParseOrganization(*org, "organization.", new_id));
    r.organizations.push_back(std::move(o));
  }
  if (auto sals = j.find("service_at_locations"); sals != j.end() && sals->is_array()) {
    for (size_t i = 0; i < sals->size(); ++i) {
      auto l = (*sals)[i].find("location");
      if (l == (*sals)[i].end() || !l->is_object()) continue;
      NHOOD_ASSIGN_OR_RETURN(Location loc,
                             ParseLocation(*l, "service_at_locations[" + std::to_string(i) + "].location.", new_id));
      r.locations.push_back(std::move(loc));
    }
  }
  if (auto attrs = j.find("attributes"); attrs != j.end() && attrs->is_array()) {
    for (size_t i = 0; i < attrs->size(); ++i) {
      auto t = (*attrs)[i].find("taxonomy_term");
      if (t == (*attrs)[i].end() || !t->is_object()) continue;
      NHOOD_ASSIGN_OR_RETURN(TaxonomyTerm term,
                             ParseTerm(*t, "attributes[" + std::to_string(i) + "].taxonomy_term.", new_id));
      r.terms.push_back(std::move(term));
    }
  }
  r.services.push_back(std::move(s));
  return r;
}

// The elements of an array or of a page envelope's contents.
Result<std::vector<const json*>> Items(const json& j, const std::string& what) {
  const json* list = &j;
  if (j.is_object() && j.contains("contents")) list = &j["contents"];
  if (!list->is_array()) return InvalidArgument(what + " must be an array or a page envelope with contents");
  std::vector<const json*> out;
  for (const json& x : *list) out.push_back(&x);
  return out;
}

Rejection Reject(const std::string& what, const Error& e) { return {what, e.field, e.message}; }

}  // namespace

Result<Organization> OrganizationFromOruk(const json& j, const NewId& new_id) {
  return ParseOrganization(j, "", new_id);
}
Result<Location> LocationFromOruk(const json& j, const NewId& new_id) { return ParseLocation(j, "", new_id); }
Result<Taxonomy> TaxonomyFromOruk(const json& j, const NewId& new_id) {
  NHOOD_RETURN_IF_ERROR(RequireObject(j, ""));
  Fields f(j, "");
  Taxonomy t;
  NHOOD_ASSIGN_OR_RETURN(t.id, f.Id(new_id));
  NHOOD_ASSIGN_OR_RETURN(t.name, f.ReqStr("name"));
  NHOOD_ASSIGN_OR_RETURN(auto d, f.Str("description"));
  t.description = d.value_or(t.name);
  NHOOD_ASSIGN_OR_RETURN(t.uri, f.Str("uri"));
  NHOOD_ASSIGN_OR_RETURN(t.version, f.Str("version"));
  return t;
}
Result<TaxonomyTerm> TaxonomyTermFromOruk(const json& j, const NewId& new_id) { return ParseTerm(j, "", new_id); }
Result<Service> ServiceFromOruk(const json& j, const NewId& new_id) { return ParseService(j, "", new_id); }

Result<ParsedFeed> ParseOrukFeed(const json& feed, const NewId& new_id) {
  ParsedFeed out;
  auto each = [&](const json& list, const std::string& key, auto parse) -> Status {
    NHOOD_ASSIGN_OR_RETURN(auto items, Items(list, key));
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string what = key + "[" + std::to_string(i) + "]";
      Result<DirectoryRecord> r = parse(*items[i], what);
      if (r) {
        out.records.push_back(std::move(*r));
      } else {
        out.rejected.push_back(Reject(what, r.error()));
      }
    }
    return Status::Ok();
  };
  auto one = [&](auto parse, auto member) {
    return [&new_id, parse, member](const json& j, const std::string& what) -> Result<DirectoryRecord> {
      DirectoryRecord r;
      r.what = what;
      NHOOD_ASSIGN_OR_RETURN(auto x, parse(j, "", new_id));
      (r.*member).push_back(std::move(x));
      return r;
    };
  };
  auto services = [&](const json& j, const std::string& what) { return ServiceRecord(j, what, new_id); };
  const bool bundle = feed.is_object() && !feed.contains("contents") && !feed.contains("name") &&
                      (feed.contains("services") || feed.contains("organizations") || feed.contains("locations") ||
                       feed.contains("taxonomies") || feed.contains("taxonomy_terms"));
  if (bundle) {
    auto taxonomy = [&new_id](const json& j, const std::string&, const NewId&) { return TaxonomyFromOruk(j, new_id); };
    if (feed.contains("organizations")) {
      NHOOD_RETURN_IF_ERROR(each(feed["organizations"], "organizations",
                                 one(ParseOrganization, &DirectoryRecord::organizations)));
    }
    if (feed.contains("taxonomies")) {
      NHOOD_RETURN_IF_ERROR(each(feed["taxonomies"], "taxonomies", one(taxonomy, &DirectoryRecord::taxonomies)));
    }
    if (feed.contains("taxonomy_terms")) {
      NHOOD_RETURN_IF_ERROR(each(feed["taxonomy_terms"], "taxonomy_terms", one(ParseTerm, &DirectoryRecord::terms)));
    }
    if (feed.contains("locations")) {
      NHOOD_RETURN_IF_ERROR(each(feed["locations"], "locations", one(ParseLocation, &DirectoryRecord::locations)));
    }
    if (feed.contains("services")) NHOOD_RETURN_IF_ERROR(each(feed["services"], "services", services));
    return out;
  }
  if (feed.is_object() && feed.contains("name")) {
    Result<DirectoryRecord> r = ServiceRecord(feed, "service", new_id);
    if (r) {
      out.records.push_back(std::move(*r));
    } else {
      out.rejected.push_back(Reject("service", r.error()));
    }
    return out;
  }
  if (feed.is_array() || (feed.is_object() && feed.contains("contents"))) {
    NHOOD_RETURN_IF_ERROR(each(feed, "services", services));
    return out;
  }
  return InvalidArgument(
      "not an ORUK feed: expected a page envelope, an array of services, a service or a bundle of "
      "organizations/locations/taxonomies/taxonomy_terms/services");
}

namespace {

Status ValidateRecord(const DirectoryRecord& r) {
  for (const auto& o : r.organizations) NHOOD_RETURN_IF_ERROR(ValidateOrganization(o));
  for (const auto& t : r.taxonomies) NHOOD_RETURN_IF_ERROR(ValidateTaxonomy(t));
  for (const auto& t : r.terms) NHOOD_RETURN_IF_ERROR(ValidateTaxonomyTerm(t));
  for (const auto& l : r.locations) NHOOD_RETURN_IF_ERROR(ValidateLocation(l));
  for (const auto& s : r.services) NHOOD_RETURN_IF_ERROR(ValidateService(s));
  return Status::Ok();
}

Status WriteRecord(Store& tx, const DirectoryRecord& r, ImportReport& counts) {
  for (const auto& o : r.organizations) NHOOD_RETURN_IF_ERROR(tx.PutOrganization(o));
  for (const auto& t : r.taxonomies) NHOOD_RETURN_IF_ERROR(tx.PutTaxonomy(t));
  for (TaxonomyTerm t : r.terms) {
    // A term nested in a service names its taxonomy by id only; when that
    // taxonomy is neither in the store nor in the feed, the id is kept as
    // the term's free-text `taxonomy` instead of failing the record.
    if (t.taxonomy_id) {
      Result<Taxonomy> known = tx.GetTaxonomy(*t.taxonomy_id);
      if (!known && known.error().code != StatusCode::kNotFound) return known.error();
      if (!known) {
        if (!t.taxonomy) t.taxonomy = *t.taxonomy_id;
        t.taxonomy_id = std::nullopt;
      }
    }
    NHOOD_RETURN_IF_ERROR(tx.PutTaxonomyTerm(t));
  }
  for (const auto& l : r.locations) NHOOD_RETURN_IF_ERROR(tx.PutLocation(l));
  for (const auto& s : r.services) NHOOD_RETURN_IF_ERROR(tx.PutService(s));
  counts.organizations += static_cast<int64_t>(r.organizations.size());
  counts.taxonomies += static_cast<int64_t>(r.taxonomies.size());
  counts.taxonomy_terms += static_cast<int64_t>(r.terms.size());
  counts.locations += static_cast<int64_t>(r.locations.size());
  counts.services += static_cast<int64_t>(r.services.size());
  return Status::Ok();
}

Status Decide(Store& store, const Actor& actor, Action action, const std::string& type, const std::string& id,
              const RequestInfo& request) {
  Status decision = CheckAccess(actor, action);
  if (!decision.ok()) NHOOD_RETURN_IF_ERROR(AuditDecision(store, actor, action, type, id, decision, request));
  return decision;
}

// Validates `x`, then writes it and its audit event in one transaction.
template <typename T, typename Validate, typename Put>
Status EditDirectory(Store& store, const Actor& actor, const T& x, const std::string& type, Validate validate,
                     Put put, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kEditDirectory, type, x.id, request));
  NHOOD_RETURN_IF_ERROR(validate(x));
  return store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(put(tx, x));
    return AuditDecision(tx, actor, Action::kEditDirectory, type, x.id, Status::Ok(), request);
  });
}

}  // namespace

Result<ImportReport> ImportDirectory(Store& store, const Actor& actor, const std::vector<DirectoryRecord>& records,
                                     std::vector<Rejection> parse_rejections, const ImportOptions& options,
                                     const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(AuditedCheck(store, actor, Action::kImportDirectory, {}, "directory", "import", request));
  ImportReport report;
  report.rejected = std::move(parse_rejections);
  if (!options.all_or_nothing) {
    for (const DirectoryRecord& r : records) {
      Status v = ValidateRecord(r);
      if (!v.ok()) {
        report.rejected.push_back(Reject(r.what, v.error()));
        continue;
      }
      ImportReport counts;
      Status w = store.InTransaction([&](Store& tx) { return WriteRecord(tx, r, counts); });
      if (!w.ok()) {
        if (w.code() != StatusCode::kFailedPrecondition && w.code() != StatusCode::kInvalidArgument &&
            w.code() != StatusCode::kNotFound) {
          return w.error();  // the store itself failed: stop
        }
        report.rejected.push_back(Reject(r.what, w.error()));
        continue;
      }
      report.organizations += counts.organizations;
      report.taxonomies += counts.taxonomies;
      report.taxonomy_terms += counts.taxonomy_terms;
      report.locations += counts.locations;
      report.services += counts.services;
    }
    return report;
  }
  for (const DirectoryRecord& r : records) {
    Status v = ValidateRecord(r);
    if (!v.ok()) report.rejected.push_back(Reject(r.what, v.error()));
  }
  if (!report.rejected.empty()) {
    report.written = false;
    return report;
  }
  ImportReport counts;
  std::optional<Rejection> failed;
  Status w = store.InTransaction([&](Store& tx) -> Status {
    for (const DirectoryRecord& r : records) {
      Status s = WriteRecord(tx, r, counts);
      if (!s.ok()) {
        failed = Reject(r.what, s.error());
        return s;
      }
    }
    return Status::Ok();
  });
  if (!w.ok()) {
    if (!failed) return w.error();
    report.rejected.push_back(*failed);
    report.written = false;
    return report;
  }
  counts.rejected = std::move(report.rejected);
  return counts;
}

Status WriteOrganization(Store& store, const Actor& actor, const Organization& o, const RequestInfo& request) {
  return EditDirectory(store, actor, o, "organization", ValidateOrganization,
                       [](Store& tx, const Organization& x) { return tx.PutOrganization(x); }, request);
}
Status WriteLocation(Store& store, const Actor& actor, const Location& l, const RequestInfo& request) {
  return EditDirectory(store, actor, l, "location", ValidateLocation,
                       [](Store& tx, const Location& x) { return tx.PutLocation(x); }, request);
}
Status WriteTaxonomy(Store& store, const Actor& actor, const Taxonomy& t, const RequestInfo& request) {
  return EditDirectory(store, actor, t, "taxonomy", ValidateTaxonomy,
                       [](Store& tx, const Taxonomy& x) { return tx.PutTaxonomy(x); }, request);
}
Status WriteTaxonomyTerm(Store& store, const Actor& actor, const TaxonomyTerm& t, const RequestInfo& request) {
  return EditDirectory(store, actor, t, "taxonomy_term", ValidateTaxonomyTerm,
                       [](Store& tx, const TaxonomyTerm& x) { return tx.PutTaxonomyTerm(x); }, request);
}
Status WriteService(Store& store, const Actor& actor, Service s, const RequestInfo& request) {
  s.last_modified = FormatTime(request.now);
  return EditDirectory(store, actor, s, "service", ValidateService,
                       [](Store& tx, const Service& x) { return tx.PutService(x); }, request);
}
Status RemoveService(Store& store, const Actor& actor, const std::string& id, const RequestInfo& request) {
  NHOOD_RETURN_IF_ERROR(Decide(store, actor, Action::kEditDirectory, "service", id, request));
  return store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.DeleteService(id));
    return AuditDecision(tx, actor, Action::kEditDirectory, "service", id, Status::Ok(), request);
  });
}

}  // namespace nhood::link
