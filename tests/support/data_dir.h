// Where the tests find the data mirror and the reference outputs, and the
// one way a test says it needs them: a test whose data is missing FAILS,
// naming the path it looked for and where that directory came from. It never
// skips, so a run without the mirror cannot report 100% passed.
//
//   ASSERT_TRUE(test_support::HaveData(test_support::DataDir() / "imd2019"));
//
// The directories, first match wins:
//   data:       $NHOOD_DATA_DIR, else the CMake cache variable NHOOD_DATA_DIR
//               (default <source>/../shared/data);
//   references: $NHOOD_REFERENCE_DIR, else the CMake cache variable
//               NHOOD_REFERENCE_DIR (default <source>/../shared/reference).
// `make test DATA_DIR=... REFERENCE_DIR=...` sets both variables for ctest.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

namespace nhood::test_support {

// The data mirror (../shared/data layout: census/, imd2019/, boundaries/...).
std::filesystem::path DataDir();

// The reference outputs (../shared/reference layout: cases/manifest.csv...).
std::filesystem::path ReferenceDir();

// Success when `path` exists. Otherwise a failure that names `path`, the data
// and reference directories and where each came from (environment or CMake
// default), and how to point the tests elsewhere.
::testing::AssertionResult HaveData(const std::filesystem::path& path);

}  // namespace nhood::test_support
