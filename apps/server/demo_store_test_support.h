// Test support for the report tests (report_api_test.cc, web/
// report_pages_test.cc): a store seeded by the real `nhood link demo`
// (NHOOD_BINARY) from the data mirror's North East postcodes, and a
// hand-made atlas of the LSOAs its residents live in. Test-only;
// header-only.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
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

// A hand-made atlas output in `dir` (its lsoas.csv only): the LSOAs the
// store's residents (erased ones included) live in, in code order, each of
// 1,500 people, in neighbourhoods N0-N6 by turn, every third Core20 and every
// fifth doubly disadvantaged; then `extra_rows` as they are.
inline void WriteResidentAtlas(link::Store& store, const std::filesystem::path& dir,
                               const std::string& extra_rows = "") {
  std::set<std::string> lsoas;
  auto residents = store.FindResidents({.include_erased = true, .limit = 10000});
  if (!residents.has_value()) {
    ADD_FAILURE() << residents.error().message;
    return;
  }
  for (const auto& r : *residents) lsoas.insert(r.lsoa.value_or(""));
  lsoas.erase("");
  std::filesystem::create_directories(dir);
  std::ofstream csv(dir / "lsoas.csv");
  csv << "lsoa21_code,neighbourhood_id,population,core20,double_disadvantage\n";
  size_t i = 0;
  for (const std::string& l : lsoas) {
    csv << l << ",N" << (i % 7) << ",1500," << (i % 3 == 0 ? "true" : "false") << ","
        << (i % 5 == 0 ? "true" : "false") << "\n";
    ++i;
  }
  csv << extra_rows;
}

}  // namespace nhood::server::testing
