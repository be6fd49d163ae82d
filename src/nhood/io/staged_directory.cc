#include "nhood/io/staged_directory.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc, _GNU_SOURCE)
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "nhood/io/checksum.h"
#include "nhood/io/internal/atomic_file.h"

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = "provenance.json";

// Names a previous nhood run listed in the target's provenance.json.
std::set<std::string> ListedFiles(const fs::path& dir) {
  std::set<std::string> names;
  std::ifstream in(dir / kManifest, std::ios::binary);
  if (!in) return names;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("files") || !j["files"].is_array()) return names;
  for (const auto& f : j["files"]) {
    if (f.is_object() && f.contains("name") && f["name"].is_string()) {
      const std::string name = f["name"].get<std::string>();
      names.insert(fs::path(name).begin()->string());  // the top-level entry
    }
  }
  names.insert(kManifest);
  return names;
}

}  // namespace

StagedDirectory::StagedDirectory(std::string target, std::string staging)
    : target_(std::move(target)), staging_(std::move(staging)) {}

StagedDirectory::StagedDirectory(StagedDirectory&& other) noexcept
    : target_(std::move(other.target_)), staging_(std::move(other.staging_)), committed_(other.committed_) {
  other.committed_ = true;  // the moved-from object owns nothing
}

StagedDirectory& StagedDirectory::operator=(StagedDirectory&& other) noexcept {
  if (this != &other) {
    Discard();
    target_ = std::move(other.target_);
    staging_ = std::move(other.staging_);
    committed_ = other.committed_;
    other.committed_ = true;
  }
  return *this;
}

StagedDirectory::~StagedDirectory() { Discard(); }

void StagedDirectory::Discard() {
  if (committed_ || staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
  committed_ = true;
}

Result<StagedDirectory> StagedDirectory::Begin(const std::string& target) {
  std::error_code ec;
  if (fs::exists(target, ec) && !fs::is_directory(target, ec)) {
    return InvalidArgument(target + ": exists and is not a directory; the output here is a directory");
  }
  NHOOD_RETURN_IF_ERROR(CheckNotAnInput(target, {}, /*as_directory=*/true));
  fs::path t = fs::path(target).lexically_normal();
  if (t.filename().empty()) t = t.parent_path();  // "out/atlas/"
  fs::path parent = t.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  if (ec) return IoError(target + ": cannot create its parent directory " + parent.string());
  const fs::path staging = parent / (std::string(internal::kStagingPrefix) + std::to_string(::getpid()) + "-" +
                                     t.filename().string());
  fs::remove_all(staging, ec);  // a leftover of a crashed run with this pid
  if (!fs::create_directory(staging, ec) || ec) return IoError(target + ": cannot create a staging directory beside it");
  return StagedDirectory(t.string(), staging.string());
}

std::string StagedDirectory::Path(const std::string& name) const { return (fs::path(staging_) / name).string(); }

Status StagedDirectory::Commit(const std::vector<std::string>& inputs, const ProvenanceFields& fields) {
  if (committed_) return Internal(target_ + ": staged directory committed twice");
  NHOOD_RETURN_IF_ERROR(CheckNotAnInput(target_, inputs, /*as_directory=*/true));
  std::error_code ec;
  const fs::path staging(staging_), target(target_);
  // The record of what is in the directory.
  std::vector<OutputFile> files;
  for (auto it = fs::recursive_directory_iterator(staging, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().lexically_relative(staging).generic_string();
    if (name == kManifest) continue;
    NHOOD_ASSIGN_OR_RETURN(std::string sha, Sha256File(it->path().string()));
    files.push_back({name, static_cast<long long>(it->file_size(ec)), sha});
  }
  if (ec) return IoError(target_ + ": cannot list the staged files");
  std::sort(files.begin(), files.end(), [](const OutputFile& a, const OutputFile& b) { return a.name < b.name; });
  {
    std::ofstream out(staging / kManifest, std::ios::binary);
    out << ProvenanceJson(target_, inputs, fields, files);
    if (!out) return IoError(target_ + ": cannot write " + kManifest);
  }
  if (!fs::exists(target, ec)) {
    fs::rename(staging, target, ec);
    if (ec) return IoError(target_ + ": cannot move the finished directory into place");
    committed_ = true;
    return Status::Ok();
  }
  // Carry the user's own files over, so that the swap loses nothing nhood did
  // not write; put them back if the swap fails.
  const std::set<std::string> listed = ListedFiles(target);
  std::vector<std::string> carried;
  auto put_back = [&] {
    std::error_code e;
    for (const std::string& name : carried) fs::rename(staging / name, target / name, e);
  };
  for (const auto& entry : fs::directory_iterator(target, ec)) {
    const std::string name = entry.path().filename().string();
    if (listed.count(name) || fs::exists(staging / name)) continue;
    fs::rename(entry.path(), staging / name, ec);
    if (ec) {
      put_back();
      return IoError(target_ + ": cannot keep '" + name + "' in the new output directory");
    }
    carried.push_back(name);
  }
  if (ec) {
    put_back();
    return IoError(target_ + ": cannot list the existing output directory");
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    fs::remove_all(staging, ec);  // now the old directory
    return Status::Ok();
  }
  // No exchange on this file system: move the old one aside, then the new in.
  const fs::path old = target.parent_path() / (std::string(internal::kStagingPrefix) + "old-" +
                                               std::to_string(::getpid()) + "-" + target.filename().string());
  fs::remove_all(old, ec);
  fs::rename(target, old, ec);
  if (ec) {
    put_back();
    return IoError(target_ + ": cannot replace the existing output directory");
  }
  fs::rename(staging, target, ec);
  if (ec) {
    std::error_code e;
    fs::rename(old, target, e);
    put_back();
    return IoError(target_ + ": cannot move the finished directory into place");
  }
  committed_ = true;
  fs::remove_all(old, ec);
  return Status::Ok();
}

}  // namespace nhood::io
