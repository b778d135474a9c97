// SPDX-License-Identifier: Apache-2.0
// mod_register: XEP-0077 in-band registration (MongooseIM modules/mod_register.md).
#pragma once

#include <string>
#include <vector>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct WelcomeMessage {
  std::string subject;
  std::string body;
};

enum class IpAccessPolicy { kAllow, kDeny };
struct RegisterIpAccess {
  std::string address;  // an address or address/prefix
  IpAccessPolicy policy = IpAccessPolicy::kAllow;
};

struct RegisterOptions {
  static constexpr const char* kName = "mod_register";
  IqDisc iqdisc;
  std::string access = "all";
  WelcomeMessage welcome_message;
  std::vector<std::string> registration_watchers;  // JIDs told about new accounts
  int password_strength = 0;                       // entropy bits; 0: no check
  std::vector<RegisterIpAccess> ip_access;
};

Section<RegisterOptions> register_schema();

}  // namespace meerkat::config::modules
