// File checksums for provenance records: SHA-256 through libsodium
// (crypto_hash_sha256), streamed so large boundary files are not held in
// memory. Thread-safe.
#pragma once

#include <string>

#include "nhood/base/result.h"

namespace nhood::io {

// The SHA-256 of the file's bytes as 64 lower-case hex digits.
// kNotFound for a missing file, kIoError when it cannot be read.
Result<std::string> Sha256File(const std::string& path);

// The SHA-256 of `bytes`, as 64 lower-case hex digits.
std::string Sha256(const std::string& bytes);

}  // namespace nhood::io
