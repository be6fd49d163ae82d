// The router: one table of routes (routes.cc), matched first-match by regex
// on the decoded path, and the request pipeline every route runs through:
//   request id → match (404/405 as JSON) → authenticate (401) → CSRF on
//   state-changing cookie requests (403) → role may ever do the route's
//   action (403, audited) → parse a JSON body (400) → handler → render.
// Web pages (apps/server/web) use the same pipeline with two additions:
//   - a body sent as application/x-www-form-urlencoded is parsed into
//     Input::form (not JSON), and its `csrf_token` field is accepted in place
//     of the X-CSRF-Token header;
//   - a route with an `error_page` renders its own failures (HTML, or a
//     redirect to /login when the session is missing or expired) instead of
//     the JSON error body.
// Handlers parse their input and call nhood::link; they hold no SQL, check no
// role and write no audit rows (link does). No globals: everything a request
// needs is in App and RequestContext, passed explicitly.
#pragma once

#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "nhood/base/result.h"
#include "nhood/link/auth.h"
#include "nhood/link/access.h"
#include "nhood/link/permissions.h"
#include "nhood/link/store.h"

namespace nhood::server {

class PostcodeIndex;
namespace explorer {
class Explorer;
}

struct ServeOptions {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  bool allow_non_loopback = false;
  std::string tls_cert, tls_key;
  std::string postcodes;
  std::string lsoa_boundaries;  // LSOA 2021 polygons for postcodes without an LSOA (postcodes.h)
  int threads = 8;
  int overdue_days = 14;  // a referral still `received` after this many days is overdue
  std::string extract_secret_file;  // the deployment secret keying the evaluation extract
  // --atlas DIR (repeatable): `nhood atlas` output directories, served by the
  // explorer at /atlas/; the reach and neighbourhood reports read their lsoas.csv.
  std::vector<std::string> atlas;
  int suppress_below = 5;          // reports withhold counts of 1..this-1 people (--suppress-below, >= 5)
  link::AuthPolicy auth;
};

struct App {
  link::Store& store;
  const ServeOptions& options;
  const PostcodeIndex* postcodes = nullptr;  // null without --postcodes
  const explorer::Explorer* explorer = nullptr;  // null without --atlas
  bool tls = false;
};

struct RequestContext {
  std::string request_id;            // 16 random bytes as hex; echoed in X-Request-Id
  std::optional<link::Actor> actor;  // from the session, when the route needs one
  std::string session_token;         // the cookie value, when present
  link::RequestInfo meta;            // now, client address, request id
  std::string base_url;              // "http://host:port", from the Host header
  std::string csrf_token;            // the nhood_csrf cookie (web pages), when present
  bool session_cookie_sent = false;  // a session cookie came, valid or not (expiry message)
};

struct Input {
  std::vector<std::string> captures;  // the path regex's groups
  const httplib::Params* params = nullptr;
  nlohmann::json body;  // the parsed JSON body (null when none)
  // The fields of an application/x-www-form-urlencoded body (null otherwise).
  const httplib::Params* form = nullptr;
  const httplib::Headers* headers = nullptr;  // the request's headers (If-None-Match for ETags)

  // A query parameter, or nullopt.
  std::optional<std::string> Param(const std::string& name) const;
  // A yes/no query parameter: "true"/"1" or "false"/"0"; `absent` when not
  // given; anything else kInvalidArgument naming the field (a 422).
  Result<bool> BoolParam(const std::string& name, bool absent = false) const;
  // A request header, or "".
  std::string Header(const std::string& name) const;
};

struct Reply {
  int status = 200;
  nlohmann::json body;
  // Headers to send; each replaces any default of the same name (e.g.
  // Cache-Control, which is no-store unless a route says otherwise).
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, `text` is sent as is with this Content-Type instead of `body`
  // as JSON: HTML pages, CSV downloads, static assets.
  std::string content_type;
  std::string text;
};

using Handler = std::function<Result<Reply>(App&, const RequestContext&, const Input&)>;
// Renders a failed request as a page (web routes): the error, its HTTP status.
using ErrorPage = std::function<Reply(const Error&, int http_status, const RequestContext&)>;

enum class Surface {
  kPublic,   // /healthz, login: no session
  kOruk,     // public read API: no session, CORS *
  kSession,  // any logged-in user (logout)
  kAction,   // logged in and the role may ever do `action`
};

struct Route {
  std::string method;
  std::regex path;
  Surface surface = Surface::kAction;
  link::Action action = link::Action::kReadDirectory;  // for kAction
  std::string record_type;                             // audited on a role refusal
  Handler handler;
  ErrorPage error_page;  // unset: failures are JSON error bodies
};

// The route table (routes.cc): the only place a path is spelled.
std::vector<Route> Routes();

class Router {
 public:
  explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}
  // Runs the pipeline for one request and fills `res`. Never throws.
  void Dispatch(App& app, const httplib::Request& req, httplib::Response& res) const;

 private:
  std::vector<Route> routes_;
};

// Writes the JSON error body into `res` (used for httplib's own errors too,
// e.g. 413 for a body over the limit).
void WriteError(httplib::Response& res, int status, const std::string& message, const std::string& request_id);

}  // namespace nhood::server
