// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/access_guard.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "api/graphql/caller.hpp"

namespace meerkat::api::graphql {

namespace {

namespace json = boost::json;
using meerkat::graphql::Directive;
using meerkat::graphql::FieldContext;
using meerkat::graphql::FieldError;
using meerkat::graphql::OperationType;
using meerkat::graphql::Value;

std::vector<std::string> string_list(const Directive* d, std::string_view argument) {
  std::vector<std::string> out;
  if (!d) return out;
  for (const auto& a : d->arguments) {
    if (a.name != argument) continue;
    for (const auto& item : a.value.list) out.push_back(item.text);
    if (a.value.kind == Value::Kind::kString) out.push_back(a.value.text);
  }
  return out;
}

std::string protection_type(const Directive* d) {
  if (!d) return "DEFAULT";
  for (const auto& a : d->arguments) {
    if (a.name == "type") return a.value.text;
  }
  return "DEFAULT";
}

// The domains an argument names: a JID's domain, a domain itself, a contact input's "jid";
// lists give each of theirs.
void domains_in(const json::value& v, std::vector<std::string>& out) {
  if (v.is_array()) {
    for (const auto& item : v.as_array()) domains_in(item, out);
  } else if (v.is_object()) {
    if (const auto* jid = v.as_object().if_contains("jid")) domains_in(*jid, out);
  } else if (v.is_string()) {
    std::string_view s = v.as_string();
    auto at = s.find('@');
    if (at != std::string_view::npos) s = s.substr(at + 1);
    s = s.substr(0, s.find('/'));
    out.emplace_back(s);
  }
}

FieldError denied() {
  return FieldError::coded("Cannot execute this command without the required permissions",
                           "no_permissions");
}

class AccessGuard {
 public:
  AccessGuard(const meerkat::graphql::Schema& schema, const config::Config& config)
      : schema_(schema), enabled_(config.modules.enabled) {
    // mod_mam's pm and muc sections are what MongooseIM calls mod_mam_pm and mod_mam_muc.
    if (const auto& mam = config.modules.mod_mam) {
      if (mam->pm) enabled_.push_back("mod_mam_pm");
      if (mam->muc) enabled_.push_back("mod_mam_muc");
    }
  }

  std::optional<FieldError> operator()(const FieldContext& c) const {
    const auto& caller = static_cast<const Caller&>(c.request);
    bool at_root = is_root(c.parent_type.name);
    if (at_root && caller.allowed_categories && *caller.allowed_categories) {
      const auto& allowed = **caller.allowed_categories;
      if (std::find(allowed.begin(), allowed.end(), category_of(c.field.name)) == allowed.end()) {
        return FieldError::coded("Category disabled: " + category_of(c.field.name) +
                                     " is not in this endpoint's allowed_categories",
                                 "category_disabled");
      }
    }
    if (is_protected(c, at_root) && caller.kind == CallerKind::kUnauthorized) {
      return FieldError::coded("Cannot execute query without authorization", "no_permissions");
    }
    if (at_root) return std::nullopt;
    if (caller.kind == CallerKind::kDomainAdmin) {
      if (auto error = check_domain_admin(c, caller)) return error;
    }
    return check_modules(c);
  }

 private:
  bool is_root(const std::string& type) const {
    for (auto op :
         {OperationType::kQuery, OperationType::kMutation, OperationType::kSubscription}) {
      if (schema_.root_name(op) == type) return true;
    }
    return false;
  }

  bool is_protected(const FieldContext& c, bool at_root) const {
    if (c.field.directive("protected") || c.parent_type.directive("protected")) return true;
    if (!at_root) return false;
    const auto* type = schema_.type(c.field.type.named());
    return type && type->directive("protected");
  }

  std::optional<FieldError> check_domain_admin(const FieldContext& c, const Caller& caller) const {
    const Directive* d = c.field.directive("protected");
    auto type = protection_type(d);
    if (type == "GLOBAL") return denied();
    if (type != "DOMAIN") return std::nullopt;
    for (const auto& name : string_list(d, "args")) {
      const auto* value = c.arguments.if_contains(name);
      if (!value || value->is_null()) return denied();  // no domain: a global command
      std::vector<std::string> domains;
      domains_in(*value, domains);
      for (const auto& domain : domains) {
        if (domain != caller.domain) return denied();
      }
    }
    return std::nullopt;
  }

  std::optional<FieldError> check_modules(const FieldContext& c) const {
    std::vector<std::string> needed = string_list(c.parent_type.directive("use"), "modules");
    auto own = string_list(c.field.directive("use"), "modules");
    needed.insert(needed.end(), own.begin(), own.end());
    json::array missing;
    const auto& enabled = enabled_;
    for (const auto& module : needed) {
      if (std::find(enabled.begin(), enabled.end(), module) == enabled.end()) {
        missing.emplace_back(json::string(module));
      }
    }
    if (missing.empty()) return std::nullopt;
    auto error = FieldError::coded(
        "Some of the required modules are not loaded: " + json::serialize(missing),
        "deps_not_loaded");
    error.extensions["not_loaded_modules"] = std::move(missing);
    return error;
  }

  const meerkat::graphql::Schema& schema_;
  std::vector<std::string> enabled_;  // module names, virtual ones included
};

}  // namespace

std::string category_of(std::string_view root_field) {
  if (root_field == "httpUpload") return "http_upload";
  return std::string(root_field);
}

meerkat::graphql::FieldGuard make_access_guard(const meerkat::graphql::Schema& schema,
                                               const config::Config& config) {
  return AccessGuard(schema, config);
}

}  // namespace meerkat::api::graphql
