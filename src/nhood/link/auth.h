// Authentication for the link service: passwords, sessions, CSRF tokens and
// login throttling.
//
//  - Passwords are hashed with argon2id (libsodium crypto_pwhash_str, the
//    "interactive" limits) and checked with crypto_pwhash_str_verify. The
//    password itself is never stored or logged.
//  - A session is a random 32-byte secret from libsodium's CSPRNG, sent to the
//    client as hex in a cookie; the store keeps only its BLAKE2b-256 hash
//    (HashToken). Each session also has a CSRF token, returned once at login
//    and stored hashed. Sessions expire after `idle` without use and after
//    `absolute` whatever happens; a login rotates nothing else (a new random
//    session every time, so a planted cookie never becomes valid).
//  - Throttling counts failed attempts only, per username and per client
//    address, within `window`: a failure that brings either count to its
//    limit, and every attempt after it (right password or not) until the
//    window has moved past those failures, is refused as locked out (the
//    server answers 429). A successful login resets the username's count.
// Every login, success or failure, appends an audit event (no password, no
// secret in it). Thread-safe as the Store is.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nhood/base/result.h"
#include "nhood/link/dates.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"
#include "nhood/link/user.h"

namespace nhood::link {

struct AuthPolicy {
  std::chrono::seconds idle{std::chrono::minutes(30)};
  std::chrono::seconds absolute{std::chrono::hours(12)};
  std::chrono::seconds window{std::chrono::minutes(15)};  // failures older than this are forgotten
  int max_failures_per_user = 20;
  int max_failures_per_address = 100;
  // A session's idle expiry is moved on at most this often (one write per
  // session per interval, not per request).
  std::chrono::seconds touch_interval{std::chrono::seconds(60)};
};

// argon2id string (crypto_pwhash_str). kInvalidArgument (field "password")
// for an empty password or one over 1024 bytes; kInternal when libsodium
// cannot allocate.
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash` (constant time in libsodium).
bool VerifyPassword(const std::string& hash, std::string_view password);

// 32 bytes from the CSPRNG as 64 lower-case hex characters.
std::string RandomToken();
// BLAKE2b-256 of the text, as hex (what the store keeps for a token).
std::string HashToken(std::string_view token);
// Constant-time equality of two strings of the same length (false otherwise).
bool TokensEqual(std::string_view a, std::string_view b);

// Adds a user with an argon2id hash of `password`. The username is
// case-folded. kInvalidArgument naming the field, kFailedPrecondition when
// the username is taken.
struct NewUser {
  std::string username;
  std::string display_name;  // defaults to the username
  Role role = Role::kLinkWorker;
  std::string password;
  std::optional<int64_t> team_id;
};
Result<int64_t> CreateUser(Store& store, const NewUser& user, Time now);

struct LoginRequest {
  std::string username;
  std::string password;
  std::string address;     // client address
  std::string user_agent;  // truncated to 256 bytes
  std::string request_id;
};

struct LoginGrant {
  std::string session_token;  // the cookie value (the only copy)
  std::string csrf_token;     // the X-CSRF-Token value (the only copy)
  Actor actor;
  Time absolute_expires_at{};
};

enum class LoginOutcome { kGranted, kRefused, kLockedOut };
struct LoginResult {
  LoginOutcome outcome = LoginOutcome::kRefused;
  std::optional<LoginGrant> grant;     // when granted
  std::chrono::seconds retry_after{};  // when locked out
};

// Checks the throttle, then the password. Store failures are errors; a wrong
// username or password is a kRefused result (the same for both, and the same
// work is done for an unknown user so timing does not tell them apart).
Result<LoginResult> Login(Store& store, const LoginRequest& request, Time now, const AuthPolicy& policy = {});

// The session behind a cookie, with its actor. kUnauthenticated when the
// token is empty, unknown, expired, or its user is inactive or gone. Moves
// the idle expiry on (at most every policy.touch_interval).
struct AuthenticatedSession {
  Session session;
  Actor actor;
};
Result<AuthenticatedSession> Authenticate(Store& store, std::string_view session_token, Time now,
                                          const AuthPolicy& policy = {});

// OK when `csrf_token` hashes to the session's CSRF hash; kPermissionDenied
// ("missing or wrong CSRF token") otherwise.
Status CheckCsrf(const Session& session, std::string_view csrf_token);

// Ends the session (idempotent).
Status Logout(Store& store, std::string_view session_token);

}  // namespace nhood::link
