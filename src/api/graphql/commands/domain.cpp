// SPDX-License-Identifier: Apache-2.0
// domain: the served domains and their administrators' passwords. Static domains come from
// general.hosts (each its own host type); dynamic ones are added, switched on and off and
// removed here (api/dynamic_domains).
#include "api/dynamic_domains.hpp"
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "auth/password/password_record.hpp"

namespace meerkat::api::graphql {

namespace {

using router::DomainEntry;
using router::DomainStatus;

const char* status_name(DomainStatus status) {
  switch (status) {
    case DomainStatus::kEnabled: return "ENABLED";
    case DomainStatus::kDisabled: return "DISABLED";
    case DomainStatus::kDeleting: return "DELETING";
  }
  return "ENABLED";
}

// A Domain; with `with_type`, a DomainWithType.
json::object domain_json(const DomainEntry& entry, bool with_type = false) {
  json::object out{{"domain", entry.domain},
                   {"hostType", entry.host_type},
                   {"status", status_name(entry.status)}};
  if (with_type) out["type"] = entry.is_static ? "STATIC" : "DYNAMIC";
  return out;
}

FieldResult outcome(DomainResult result, const char* status = nullptr) {
  if (!result) return FieldError::coded(result.error().message, result.error().code);
  auto out = domain_json(*result);
  if (status) out["status"] = status;
  return Resolved(json::value(std::move(out)));
}

Awaitable all_domains(ApiServices& s, const FieldContext&) {
  json::array out;
  for (const auto& entry : s.router.domains().all()) out.push_back(domain_json(entry, true));
  co_return Resolved(json::value(std::move(out)));
}

Awaitable domain_details(ApiServices& s, const FieldContext& c) {
  auto entry = s.router.domains().find(arg_string(c, "domain"));
  if (!entry) co_return FieldError::coded("Given domain does not exist", "domain_not_found");
  co_return Resolved(json::value(domain_json(*entry, true)));
}

Awaitable domains_by_host_type(ApiServices& s, const FieldContext& c) {
  json::array out;
  for (auto& domain : s.router.domains().served_of_type(arg_string(c, "hostType"))) {
    out.emplace_back(json::string(domain));
  }
  co_return Resolved(json::value(std::move(out)));
}

Awaitable add(ApiServices& s, const FieldContext& c) {
  auto call = add_domain(s, arg_string(c, "domain"), arg_string(c, "hostType"));
  auto added = co_await std::move(call);
  co_return outcome(std::move(added));
}

Awaitable enable(ApiServices& s, const FieldContext& c) {
  auto call = set_domain_enabled(s, arg_string(c, "domain"), true);
  auto changed = co_await std::move(call);
  co_return outcome(std::move(changed));
}

Awaitable disable(ApiServices& s, const FieldContext& c) {
  auto call = set_domain_enabled(s, arg_string(c, "domain"), false);
  auto changed = co_await std::move(call);
  co_return outcome(std::move(changed));
}

Awaitable remove(ApiServices& s, const FieldContext& c) {
  auto call = remove_domain(s, arg_string(c, "domain"), arg_string(c, "hostType"), true);
  auto removed = co_await std::move(call);
  co_return outcome(std::move(removed), "DELETED");
}

Awaitable request_remove(ApiServices& s, const FieldContext& c) {
  auto call = remove_domain(s, arg_string(c, "domain"), arg_string(c, "hostType"), false);
  auto requested = co_await std::move(call);
  co_return outcome(std::move(requested));
}

// The administrator of a domain the server knows, served or not.
bool known_domain(ApiServices& s, const std::string& domain) {
  return s.router.domains().find(domain).has_value();
}

Awaitable set_domain_password(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!known_domain(s, domain)) co_return unknown_domain(domain);
  if (!s.stores.domains)
    co_return FieldError::coded("The storage keeps no domain passwords", "internal_server_error");
  auto record = auth::password::serialize(
      auth::password::make_password_record(arg_string(c, "password"), s.config.auth.password));
  auto call = s.stores.domains->set_admin_password(domain, std::move(record));
  auto done = co_await std::move(call);
  if (!done) co_return internal_error(done.error());
  co_return Resolved(json::value("Domain password set successfully"));
}

Awaitable delete_domain_password(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!known_domain(s, domain)) co_return unknown_domain(domain);
  if (!s.stores.domains)
    co_return FieldError::coded("The storage keeps no domain passwords", "internal_server_error");
  auto call = s.stores.domains->remove_admin_password(domain);
  auto removed = co_await std::move(call);
  if (!removed) co_return internal_error(removed.error());
  if (!*removed) co_return not_found("The domain has no administrator password");
  co_return Resolved(json::value("Domain password deleted successfully"));
}

}  // namespace

void add_domain_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "DomainAdminQuery", "allDomains", all_domains);
  add_command(admin, services, "DomainAdminQuery", "domainDetails", domain_details);
  add_command(admin, services, "DomainAdminQuery", "domainsByHostType", domains_by_host_type);
  add_command(admin, services, "DomainAdminMutation", "addDomain", add);
  add_command(admin, services, "DomainAdminMutation", "removeDomain", remove);
  add_command(admin, services, "DomainAdminMutation", "requestRemoveDomain", request_remove);
  add_command(admin, services, "DomainAdminMutation", "enableDomain", enable);
  add_command(admin, services, "DomainAdminMutation", "disableDomain", disable);
  add_command(admin, services, "DomainAdminMutation", "setDomainPassword", set_domain_password);
  add_command(admin, services, "DomainAdminMutation", "deleteDomainPassword",
              delete_domain_password);
}

}  // namespace meerkat::api::graphql
