// SPDX-License-Identifier: Apache-2.0
// Section order here is the order of the generated reference.
#include "config/root_schema.hpp"

#include <algorithm>

#include "config/access_schema.hpp"
#include "config/auth_schema.hpp"
#include "config/general_schema.hpp"
#include "config/host_config_schema.hpp"
#include "config/listen_schema.hpp"
#include "config/modules/modules_schema.hpp"
#include "config/pool_schema.hpp"
#include "config/s2s_schema.hpp"
#include "config/schema.hpp"
#include "config/service_schema.hpp"

namespace meerkat::config {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// host_config entries must name configured hosts or host types, each at most once.
void check_host_config(Config& c, SectionCheck& check) {
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < c.host_config.size(); ++i) {
    const auto& h = c.host_config[i];
    auto at = "host_config[" + std::to_string(i + 1) + "]";
    if (h.host && !contains(c.general.hosts, *h.host)) {
      check.error_at(at + ".host", "\"" + *h.host + "\" is not one of general.hosts");
    }
    if (h.host_type && !contains(c.general.host_types, *h.host_type)) {
      check.error_at(at + ".host_type",
                     "\"" + *h.host_type + "\" is not one of general.host_types");
    }
    auto name = h.host ? *h.host : h.host_type.value_or("");
    if (contains(seen, name)) {
      check.error_at(at + (h.host ? ".host" : ".host_type"),
                     "\"" + name + "\" already has a host_config entry");
    }
    seen.push_back(name);
  }
}

// Modules.md: these modules cannot serve dynamic domains, so they may not be enabled where host
// types are in use.
void check_dynamic_domain_modules(Config& c, SectionCheck& check) {
  static const std::vector<std::string> kStaticOnly = {"mod_global_distrib", "mod_pubsub_old",
                                                       "mod_shared_roster_ldap"};
  auto visit = [&](const modules::ModulesOptions& m, const std::string& at, const char* why) {
    for (const auto& name : m.enabled) {
      if (contains(kStaticOnly, name)) {
        check.error_at(at + "." + name,
                       "does not support dynamic domains (" + std::string(why) + ")");
      }
    }
  };
  if (!c.general.host_types.empty()) visit(c.modules, "modules", "general.host_types is set");
  for (std::size_t i = 0; i < c.host_config.size(); ++i) {
    const auto& h = c.host_config[i];
    if (h.host_type && h.modules) {
      visit(*h.modules, "host_config[" + std::to_string(i + 1) + "].modules",
            "this host_config is for a host type");
    }
  }
}

// Listener options that name an access rule or a shaper must name one that exists (the seed:
// "the rule referenced here needs to be defined in the access section").
void check_listener_references(Config& c, SectionCheck& check) {
  auto rule = [&](const std::string& name, const std::string& path, const char* builtin) {
    if (name != builtin && !c.access.contains(name)) {
      check.error_at(path, "no access rule named \"" + name + "\" in the access section");
    }
  };
  const auto& listen = c.listen;
  for (std::size_t i = 0; i < listen.c2s.size(); ++i) {
    auto at = "listen.c2s[" + std::to_string(i + 1) + "]";
    rule(listen.c2s[i].access, at + ".access", "all");
    rule(listen.c2s[i].shaper, at + ".shaper", "none");
  }
  for (std::size_t i = 0; i < listen.s2s.size(); ++i) {
    rule(listen.s2s[i].shaper, "listen.s2s[" + std::to_string(i + 1) + "].shaper", "none");
  }
  // [[listen.service]] entries come first in the list, then [[listen.component]] ones.
  const auto* raw_listen = check.raw().find("listen");
  const auto* raw_services = raw_listen ? raw_listen->value.find("service") : nullptr;
  std::size_t services =
      raw_services && raw_services->value.is_array() ? raw_services->value.array.size() : 0;
  for (std::size_t i = 0; i < listen.service.size(); ++i) {
    const auto& service = listen.service[i];
    auto at = i < services ? "listen.service[" + std::to_string(i + 1) + "]"
                           : "listen.component[" + std::to_string(i - services + 1) + "]";
    rule(service.access, at + ".access", "all");
    // Unlike the c2s and s2s shapers, a component's shaper names a shaper directly.
    if (service.shaper_rule != "none" && !c.shaper.contains(service.shaper_rule)) {
      check.error_at(at + (i < services ? ".shaper_rule" : ".shaper"),
                     "no shaper named \"" + service.shaper_rule + "\" in the shaper section");
    }
  }
}

}  // namespace

Section<Config> root_schema() {
  return Section<Config>{}
      .section("general", &Config::general, general_schema(),
               "Domains, logging and other server-wide settings.")
      .required()
      .section("listen", &Config::listen, listen_schema(),
               "Sockets the server accepts connections on.")
      .section("auth", &Config::auth, auth_schema(), "How users authenticate.")
      .value("shaper", &Config::shaper, shaper_schema(), "Named traffic shapers.")
      .value("acl", &Config::acl, acl_schema(), "Named access classes (lists of JID patterns).")
      .value("access", &Config::access, access_schema(),
             "Named access rules: ordered clauses mapping access classes to values.")
      .section("s2s", &Config::s2s, s2s_schema(), "Federation with other servers.")
      .section("outgoing_pools", &Config::outgoing_pools, pools_schema(),
               "Connection pools to databases and services, [outgoing_pools.TYPE.TAG].")
      .validated_only()
      .section("services", &Config::services, services_schema(),
               "Server-wide services, started once.")
      .section("internal_databases", &Config::internal_databases, internal_databases_schema(),
               "Cluster-internal databases.")
      .validated_only()
      .section("instrumentation", &Config::instrumentation, instrumentation_schema(),
               "Metrics and instrumentation.")
      .validated_only()
      .section("modules", &Config::modules, modules::modules_schema(),
               "Extension modules, one [modules.NAME] table each.")
      .value("host_config", &Config::host_config, list_of(host_config_schema().spec()),
             "Per-domain or per-host-type overrides, one [[host_config]] table each.")
      .validated_only()
      .cross_check({"general", "host_config"}, check_host_config)
      .cross_check({"general", "modules", "host_config"}, check_dynamic_domain_modules)
      .cross_check({"listen", "access", "shaper"}, check_listener_references);
}

LoadResult load_config(const RawNode& root, std::string file, const LoadOptions& options) {
  // The schema is a constant table: built once, on first use, then shared by every load.
  static const Section<Config> schema = root_schema();
  LoadContext ctx(std::move(file), options.working_dir);
  Config config;
  load_section(schema.core(), root, &config, ctx);
  if (ctx.error_count() > 0) return ConfigErrors(ctx.take_errors());
  config.not_applied = ctx.take_not_applied();
  return config;
}

}  // namespace meerkat::config
