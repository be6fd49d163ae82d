// What every io writer does after committing a file: while a Run is open
// and the file is not inside a staged directory, write its
// `<output>.provenance.json`. Internal to io.
#pragma once

#include <string>

#include "nhood/base/result.h"
#include "nhood/io/internal/atomic_file.h"
#include "nhood/io/provenance.h"

namespace nhood::io::internal {

inline Status AfterWrite(const std::string& path) {
  if (!Run::Current() || InStagingDirectory(path)) return Status::Ok();
  return WriteProvenance(path, {}, {});
}

}  // namespace nhood::io::internal
