// Login sessions and login attempts (for rate limiting and lockout).
//
// The store keeps only a hash of each session secret (the cookie holds the
// secret); lookups are by that hash. A session has an idle expiry (moved on
// by TouchSession) and an absolute expiry (never moved). Login attempts are
// kept per username and per client address; the server counts failures
// (Store::CountFailedLogins) to throttle and lock out. Copyable values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "nhood/link/dates.h"

namespace nhood::link {

struct Session {
  std::string token_hash;  // hex of a hash of the secret; unique
  int64_t user_id = 0;
  std::string csrf_token_hash;  // hex; empty when the session has no CSRF token (bearer use)
  Time created_at{};
  Time last_seen_at{};
  Time idle_expires_at{};
  Time absolute_expires_at{};
  std::string address;     // client address at login
  std::string user_agent;  // as sent at login, truncated by the caller
};

// Live at `now`: before both expiries.
inline bool SessionLive(const Session& s, Time now) {
  return now < s.idle_expires_at && now < s.absolute_expires_at;
}

struct LoginAttempt {
  std::string username;  // as typed (case-folded by the caller)
  std::string address;   // client address
  Time at{};
  bool succeeded = false;
};

// Which failures to count: those at or after `since`, for this username
// and/or address (at least one given), and only after the latest success for
// the same key (a successful login resets the count).
struct LoginAttemptFilter {
  std::optional<std::string> username;
  std::optional<std::string> address;
  Time since{};
};

}  // namespace nhood::link
