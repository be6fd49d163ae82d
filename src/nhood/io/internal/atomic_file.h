// Atomic output for io: write to a temporary file beside the target, then
// rename it over the target only when complete, so a failed write leaves no
// partial file and an existing one untouched. Internal to io.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "nhood/base/result.h"

namespace nhood::io::internal {

// The name prefix of StagedDirectory's staging directories.
inline constexpr const char* kStagingPrefix = ".nhood-stage-";

// True when `path` is a file directly inside a staging directory (its
// provenance goes into the directory's provenance.json, not a sidecar).
inline bool InStagingDirectory(const std::filesystem::path& path) {
  return path.parent_path().filename().string().rfind(kStagingPrefix, 0) == 0;
}

// ".nhood-tmp-<pid>-<name>" in the target's directory (same file system, so
// the rename is atomic).
inline std::filesystem::path TempPathFor(const std::filesystem::path& target) {
  std::filesystem::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  return dir / (".nhood-tmp-" + std::to_string(::getpid()) + "-" + target.filename().string());
}

// Renames `tmp` over `target`; removes `tmp` and reports kIoError on failure.
inline Status Commit(const std::filesystem::path& tmp, const std::filesystem::path& target) {
  std::error_code ec;
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return IoError(target.string() + ": cannot move the finished file into place");
  }
  return Status::Ok();
}

}  // namespace nhood::io::internal
