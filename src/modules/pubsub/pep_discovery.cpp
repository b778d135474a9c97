// SPDX-License-Identifier: Apache-2.0
// mod_pubsub in service discovery: an account's nodes as disco#items (XEP-0060 §5.2), a
// node's identity (§5.3) and its item ids (§5.5), each only to whom the node is open.
#include "modules/pubsub/node_config.hpp"
#include "modules/pubsub/pep_module.hpp"

namespace meerkat::modules::pubsub {

namespace asio = boost::asio;
using hooks::HookResult;

asio::awaitable<HookResult> PepModule::disco_info(hooks::DiscoEvent& event) {
  auto name = std::string(event.request.payload().attr_or("node", ""));
  if (name.empty()) co_return HookResult::kContinue;
  auto owner = event.request.to.bare();
  auto account = owner_of(owner);  // named: GCC 12 mishandles temporaries in co_await
  auto node = co_await store_.node(std::move(account), std::move(name));
  if (!node || !*node) co_return HookResult::kContinue;
  auto allowed = co_await may_access(owner, event.request.from, (*node)->config);
  if (!allowed) co_return HookResult::kContinue;
  auto& identity = event.query.append(xml::Element("identity", event.query.xmlns()));
  identity.add_attr_unchecked("category", "pubsub");
  identity.add_attr_unchecked("type", "leaf");
  event.query.append(xml::Element("feature", event.query.xmlns()))
      .add_attr_unchecked("var", std::string(kPubsub));
  event.node_found = true;
  co_return HookResult::kStop;
}

asio::awaitable<HookResult> PepModule::disco_items(hooks::DiscoEvent& event) {
  auto name = std::string(event.request.payload().attr_or("node", ""));
  auto owner = event.request.to.bare();
  auto add_item = [&](std::string attr, std::string value) {
    auto& item = event.query.append(xml::Element("item", event.query.xmlns()));
    item.add_attr_unchecked("jid", owner.to_string());
    item.add_attr_unchecked(std::move(attr), std::move(value));
  };
  auto account = owner_of(owner);
  if (name.empty()) {
    auto nodes = co_await store_.nodes(account);
    if (!nodes) co_return HookResult::kContinue;
    // The roster is read once, for the first presence-model node that needs it.
    std::optional<bool> subscribed;
    bool is_owner = event.request.from.bare() == owner;
    for (auto& node : *nodes) {
      bool allowed = false;
      if (!is_owner && node.config.access == storage::PubsubAccess::kPresence) {
        if (!subscribed) subscribed = co_await is_subscriber(owner, event.request.from);
        allowed = *subscribed;
      } else {
        allowed = co_await may_access(owner, event.request.from, node.config);
      }
      if (allowed) add_item("node", std::move(node.name));
    }
    co_return HookResult::kContinue;
  }
  auto node = co_await store_.node(account, name);
  if (!node || !*node) co_return HookResult::kContinue;
  auto allowed = co_await may_access(owner, event.request.from, (*node)->config);
  if (!allowed) co_return HookResult::kContinue;
  std::vector<std::string> all;
  auto items = co_await store_.items(account, std::move(name), std::move(all), std::nullopt);
  if (!items) co_return HookResult::kContinue;
  for (auto& item : *items) add_item("name", std::move(item.id));
  event.node_found = true;
  co_return HookResult::kStop;
}

}  // namespace meerkat::modules::pubsub
