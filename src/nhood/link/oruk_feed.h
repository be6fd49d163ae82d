// Reading the directory from Open Referral UK JSON (the HSDS 3.0 UK-profile
// shapes that /oruk/ serves), for directory writes through the API and for
// importing a feed, and the import itself.
//
// The parsers take one object each and check its shape: a field of the
// wrong type is kInvalidArgument naming its path ("service_at_locations[0]
// .location_id"); values are then checked by directory.h's Validate*. An
// absent id is drawn from `new_id` (callers pass a CSPRNG-backed UUID v4
// maker). Unknown fields are ignored (feeds carry more than nhood keeps).
//
// A feed is what /oruk/ serves, from a file: a page envelope ({"contents":
// [...]}, as /oruk/services), an array of services, one service, or a bundle
// object with any of "organizations", "locations", "taxonomies",
// "taxonomy_terms" and "services" (each an array or a page envelope).
// Services may nest their organization, their locations
// (service_at_locations[].location) and their attributes' taxonomy terms
// (attributes[].taxonomy_term), as /oruk/services/{id} does; those are
// imported too. A nested term whose taxonomy_id is in neither the store
// nor the feed keeps that id as its free-text `taxonomy` instead.
// Pure functions apart from ImportDirectory, which writes through the Store.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nhood/base/result.h"
#include "nhood/link/access.h"
#include "nhood/link/directory.h"
#include "nhood/link/store.h"

namespace nhood::link {

using NewId = std::function<std::string()>;

Result<Organization> OrganizationFromOruk(const nlohmann::json& j, const NewId& new_id);
Result<Location> LocationFromOruk(const nlohmann::json& j, const NewId& new_id);
Result<Taxonomy> TaxonomyFromOruk(const nlohmann::json& j, const NewId& new_id);
Result<TaxonomyTerm> TaxonomyTermFromOruk(const nlohmann::json& j, const NewId& new_id);
// The service alone; its nested organization, locations and terms are
// ServiceBundleFromOruk's.
Result<Service> ServiceFromOruk(const nlohmann::json& j, const NewId& new_id);

// One record of a feed with what it needs written first.
struct DirectoryRecord {
  std::string what;  // "services[3]", "organizations[0]": where it was in the feed
  std::vector<Organization> organizations;
  std::vector<Taxonomy> taxonomies;
  std::vector<TaxonomyTerm> terms;
  std::vector<Location> locations;
  std::vector<Service> services;
};

struct Rejection {
  std::string what;   // "services[3]" or "row 7"
  std::string field;  // "minimum_age", "service_at_locations[0].location_id"; may be empty
  std::string reason;
};

// Splits a feed into records, in dependency order (organizations,
// taxonomies, terms, locations, then services each with what it nests).
// Records that do not parse are rejections. kInvalidArgument when the
// document is none of the shapes above.
struct ParsedFeed {
  std::vector<DirectoryRecord> records;
  std::vector<Rejection> rejected;
};
Result<ParsedFeed> ParseOrukFeed(const nlohmann::json& feed, const NewId& new_id);

struct ImportOptions {
  // false (the default): each record is written in its own transaction and
  // a rejected one is reported and skipped. true: one transaction, and
  // nothing is written when any record is rejected.
  bool all_or_nothing = false;
};

struct ImportReport {
  int64_t organizations = 0, taxonomies = 0, taxonomy_terms = 0, locations = 0, services = 0;  // written
  std::vector<Rejection> rejected;
  bool written = true;  // false when all_or_nothing refused the whole feed
};

// Validates and writes the records (kImportDirectory; audited once as
// ("directory", "import")). A record whose write fails (an unknown
// organization_id or location_id, a failed validation) is a rejection with
// the store's or the validator's reason. `parse_rejections` (from parsing)
// count as rejections too.
Result<ImportReport> ImportDirectory(Store& store, const Actor& actor, const std::vector<DirectoryRecord>& records,
                                     std::vector<Rejection> parse_rejections, const ImportOptions& options,
                                     const RequestInfo& request);

// Directory writes through the API (kEditDirectory: managers and admins;
// audited as (type, id)): validate, then insert or replace.
Status WriteOrganization(Store& store, const Actor& actor, const Organization& o, const RequestInfo& request);
Status WriteLocation(Store& store, const Actor& actor, const Location& l, const RequestInfo& request);
Status WriteTaxonomy(Store& store, const Actor& actor, const Taxonomy& t, const RequestInfo& request);
Status WriteTaxonomyTerm(Store& store, const Actor& actor, const TaxonomyTerm& t, const RequestInfo& request);
// Sets last_modified to request.now.
Status WriteService(Store& store, const Actor& actor, Service s, const RequestInfo& request);
Status RemoveService(Store& store, const Actor& actor, const std::string& id, const RequestInfo& request);

}  // namespace nhood::link
