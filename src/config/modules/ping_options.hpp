// SPDX-License-Identifier: Apache-2.0
// mod_ping: XEP-0199 XMPP Ping (MongooseIM modules/mod_ping.md).
#pragma once

#include <chrono>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

enum class PingTimeoutAction { kNone, kKill };

struct PingOptions {
  static constexpr const char* kName = "mod_ping";
  bool send_pings = false;
  std::chrono::seconds ping_interval{60};
  PingTimeoutAction timeout_action = PingTimeoutAction::kNone;
  std::chrono::seconds ping_req_timeout{32};
  IqDisc iqdisc{IqDiscType::kNoQueue};
};

Section<PingOptions> ping_schema();

}  // namespace meerkat::config::modules
