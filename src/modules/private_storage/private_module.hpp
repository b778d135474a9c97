// SPDX-License-Identifier: Apache-2.0
// mod_private: XEP-0049 Private XML Storage: each account keeps XML fragments keyed by
// namespace (bookmarks, client settings), readable and writable by the account only.
#pragma once

#include "config/modules/private_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::private_storage {

class PrivateModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_private";
  PrivateModule(ModuleContext& context, config::modules::PrivateOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> handle(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> get(jid::Jid owner, xml::Element query);
  boost::asio::awaitable<hooks::IqReply> set(jid::Jid owner, xml::Element query);

  ModuleContext& context_;
};

}  // namespace meerkat::modules::private_storage
