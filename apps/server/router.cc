#include "apps/server/router.h"

#include <chrono>
#include <exception>
#include <set>

#include "apps/server/error_mapping.h"

namespace nhood::server {
namespace {

constexpr const char* kCookieName = "nhood_session";
constexpr const char* kCsrfCookieName = "nhood_csrf";

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    const size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) part = part.substr(b);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return "";
}

bool StateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Fields whose values are personal data: their errors never echo the value.
bool PersonalField(const std::string& field) {
  static const std::set<std::string> kFields = {"name", "date_of_birth", "postcode", "ethnicity", "gp_practice",
                                                "lsoa", "username", "password"};
  return kFields.count(field) > 0 || field.rfind("contact.", 0) == 0;
}

void WriteJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

std::optional<std::string> Input::Param(const std::string& name) const {
  if (!params) return std::nullopt;
  auto it = params->find(name);
  if (it == params->end()) return std::nullopt;
  return it->second;
}

Result<bool> Input::BoolParam(const std::string& name, bool absent) const {
  std::optional<std::string> v = Param(name);
  if (!v) return absent;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return InvalidField(name, name + " must be true or false (or 1 or 0)");
}

std::string Input::Header(const std::string& name) const {
  if (!headers) return "";
  auto it = headers->find(name);
  return it == headers->end() ? "" : it->second;
}

void WriteError(httplib::Response& res, int status, const std::string& message, const std::string& request_id) {
  WriteJson(res, status, ErrorBody(status, message, "", request_id));
}

void Router::Dispatch(App& app, const httplib::Request& req, httplib::Response& res) const {
  RequestContext ctx;
  ctx.request_id = link::RandomToken().substr(0, 32);
  ctx.meta.now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  ctx.meta.address = req.remote_addr;
  ctx.meta.request_id = ctx.request_id;
  ctx.base_url = std::string(app.tls ? "https://" : "http://") + req.get_header_value("Host");
  res.set_header("X-Request-Id", ctx.request_id);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  const bool oruk_path = req.path == "/oruk" || req.path.rfind("/oruk/", 0) == 0;
  if (oruk_path) res.set_header("Access-Control-Allow-Origin", "*");

  const Route* route = nullptr;
  auto send = [&](const Reply& reply) {
    for (const auto& [k, v] : reply.headers) res.headers.erase(k);
    for (const auto& [k, v] : reply.headers) res.set_header(k, v);  // a name may repeat (Set-Cookie)
    if (reply.status == 204) {
      res.status = 204;
      return;
    }
    if (!reply.content_type.empty()) {
      res.status = reply.status;
      res.set_content(reply.text, reply.content_type);
      return;
    }
    WriteJson(res, reply.status, reply.body);
  };
  auto fail = [&](const Error& e) {
    Error shown = e;
    if (PersonalField(shown.field)) shown.message = shown.field + " is not valid";
    if (route && route->error_page) return send(route->error_page(shown, HttpStatus(shown), ctx));
    WriteJson(res, HttpStatus(shown), ErrorBody(shown, ctx.request_id));
  };

  try {
    bool path_known = false;
    Input input;
    for (const Route& r : routes_) {
      std::smatch m;
      if (!std::regex_match(req.path, m, r.path)) continue;
      path_known = true;
      if (r.method != req.method) continue;
      route = &r;
      for (size_t i = 1; i < m.size(); ++i) input.captures.push_back(m[i].str());
      break;
    }
    if (!route) {
      if (oruk_path && req.method == "OPTIONS") {
        res.set_header("Access-Control-Allow-Methods", "GET, OPTIONS");
        res.status = 204;
        return;
      }
      if (path_known) return WriteError(res, 405, "method not allowed", ctx.request_id);
      return WriteError(res, 404, "not found", ctx.request_id);
    }
    input.params = &req.params;
    // Form posts from the web pages: fields into input.form, never JSON.
    httplib::Params form;
    const bool form_body =
        req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
    if (form_body) {
      httplib::detail::parse_query_text(req.body, form);
      input.form = &form;
    }
    ctx.csrf_token = CookieValue(req, kCsrfCookieName);
    input.headers = &req.headers;

    if (route->surface == Surface::kSession || route->surface == Surface::kAction || StateChanging(req.method)) {
      // Cross-site requests never change state (datasette's Sec-Fetch-Site check).
      if (StateChanging(req.method) && req.get_header_value("Sec-Fetch-Site") == "cross-site") {
        return fail(PermissionDenied("cross-site request refused"));
      }
    }
    if (route->surface == Surface::kSession || route->surface == Surface::kAction) {
      ctx.session_token = CookieValue(req, kCookieName);
      ctx.session_cookie_sent = !ctx.session_token.empty();
      auto auth = link::Authenticate(app.store, ctx.session_token, ctx.meta.now, app.options.auth);
      if (!auth) return fail(auth.error());
      ctx.actor = auth->actor;
      if (StateChanging(req.method)) {
        std::string token = req.get_header_value("X-CSRF-Token");
        if (token.empty() && form_body) {
          auto f = form.find("csrf_token");
          if (f != form.end()) token = f->second;
        }
        Status csrf = link::CheckCsrf(auth->session, token);
        if (!csrf.ok()) return fail(csrf.error());
      }
      if (route->surface == Surface::kAction && !link::RoleMayEver(ctx.actor->role, route->action)) {
        const std::string id = input.captures.empty() ? "" : input.captures[0];
        Status refused = link::AuditedCheck(app.store, *ctx.actor, route->action, {}, route->record_type, id, ctx.meta);
        return fail(refused.ok() ? PermissionDenied("refused") : refused.error());
      }
    }

    if (!req.body.empty() && !form_body) {
      input.body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
      if (input.body.is_discarded()) return fail(InvalidArgument("malformed JSON body"));
    }

    Result<Reply> reply = route->handler(app, ctx, input);
    if (!reply) return fail(reply.error());
    send(*reply);
  } catch (const std::exception&) {
    WriteError(res, 500, "internal error", ctx.request_id);
  } catch (...) {
    WriteError(res, 500, "internal error", ctx.request_id);
  }
}

}  // namespace nhood::server
