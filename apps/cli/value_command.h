// `nhood value`: what a programme's outcomes are worth.
//   wellby  life-satisfaction change -> £ (HM Treasury Wellbeing Guidance 2021)
//   sroi    social return on investment from a TOML configuration, with the
//           adjustment chain and a sensitivity (tornado) table
//   ledger  community-led spend against the 1% of an ICS budget goal, and
//           spend per head by neighbourhood class (atlas neighbourhoods.csv)
// The sums live in src/nhood/evaluate (wellby.h, sroi.h, spend_ledger.h);
// this file parses options and the configuration and writes the tables.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/evaluate/sroi.h"

namespace nhood::cli {

// Reads and validates an SROI configuration before any work: unknown keys,
// wrong types and values outside the allowed ones are kInvalidArgument
// "FILE: KEY: what (allowed ...)". Proxies are restated in [sroi]
// price_year prices with the shipped GDP deflators.
Result<evaluate::SroiInput> LoadSroiConfig(const std::string& path);

// `args` is the command line (for provenance).
void SetupValueCommand(CLI::App& app, int* exit_code, const std::vector<std::string>* args);

}  // namespace nhood::cli
