// The link service's web app: server-rendered pages (kainjow mustache, htmx,
// Leaflet; all served from /static/, no CDN) for link workers, managers and
// admins, on the same router pipeline as /api/v1 (router.h): the session
// cookie, CSRF (a hidden csrf_token field in every form, X-CSRF-Token for
// htmx), the permission matrix before any handler runs, and the audited
// casework operations of nhood::link behind every page. Pages and their
// routes are listed in docs/webapp.md.
//
// Forms post application/x-www-form-urlencoded; an invalid field is shown
// next to itself with every value kept and nothing stored; each form carries
// a one-time token (form_tokens.h) so a double submission stores once.
// Failures render an HTML page (403 "You cannot open this page") and a
// missing or expired session redirects to /login.
#pragma once

#include <vector>

#include "apps/server/router.h"

namespace nhood::server::web {

// Every web route (appended to the table by server::Routes()): this file's
// pages and those of casework_pages.h, account_pages.h, volunteer_pages.h
// and admin_pages.h, which share its one-time form tokens.
std::vector<Route> WebRoutes();

}  // namespace nhood::server::web
