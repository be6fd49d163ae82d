// One-time form tokens: every form page carries a fresh token (hidden field
// "form_token"); a post is stored only if it takes a token that is still
// unused, so a double submission (a second click, a resubmitted page) stores
// once. Tokens are bound to the session that got them and expire after
// `ttl`. Held in memory by the server process (a restart makes open forms
// ask to be submitted again). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "nhood/link/dates.h"

namespace nhood::server::web {

class FormTokens {
 public:
  explicit FormTokens(std::chrono::seconds ttl = std::chrono::hours(12), size_t max_tokens = 200000)
      : ttl_(ttl), max_tokens_(max_tokens) {}

  // A new random token for a form shown to `session` (the session cookie).
  std::string Issue(const std::string& session, link::Time now);
  // True, once, for a token issued to `session` and not expired; it is then
  // used up. False for an unknown, used, expired or other session's token.
  bool Consume(const std::string& token, const std::string& session, link::Time now);

 private:
  struct Entry {
    std::string session_hash;
    link::Time expires{};
  };
  void DropExpiredLocked(link::Time now);

  std::chrono::seconds ttl_;
  size_t max_tokens_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> tokens_;  // by token
};

}  // namespace nhood::server::web
