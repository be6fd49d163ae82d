// The directory as Open Referral UK JSON (HSDS 3.0 UK profile, schemas in
// ../shared/reference/oruk/uk-profile/schema): optional fields are omitted,
// never null; only the profile's fields are written.
#pragma once

#include <nlohmann/json.hpp>

#include "nhood/link/directory.h"
#include "nhood/link/store.h"

namespace nhood::server {

// compiled/service_list.json: the one-to-one fields and the organisation.
nlohmann::json OrukServiceSummary(const link::Service& s, const link::Organization* org);
// compiled/service.json: fully nested. `locations` and `terms` resolve the
// service's location and taxonomy-term ids (absent ones are left out).
struct OrukLookups {
  const link::Organization* organization = nullptr;
  std::vector<link::Location> locations;
  std::vector<link::TaxonomyTerm> terms;
};
nlohmann::json OrukService(const link::Service& s, const OrukLookups& lookups);
nlohmann::json OrukOrganization(const link::Organization& o);
nlohmann::json OrukLocation(const link::Location& l, bool nested);
nlohmann::json OrukTaxonomy(const link::Taxonomy& t);
nlohmann::json OrukTaxonomyTerm(const link::TaxonomyTerm& t);

// The HSDS page envelope around `contents`.
template <typename T>
nlohmann::json OrukPage(const link::Page<T>& page, nlohmann::json contents) {
  const int64_t pages = page.total_pages();
  return {{"total_items", page.total_items},
          {"total_pages", pages},
          {"page_number", page.page_number},
          {"size", page.size},
          {"first_page", page.page_number <= 1},
          {"last_page", page.page_number >= pages},
          {"empty", page.contents.empty()},
          {"contents", std::move(contents)}};
}

}  // namespace nhood::server
