#include "nhood/store/internal/sql.h"

#include <charconv>
#include <cstdlib>

namespace nhood::store::internal {

int64_t Row::Int(size_t i, bool* ok) const {
  const Value& v = cells_[i];
  if (const int64_t* x = std::get_if<int64_t>(&v)) return *x;
  if (const double* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const std::string* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && p == s->data() + s->size()) return out;
  }
  *ok = false;
  return 0;
}

double Row::Double(size_t i, bool* ok) const {
  const Value& v = cells_[i];
  if (const double* d = std::get_if<double>(&v)) return *d;
  if (const int64_t* x = std::get_if<int64_t>(&v)) return static_cast<double>(*x);
  if (const std::string* s = std::get_if<std::string>(&v)) {
    char* end = nullptr;
    double out = std::strtod(s->c_str(), &end);
    if (!s->empty() && end == s->c_str() + s->size()) return out;
  }
  *ok = false;
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = cells_[i];
  if (const std::string* s = std::get_if<std::string>(&v)) return *s;
  if (const int64_t* x = std::get_if<int64_t>(&v)) return std::to_string(*x);
  if (const double* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

Pool::Lease::~Lease() {
  if (pool_ && c_) pool_->Release(std::move(c_));
}

Result<Pool::Lease> Pool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || leased_ < max_; });
  if (!idle_.empty()) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    ++leased_;
    return Lease(this, std::move(c));
  }
  ++leased_;
  lock.unlock();
  Result<std::unique_ptr<Connection>> made = factory_();
  if (!made) {
    std::lock_guard<std::mutex> relock(mu_);
    --leased_;
    cv_.notify_one();
    return made.error();
  }
  return Lease(this, std::move(made).value());
}

void Pool::Release(std::unique_ptr<Connection> c) {
  const bool keep = c->Healthy();
  std::lock_guard<std::mutex> lock(mu_);
  --leased_;
  if (keep) idle_.push_back(std::move(c));
  cv_.notify_one();
}

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace nhood::store::internal
