// SPDX-License-Identifier: Apache-2.0
// mod_pubsub: personal eventing (XEP-0163) on every account's bare JID, with the parts of
// XEP-0060 PEP clients use: publish (auto-create, publish-options), retract, retrieve,
// create, configure, delete, subscribe and unsubscribe. Notifications go to the owner's and
// its contacts' clients that asked for them in their caps (+notify, via mod_caps), and to
// explicit subscribers; a client that comes online gets the last item of each such node.
#pragma once

#include "config/modules/pubsub_options.hpp"
#include "modules/module_context.hpp"
#include "storage/pubsub_store.hpp"

namespace meerkat::modules::pubsub {

class PepModule final : public Module {
 public:
  static constexpr std::string_view kName = "mod_pubsub";
  PepModule(ModuleContext& context, const config::modules::PubsubOptions& options);

 private:
  using Owner = storage::PubsubOwner;

  // pep_requests.cpp: the IQ requests.
  boost::asio::awaitable<hooks::IqReply> handle_pubsub(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> handle_owner(hooks::IqRequest& request);
  boost::asio::awaitable<hooks::IqReply> publish(hooks::IqRequest& request,
                                                 const xml::Element& pubsub);
  boost::asio::awaitable<hooks::IqReply> retract(hooks::IqRequest& request,
                                                 const xml::Element& retract);
  boost::asio::awaitable<hooks::IqReply> items(hooks::IqRequest& request,
                                               const xml::Element& items);
  boost::asio::awaitable<hooks::IqReply> subscribe(hooks::IqRequest& request,
                                                   const xml::Element& subscribe);
  boost::asio::awaitable<hooks::IqReply> unsubscribe(hooks::IqRequest& request,
                                                     const xml::Element& unsubscribe);
  boost::asio::awaitable<hooks::IqReply> create(hooks::IqRequest& request,
                                                const xml::Element& pubsub);
  boost::asio::awaitable<hooks::IqReply> configure(hooks::IqRequest& request,
                                                   const xml::Element& configure);
  boost::asio::awaitable<hooks::IqReply> remove_node(hooks::IqRequest& request,
                                                     const xml::Element& remove);
  // The node, or the error for a missing node or a requester the access model keeps out.
  boost::asio::awaitable<Result<storage::PubsubNode>> accessible_node(
      const hooks::IqRequest& request, std::string name);
  // Whether `requester` may see `owner`'s node configured as `config` (XEP-0060 §4.5).
  boost::asio::awaitable<bool> may_access(const jid::Jid& owner, const jid::Jid& requester,
                                          const storage::PubsubNodeConfig& config);
  // Whether `requester` is subscribed to `owner`'s presence (reads the owner's roster).
  boost::asio::awaitable<bool> is_subscriber(const jid::Jid& owner, const jid::Jid& requester);
  std::optional<std::uint64_t> items_to_keep(const storage::PubsubNodeConfig& config) const;

  // pep_notifications.cpp: who hears of a change, and the last items for new sessions.
  boost::asio::awaitable<void> notify(const jid::Jid& owner, const storage::PubsubNode& node,
                                      const xml::Element& event);
  boost::asio::awaitable<std::vector<jid::Jid>> recipients(const jid::Jid& owner,
                                                           const storage::PubsubNode& node);
  bool wants(const xml::Element& presence, std::string_view node) const;
  // A headline from the owner's bare JID; `published` adds the delay of a late item.
  boost::asio::awaitable<void> send_event(
      const jid::Jid& owner, const jid::Jid& to, xml::Element event,
      std::optional<std::chrono::system_clock::time_point> published);
  boost::asio::awaitable<hooks::HookResult> send_last_items(hooks::SessionEvent& event);
  boost::asio::awaitable<void> send_last_item(const jid::Jid& owner, const jid::Jid& to,
                                              const storage::PubsubNode& node);

  // pep_discovery.cpp: disco#info and disco#items on accounts and their nodes.
  boost::asio::awaitable<hooks::HookResult> disco_info(hooks::DiscoEvent& event);
  boost::asio::awaitable<hooks::HookResult> disco_items(hooks::DiscoEvent& event);
  boost::asio::awaitable<hooks::HookResult> remove_user(hooks::UserEvent& event);

  ModuleContext& context_;
  storage::PubsubStore& store_;
  storage::PubsubNodeConfig defaults_;
  std::optional<std::uint64_t> max_items_per_node_;
};

// The store's name for the account `jid` (a local bare or full JID).
storage::PubsubOwner owner_of(const jid::Jid& jid);
// <event xmlns=pubsub#event><items node=…>…</items></event> with one item or retraction.
xml::Element items_event(std::string_view node, xml::Element child);
// An <item id=…> with its payload parsed back from the store; nullopt if it does not parse.
std::optional<xml::Element> item_element(const storage::PubsubItem& item, std::string_view xmlns);

}  // namespace meerkat::modules::pubsub
