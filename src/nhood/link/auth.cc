#include "nhood/link/auth.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace nhood::link {
namespace {

constexpr size_t kMaxPasswordBytes = 1024;

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;  // idempotent and thread-safe in libsodium
  return ready;
}

std::string ToHex(const unsigned char* bytes, size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

std::string Fold(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

Status Audit(Store& store, Time now, std::optional<int64_t> user_id, const std::string& username,
             AuditOutcome outcome, const std::string& detail, const LoginRequest& r) {
  AuditEvent e;
  e.at = now;
  e.user_id = user_id;
  e.username = username;
  e.action = "login";
  e.record_type = "session";
  e.outcome = outcome;
  e.detail = detail;
  e.address = r.address;
  e.request_id = r.request_id;
  return store.AppendAudit(e).status();
}

// A hash of a fixed password, so an unknown username costs one verify too.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword("nhood-dummy-password-for-timing");
    return h ? *h : std::string();
  }();
  return hash;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (password.empty()) return InvalidField("password", "password is required");
  if (password.size() > kMaxPasswordBytes) return InvalidField("password", "password is over 1024 bytes");
  if (!SodiumReady()) return Internal("libsodium failed to initialise");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Internal("password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!SodiumReady() || hash.empty() || password.size() > kMaxPasswordBytes) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  SodiumReady();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return ToHex(bytes.data(), bytes.size());
}

std::string HashToken(std::string_view token) {
  SodiumReady();
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return ToHex(digest.data(), digest.size());
}

bool TokensEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<int64_t> CreateUser(Store& store, const NewUser& nu, Time now) {
  User u;
  u.username = Fold(nu.username);
  u.display_name = nu.display_name.empty() ? u.username : nu.display_name;
  u.role = nu.role;
  u.team_id = nu.team_id;
  u.created_at = now;
  NHOOD_ASSIGN_OR_RETURN(u.password_hash, HashPassword(nu.password));
  NHOOD_RETURN_IF_ERROR(ValidateUser(u));
  return store.AddUser(u);
}

Result<LoginResult> Login(Store& store, const LoginRequest& r, Time now, const AuthPolicy& policy) {
  const std::string username = Fold(r.username);
  const Time since = now - policy.window;
  NHOOD_ASSIGN_OR_RETURN(int64_t user_failures,
                         store.CountFailedLogins({.username = username, .address = std::nullopt, .since = since}));
  NHOOD_ASSIGN_OR_RETURN(int64_t address_failures,
                         store.CountFailedLogins({.username = std::nullopt, .address = r.address, .since = since}));
  if (user_failures >= policy.max_failures_per_user || address_failures >= policy.max_failures_per_address) {
    NHOOD_RETURN_IF_ERROR(Audit(store, now, std::nullopt, username, AuditOutcome::kRefused, "locked out", r));
    return LoginResult{.outcome = LoginOutcome::kLockedOut, .grant = std::nullopt, .retry_after = policy.window};
  }

  auto user = store.FindUserByUsername(username);
  if (!user && user.error().code != StatusCode::kNotFound) return user.error();
  const bool known = user.has_value() && user->active;
  const bool match = VerifyPassword(known ? user->password_hash : DummyHash(), r.password) && known;
  NHOOD_RETURN_IF_ERROR(store.AddLoginAttempt({.username = username, .address = r.address, .at = now,
                                               .succeeded = match}));
  if (!match) {
    NHOOD_RETURN_IF_ERROR(Audit(store, now, known ? std::optional<int64_t>(user->id) : std::nullopt, username,
                                AuditOutcome::kRefused, "wrong username or password", r));
    const bool now_locked = user_failures + 1 >= policy.max_failures_per_user ||
                            address_failures + 1 >= policy.max_failures_per_address;
    if (now_locked) {
      return LoginResult{.outcome = LoginOutcome::kLockedOut, .grant = std::nullopt, .retry_after = policy.window};
    }
    return LoginResult{};
  }

  LoginGrant grant;
  grant.session_token = RandomToken();
  grant.csrf_token = RandomToken();
  grant.actor = {.user_id = user->id, .username = user->username, .role = user->role, .team_id = user->team_id};
  Session s;
  s.token_hash = HashToken(grant.session_token);
  s.user_id = user->id;
  s.csrf_token_hash = HashToken(grant.csrf_token);
  s.created_at = now;
  s.last_seen_at = now;
  s.idle_expires_at = now + policy.idle;
  s.absolute_expires_at = now + policy.absolute;
  s.address = r.address;
  s.user_agent = r.user_agent.substr(0, 256);
  grant.absolute_expires_at = s.absolute_expires_at;
  NHOOD_RETURN_IF_ERROR(store.InTransaction([&](Store& tx) -> Status {
    NHOOD_RETURN_IF_ERROR(tx.AddSession(s));
    return Audit(tx, now, user->id, username, AuditOutcome::kAllowed, "logged in", r);
  }));
  return LoginResult{.outcome = LoginOutcome::kGranted, .grant = std::move(grant), .retry_after = {}};
}

Result<AuthenticatedSession> Authenticate(Store& store, std::string_view token, Time now, const AuthPolicy& policy) {
  if (token.empty()) return Unauthenticated("not logged in");
  auto session = store.GetSession(HashToken(token));
  if (!session) {
    if (session.error().code == StatusCode::kNotFound) return Unauthenticated("session expired or unknown");
    return session.error();
  }
  if (!SessionLive(*session, now)) return Unauthenticated("session expired or unknown");
  auto user = store.GetUser(session->user_id);
  if (!user) {
    if (user.error().code == StatusCode::kNotFound) return Unauthenticated("session expired or unknown");
    return user.error();
  }
  if (!user->active) return Unauthenticated("session expired or unknown");
  if (now - session->last_seen_at >= policy.touch_interval) {
    const Time idle = std::min<Time>(now + policy.idle, session->absolute_expires_at);
    NHOOD_RETURN_IF_ERROR(store.TouchSession(session->token_hash, now, idle));
    session->last_seen_at = now;
    session->idle_expires_at = idle;
  }
  Actor actor{.user_id = user->id, .username = user->username, .role = user->role, .team_id = user->team_id};
  return AuthenticatedSession{.session = std::move(*session), .actor = std::move(actor)};
}

Status CheckCsrf(const Session& session, std::string_view csrf_token) {
  if (csrf_token.empty() || session.csrf_token_hash.empty() ||
      !TokensEqual(HashToken(csrf_token), session.csrf_token_hash)) {
    return PermissionDenied("missing or wrong CSRF token");
  }
  return Status::Ok();
}

Status Logout(Store& store, std::string_view token) {
  if (token.empty()) return Status::Ok();
  Status s = store.DeleteSession(HashToken(token));
  if (!s.ok() && s.code() == StatusCode::kNotFound) return Status::Ok();
  return s;
}

}  // namespace nhood::link
