// SPDX-License-Identifier: Apache-2.0
// mod_disco: XEP-0030 service discovery, XEP-0157 contact addresses (modules/mod_disco.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct DiscoServerInfo {
  std::string name;
  std::vector<std::string> urls;
  std::optional<std::vector<std::string>> modules;  // unset: every module
};

struct DiscoOptions {
  static constexpr const char* kName = "mod_disco";
  IqDisc iqdisc;
  std::vector<std::string> extra_domains;
  std::vector<DiscoServerInfo> server_info;
  bool users_can_see_hidden_services = true;
};

Section<DiscoOptions> disco_schema();

}  // namespace meerkat::config::modules
