// SPDX-License-Identifier: Apache-2.0
// MongooseIM configuration/host_config.md. Whether `host` names one of general.hosts is checked
// by the root schema, which sees both sections.
#include "config/host_config_schema.hpp"

#include "config/access_schema.hpp"
#include "config/auth_schema.hpp"
#include "config/modules/modules_schema.hpp"
#include "config/pool_schema.hpp"
#include "config/s2s_schema.hpp"
#include "config/schema.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::config {

Section<HostConfig> host_config_schema() {
  return Section<HostConfig>{}
      .option("host", &HostConfig::host, domain(), "The domain these options are for.")
      .process([](std::string& h) {
        if (auto prepared = jid::Jid::nameprep(h)) h = std::move(*prepared);
      })
      .option("host_type", &HostConfig::host_type, non_empty(),
              "The host type these options are for.")
      .section("general", &HostConfig::general,
               Section<HostGeneralOptions>{}
                   .option("route_subdomains", &HostGeneralOptions::route_subdomains,
                           one_of({"s2s"}), "Overrides general.route_subdomains.")
                   .validated_only()
                   .option("replaced_wait_timeout", &HostGeneralOptions::replaced_wait_timeout,
                           positive(), "Overrides general.replaced_wait_timeout (ms)."),
               "The general options that may differ per host.")
      .section("auth", &HostConfig::auth, auth_schema(), "Replaces the whole auth section.")
      .section("modules", &HostConfig::modules, modules::modules_schema(),
               "Replaces the whole modules section.")
      .value("acl", &HostConfig::acl, acl_schema(), "Access classes, merged with the top level.")
      .value("access", &HostConfig::access, access_schema(),
             "Access rules, merged with the top level.")
      .section("s2s", &HostConfig::s2s, s2s_schema(), "Replaces the whole s2s section.")
      .section("outgoing_pools", &HostConfig::outgoing_pools, pools_schema(false),
               "Pools that replace top-level pools of the same type and tag.")
      .validated_only()
      .cross_check({"host", "host_type"}, [](HostConfig& h, SectionCheck& c) {
        if (h.host && h.host_type) {
          c.error("host_type", "only one of host and host_type may be set");
        } else if (!h.host && !h.host_type) {
          c.error("host", "required option missing (or set host_type)");
        }
      });
}

}  // namespace meerkat::config
