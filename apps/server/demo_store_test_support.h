// Test support for the report tests (report_api_test.cc, web/
// report_pages_test.cc): a store seeded by the real `nhood link demo`
// (NHOOD_BINARY) from the data mirror's North East postcodes, and the set of
// LSOAs its residents live in (for a hand-made atlas). Test-only;
// header-only.
#pragma once

#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "nhood/link/store.h"
#include "nhood/store/open_store.h"
#include "tests/support/data_dir.h"

namespace nhood::server::testing {

// `nhood link demo --db DB` (a SQLite path or a postgresql:// URI), then the
// store opened; nullptr and a test failure (naming what was missing) when
// the mirror's postcodes, the seeding or the opening fail.
inline std::unique_ptr<link::Store> SeededDemoStore(const std::string& db) {
  const auto postcodes = test_support::DataDir() / "postcodes" / "north_east_live_postcodes.csv.gz";
  if (::testing::AssertionResult have = test_support::HaveData(postcodes); !have) {
    ADD_FAILURE() << have.message();
    return nullptr;
  }
  const std::string cmd = std::string(NHOOD_BINARY) + " link demo --db '" + db + "' --postcodes '" +
                          postcodes.string() + "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "failed: " << cmd;
    return nullptr;
  }
  auto opened = store::OpenStore(db);
  if (!opened.has_value()) {
    ADD_FAILURE() << opened.error().message;
    return nullptr;
  }
  return std::move(opened).value();
}

// The LSOAs the store's residents (erased ones included) live in.
inline std::set<std::string> ResidentLsoas(link::Store& store) {
  std::set<std::string> lsoas;
  auto residents = store.FindResidents({.include_erased = true, .limit = 10000});
  if (!residents.has_value()) {
    ADD_FAILURE() << residents.error().message;
    return lsoas;
  }
  for (const auto& r : *residents) lsoas.insert(r.lsoa.value_or(""));
  lsoas.erase("");
  return lsoas;
}

}  // namespace nhood::server::testing
