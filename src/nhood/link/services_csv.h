// A spreadsheet of services (one row each, read by io::ReadTable from CSV,
// XLSX or ODS) turned into directory records for ImportDirectory
// (oruk_feed.h).
//
// Columns, by name (case as written; others are ignored):
//   name (required), organization (required: the organisation's name),
//   organization_description (default: the organisation's name),
//   description, status (active, inactive, defunct, temporarily closed),
//   email, url, fees, eligibility, minimum_age, maximum_age,
//   taxonomy_terms (names separated by ";"), phone,
//   address_1, city, county, postcode (an address needs all four: HSDS
//   requires state_province, which in England is the county), latitude,
//   longitude.
// Optional `id` and `organization_id` columns give UUIDs; otherwise ids are
// derived from the names (a BLAKE2b hash of "organization:<name>",
// "service:<organization>|<name>", "location:<service id>",
// "taxonomy_term:<name>" made into a UUID), so importing the same sheet
// again replaces the same records instead of duplicating them. Terms go into
// one taxonomy, "nhood import". A row with a missing required cell, a
// number that does not parse or an unknown status is rejected naming its
// row and column; the other rows are still records. Pure.
#pragma once

#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/base/table.h"
#include "nhood/link/oruk_feed.h"

namespace nhood::link {

// kInvalidArgument when the required columns are missing.
Result<ParsedFeed> ServicesFromTable(const Table& t);

// A UUID (version 4 layout) from a BLAKE2b hash of `text`: the same text
// always gives the same id.
std::string NameUuid(std::string_view text);

}  // namespace nhood::link
