// Search for the atlas explorer: neighbourhoods, wards, local authorities
// and LSOAs of an atlas output, by name or code.
//
// Entries come from the atlas's own tables: neighbourhoods.csv (id, and
// `name` when present), and lsoas.csv (the LSOA code and name, the local
// authority code and name, and the first `wardNN_code` / `wardNN_name`
// pair). A ward points at the neighbourhood holding most of its residents
// (LSOA populations), an LSOA at its own, a local authority at its most
// populous neighbourhood.
//
// Matching ignores case, accents are not folded, "&" matches "and", and
// any run of other punctuation is a space. Ranking: an exact name or code
// first, then a name or code starting with the query, then a word starting
// with it, then the query anywhere; ties in kind order (neighbourhood,
// ward, lad, lsoa), then by name. A query shorter than 2 characters after
// normalising finds nothing.
// Pure; a built index is immutable and safe to share across threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nhood/atlas/atlas_profile.h"

namespace nhood::atlas {

struct SearchHit {
  std::string kind;  // "neighbourhood", "ward", "lad" or "lsoa"
  std::string id, name;
  std::string neighbourhood_id;
};

class SearchIndex {
 public:
  static SearchIndex Build(const ExplorerAtlas& atlas);
  // At most `limit` hits, best first.
  std::vector<SearchHit> Search(std::string_view query, size_t limit = 20) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    SearchHit hit;
    int kind_order = 0;
    std::string name_key, code_key;  // normalised
  };
  std::vector<Entry> entries_;
};

// Lower case, "&" as "and", other runs of non-alphanumerics as one space,
// trimmed.
std::string NormaliseForSearch(std::string_view s);

}  // namespace nhood::atlas
