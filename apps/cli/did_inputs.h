// The edge of `nhood did`: reads the configuration (validated against
// io::DidConfigSchema before any data is read) and every data file it names,
// bridges Census 2021 onto LSOA 2011, and builds the in-memory
// evaluate::DidInput (src/nhood/evaluate/did.h). Data errors name the file,
// row and column: a treated area that is not on the geography (an LSOA not
// in the 2011 census file, a ward no LSOA maps to), a duplicate or negative
// count, an area without a ward, decile, score or 2021 counts. Treated
// areas given as polygons select the LSOAs whose [centroids] point falls
// inside one (io/point_in_polygon.h, in British National Grid metres); an
// invalid polygon, or one that holds no LSOA's point, is an error naming the
// file and the feature.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/evaluate/did.h"

namespace nhood::cli {

struct DidInputs {
  std::string name;                   // the configuration's name
  evaluate::DidInput input;
  evaluate::MatchingOptions matching;
  uint64_t seed = 2011;
  int replicates = 999;
  std::string treated_level;          // lsoa | ward | polygon
  size_t treated_rows = 0;            // rows of the treated file kept (after the flag), or polygons
  std::string treated_note;           // how polygons selected the LSOAs (empty for a list)
  size_t split_sources = 0;           // 2021 areas shared among several 2011 areas
  double england_bridged_after = 0;   // England's 2021 persons after the bridge (equals the file's)
  bool ages_matched = false;          // [ages] given: age shares among the covariates
  std::vector<std::string> covariate_notes;
  std::vector<std::string> sources;   // "what: file" as written in the configuration
  std::vector<std::string> inputs;    // the files read (absolute or as given)
};

Result<DidInputs> LoadDidInputs(const std::string& config, const std::string& data_dir);

}  // namespace nhood::cli
