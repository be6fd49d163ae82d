#include "nhood/link/services_csv.h"

#include <sodium.h>

#include <array>
#include <charconv>
#include <optional>

#include "nhood/link/uuid.h"

namespace nhood::link {
namespace {

std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<double> ToNumber(const std::string& s) {
  double v = 0;
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, v);
  if (r.ec != std::errc() || r.ptr != end) return std::nullopt;
  return v;
}

constexpr const char* kTaxonomyName = "nhood import";

}  // namespace

std::string NameUuid(std::string_view text) {
  std::array<uint8_t, 16> bytes{};
  crypto_generichash(bytes.data(), bytes.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                     nullptr, 0);
  return NewUuidV4(bytes);
}

Result<ParsedFeed> ServicesFromTable(const Table& t) {
  NHOOD_RETURN_IF_ERROR(t.Require("name").status());
  NHOOD_RETURN_IF_ERROR(t.Require("organization").status());
  auto cell = [&](size_t row, std::string_view column) -> std::string {
    std::optional<size_t> c = t.Find(column);
    return c ? Trim(t.Cell(*c, row)) : "";
  };
  auto opt = [&](size_t row, std::string_view column) -> std::optional<std::string> {
    std::string v = cell(row, column);
    if (v.empty()) return std::nullopt;
    return v;
  };
  ParsedFeed out;
  const Taxonomy taxonomy{.id = NameUuid(std::string("taxonomy:") + kTaxonomyName), .name = kTaxonomyName,
                          .description = "Terms from imported service sheets"};
  for (size_t row = 0; row < t.num_rows(); ++row) {
    const std::string what = "row " + std::to_string(row + 1);
    auto reject = [&](const std::string& column, const std::string& why) {
      out.rejected.push_back({what, column, t.RowLocation(row) + ", column '" + column + "': " + why});
    };
    const std::string name = cell(row, "name"), org_name = cell(row, "organization");
    if (name.empty()) {
      reject("name", "a service needs a name");
      continue;
    }
    if (org_name.empty()) {
      reject("organization", "a service needs its organisation's name");
      continue;
    }
    DirectoryRecord r;
    r.what = what;
    Organization org{.id = opt(row, "organization_id").value_or(NameUuid("organization:" + org_name)),
                     .name = org_name, .description = opt(row, "organization_description").value_or(org_name)};
    Service s;
    s.id = opt(row, "id").value_or(NameUuid("service:" + org_name + "|" + name));
    s.organization_id = org.id;
    s.name = name;
    s.description = opt(row, "description");
    s.email = opt(row, "email");
    s.url = opt(row, "url");
    s.fees = opt(row, "fees");
    s.eligibility_description = opt(row, "eligibility");
    bool bad = false;
    if (auto status = opt(row, "status")) {
      Result<ServiceStatus> st = ParseServiceStatus(*status);
      if (!st) {
        reject("status", "'" + *status + "' is not a service status (active, inactive, defunct, temporarily closed)");
        continue;
      }
      s.status = *st;
    }
    for (const char* column : {"minimum_age", "maximum_age", "latitude", "longitude"}) {
      if (auto v = opt(row, column); v && !ToNumber(*v)) {
        reject(column, "'" + *v + "' is not a number");
        bad = true;
        break;
      }
    }
    if (bad) continue;
    if (auto v = opt(row, "minimum_age")) s.minimum_age = ToNumber(*v);
    if (auto v = opt(row, "maximum_age")) s.maximum_age = ToNumber(*v);
    if (auto phone = opt(row, "phone")) {
      s.contacts.push_back({.id = NameUuid("contact:" + s.id), .name = std::nullopt, .title = std::nullopt,
                            .department = std::nullopt, .email = std::nullopt,
                            .phones = {{.id = NameUuid("phone:" + s.id), .number = *phone}}});
    }
    const auto address_1 = opt(row, "address_1"), city = opt(row, "city"), postcode = opt(row, "postcode");
    const auto lat = opt(row, "latitude"), lon = opt(row, "longitude");
    if (address_1 || city || postcode || lat || lon) {
      Location l{.id = NameUuid("location:" + s.id)};
      l.name = name;
      if (lat) l.latitude = ToNumber(*lat);
      if (lon) l.longitude = ToNumber(*lon);
      if (address_1 || city || postcode) {
        const auto county = opt(row, "county");
        if (!address_1 || !city || !county || !postcode) {
          reject(!address_1 ? "address_1" : !city ? "city" : !county ? "county" : "postcode",
                 "an address needs address_1, city, county and postcode");
          continue;
        }
        l.addresses.push_back({.id = NameUuid("address:" + s.id), .address_1 = *address_1, .city = *city,
                               .state_province = *county, .postal_code = *postcode});
      }
      s.service_at_locations.push_back(
          {.id = NameUuid("service_at_location:" + s.id), .service_id = s.id, .location_id = l.id});
      r.locations.push_back(std::move(l));
    }
    const std::string terms = cell(row, "taxonomy_terms");
    size_t pos = 0;
    while (pos <= terms.size() && !terms.empty()) {
      size_t end = terms.find(';', pos);
      if (end == std::string::npos) end = terms.size();
      const std::string term = Trim(std::string_view(terms).substr(pos, end - pos));
      if (!term.empty()) {
        TaxonomyTerm x{.id = NameUuid("taxonomy_term:" + term), .name = term, .description = term,
                       .taxonomy_id = taxonomy.id};
        s.attributes.push_back({.id = NameUuid("attribute:" + s.id + "|" + x.id), .taxonomy_term_id = x.id});
        r.terms.push_back(std::move(x));
      }
      pos = end + 1;
    }
    if (!r.terms.empty()) r.taxonomies.push_back(taxonomy);
    r.organizations.push_back(std::move(org));
    r.services.push_back(std::move(s));
    out.records.push_back(std::move(r));
  }
  return out;
}

}  // namespace nhood::link
