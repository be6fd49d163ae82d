#include "apps/server/explorer/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace nhood::server::explorer {
namespace {

constexpr int kGzipWindow = 15 + 16;  // 32 KB window, gzip framing

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The q of one coding's parameters ("q=0.5"); 1 when absent or unreadable.
double Quality(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    const std::string_view p = Trim(params.substr(0, semi));
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      const std::string v(p.substr(2));
      char* end = nullptr;
      const double q = std::strtod(v.c_str(), &end);
      return end && *end == '\0' ? q : 1.0;
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return 1.0;
}

}  // namespace

Result<std::string> Gzip(std::string_view text) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Error{StatusCode::kInternal, "gzip: deflateInit2 failed"};
  }
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Error{StatusCode::kInternal, "gzip: deflate did not finish"};
  return out;
}

Result<std::string> Gunzip(std::string_view bytes) {
  z_stream z{};
  if (inflateInit2(&z, kGzipWindow) != Z_OK) return Error{StatusCode::kInternal, "gunzip: inflateInit2 failed"};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return InvalidArgument("gunzip: not a whole gzip member");
  return out;
}

bool AcceptsGzip(std::string_view header) {
  double gzip = -1, star = -1;  // -1: not named
  while (true) {
    const size_t comma = header.find(',');
    const std::string_view item = Trim(header.substr(0, comma));
    const size_t semi = item.find(';');
    const std::string coding = Lower(Trim(item.substr(0, semi)));
    const double q = semi == std::string_view::npos ? 1.0 : Quality(item.substr(semi + 1));
    if (coding == "gzip" || coding == "x-gzip") gzip = std::max(gzip, q);
    if (coding == "*") star = std::max(star, q);
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  if (gzip >= 0) return gzip > 0;
  return star > 0;
}

}  // namespace nhood::server::explorer
