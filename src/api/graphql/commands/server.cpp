// SPDX-License-Identifier: Apache-2.0
// server: status, log level, what each host runs, and stopping the server. Clustering
// commands (joinCluster …) are left to the schema's "not implemented" answer: a Meerkat node
// has no Erlang cluster to join.
#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"

namespace meerkat::api::graphql {

namespace {

using config::LogLevel;

constexpr std::pair<LogLevel, std::string_view> kLevels[] = {
    {LogLevel::kNone, "NONE"},     {LogLevel::kEmergency, "EMERGENCY"},
    {LogLevel::kAlert, "ALERT"},   {LogLevel::kCritical, "CRITICAL"},
    {LogLevel::kError, "ERROR"},   {LogLevel::kWarning, "WARNING"},
    {LogLevel::kNotice, "NOTICE"}, {LogLevel::kInfo, "INFO"},
    {LogLevel::kDebug, "DEBUG"},   {LogLevel::kAll, "ALL"},
};

Awaitable status(ApiServices& s, const FieldContext&) {
  co_return Resolved(json::value(json::object{{"statusCode", "RUNNING"},
                                              {"message", "The server is running"},
                                              {"version", s.control.version()},
                                              {"commitHash", nullptr}}));
}

Awaitable get_loglevel(ApiServices& s, const FieldContext&) {
  for (auto [level, name] : kLevels) {
    if (level == s.control.log_level()) co_return Resolved(json::value(json::string(name)));
  }
  co_return Resolved();
}

Awaitable set_loglevel(ApiServices& s, const FieldContext& c) {
  auto wanted = arg_string(c, "level");
  for (auto [level, name] : kLevels) {
    if (name == wanted) s.control.set_log_level(level);
  }
  co_return Resolved(json::value("Log level set to " + wanted));
}

Awaitable get_cookie(ApiServices&, const FieldContext&) {
  co_return FieldError::coded("A Meerkat node is no Erlang node and has no cookie",
                              "not_implemented");
}

json::array auth_methods(const config::AuthOptions& auth) {
  json::array out;
  auto add = [&out](bool on, const char* name) {
    if (on) out.emplace_back(json::string(name));
  };
  // No method configured at all means the embedded account store, as the authenticator does.
  bool none = !auth.rdbms && !auth.anonymous && !auth.dummy && !auth.pki;
  add(auth.internal.has_value() || none, "internal");
  add(auth.rdbms.has_value(), "rdbms");
  add(auth.anonymous.has_value(), "anonymous");
  add(auth.external.has_value(), "external");
  add(auth.ldap.has_value(), "ldap");
  add(auth.jwt.has_value(), "jwt");
  add(auth.http.has_value(), "http");
  add(auth.pki.has_value(), "pki");
  add(auth.dummy.has_value(), "dummy");
  return out;
}

// Every served host is its own host type, with the server's modules (their options are not
// exported: the typed option structures have no generic printer yet).
Awaitable host_types(ApiServices& s, const FieldContext&) {
  json::array modules;
  for (const auto& name : s.config.modules.enabled) {
    modules.push_back(json::object{{"name", name}, {"options", json::array{}}});
  }
  json::array out;
  for (const auto& host : s.router.hosts()) {
    out.push_back(json::object{
        {"name", host}, {"modules", modules}, {"authMethods", auth_methods(s.config.auth)}});
  }
  co_return Resolved(json::value(std::move(out)));
}

Awaitable global_info(ApiServices& s, const FieldContext&) {
  json::array services;
  const auto& configured = s.config.services;
  if (configured.service_mongoose_system_metrics) {
    services.push_back(json::object{{"name", "service_mongoose_system_metrics"}});
  }
  if (configured.service_domain_db) services.push_back(json::object{{"name", "service_domain_db"}});
  if (configured.service_bosh) services.push_back(json::object{{"name", "service_bosh"}});
  json::array databases;
  if (s.config.internal_databases.mnesia) databases.emplace_back("mnesia");
  if (s.config.internal_databases.cets) databases.emplace_back("cets");
  co_return Resolved(json::value(json::object{{"services", std::move(services)},
                                              {"internalDatabases", std::move(databases)}}));
}

Awaitable stop(ApiServices& s, const FieldContext&) {
  s.control.stop();
  co_return Resolved(json::value("Stopping the server"));
}

}  // namespace

void add_server_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "ServerAdminQuery", "status", status);
  add_command(admin, services, "ServerAdminQuery", "getLoglevel", get_loglevel);
  add_command(admin, services, "ServerAdminQuery", "getCookie", get_cookie);
  add_command(admin, services, "ServerAdminQuery", "hostTypes", host_types);
  add_command(admin, services, "ServerAdminQuery", "globalInfo", global_info);
  add_command(admin, services, "ServerAdminMutation", "setLoglevel", set_loglevel);
  add_command(admin, services, "ServerAdminMutation", "stop", stop);
}

}  // namespace meerkat::api::graphql
