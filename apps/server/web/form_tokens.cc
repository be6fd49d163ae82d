#include "apps/server/web/form_tokens.h"

#include "nhood/link/auth.h"

namespace nhood::server::web {

std::string FormTokens::Issue(const std::string& session, link::Time now) {
  std::string token = link::RandomToken();
  std::lock_guard<std::mutex> lock(mu_);
  if (tokens_.size() >= max_tokens_) DropExpiredLocked(now);
  if (tokens_.size() >= max_tokens_) tokens_.erase(tokens_.begin());  // bounded memory: forget one
  tokens_[token] = Entry{link::HashToken(session), now + ttl_};
  return token;
}

bool FormTokens::Consume(const std::string& token, const std::string& session, link::Time now) {
  if (token.empty()) return false;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return false;
  const bool ok = it->second.expires > now && link::TokensEqual(it->second.session_hash, link::HashToken(session));
  if (ok) tokens_.erase(it);
  return ok;
}

void FormTokens::DropExpiredLocked(link::Time now) {
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    if (it->second.expires <= now) {
      it = tokens_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace nhood::server::web
