// SPDX-License-Identifier: Apache-2.0
// mod_register: XEP-0077 In-Band Registration: account creation before authentication (with
// the `access` rule, `ip_access`, `password_strength`, a welcome message and
// `registration_watchers`), and password change and account removal for logged-in users.
#pragma once

#include "config/modules/register_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::register_ {

class RegisterModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_register";
  RegisterModule(ModuleContext& context, config::modules::RegisterOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> unauthenticated(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> authenticated(hooks::IqRequest& request,
                                                       jid::Jid owner);
  boost::asio::awaitable<hooks::IqReply> create(hooks::IqRequest& request, std::string user,
                                                std::string password);
  boost::asio::awaitable<void> announce(jid::Jid account, std::string peer);
  bool is_ip_allowed(const std::optional<boost::asio::ip::address>& peer) const;

  ModuleContext& context_;
  config::modules::RegisterOptions options_;
};

}  // namespace meerkat::modules::register_
