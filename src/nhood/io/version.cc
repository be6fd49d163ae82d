#include "nhood/io/version.h"

#include "nhood_io_version_generated.h"

namespace nhood::io {

std::string ProjectVersion() { return NHOOD_PROJECT_VERSION; }

std::string GitDescribe() { return NHOOD_GIT_DESCRIBE; }

std::string VersionString() {
  const std::string git = GitDescribe();
  return git.empty() ? ProjectVersion() : ProjectVersion() + " (" + git + ")";
}

}  // namespace nhood::io
