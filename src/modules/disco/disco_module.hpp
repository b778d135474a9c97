// SPDX-License-Identifier: Apache-2.0
// mod_disco: XEP-0030 Service Discovery for the server (identity, features registered by the
// modules, XEP-0157 server_info, extra_domains as items) and for accounts.
#pragma once

#include "config/modules/disco_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::disco {

class DiscoModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_disco";
  DiscoModule(ModuleContext& context, config::modules::DiscoOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> server_info(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> server_items(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> user_info(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> user_items(hooks::IqRequest& request);
  xml::Element server_info_form() const;

  ModuleContext& context_;
  config::modules::DiscoOptions options_;
};

}  // namespace meerkat::modules::disco
