// SPDX-License-Identifier: Apache-2.0
// MongooseIM configuration/general.md, plus the older options an existing config may carry
// (max_fsm_queue, all_metrics_are_global, rdbms_server_type, mongooseimctl_access_commands,
// domain_certfile).
#include "config/general_schema.hpp"

#include <algorithm>
#include <set>

#include "config/schema.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::config {

namespace {

Validator backend_choice(bool with_redis) {
  if (with_redis) {
    return one_of(
        {{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}, {"redis", Backend::kRedis}});
  }
  return one_of({{"mnesia", Backend::kMnesia}, {"cets", Backend::kCets}});
}

Section<DomainCertfile> domain_certfile_schema() {
  return Section<DomainCertfile>{}
      .option("domain", &DomainCertfile::domain, domain(), "The domain the certificate is for.")
      .required()
      .option("certfile", &DomainCertfile::certfile, file_readable(),
              "PEM file with the certificate and key for that domain.")
      .required();
}

Section<CtlAccessRule> ctl_access_schema() {
  return Section<CtlAccessRule>{}
      .option("commands", &CtlAccessRule::commands, non_empty(),
              "Commands the rule allows; \"all\" for every command.")
      .map("argument_restrictions", &CtlAccessRule::argument_restrictions,
           value_spec<std::string>({}), "Arguments that must have exactly these values.");
}

// Checks that mention several options at once.
void check_hosts(GeneralOptions& g, SectionCheck& c) {
  if (g.hosts.empty() && g.host_types.empty()) {
    c.error("hosts", "at least one of general.hosts and general.host_types must be set");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < g.hosts.size(); ++i) {
    if (!seen.insert(g.hosts[i]).second) {
      c.error_at("hosts[" + std::to_string(i + 1) + "]", "duplicate host \"" + g.hosts[i] + "\"");
    }
  }
  std::set<std::string> types;
  for (std::size_t i = 0; i < g.host_types.size(); ++i) {
    if (!types.insert(g.host_types[i]).second) {
      c.error_at("host_types[" + std::to_string(i + 1) + "]",
                 "duplicate host type \"" + g.host_types[i] + "\"");
    }
  }
  if (c.has("default_server_domain") &&
      std::find(g.hosts.begin(), g.hosts.end(), g.default_server_domain) == g.hosts.end()) {
    c.error("default_server_domain",
            "\"" + g.default_server_domain + "\" is not one of general.hosts");
  }
}

// RFC 7622 §3.2: domains compare in their prepared form. domain() has already checked that
// preparation succeeds.
void nameprep(std::string& host) {
  if (auto prepared = jid::Jid::nameprep(host)) host = std::move(*prepared);
}

}  // namespace

Validator log_level_choice(bool allow_none) {
  std::vector<Choice> levels;
  if (allow_none) levels.emplace_back("none", LogLevel::kNone);
  for (auto [name, level] : {std::pair{"emergency", LogLevel::kEmergency},
                             {"alert", LogLevel::kAlert},
                             {"critical", LogLevel::kCritical},
                             {"error", LogLevel::kError},
                             {"warning", LogLevel::kWarning},
                             {"notice", LogLevel::kNotice},
                             {"info", LogLevel::kInfo},
                             {"debug", LogLevel::kDebug},
                             {"all", LogLevel::kAll}}) {
    levels.emplace_back(name, level);
  }
  return Validator(Validator::Kind::kOneOf, std::move(levels));
}

Section<GeneralOptions> general_schema() {
  return Section<GeneralOptions>{}
      .option("loglevel", &GeneralOptions::loglevel, log_level_choice(true),
              "How much the server logs.")
      .option("hosts", &GeneralOptions::hosts, domain(),
              "The XMPP domains this server serves, each configured statically.")
      .process([](std::string& host) { nameprep(host); })
      .option("host_types", &GeneralOptions::host_types,
              "Names of host types: groups of domains added at run time that share one "
              "configuration.")
      .check([](const std::string& t) { return !t.empty(); }, "a non-empty string")
      .option("default_server_domain", &GeneralOptions::default_server_domain, domain(),
              "The domain used when no other can be told, e.g. in stream errors sent before the "
              "client named a domain.")
      .required()
      .process([](std::string& host) { nameprep(host); })
      .option("language", &GeneralOptions::language, non_empty(),
              "The xml:lang of the server's stream header, and the language assumed for clients "
              "that do not state one.")
      .option("registration_timeout", &GeneralOptions::registration_timeout,
              {positive(), or_infinity()}, "Seconds between two registrations from one IP address.")
      .validated_only()
      .option("hide_service_name", &GeneralOptions::hide_service_name,
              "Close a connection that sends garbage instead of answering with a stream error, "
              "so the server does not reveal what it is.")
      .option("sm_backend", &GeneralOptions::sm_backend, backend_choice(true),
              "Where the session table is kept.")
      .validated_only()
      .option("replaced_wait_timeout", &GeneralOptions::replaced_wait_timeout, positive(),
              "How long a new session waits for the session it replaces to close.")
      .validated_only()  // a replaced session is told at once; nothing waits for it yet
      .option("s2s_backend", &GeneralOptions::s2s_backend, backend_choice(false),
              "Where the list of outgoing s2s connections is shared in a cluster.")
      .validated_only()
      .option("component_backend", &GeneralOptions::component_backend, backend_choice(false),
              "Where the list of connected components is shared in a cluster.")
      .validated_only()
      .option("route_subdomains", &GeneralOptions::route_subdomains, one_of({"s2s"}),
              "\"s2s\": send stanzas for subdomains of served domains over s2s instead of to "
              "local services.")
      .validated_only()
      .option("routing_modules", &GeneralOptions::routing_modules,
              one_of({"mongoose_router_global", "mongoose_router_localdomain",
                      "mongoose_router_external_localnode", "mongoose_router_external",
                      "mongoose_router_dynamic_domains", "ejabberd_s2s"}),
              "The routing steps a stanza goes through, in order.")
      .validated_only()
      .option("http_server_name", &GeneralOptions::http_server_name, non_empty(),
              "The Server header of every HTTP response.")
      .validated_only()  // TODO(#5): the HTTP listener
      .option("max_fsm_queue", &GeneralOptions::max_fsm_queue, positive(),
              "Most stanzas queued for one connection; a connection over it is closed.")
      .option("all_metrics_are_global", &GeneralOptions::all_metrics_are_global,
              "Report every metric for the whole node instead of per host.")
      .validated_only()
      .option("rdbms_server_type", &GeneralOptions::rdbms_server_type, one_of({"mssql", "pgsql"}),
              "The SQL dialect of the rdbms pools, when it matters.")
      .validated_only()
      .map("mongooseimctl_access_commands", &GeneralOptions::mongooseimctl_access_commands,
           ctl_access_schema().spec(), "Per access rule, the admin CLI commands it may run.")
      .validated_only()
      .value("domain_certfile", &GeneralOptions::domain_certfile,
             list_of(domain_certfile_schema().spec()),
             "Certificates chosen by the domain a client asks for (SNI).")
      .validated_only()
      .cross_check({"hosts", "host_types", "default_server_domain"}, check_hosts);
}

}  // namespace meerkat::config
