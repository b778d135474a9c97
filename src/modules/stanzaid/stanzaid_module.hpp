// SPDX-License-Identifier: Apache-2.0
// mod_stanzaid: XEP-0359 Unique and Stable Stanza IDs. Every message delivered to a local
// user carries a <stanza-id/> by the user's bare JID, whether or not it is archived: mod_mam
// stamps what it archives with the archive id (and is switched to one id for both peers and
// to always stamping), this module stamps the rest. Claims by clients are removed as they
// send, so a stamp by a user's JID always comes from this server.
#pragma once

#include "config/modules/iqdisc_only_options.hpp"
#include "modules/module_context.hpp"

namespace meerkat::modules::stanzaid {

class StanzaidModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_stanzaid";
  StanzaidModule(ModuleContext& context, const config::modules::StanzaidOptions& options);

 private:
  boost::asio::awaitable<hooks::HookResult> strip_claims(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> stamp(hooks::StanzaEvent& event);
};

}  // namespace meerkat::modules::stanzaid
