// SPDX-License-Identifier: Apache-2.0
#include "modules/stanzaid/stanzaid_module.hpp"

#include <algorithm>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_id.hpp"

namespace meerkat::modules::stanzaid {

namespace asio = boost::asio;
using hooks::HookResult;

StanzaidModule::StanzaidModule(ModuleContext& context, const config::modules::StanzaidOptions&) {
  auto& hooks = context.hooks;
  // Before mod_mam archives what the client sent (default + 20).
  hooks.user_send_packet.add(std::string(kName), hooks::kPriorityDefault + 15,
                             [this](hooks::StanzaEvent& e) { return strip_claims(e); });
  // After mod_mam stamped what it archived.
  hooks.filter_local_packet.add(std::string(kName), hooks::kPriorityDefault + 30,
                                [this](hooks::StanzaEvent& e) { return stamp(e); });
  auto& features = hooks.user_features;
  if (std::find(features.begin(), features.end(), ns::kStanzaId) == features.end()) {
    features.emplace_back(ns::kStanzaId);
  }
}

// XEP-0359 §3: only the server stamps ids by its users' JIDs.
asio::awaitable<HookResult> StanzaidModule::strip_claims(hooks::StanzaEvent& event) {
  if (event.stanza.name() != "message") co_return HookResult::kContinue;
  stanza::strip_stanza_ids(event.stanza, event.from.bare_view());
  stanza::strip_stanza_ids(event.stanza, event.to.bare_view());
  co_return HookResult::kContinue;
}

asio::awaitable<HookResult> StanzaidModule::stamp(hooks::StanzaEvent& event) {
  auto& message = event.stanza;
  if (message.name() != "message" || message.attr_or("type", "") == "error") {
    co_return HookResult::kContinue;
  }
  auto owner = event.to.bare_view();
  if (stanza::stanza_id_by(message, owner)) co_return HookResult::kContinue;
  stanza::add_stanza_id(message, std::string(owner), stanza::make_id());
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::stanzaid
