// SPDX-License-Identifier: Apache-2.0
#include "modules/stanzaid/stanzaid_module.hpp"

#include <algorithm>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"

namespace meerkat::modules::stanzaid {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

bool is_stamp_by(const xml::Node& node, std::string_view by) {
  const auto* child = std::get_if<xml::Element>(&node);
  return child && child->is("stanza-id", ns::kStanzaId) && child->attr_or("by", "") == by;
}

}  // namespace

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
  auto from = event.from.bare_view();
  auto to = event.to.bare_view();
  std::erase_if(event.stanza.nodes(), [&](const xml::Node& node) {
    return is_stamp_by(node, from) || is_stamp_by(node, to);
  });
  co_return HookResult::kContinue;
}

asio::awaitable<HookResult> StanzaidModule::stamp(hooks::StanzaEvent& event) {
  auto& message = event.stanza;
  if (message.name() != "message" || message.attr_or("type", "") == "error") {
    co_return HookResult::kContinue;
  }
  auto owner = event.to.bare_view();
  const auto& nodes = message.nodes();
  bool stamped = std::any_of(nodes.begin(), nodes.end(),
                             [&](const xml::Node& node) { return is_stamp_by(node, owner); });
  if (stamped) co_return HookResult::kContinue;
  auto& stamp = message.append(xml::Element("stanza-id", std::string(ns::kStanzaId)));
  stamp.add_attr_unchecked("by", std::string(owner));
  stamp.add_attr_unchecked("id", stanza::make_id());
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::stanzaid
