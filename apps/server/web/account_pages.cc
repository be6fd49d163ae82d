#include "apps/server/web/account_pages.h"

#include <string>

#include "apps/server/web/page.h"
#include "nhood/link/accounts.h"

namespace nhood::server::web {
namespace {

using link::Action;
using nlohmann::json;

constexpr const char* kPasswordPage = "/account/password";

json PasswordFields() {
  return json::array(
      {With(Input_("current_password", "Current password", "", "password"),
            "autocomplete", "current-password"),
       With(With(Input_("new_password", "New password", "", "password"),
                 "autocomplete", "new-password"),
            "hint",
            "At least " + std::to_string(link::kMinPasswordLength) +
                " characters"),
       With(Input_("confirm_password", "New password again", "", "password"),
            "autocomplete", "new-password")});
}

Result<Reply> PasswordForm(FormTokens& t, App&, const RequestContext& ctx,
                           const Input& in, std::optional<Error> error,
                           int status) {
  json data = {{"heading", "Change your password"},
               {"about", "For " + ctx.actor->username + "."},
               {"action", kPasswordPage},
               {"button", "Change password"},
               {"hidden", json::array()}};
  if (!in.form && Value(in, "changed") == "1")
    data["notice"] = "Your password has been changed.";
  return RenderForm(t, ctx, std::move(data), PasswordFields(), error, status);
}

Result<Reply> ChangePassword(FormTokens& t, App& app, const RequestContext& ctx,
                             const Input& in) {
  if (!TakeFormToken(t, ctx, in)) return AlreadySubmitted(ctx, kPasswordPage);
  auto form = [&](const Error& e, int status = 422) {
    return PasswordForm(t, app, ctx, in, e, status);
  };
  const std::string current = Value(in, "current_password"),
                    next = Value(in, "new_password"),
                    again = Value(in, "confirm_password");
  // Every check that needs no password verification first: a typing slip
  // in the new password costs no attempt of the throttle.
  if (current.empty())
    return form(
        InvalidField("current_password", "enter your current password"));
  if (next.size() < link::kMinPasswordLength) {
    return form(InvalidField("new_password",
                             "the new password must be at least " +
                                 std::to_string(link::kMinPasswordLength) +
                                 " characters"));
  }
  if (again != next)
    return form(InvalidField("confirm_password",
                             "the two new passwords are not the same"));
  if (next == current)
    return form(InvalidField(
        "new_password", "choose a password different from the current one"));
  Status changed = link::ChangeOwnPassword(app.store, *ctx.actor, current, next,
                                           ctx.meta, app.options.auth);
  if (!changed.ok()) {
    const Error& e = changed.error();
    if (e.code == StatusCode::kPermissionDenied) {
      // A wrong current password, or too many wrong attempts: the user's to
      // see on this form, not the 403 page.
      if (e.field.empty()) return form(e, 429);
      return form(e);
    }
    if (FormError(e)) return form(e);
    return e;
  }
  return Redirect(std::string(kPasswordPage) + "?changed=1");
}

}  // namespace

std::vector<Route> AccountPages(Tokens tokens) {
  return {
      WebPage("GET", kPasswordPage, Surface::kSession, Action::kReadDirectory,
              "user", Bind(tokens, Show<PasswordForm>)),
      WebPage("POST", kPasswordPage, Surface::kSession, Action::kReadDirectory,
              "user", Bind(tokens, ChangePassword)),
  };
}

}  // namespace nhood::server::web
