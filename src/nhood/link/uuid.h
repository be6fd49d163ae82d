// UUIDs for directory records (ORUK/HSDS 3.0 requires `format: uuid` ids).
//
// NewUuidV4 formats 16 random bytes as an RFC 9562 version-4 UUID: it only
// sets the version and variant bits. The bytes come from the caller: the
// server passes libsodium's CSPRNG (randombytes_buf), tests and the demo pass
// a seeded nhood::Rng so their ids are reproducible. No randomness is made
// here. Pure and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "nhood/base/rng.h"

namespace nhood::link {

// Lower-case "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx" from `random`.
std::string NewUuidV4(std::array<uint8_t, 16> random);
// The same from the next 128 bits of a seeded generator (tests, demo data).
std::string NewUuidV4(Rng& rng);

// True for the canonical 8-4-4-4-12 hexadecimal form (either case, any
// version), as HSDS's `format: uuid` demands.
bool IsUuid(std::string_view text);

}  // namespace nhood::link
