// The declared configuration schemas of nhood's configuration-driven
// commands: every key each command reads, its type, range and allowed
// values (docs/cli.md describes each key). Commands validate their file
// against these before reading any data (io::LoadConfigFile); a command
// still to come (evaluate, link) declares its own the same way, here.
//
// Each schema is built once, on first use, and is safe to share between
// threads.
#pragma once

#include "nhood/io/config_schema.h"

namespace nhood::io {

// `nhood atlas`: [areas], [population], [nest], [deprivation], [hotspot],
// [double_disadvantage] (a classify configuration, validated in turn),
// [[risk]], and the optional [extent], [bounds], [tiers], [bridge], [ages],
// [neighbourhoods].
const ConfigSchema& AtlasConfigSchema();

// `nhood regions`: [areas], [population], [nest], optional [homogeneity],
// [bounds], [compare] and compactness_weight.
const ConfigSchema& RegionsConfigSchema();

// `nhood index`: [input], [[domain]] (with [[domain.indicator]]), [check].
const ConfigSchema& IndexConfigSchema();

// `nhood classify`: [social_infrastructure], [deprivation] (with
// [deprivation.population] and [deprivation.lookup]), optional [compare],
// [bridge] and [[health]].
const ConfigSchema& ClassifyConfigSchema();

// `nhood did`: [treated], [clusters], [census2011], [census2021], [bridge],
// [deprivation], [deciles], optional [ages], [rural_urban], [matching], and
// name, seed, replicates.
const ConfigSchema& DidConfigSchema();

// A survey codebook (`nhood survey report`, and `--codebook` of `survey
// model` / `survey mediate`; evaluate/codebook.h, evaluate/model_report.h):
// [responses.NAME] sets, [[items]], [[scales]], [groups], [design],
// [waves], and [model] / [mediation] (one table, or repeated).
const ConfigSchema& SurveyCodebookSchema();

// The keys of an area-level indicator entry, shared by classify's
// [[health]] and the atlas' [[risk]]: name, file, id, numerator +
// denominator or value, filter_column + filter_value, vintage
// (lsoa11 | lsoa21) and polarity (low_is_good | high_is_good).
void DeclareIndicatorKeys(ConfigSection& entry);

}  // namespace nhood::io
