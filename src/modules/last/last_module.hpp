// SPDX-License-Identifier: Apache-2.0
// mod_last: XEP-0012 Last Activity: the server's uptime, and when a contact was last online
// (recorded when a user's last session goes unavailable).
#pragma once

#include <chrono>

#include "config/modules/last_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::last {

class LastModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_last";
  LastModule(ModuleContext& context, config::modules::LastOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> user_last(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::HookResult> record(hooks::PresenceEvent& event);

  ModuleContext& context_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace meerkat::modules::last
