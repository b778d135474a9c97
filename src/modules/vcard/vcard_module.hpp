// SPDX-License-Identifier: Apache-2.0
// mod_vcard: XEP-0054 vcard-temp: every account's vCard, set by its owner, readable by anyone;
// the server's own vCard names the server.
#pragma once

#include "config/modules/vcard_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::vcard {

class VcardModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_vcard";
  VcardModule(ModuleContext& context, config::modules::VcardOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> user_vcard(hooks::IqRequest& request);

  ModuleContext& context_;
  config::modules::VcardOptions options_;
};

}  // namespace meerkat::modules::vcard
