// gzip for the explorer's map layers: each layer body is compressed once at
// start (zlib, RFC 1952 gzip framing, level 6), so a layer request that
// accepts gzip costs a lookup, not a compression. cpp-httplib compresses
// JSON and text replies itself, but not application/geo+json, and it would
// compress every request again.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "nhood/base/result.h"

namespace nhood::server::explorer {

// `text` as a gzip member. kInternal if zlib fails (out of memory).
Result<std::string> Gzip(std::string_view text);

// The inverse, for tests and checks: kInvalidArgument for bytes that are
// not a whole gzip member.
Result<std::string> Gunzip(std::string_view bytes);

// True when an Accept-Encoding header value accepts gzip (RFC 9110 §12.5.3):
// a `gzip` (or `x-gzip`) or `*` coding whose q is not 0; an explicit
// `gzip;q=0` refuses it even beside `*`.
bool AcceptsGzip(std::string_view accept_encoding);

}  // namespace nhood::server::explorer
