// Runs `nhood serve`: opens the store, binds, serves until SIGTERM/SIGINT.
//
// Listens on loopback only unless allow_non_loopback is set. Prints
// "listening on http://HOST:PORT" (https with TLS) on stdout once the socket
// is bound (port 0 picks a free port, printed). A bounded pool of
// `threads` workers serves requests. Bodies over 1 MiB get 413. On SIGTERM or
// SIGINT it stops accepting, lets in-flight requests finish, closes the store
// and returns 0. Returns 1 for a data/runtime error (store, TLS files, bind),
// 2 for a bad --listen.
#pragma once

#include "apps/server/router.h"

namespace nhood::server {

inline constexpr size_t kMaxBodyBytes = 1 << 20;
// Connections the kernel queues before accept (the kernel caps it at
// net.core.somaxconn).
inline constexpr int kListenBacklog = 1024;
// Replies smaller than this are sent uncompressed even to a client that
// accepts gzip (a caseload page of 50 residents is about 25 KB).
inline constexpr size_t kCompressFromBytes = 64 * 1024;

int RunServer(const ServeOptions& options);

}  // namespace nhood::server
