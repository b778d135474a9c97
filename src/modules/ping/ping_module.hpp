// SPDX-License-Identifier: Apache-2.0
// mod_ping: XEP-0199 XMPP Ping. Answers pings to the server and to accounts.
#pragma once

#include "config/modules/ping_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::ping {

class PingModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_ping";
  PingModule(ModuleContext& context, config::modules::PingOptions options);

 private:
  config::modules::PingOptions options_;
};

}  // namespace meerkat::modules::ping
