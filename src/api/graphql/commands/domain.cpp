// SPDX-License-Identifier: Apache-2.0
// domain: the served domains and their administrators' passwords. Domains come from the
// configuration (general.hosts: static domains, each its own host type); adding, removing,
// enabling and disabling domains at run time (MongooseIM's dynamic domains) is not
// supported yet and answers so.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "auth/password/password_record.hpp"

namespace meerkat::api::graphql {

namespace {

json::value domain_json(const std::string& domain) {
  return json::object{
      {"domain", domain}, {"hostType", domain}, {"status", "ENABLED"}, {"type", "STATIC"}};
}

Awaitable all_domains(ApiServices& s, const FieldContext&) {
  json::array out;
  for (const auto& host : s.router.hosts()) out.push_back(domain_json(host));
  co_return Resolved(json::value(std::move(out)));
}

Awaitable domain_details(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain))
    co_return FieldError::coded("Given domain does not exist", "domain_not_found");
  co_return Resolved(domain_json(domain));
}

Awaitable domains_by_host_type(ApiServices& s, const FieldContext& c) {
  auto type = arg_string(c, "hostType");
  json::array out;
  if (s.router.is_local_host(type)) out.emplace_back(json::string(type));
  co_return Resolved(json::value(std::move(out)));
}

Awaitable static_only(ApiServices&, const FieldContext& c) {
  co_return FieldError::coded("Domains are set in the configuration (general.hosts); " +
                                  c.field.name +
                                  " needs dynamic domains, which this server does not support yet",
                              "not_implemented");
}

Awaitable set_domain_password(ApiServices& s, const FieldContext& c) {
  auto domain = arg_string(c, "domain");
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
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
  if (!s.router.is_local_host(domain)) co_return unknown_domain(domain);
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
  for (const char* command :
       {"addDomain", "removeDomain", "requestRemoveDomain", "enableDomain", "disableDomain"}) {
    add_command(admin, services, "DomainAdminMutation", command, static_only);
  }
  add_command(admin, services, "DomainAdminMutation", "setDomainPassword", set_domain_password);
  add_command(admin, services, "DomainAdminMutation", "deleteDomainPassword",
              delete_domain_password);
}

}  // namespace meerkat::api::graphql
