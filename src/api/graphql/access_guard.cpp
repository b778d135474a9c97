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
      : schema_(schema), enabled_(config.modules.enabled), services_(service_names(config)) {
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

  static std::vector<std::string> service_names(const config::Config& config) {
    std::vector<std::string> names;
    const auto& services = config.services;
    if (services.service_mongoose_system_metrics)
      names.emplace_back("service_mongoose_system_metrics");
    if (services.service_domain_db) names.emplace_back("service_domain_db");
    if (services.service_bosh) names.emplace_back("service_bosh");
    return names;
  }

  // What `@use(<kind>: [...])` on the field and its type asks for and `present` lacks.
  static json::array missing(const FieldContext& c, const char* kind,
                             const std::vector<std::string>& present) {
    std::vector<std::string> needed = string_list(c.parent_type.directive("use"), kind);
    auto own = string_list(c.field.directive("use"), kind);
    needed.insert(needed.end(), own.begin(), own.end());
    json::array out;
    for (const auto& name : needed) {
      if (std::find(present.begin(), present.end(), name) == present.end()) {
        out.emplace_back(json::string(name));
      }
    }
    return out;
  }

  std::optional<FieldError> check_modules(const FieldContext& c) const {
    auto modules = missing(c, "modules", enabled_);
    auto services = missing(c, "services", services_);
    if (modules.empty() && services.empty()) return std::nullopt;
    std::string message = "Some of the required ";
    if (!modules.empty()) message += "modules are not loaded: " + json::serialize(modules);
    if (!modules.empty() && !services.empty()) message += "; ";
    if (!services.empty()) message += "services are not loaded: " + json::serialize(services);
    auto error = FieldError::coded(message, "deps_not_loaded");
    error.extensions["not_loaded_modules"] = std::move(modules);
    error.extensions["not_loaded_services"] = std::move(services);
    return error;
  }

  const meerkat::graphql::Schema& schema_;
  std::vector<std::string> enabled_;  // module names, virtual ones included
  std::vector<std::string> services_;  // configured services
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
