// Loading what indirect age standardisation needs in `nhood atlas`:
//   [ages]  file, id, bands = ["column", ...] (population by age band per
//           area), optional skip_lines (5 for a Nomis export) and
//           vintage = "lsoa21" (bridged to LSOA 2011 by population through
//           [bridge], like the risk counts);
//   a [[risk]] entry's reference_rates: a CSV with column age_band and either
//           rate (events per person) or events + population (the
//           reference's counts by age band, e.g. England from a Nomis RM
//           table). Every band of [ages] needs a row.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <toml++/toml.h>

#include "nhood/atlas/age_standardisation.h"
#include "nhood/base/result.h"

namespace nhood::cli {

// The band columns listed in [ages] bands (empty when none); `config`
// names the file in errors.
Result<std::vector<std::string>> AgeBandNames(const toml::table& root, const std::string& config);

// `population` (LSOA 2011) apportions bridged bands.
Result<atlas::AgeBands> LoadAgeBands(const toml::table& root, const std::string& config, const std::string& data_dir,
                                     const std::unordered_map<std::string, double>& population);

// Errors name the file, row and column: a missing column, a repeated band,
// a rate outside [0, 1], negative events or a population not above 0.
Result<atlas::ReferenceRates> LoadReferenceRates(const std::string& path);

}  // namespace nhood::cli
