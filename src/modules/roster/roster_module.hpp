// SPDX-License-Identifier: Apache-2.0
// mod_roster: RFC 6121 §2 roster management (get, set, remove, pushes, XEP-0237 versioning)
// and §3 the subscription state machine for both directions, with pre-approval (§3.4).
// Split: roster_module.cpp (IQ and pushes), roster_subscription.cpp (§3 transitions).
#pragma once

#include "config/modules/roster_options.hpp"
#include "modules/module_context.hpp"
#include "net/keyed_mutex.hpp"
#include "storage/roster_store.hpp"

namespace meerkat::modules::roster {

class RosterModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_roster";
  RosterModule(ModuleContext& context, config::modules::RosterOptions options);

 private:
  boost::asio::awaitable<hooks::IqReply> handle_iq(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> get_roster(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> set_item(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> remove_item(jid::Jid owner, jid::Jid contact);
  // Sends the changed item to every resource of `owner` (RFC 6121 §2.1.6).
  void push(const jid::Jid& owner, const storage::RosterItem& item, std::uint64_t version,
            bool removed = false);
  xml::Element item_element(const storage::RosterItem& item, bool removed) const;

  // roster_subscription.cpp
  boost::asio::awaitable<hooks::HookResult> outbound(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> inbound(hooks::StanzaEvent& event);
  boost::asio::awaitable<hooks::HookResult> say_goodbye(hooks::UserEvent& event);
  // Not coroutines: they copy their arguments into the operation they return, so callers may
  // pass references to their own locals.
  boost::asio::awaitable<void> save_and_push(const jid::Jid& owner,
                                             const storage::RosterItem& item);
  boost::asio::awaitable<void> save(jid::Jid owner, storage::RosterItem item);
  // Sends `type` presence from `from` (bare) to `to` through the router.
  boost::asio::awaitable<void> send_presence(const jid::Jid& from, const jid::Jid& to,
                                             const char* type);
  // The last presence of each available resource of `owner`, or unavailable presence from
  // each, to `contact` (RFC 6121 §3.1.5, §3.2.3).
  boost::asio::awaitable<void> send_current_presence(const jid::Jid& owner,
                                                     const jid::Jid& contact, bool available);
  static boost::asio::awaitable<void> current_presence(router::Router& router, jid::Jid owner,
                                                       jid::Jid contact, bool available);

  ModuleContext& context_;
  config::modules::RosterOptions options_;
  storage::RosterStore& store_;
  // One read-modify-write of a user's roster at a time (by bare JID), whatever the shard.
  net::KeyedMutex locks_;
};

}  // namespace meerkat::modules::roster
