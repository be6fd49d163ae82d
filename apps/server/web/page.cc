#include "apps/server/web/page.h"

#include <kainjow/mustache.hpp>

#include "apps/server/web/web_files.h"
#include "nhood/link/permissions.h"

namespace nhood::server::web {
namespace {

using nlohmann::json;
namespace mu = kainjow::mustache;

mu::data ToData(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value()));
      return d;
    }
    case json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const json& v : j) d.push_back(ToData(v));
      return d;
    }
    case json::value_t::string:
      return mu::data(j.get<std::string>());
    case json::value_t::boolean:
      return j.get<bool>() ? mu::data(mu::data::type::bool_true) : mu::data(mu::data::type::bool_false);
    case json::value_t::null:
    case json::value_t::discarded:
      return mu::data(mu::data::type::bool_false);
    default:
      return mu::data(j.dump());  // numbers as JSON prints them
  }
}

Result<std::string> Render(std::string_view name, const json& data) {
  const std::string path = "templates/" + std::string(name) + ".mustache";
  auto text = WebFile(path);
  if (!text) return Internal("no template " + path);
  auto out = RenderText(*text, data);
  if (!out) return Internal(path + ": " + out.error().message);
  return out;
}

Reply Html(int status, std::string text) {
  Reply r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.text = std::move(text);
  // Everything comes from this server: no inline script or style, no frames.
  r.headers.push_back({"Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"});
  r.headers.push_back({"Referrer-Policy", "same-origin"});
  return r;
}

json Navigation(const RequestContext& ctx) {
  json nav = json::array();
  if (!ctx.actor) return nav;
  struct Item {
    link::Action action;
    const char* href;
    const char* label;
  };
  static constexpr Item kItems[] = {
      {link::Action::kReadCaseload, "/caseload", "My caseload"},
      {link::Action::kWriteReferral, "/referrals/new", "New referral"},
      {link::Action::kReadDirectory, "/directory", "Directory"},
      {link::Action::kReadReports, "/dashboard", "Dashboard"},
      {link::Action::kReadReports, "/reports/activity", "Reports"},
      {link::Action::kManageVolunteers, "/volunteers", "Volunteers"},
      {link::Action::kLogVolunteerHours, "/volunteers/hours", "Volunteer hours"},
      {link::Action::kImportDirectory, "/admin/directory/import", "Directory import"},
      {link::Action::kReadAudit, "/admin/audit", "Audit trail"},
      {link::Action::kManageUsers, "/admin/users", "Users"},
      {link::Action::kEraseResident, "/admin/erasure", "Erasure"},
  };
  for (const Item& item : kItems) {
    if (link::RoleMayEver(ctx.actor->role, item.action)) nav.push_back({{"href", item.href}, {"label", item.label}});
  }
  return nav;
}

}  // namespace

namespace {

// `text` rendered in `data`, with the shared partials and, when given, the
// page's own template as the partial `content`.
Result<std::string> RenderWith(std::string_view text, const json& data, const std::string* content) {
  mu::mustache tmpl{std::string(text)};
  if (!tmpl.is_valid()) return Internal(tmpl.error_message());
  mu::data d = ToData(data);
  for (const char* name : {"field", "report_table", "report_downloads"}) {  // the shared partials
    const std::string_view partial = WebFile("templates/" + std::string(name) + ".mustache").value_or("");
    d.set(name, mu::data(mu::partial([partial] { return std::string(partial); })));
  }
  if (content) d.set("content", mu::data(mu::partial([content] { return *content; })));
  std::string out = tmpl.render(d);
  if (!tmpl.is_valid()) return Internal(tmpl.error_message());
  return out;
}

}  // namespace

Result<std::string> RenderText(std::string_view text, const json& data) { return RenderWith(text, data, nullptr); }

Result<Reply> RenderPage(const RequestContext& ctx, std::string_view name, const std::string& title, json data,
                         int status) {
  data["csrf_token"] = ctx.csrf_token;
  const std::string path = "templates/" + std::string(name) + ".mustache";
  auto text = WebFile(path);
  if (!text) return Internal("no template " + path);
  auto layout_text = WebFile("templates/layout.mustache");
  if (!layout_text) return Internal("no template templates/layout.mustache");
  // The page's template is the layout's {{>content}} partial, rendered in the
  // page's own data ({{#page}}): the layout takes no unescaped HTML.
  json layout = {{"title", title}, {"page", std::move(data)}, {"csrf_token", ctx.csrf_token}, {"nav", Navigation(ctx)}};
  layout["csrf_header"] = json{{"X-CSRF-Token", ctx.csrf_token}}.dump();
  if (ctx.actor) {
    layout["user"] = {{"username", ctx.actor->username}, {"role", std::string(link::RoleName(ctx.actor->role))}};
  }
  const std::string content = "{{#page}}" + std::string(*text) + "{{/page}}";
  auto page = RenderWith(*layout_text, layout, &content);
  if (!page) return Internal(path + ": " + page.error().message);
  return Html(status, std::move(*page));
}

Result<Reply> RenderFragment(std::string_view name, const json& data) {
  NHOOD_ASSIGN_OR_RETURN(std::string text, Render(name, data));
  return Html(200, std::move(text));
}

Reply Redirect(const std::string& location) {
  Reply r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.text = "See " + location;
  r.headers.push_back({"Location", location});
  return r;
}

Reply ErrorPageFor(const Error& e, int http_status, const RequestContext& ctx) {
  if (http_status == 401) return Redirect(ctx.session_cookie_sent ? "/login?expired=1" : "/login");
  std::string heading = "Something went wrong";
  std::string message = e.message;
  if (http_status == 403) {
    heading = "You cannot open this page";
    message = "Your role or caseload does not give you access to this record. The attempt has been recorded.";
  } else if (http_status == 404) {
    heading = "Not found";
  } else if (http_status >= 500) {
    message = "The server could not complete the request (reference " + ctx.request_id + ").";
  }
  auto page = RenderPage(ctx, "error", heading, {{"heading", heading}, {"message", message}, {"status", http_status}},
                         http_status);
  if (page) return *page;
  return Html(http_status, "<!doctype html><html lang=\"en\"><title>Error</title><p>" + std::to_string(http_status));
}

}  // namespace nhood::server::web
