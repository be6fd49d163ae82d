// A staged output directory: all-or-nothing output for runs that write
// several files (atlas, regions; later did and the survey report).
//
// Begin() makes an empty staging directory beside the target (same parent,
// so everything stays on one file system). The command writes every file
// into it through the usual writers (WriteTable(t, staged.Path("a.csv"))...);
// Commit() then writes `provenance.json` into it (the run's provenance plus
// every file with its size and SHA-256) and puts it in place of the target in
// one step (renameat2 RENAME_EXCHANGE; two renames where the file system
// cannot exchange). If anything fails before Commit, or the object is
// destroyed without a Commit, the staging directory is removed and the target
// is left exactly as it was.
//
// Files in an existing target that nhood did not write (not listed in the
// target's previous provenance.json) are carried over into the new
// directory, so a rerun never deletes a user's own files; files a previous
// run listed and this run did not write are dropped with the old directory.
// The target may not be, or hold, an input of the run (CheckNotAnInput).
//
// Movable, not copyable. Not thread-safe: one thread commits.
#pragma once

#include <string>
#include <vector>

#include "nhood/base/result.h"
#include "nhood/io/provenance.h"

namespace nhood::io {

class StagedDirectory {
 public:
  // kInvalidArgument when `target` exists and is not a directory, or is or
  // holds an input of the current run; kIoError when the staging directory
  // cannot be made.
  static Result<StagedDirectory> Begin(const std::string& target);

  StagedDirectory(StagedDirectory&& other) noexcept;
  StagedDirectory& operator=(StagedDirectory&& other) noexcept;
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;
  ~StagedDirectory();  // removes the staging directory unless committed

  // Where to write `name` (a file name, or a relative path whose folders the
  // caller creates under staging_path()).
  std::string Path(const std::string& name) const;
  const std::string& staging_path() const { return staging_; }
  const std::string& target() const { return target_; }

  // Writes provenance.json (with `inputs` and `fields` added to the run's)
  // and moves the staged directory into place. After a failure the target is
  // unchanged. kInvalidArgument when the target is or holds an input;
  // kIoError when a rename fails. Call once.
  Status Commit(const std::vector<std::string>& inputs = {}, const ProvenanceFields& fields = {});

 private:
  StagedDirectory(std::string target, std::string staging);
  void Discard();

  std::string target_;
  std::string staging_;
  bool committed_ = false;
};

}  // namespace nhood::io
