// SPDX-License-Identifier: Apache-2.0
// mod_pubsub's IQ requests (XEP-0060 §6–§8 as XEP-0163 uses them on an account's bare JID).
#include <array>
#include <charconv>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"
#include "modules/pubsub/node_config.hpp"
#include "modules/pubsub/pep_module.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::pubsub {

namespace asio = boost::asio;
using hooks::IqReply;
using storage::PubsubAccess;
using storage::PubsubNodeConfig;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_pubsub");
  return logger;
}

// XEP-0060 §10: what an account's PEP service supports, as disco features.
constexpr std::array<std::string_view, 19> kFeatures{
    "access-open",     "access-presence",  "access-whitelist",       "auto-create",
    "auto-subscribe",  "config-node",      "create-and-configure",   "create-nodes",
    "delete-items",    "delete-nodes",     "filtered-notifications", "item-ids",
    "last-published",  "persistent-items", "presence-notifications", "publish",
    "publish-options", "retract-items",    "retrieve-items"};

Error forbidden(std::string text) {
  return {ErrorType::kAuth, Condition::kForbidden, std::move(text)};
}
Error storage_failed() { return Error::internal("the PEP store failed"); }

std::string node_attr(const xml::Element& element) {
  return std::string(element.attr_or("node", ""));
}

const xml::Element* form_in(const xml::Element* wrapper) {
  return wrapper ? wrapper->find_child("x", ns::kDataForms) : nullptr;
}

IqReply pubsub_reply(std::string_view xmlns, xml::Element child) {
  xml::Element pubsub("pubsub", std::string(xmlns));
  pubsub.append(std::move(child));
  return std::optional<xml::Element>(std::move(pubsub));
}

PubsubNodeConfig config_of(const config::modules::PubsubNodeConfig& options) {
  PubsubNodeConfig config;
  config.access = options.access_model == config::modules::PubsubAccessModel::kOpen
                      ? PubsubAccess::kOpen
                      : PubsubAccess::kPresence;
  config.max_items = options.max_items;
  return config;
}

// XEP-0060 §6.1.3.2: the 'jid' of a (un)subscription must be the requester's own.
Result<std::string> subscriber_jid(const hooks::IqRequest& request, const xml::Element& element) {
  auto jid = jid::Jid::parse(element.attr_or("jid", ""));
  if (!jid || jid->bare() != request.from.bare()) {
    return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "invalid-jid");
  }
  return jid->to_string();
}

}  // namespace

storage::PubsubOwner owner_of(const jid::Jid& jid) {
  return {std::string(jid.node()), std::string(jid.domain())};
}

PepModule::PepModule(ModuleContext& context, const config::modules::PubsubOptions& options)
    : context_(context),
      store_(*context.stores.pubsub),
      defaults_(config_of(options.default_node_config)),
      max_items_per_node_(options.max_items_per_node) {
  auto& hooks = context.hooks;
  hooks.iq.add(hooks::IqScope::kUser, std::string(kPubsub),
               [this](hooks::IqRequest& r) { return handle_pubsub(r); });
  hooks.iq.add(hooks::IqScope::kUser, std::string(kPubsubOwner),
               [this](hooks::IqRequest& r) { return handle_owner(r); });
  hooks.user_identities.push_back({"pubsub", "pep"});
  hooks.user_features.emplace_back(kPubsub);
  for (auto feature : kFeatures) {
    hooks.user_features.push_back(std::string(kPubsub) + "#" + std::string(feature));
  }
  hooks.caps_changed.add(std::string(kName), hooks::kPriorityDefault,
                         [this](hooks::SessionEvent& e) { return send_last_items(e); });
  hooks.user_disco_info.add(std::string(kName), hooks::kPriorityDefault,
                            [this](hooks::DiscoEvent& e) { return disco_info(e); });
  hooks.user_disco_items.add(std::string(kName), hooks::kPriorityDefault,
                             [this](hooks::DiscoEvent& e) { return disco_items(e); });
  hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::UserEvent& e) { return remove_user(e); });
}

asio::awaitable<IqReply> PepModule::handle_pubsub(hooks::IqRequest& request) {
  const auto& pubsub = request.payload();
  if (pubsub.name() != "pubsub") co_return Error::bad_request("expected <pubsub/>");
  if (request.is_set()) {
    if (pubsub.find_child("publish", kPubsub)) co_return co_await publish(request, pubsub);
    if (pubsub.find_child("create", kPubsub)) co_return co_await create(request, pubsub);
    if (const auto* r = pubsub.find_child("retract", kPubsub))
      co_return co_await retract(request, *r);
    if (const auto* s = pubsub.find_child("subscribe", kPubsub)) {
      co_return co_await subscribe(request, *s);
    }
    if (const auto* u = pubsub.find_child("unsubscribe", kPubsub)) {
      co_return co_await unsubscribe(request, *u);
    }
  } else if (const auto* i = pubsub.find_child("items", kPubsub)) {
    co_return co_await items(request, *i);
  }
  // Subscription options, affiliations and the like are not offered (see disco features).
  co_return Error{ErrorType::kCancel, Condition::kFeatureNotImplemented,
                  "this PEP service does not offer that request"};
}

asio::awaitable<IqReply> PepModule::handle_owner(hooks::IqRequest& request) {
  const auto& pubsub = request.payload();
  if (pubsub.name() != "pubsub") co_return Error::bad_request("expected <pubsub/>");
  if (!request.is_from_owner()) co_return forbidden("only the account manages its nodes");
  if (const auto* c = pubsub.find_child("configure", kPubsubOwner)) {
    co_return co_await configure(request, *c);
  }
  if (const auto* d = pubsub.find_child("delete", kPubsubOwner)) {
    if (!request.is_set()) co_return Error::bad_request("delete is a set");
    co_return co_await remove_node(request, *d);
  }
  co_return Error{ErrorType::kCancel, Condition::kFeatureNotImplemented,
                  "this PEP service does not offer that request"};
}

std::optional<std::uint64_t> PepModule::items_to_keep(const PubsubNodeConfig& config) const {
  if (!config.persist_items) return 0;
  if (!config.max_items) return max_items_per_node_;
  if (!max_items_per_node_) return config.max_items;
  return std::min(*config.max_items, *max_items_per_node_);
}

asio::awaitable<IqReply> PepModule::publish(hooks::IqRequest& request, const xml::Element& pubsub) {
  if (!request.is_from_owner()) co_return forbidden("only the account publishes to its nodes");
  const auto& publish = *pubsub.find_child("publish", kPubsub);
  auto name = node_attr(publish);
  if (name.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "nodeid-required");
  }
  auto children = publish.children();
  if (children.empty() || std::next(children.begin()) != children.end() ||
      children.begin()->name() != "item") {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "item-required",
                           "a PEP publish carries exactly one item");
  }
  const auto& item = *children.begin();
  auto payload = item.children();
  if (payload.empty() || std::next(payload.begin()) != payload.end()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "invalid-payload",
                           "an item carries exactly one payload element");
  }
  const auto* options = form_in(pubsub.find_child("publish-options", kPubsub));
  auto owner = request.to.bare();
  auto account = owner_of(owner);  // named: GCC 12 mishandles temporaries in co_await
  auto existing = co_await store_.node(account, name);
  if (!existing) co_return storage_failed();
  storage::PubsubNode node{name, defaults_, {}};
  if (*existing) {
    node = std::move(**existing);
    if (options && !satisfies(node.config, *options)) {
      co_return pubsub_error(ErrorType::kCancel, Condition::kConflict, "precondition-not-met",
                             "the node's configuration differs from the publish options");
    }
  } else if (options) {
    auto configured = apply_form(*options, defaults_);
    if (!configured) {
      co_return pubsub_error(ErrorType::kCancel, Condition::kConflict, "precondition-not-met",
                             configured.error().text);
    }
    node.config = *configured;
  }
  storage::PubsubItem stored{std::string(item.attr_or("id", "")), request.from.to_string(),
                             std::chrono::system_clock::now(), xml::to_string(*payload.begin())};
  if (stored.id.empty()) stored.id = stanza::make_id();
  auto keep = items_to_keep(node.config);
  auto persisted = keep != std::optional<std::uint64_t>(0);
  storage::PubsubPublish write{account, name, node.config,
                               persisted ? std::optional(stored) : std::nullopt, keep};
  auto written = co_await store_.publish(std::move(write));
  if (!written) {
    log()->warn("pep_publish_failed owner={} node={} error=\"{}\"", owner.to_string(), name,
                written.error().text);
    co_return storage_failed();
  }
  xml::Element event_item("item", std::string(kPubsubEvent));
  event_item.add_attr_unchecked("id", stored.id);
  event_item.append(*payload.begin());
  auto event = items_event(name, std::move(event_item));
  co_await notify(owner, node, event);
  xml::Element result("publish", std::string(kPubsub));
  result.add_attr_unchecked("node", name);
  result.append(xml::Element("item", std::string(kPubsub))).add_attr_unchecked("id", stored.id);
  co_return pubsub_reply(kPubsub, std::move(result));
}

asio::awaitable<IqReply> PepModule::retract(hooks::IqRequest& request,
                                            const xml::Element& retract) {
  if (!request.is_from_owner()) co_return forbidden("only the account retracts its items");
  auto name = node_attr(retract);
  if (name.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "nodeid-required");
  }
  const auto* item = retract.find_child("item", kPubsub);
  auto id = item ? std::string(item->attr_or("id", "")) : std::string();
  if (id.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "item-required");
  }
  auto owner = request.to.bare();
  auto account = owner_of(owner);
  auto node = co_await store_.node(account, name);
  if (!node) co_return storage_failed();
  if (!*node) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "no such node"};
  auto removed = co_await store_.retract(account, name, id);
  if (!removed) co_return storage_failed();
  if (!*removed) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "no such item"};
  auto notify_attr = retract.attr_or("notify", "");
  if ((*node)->config.notify_retract || notify_attr == "1" || notify_attr == "true") {
    xml::Element gone("retract", std::string(kPubsubEvent));
    gone.add_attr_unchecked("id", id);
    auto event = items_event(name, std::move(gone));
    co_await notify(owner, **node, event);
  }
  co_return std::optional<xml::Element>();
}

asio::awaitable<bool> PepModule::may_access(const jid::Jid& owner, const jid::Jid& requester,
                                            const PubsubNodeConfig& config) {
  if (requester.bare() == owner) co_return true;
  if (config.access == PubsubAccess::kOpen) co_return true;
  if (config.access == PubsubAccess::kWhitelist) co_return false;
  auto subscribed = co_await is_subscriber(owner, requester);
  co_return subscribed;
}

asio::awaitable<bool> PepModule::is_subscriber(const jid::Jid& owner, const jid::Jid& requester) {
  auto contact = requester.bare().to_string();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto item =
      co_await context_.stores.roster->item(std::move(user), std::move(host), std::move(contact));
  if (!item || !*item) co_return false;
  auto s = (*item)->subscription;
  co_return s == storage::Subscription::kFrom || s == storage::Subscription::kBoth;
}

asio::awaitable<Result<storage::PubsubNode>> PepModule::accessible_node(
    const hooks::IqRequest& request, std::string name) {
  if (name.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "nodeid-required");
  }
  auto owner = request.to.bare();
  auto account = owner_of(owner);
  auto node = co_await store_.node(std::move(account), std::move(name));
  if (!node) co_return storage_failed();
  if (!*node) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "no such node"};
  auto allowed = co_await may_access(owner, request.from, (*node)->config);
  if (allowed) co_return std::move(**node);
  if ((*node)->config.access == PubsubAccess::kPresence) {
    co_return pubsub_error(ErrorType::kAuth, Condition::kNotAuthorized,
                           "presence-subscription-required");
  }
  co_return pubsub_error(ErrorType::kCancel, Condition::kNotAllowed, "closed-node");
}

asio::awaitable<IqReply> PepModule::items(hooks::IqRequest& request, const xml::Element& items) {
  auto node = co_await accessible_node(request, node_attr(items));
  if (!node) co_return node.error();
  std::vector<std::string> ids;
  for (const auto& item : items.children()) {
    if (item.is("item", kPubsub)) ids.emplace_back(item.attr_or("id", ""));
  }
  std::optional<std::uint64_t> last;
  if (auto max = items.attr("max_items")) {
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(max->data(), max->data() + max->size(), n);
    if (ec != std::errc() || end != max->data() + max->size()) {
      co_return Error::bad_request("max_items: a non-negative integer");
    }
    last = n;
  }
  auto account = owner_of(request.to);
  auto found = co_await store_.items(std::move(account), node->name, std::move(ids), last);
  if (!found) co_return storage_failed();
  xml::Element result("items", std::string(kPubsub));
  result.add_attr_unchecked("node", node->name);
  for (const auto& item : *found) {
    if (auto element = item_element(item, kPubsub)) result.append(std::move(*element));
  }
  co_return pubsub_reply(kPubsub, std::move(result));
}

asio::awaitable<IqReply> PepModule::subscribe(hooks::IqRequest& request,
                                              const xml::Element& subscribe) {
  auto jid = subscriber_jid(request, subscribe);
  if (!jid) co_return jid.error();
  auto node = co_await accessible_node(request, node_attr(subscribe));
  if (!node) co_return node.error();
  auto account = owner_of(request.to);
  auto added = co_await store_.subscribe(std::move(account), node->name, *jid);
  if (!added) co_return storage_failed();
  if (node->config.send_last != storage::SendLastItem::kNever) {
    auto to = jid::Jid::parse(*jid);
    auto owner = request.to.bare();
    if (to) co_await send_last_item(owner, *to, *node);
  }
  xml::Element subscription("subscription", std::string(kPubsub));
  subscription.add_attr_unchecked("node", node->name);
  subscription.add_attr_unchecked("jid", *jid);
  subscription.add_attr_unchecked("subscription", "subscribed");
  co_return pubsub_reply(kPubsub, std::move(subscription));
}

asio::awaitable<IqReply> PepModule::unsubscribe(hooks::IqRequest& request,
                                                const xml::Element& unsubscribe) {
  auto jid = subscriber_jid(request, unsubscribe);
  if (!jid) co_return jid.error();
  auto name = node_attr(unsubscribe);
  if (name.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "nodeid-required");
  }
  auto account = owner_of(request.to);
  auto removed = co_await store_.unsubscribe(std::move(account), std::move(name), *jid);
  if (!removed) co_return storage_failed();
  if (!*removed) {
    co_return pubsub_error(ErrorType::kCancel, Condition::kUnexpectedRequest, "not-subscribed");
  }
  co_return std::optional<xml::Element>();
}

asio::awaitable<IqReply> PepModule::create(hooks::IqRequest& request, const xml::Element& pubsub) {
  if (!request.is_from_owner()) co_return forbidden("only the account creates its nodes");
  auto name = node_attr(*pubsub.find_child("create", kPubsub));
  if (name.empty()) {
    // PEP nodes are named after their payload's namespace: there are no instant nodes.
    co_return pubsub_error(ErrorType::kModify, Condition::kNotAcceptable, "nodeid-required");
  }
  auto config = defaults_;
  if (const auto* form = form_in(pubsub.find_child("configure", kPubsub))) {
    auto configured = apply_form(*form, config);
    if (!configured) co_return configured.error();
    config = *configured;
  }
  auto account = owner_of(request.to);
  auto created = co_await store_.create(std::move(account), std::move(name), config);
  if (!created) co_return storage_failed();
  if (!*created) co_return Error{ErrorType::kCancel, Condition::kConflict, "the node exists"};
  co_return std::optional<xml::Element>();
}

asio::awaitable<IqReply> PepModule::configure(hooks::IqRequest& request,
                                              const xml::Element& configure) {
  auto name = node_attr(configure);
  if (name.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "nodeid-required");
  }
  auto account = owner_of(request.to);
  auto node = co_await store_.node(account, name);
  if (!node) co_return storage_failed();
  if (!*node) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "no such node"};
  if (request.is_get()) {
    xml::Element shown("configure", std::string(kPubsubOwner));
    shown.add_attr_unchecked("node", name);
    shown.append(config_form((*node)->config));
    co_return pubsub_reply(kPubsubOwner, std::move(shown));
  }
  const auto* form = form_in(&configure);
  if (!form) co_return Error::bad_request("a configuration form");
  auto config = apply_form(*form, (*node)->config);
  if (!config) co_return config.error();
  auto keep = items_to_keep(*config);
  auto updated = co_await store_.configure(account, std::move(name), *config, keep);
  if (!updated) co_return storage_failed();
  if (!*updated) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "no such node"};
  co_return std::optional<xml::Element>();
}

asio::awaitable<IqReply> PepModule::remove_node(hooks::IqRequest& request,
                                                const xml::Element& remove) {
  auto name = node_attr(remove);
  if (name.empty()) {
    co_return pubsub_error(ErrorType::kModify, Condition::kBadRequest, "nodeid-required");
  }
  auto owner = request.to.bare();
  auto account = owner_of(owner);
  auto node = co_await store_.node(account, name);
  if (!node) co_return storage_failed();
  if (!*node) co_return Error{ErrorType::kCancel, Condition::kItemNotFound, "no such node"};
  auto removed = co_await store_.remove(account, name);
  if (!removed) co_return storage_failed();
  // XEP-0060 §8.4.2: those who heard of the node hear it is gone.
  xml::Element event("event", std::string(kPubsubEvent));
  event.append(xml::Element("delete", std::string(kPubsubEvent))).add_attr_unchecked("node", name);
  co_await notify(owner, **node, event);
  co_return std::optional<xml::Element>();
}

asio::awaitable<hooks::HookResult> PepModule::remove_user(hooks::UserEvent& event) {
  auto bare = event.user + "@" + event.host;
  storage::PubsubOwner account{event.user, event.host};
  auto removed = co_await store_.remove_user(account, bare);
  if (!removed) {
    log()->warn("pep_remove_failed user={} error=\"{}\"", bare, removed.error().text);
  }
  co_return hooks::HookResult::kContinue;
}

xml::Element items_event(std::string_view node, xml::Element child) {
  xml::Element event("event", std::string(kPubsubEvent));
  auto& items = event.append(xml::Element("items", std::string(kPubsubEvent)));
  items.add_attr_unchecked("node", std::string(node));
  items.append(std::move(child));
  return event;
}

std::optional<xml::Element> item_element(const storage::PubsubItem& item, std::string_view xmlns) {
  xml::Element element("item", std::string(xmlns));
  element.add_attr_unchecked("id", item.id);
  if (!item.payload.empty()) {
    auto payload = xml::parse_element(item.payload);
    if (!payload) return std::nullopt;
    element.append(std::move(*payload));
  }
  return element;
}

}  // namespace meerkat::modules::pubsub
