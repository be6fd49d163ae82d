#include "apps/server/web/forms.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "apps/server/web/page.h"
#include "nhood/link/auth.h"
#include "nhood/link/uuid.h"

namespace nhood::server::web {

using nlohmann::json;

std::string Value(const Input& in, const std::string& name) {
  if (in.form) {
    auto it = in.form->find(name);
    if (it != in.form->end()) return it->second;
  }
  return in.Param(name).value_or("");
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Humanise(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  if (!s.empty())
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string RandomUuid() {
  const std::string hex = link::RandomToken();
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < 16; ++i)
    bytes[i] =
        static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return link::NewUuidV4(bytes);
}

json BaseField(const std::string& name, const std::string& label) {
  return {{"name", name},
          {"id", "f-" + name},
          {"label", label},
          {"value", ""},
          {"type", "text"},
          {"is_input", false},
          {"is_select", false},
          {"is_textarea", false},
          {"is_radio", false},
          {"is_checkbox", false},
          {"checked", false},
          {"error", nullptr},
          {"hint", nullptr},
          {"min", nullptr},
          {"max", nullptr},
          {"step", nullptr},
          {"autocomplete", nullptr},
          {"rows", nullptr},
          {"options", json::array()}};
}

json Input_(const std::string& name, const std::string& label,
            const std::string& value, const std::string& type) {
  json f = BaseField(name, label);
  f["value"] = value;
  f["type"] = type;
  f["is_input"] = true;
  return f;
}

json Select(const std::string& name, const std::string& label,
            const std::vector<Option>& options, const std::string& selected,
            bool blank) {
  json opts = json::array();
  if (blank)
    opts.push_back(
        {{"value", ""}, {"label", "Choose…"}, {"selected", selected.empty()}});
  for (const Option& o : options)
    opts.push_back({{"value", o.value},
                    {"label", o.label},
                    {"selected", o.value == selected}});
  json f = BaseField(name, label);
  f["is_select"] = true;
  f["options"] = std::move(opts);
  return f;
}

json Radios(const std::string& name, const std::string& label,
            const std::vector<Option>& options, const std::string& selected) {
  json opts = json::array();
  int i = 0;
  for (const Option& o : options) {
    opts.push_back({{"value", o.value},
                    {"label", o.label},
                    {"selected", o.value == selected},
                    {"option_id", "f-" + name + "-" + std::to_string(i++)}});
  }
  json f = BaseField(name, label);
  f["is_radio"] = true;
  f["options"] = std::move(opts);
  return f;
}

json TextArea(const std::string& name, const std::string& label,
              const std::string& value) {
  json f = BaseField(name, label);
  f["value"] = value;
  f["is_textarea"] = true;
  return f;
}

json Checkbox(const std::string& name, const std::string& label, bool checked) {
  json f = BaseField(name, label);
  f["is_checkbox"] = true;
  f["checked"] = checked;
  return f;
}

json With(json field, const std::string& key, json value) {
  field[key] = std::move(value);
  return field;
}

bool MarkError(json& fields, const std::string& field,
               const std::string& message) {
  for (json& f : fields) {
    if (f.value("name", "") == field) {
      f["error"] = message;
      return true;
    }
  }
  return false;
}

std::string Shown(const Error& e) {
  if (e.code == StatusCode::kInternal || e.code == StatusCode::kUnavailable)
    return "could not be saved: try again";
  return e.message;
}

bool FormError(const Error& e) {
  return e.code == StatusCode::kInvalidArgument ||
         e.code == StatusCode::kFailedPrecondition;
}

bool TakeFormToken(FormTokens& tokens, const RequestContext& ctx,
                   const Input& in) {
  return tokens.Consume(Value(in, "form_token"), ctx.session_token,
                        ctx.meta.now);
}

Reply AlreadySubmitted(const RequestContext& ctx, const std::string& back) {
  auto page =
      RenderPage(ctx, "submitted", "Already submitted", {{"back", back}}, 409);
  return page ? *page : Redirect(back);
}

Result<Reply> RenderForm(FormTokens& tokens, const RequestContext& ctx,
                         json data, json fields,
                         const std::optional<Error>& error, int status) {
  if (error && !MarkError(fields, error->field, Shown(*error)))
    data["error"] = Shown(*error);
  data["fields"] = std::move(fields);
  data["form_token"] = tokens.Issue(ctx.session_token, ctx.meta.now);
  const std::string title = data["heading"].get<std::string>();
  return RenderPage(ctx, "form", title, std::move(data), status);
}

Handler Bind(Tokens tokens, FormHandler fn) {
  return [tokens, fn](App& app, const RequestContext& ctx, const Input& in) {
    return fn(*tokens, app, ctx, in);
  };
}

Route WebPage(std::string method, const std::string& path, Surface surface,
              link::Action action, std::string record_type, Handler h) {
  return Route{std::move(method),      std::regex(path), surface,     action,
               std::move(record_type), std::move(h),     ErrorPageFor};
}

}  // namespace nhood::server::web
