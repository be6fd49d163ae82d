// File checksums for provenance records: SHA-256 through OpenSSL's EVP
// interface, streamed so large boundary files are not held in memory.
// OpenSSL rather than libsodium because it uses the CPU's SHA instructions:
// the 15 MB England boundaries, read and hashed, took 0.04 s against
// libsodium's 0.13 s on the (busy) project machine, and every run that reads
// them hashes them. Thread-safe.
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
