// The pieces every page file shares: reading a form or query value, the
// JSON of one form control for templates/field.mustache, placing an error
// beside its field, the one-time form token (form_tokens.h) and the route
// entry of a page. Pages (web_routes.cc, casework_pages.cc, admin_pages.cc…)
// build their forms from these so every control has a label, an id, its
// kept value and its error in the same markup.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "apps/server/router.h"
#include "apps/server/web/form_tokens.h"

namespace nhood::server::web {

// A form field's value (the posted form first, then the query), or "".
std::string Value(const Input& in, const std::string& name);
std::string Trim(const std::string& s);
std::string Lower(std::string s);
// "money_debt" → "Money debt".
std::string Humanise(std::string_view name);
// v with `digits` decimals ("%.*f").
std::string Fixed(double v, int digits);

// A fresh UUID v4 from the CSPRNG (a resident's pseudonym, a directory id).
std::string RandomUuid();

struct Option {
  std::string value, label;
};

// The controls, as field.mustache reads them. Every key the template reads
// is set (false when unused), so a field never picks up a same-named value
// of the page around it. Ids are "f-" + name.
nlohmann::json BaseField(const std::string& name, const std::string& label);
nlohmann::json Input_(const std::string& name, const std::string& label,
                      const std::string& value,
                      const std::string& type = "text");
nlohmann::json Select(const std::string& name, const std::string& label,
                      const std::vector<Option>& options,
                      const std::string& selected, bool blank = true);
nlohmann::json Radios(const std::string& name, const std::string& label,
                      const std::vector<Option>& options,
                      const std::string& selected);
nlohmann::json TextArea(const std::string& name, const std::string& label,
                        const std::string& value);
// A single checkbox posting "1" when ticked.
nlohmann::json Checkbox(const std::string& name, const std::string& label,
                        bool checked);
// The field with one more key set ("hint", "min", "autocomplete"…).
nlohmann::json With(nlohmann::json field, const std::string& key,
                    nlohmann::json value);

// Sets the error on the field it names (a list of fields); false when no
// field has that name (the caller shows it above the form).
bool MarkError(nlohmann::json& fields, const std::string& field,
               const std::string& message);
// The error shown for a field: the domain's message, never a database detail.
std::string Shown(const Error& e);
// Errors that a form shows next to its fields (invalid values, workflow
// conflicts); anything else is the error page's.
bool FormError(const Error& e);

// Takes the post's one-time form token: true once per token issued to this
// session (a double submission gets false and stores nothing).
bool TakeFormToken(FormTokens& tokens, const RequestContext& ctx,
                   const Input& in);
// The 409 page of a form submitted twice, with a link back.
Reply AlreadySubmitted(const RequestContext& ctx, const std::string& back);

// A web page's route: failures render as HTML (ErrorPageFor).
Route WebPage(std::string method, const std::string& path, Surface surface,
              link::Action action, std::string record_type, Handler h);

using Tokens = std::shared_ptr<FormTokens>;

// The generic form page (templates/form.mustache): `data` has heading,
// action, button and optionally about/back/back_label, notice, hidden
// [{name, value}], closed (a message instead of the form) and table
// {caption, head[], rows[{cells[]}], has_rows}. The error goes beside its
// field (or above the form); a fresh one-time token is issued.
Result<Reply> RenderForm(FormTokens& tokens, const RequestContext& ctx,
                         nlohmann::json data, nlohmann::json fields,
                         const std::optional<Error>& error, int status);

// A page handler that takes the one-time tokens.
using FormHandler = Result<Reply> (*)(FormTokens&, App&, const RequestContext&,
                                      const Input&);
Handler Bind(Tokens tokens, FormHandler fn);
// A form's renderer (`error` shown, HTTP `status`) as the GET handler of a
// fresh form.
using FormRenderer = Result<Reply> (*)(FormTokens&, App&, const RequestContext&,
                                       const Input&, std::optional<Error>, int);
template <FormRenderer Render>
Result<Reply> Show(FormTokens& t, App& app, const RequestContext& ctx,
                   const Input& in) {
  return Render(t, app, ctx, in, std::nullopt, 200);
}

}  // namespace nhood::server::web
