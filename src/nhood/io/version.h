// The nhood version, fixed when the build is configured: the CMake project
// version and `git describe --always --dirty` of the source tree at configure
// time (empty when the tree is not a git checkout). Pure; thread-safe.
#pragma once

#include <string>

namespace nhood::io {

// "0.1.0", from project(nhood VERSION ...).
std::string ProjectVersion();

// "v0.1.0-12-g22c3954" or "22c3954-dirty"; "" when git was not available.
std::string GitDescribe();

// "0.1.0 (22c3954-dirty)", or "0.1.0" when GitDescribe() is empty.
std::string VersionString();

}  // namespace nhood::io
