// SPDX-License-Identifier: Apache-2.0
// Presence (RFC 6121 §4, MongooseIM mod_presence): broadcasts to subscribed contacts and the
// user's own resources, probes at login, answers to probes, and the replay of pending
// subscription requests to a new session. Always running: RFC 6121 presence is not optional.
#pragma once

#include "modules/module_context.hpp"

namespace meerkat::modules::presence {

class PresenceModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_presence";
  explicit PresenceModule(ModuleContext& context);

 private:
  boost::asio::awaitable<hooks::HookResult> broadcast(hooks::PresenceEvent& event);
  boost::asio::awaitable<hooks::HookResult> answer_probe(hooks::StanzaEvent& event);
  boost::asio::awaitable<void> send_as_user(jid::Jid from, jid::Jid to, xml::Element presence);
  // RFC 6121 §4.2.2: what a session that just became available needs to see.
  void greet_new_session(const jid::Jid& session, const storage::Roster& roster);

  ModuleContext& context_;
};

}  // namespace meerkat::modules::presence
