// Rendering the web app's pages: a mustache template (templates/NAME.mustache)
// filled from JSON, wrapped in the layout (navigation for the actor's role,
// the CSRF token for htmx requests), as an HTML Reply. Values are HTML-escaped
// by mustache ({{name}}); templates use {{{…}}} only for HTML rendered here.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "apps/server/router.h"

namespace nhood::server::web {

// The page `name` rendered with `data` inside the layout, titled `title`.
// The layout adds the navigation the actor's role may use (RoleMayEver) and
// the csrf token (ctx.csrf_token) to `data`. A template error is kInternal.
Result<Reply> RenderPage(const RequestContext& ctx, std::string_view name, const std::string& title,
                         nlohmann::json data, int status = 200);
// A template's text rendered with `data` (no layout), with the shared
// partials {{>field}} (templates/field.mustache), {{>report_table}} and
// {{>report_downloads}} (report_html.h); `nhood link report -o FILE.html` renders its page so.
// kInternal naming the mustache error.
Result<std::string> RenderText(std::string_view text, const nlohmann::json& data);
// Just the template, no layout (htmx fragments).
Result<Reply> RenderFragment(std::string_view name, const nlohmann::json& data);
// 303 See Other to `location` (after a successful form post, or to /login).
Reply Redirect(const std::string& location);
// The error page for a failed web request: 401 → /login (with the expiry
// message when a session cookie came), otherwise an HTML page with the status
// and message (403 "You cannot open this record", 404, 422, 500).
Reply ErrorPageFor(const Error& e, int http_status, const RequestContext& ctx);

}  // namespace nhood::server::web
