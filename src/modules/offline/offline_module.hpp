// SPDX-License-Identifier: Apache-2.0
// mod_offline: messages for users without an available session are stored (XEP-0160) and
// delivered, with a XEP-0203 delay stamp, when a session becomes available with a
// non-negative priority. The per-user limit comes from an access rule.
#pragma once

#include "config/modules/offline_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::offline {

class OfflineModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_offline";
  OfflineModule(ModuleContext& context, config::modules::OfflineOptions options);

 private:
  boost::asio::awaitable<hooks::HookResult> store(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> flush(hooks::SessionEvent& event);
  bool is_storable(const xml::Element& message) const;
  std::uint64_t max_messages(const jid::Jid& user) const;

  ModuleContext& context_;
  config::modules::OfflineOptions options_;
};

}  // namespace meerkat::modules::offline
