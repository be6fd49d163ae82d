#include "tests/support/data_dir.h"

#include <cstdlib>
#include <string>

namespace nhood::test_support {
namespace {

struct Dir {
  std::filesystem::path path;
  std::string origin;  // "$NHOOD_DATA_DIR" or "the CMake default"
};

Dir Find(const char* variable, const char* cmake_default) {
  if (const char* env = std::getenv(variable); env != nullptr && *env != '\0') {
    return {env, std::string("$") + variable};
  }
  return {cmake_default, std::string("the CMake cache variable ") + variable};
}

Dir Data() { return Find("NHOOD_DATA_DIR", NHOOD_TEST_DATA_DIR); }
Dir Reference() { return Find("NHOOD_REFERENCE_DIR", NHOOD_TEST_REFERENCE_DIR); }

std::string Describe(const char* what, const Dir& d) {
  std::error_code ec;
  const bool present = std::filesystem::is_directory(d.path, ec);
  return std::string(what) + " directory " + d.path.string() + " (from " + d.origin + ")" +
         (present ? "" : ": no such directory");
}

}  // namespace

std::filesystem::path DataDir() { return Data().path; }

std::filesystem::path ReferenceDir() { return Reference().path; }

::testing::AssertionResult HaveData(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "test data missing: looked for " << path.string() << "; " << Describe("data", Data()) << "; "
         << Describe("reference", Reference())
         << ". Point the tests at the mirror: make test DATA_DIR=<mirror>/data REFERENCE_DIR=<mirror>/reference, "
            "or set NHOOD_DATA_DIR and NHOOD_REFERENCE_DIR.";
}

}  // namespace nhood::test_support
