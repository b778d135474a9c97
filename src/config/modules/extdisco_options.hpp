// SPDX-License-Identifier: Apache-2.0
// mod_extdisco: XEP-0215 external service discovery (MongooseIM modules/mod_extdisco.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct ExternalService {
  std::string type;
  std::string host;
  std::optional<std::uint16_t> port;
  std::optional<std::string> transport;  // "udp" or "tcp"
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> secret;
};

struct ExtdiscoOptions {
  static constexpr const char* kName = "mod_extdisco";
  IqDisc iqdisc{IqDiscType::kNoQueue};
  std::vector<ExternalService> service;
};

Section<ExtdiscoOptions> extdisco_schema();

}  // namespace meerkat::config::modules
