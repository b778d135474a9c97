// SPDX-License-Identifier: Apache-2.0
// mod_pubsub's notifications: who hears of a publish, retraction or deletion (XEP-0163 §4.3:
// the owner's and its subscribed contacts' clients that want the node, plus explicit
// subscribers the access model admits), and the last items sent to a client when it comes
// online or its caps change (XEP-0163 "last published item").
#include <algorithm>
#include <unordered_set>

#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"
#include "core/stanza/id.hpp"
#include "modules/pubsub/node_config.hpp"
#include "modules/pubsub/pep_module.hpp"

namespace meerkat::modules::pubsub {

namespace asio = boost::asio;
using storage::PubsubAccess;

namespace {

bool has_from(storage::Subscription s) {
  return s == storage::Subscription::kFrom || s == storage::Subscription::kBoth;
}
bool has_to(storage::Subscription s) {
  return s == storage::Subscription::kTo || s == storage::Subscription::kBoth;
}

void add_once(std::vector<jid::Jid>& list, jid::Jid jid) {
  if (std::find(list.begin(), list.end(), jid) == list.end()) list.push_back(std::move(jid));
}

const xml::Element* presence_of(const std::vector<router::SessionInfo>& sessions,
                                std::string_view resource) {
  for (const auto& s : sessions) {
    if (s.resource == resource && s.available && s.presence) return s.presence.get();
  }
  return nullptr;
}

}  // namespace

bool PepModule::wants(const xml::Element& presence, std::string_view node) const {
  const auto* caps = context_.hooks.entity_caps;
  if (!caps) return false;
  auto features = caps->features(presence);
  return features && features->has(std::string(node) + "+notify");
}

asio::awaitable<std::vector<jid::Jid>> PepModule::recipients(const jid::Jid& owner,
                                                             const storage::PubsubNode& node) {
  std::vector<jid::Jid> to;
  auto& sessions = context_.router.sessions();
  // The available clients of `bare`; with `filtered`, only those whose caps want the node.
  auto add_clients = [&](const jid::Jid& bare, bool filtered) {
    for (const auto& s : sessions.sessions(bare)) {
      if (!s.available) continue;
      if (filtered && (!s.presence || !wants(*s.presence, node.name))) continue;
      if (auto full = bare.with_resource(s.resource)) add_once(to, std::move(*full));
    }
  };
  add_clients(owner, true);
  // Contacts subscribed to the owner's presence (TODO(#6): remote ones once s2s exists).
  std::unordered_set<std::string> contacts;
  if (node.config.access != PubsubAccess::kWhitelist) {
    auto user = std::string(owner.node());
    auto host = std::string(owner.domain());
    auto roster = co_await context_.stores.roster->roster(std::move(user), std::move(host));
    if (roster) {
      for (const auto& item : roster->items) {
        if (!has_from(item.subscription)) continue;
        auto contact = jid::Jid::parse(item.jid);
        if (!contact || !context_.router.is_local_host(contact->domain())) continue;
        contacts.insert(item.jid);
        add_clients(*contact, true);
      }
    }
  }
  for (const auto& subscriber : node.subscribers) {
    auto jid = jid::Jid::parse(subscriber);
    if (!jid || !context_.router.is_local_host(jid->domain())) continue;
    auto bare = jid->bare();
    bool admitted =
        bare == owner || node.config.access == PubsubAccess::kOpen ||
        (node.config.access == PubsubAccess::kPresence && contacts.count(bare.to_string()));
    if (!admitted) continue;
    if (jid->is_bare()) {
      add_clients(*jid, false);
    } else {
      add_once(to, std::move(*jid));
    }
  }
  co_return to;
}

asio::awaitable<void> PepModule::notify(const jid::Jid& owner, const storage::PubsubNode& node,
                                        const xml::Element& event) {
  auto to = co_await recipients(owner, node);
  for (auto& recipient : to) co_await send_event(owner, recipient, event, std::nullopt);
}

asio::awaitable<void> PepModule::send_event(
    const jid::Jid& owner, const jid::Jid& to, xml::Element event,
    std::optional<std::chrono::system_clock::time_point> published) {
  xml::Element message("message", std::string(ns::kClient));
  message.add_attr_unchecked("from", owner.to_string());
  message.add_attr_unchecked("to", to.to_string());
  message.add_attr_unchecked("type", "headline");
  message.add_attr_unchecked("id", stanza::make_id());
  message.append(std::move(event));
  if (published) {
    // An item sent later than it was published says when it was (XEP-0203).
    auto& delay = message.append(xml::Element("delay", std::string(ns::kDelay)));
    delay.add_attr_unchecked("from", owner.to_string());
    delay.add_attr_unchecked("stamp", stanza::format_datetime(*published));
  }
  auto from = owner;
  auto recipient = to;
  co_await context_.router.route(std::move(from), std::move(recipient), std::move(message));
}

asio::awaitable<void> PepModule::send_last_item(const jid::Jid& owner, const jid::Jid& to,
                                                const storage::PubsubNode& node) {
  auto account = owner_of(owner);  // named: GCC 12 mishandles temporaries in co_await
  std::vector<std::string> newest;
  auto items = co_await store_.items(std::move(account), node.name, std::move(newest), 1);
  if (!items || items->empty()) co_return;
  auto element = item_element(items->back(), kPubsubEvent);
  if (!element) co_return;
  auto event = items_event(node.name, std::move(*element));
  co_await send_event(owner, to, std::move(event), items->back().published);
}

asio::awaitable<hooks::HookResult> PepModule::send_last_items(hooks::SessionEvent& event) {
  const auto& session = event.jid;
  auto bare = session.bare();
  auto sessions = context_.router.sessions().sessions(bare);
  const auto* presence = presence_of(sessions, session.resource());
  if (!presence) co_return hooks::HookResult::kContinue;
  // The nodes of the user itself and of every local contact whose presence it receives.
  std::vector<storage::PubsubOwner> owners{owner_of(bare)};
  auto user = std::string(bare.node());
  auto host = std::string(bare.domain());
  auto roster = co_await context_.stores.roster->roster(std::move(user), std::move(host));
  if (roster) {
    for (const auto& item : roster->items) {
      auto contact = jid::Jid::parse(item.jid);
      if (!has_to(item.subscription) || !contact || !contact->has_node() ||
          !context_.router.is_local_host(contact->domain())) {
        continue;
      }
      owners.push_back(owner_of(*contact));
    }
  }
  auto last = co_await store_.last_items(std::move(owners));
  if (!last) co_return hooks::HookResult::kContinue;
  for (const auto& found : *last) {
    if (found.config.send_last != storage::SendLastItem::kOnSubAndPresence) continue;
    if (!wants(*presence, found.node)) continue;
    auto owner = jid::Jid::make(found.owner.user, found.owner.host);
    if (!owner) continue;
    bool own = *owner == bare;
    if (found.config.access == PubsubAccess::kWhitelist && !own) continue;
    auto element = item_element(found.item, kPubsubEvent);
    if (!element) continue;
    auto notification = items_event(found.node, std::move(*element));
    co_await send_event(*owner, session, std::move(notification), found.item.published);
  }
  co_return hooks::HookResult::kContinue;
}

}  // namespace meerkat::modules::pubsub
