// SPDX-License-Identifier: Apache-2.0
// Typed options of `[[host_config]]` (MongooseIM host_config.md): per-domain or per-host-type
// overrides of the top-level sections.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "config/access_options.hpp"
#include "config/auth_options.hpp"
#include "config/modules/modules_options.hpp"
#include "config/pool_options.hpp"
#include "config/s2s_options.hpp"

namespace meerkat::config {

// Unset: the top-level general value applies.
struct HostGeneralOptions {
  std::optional<std::string> route_subdomains;
  std::optional<std::chrono::milliseconds> replaced_wait_timeout;
};

struct HostConfig {
  // Exactly one of host and host_type is set.
  std::optional<std::string> host;
  std::optional<std::string> host_type;
  HostGeneralOptions general;
  std::optional<AuthOptions> auth;                     // replaces the top-level auth
  std::optional<modules::ModulesOptions> modules;      // replaces the top-level modules
  AclMap acl;                                          // merged with the top-level acl
  AccessMap access;                                    // merged with the top-level access
  std::optional<S2sOptions> s2s;                       // replaces the top-level s2s
  std::optional<OutgoingPoolsOptions> outgoing_pools;  // overrides pools of the same type and tag
};

}  // namespace meerkat::config
