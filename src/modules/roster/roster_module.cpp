// SPDX-License-Identifier: Apache-2.0
#include "modules/roster/roster_module.hpp"

#include "core/ns.hpp"
#include "core/stanza/id.hpp"

namespace meerkat::modules::roster {

namespace asio = boost::asio;
using storage::RosterItem;
using storage::Subscription;

namespace {

std::string_view subscription_name(Subscription s) {
  switch (s) {
    case Subscription::kNone: return "none";
    case Subscription::kTo: return "to";
    case Subscription::kFrom: return "from";
    case Subscription::kBoth: return "both";
  }
  return "none";
}

Error forbidden(std::string text) {
  return {ErrorType::kAuth, Condition::kForbidden, std::move(text)};
}

}  // namespace

RosterModule::RosterModule(ModuleContext& context, config::modules::RosterOptions options)
    : context_(context), options_(std::move(options)), store_(*context.stores.roster) {
  auto& hooks = context.hooks;
  hooks.iq.add(hooks::IqScope::kUser, std::string(ns::kRoster),
               [this](hooks::IqRequest& request) { return handle_iq(request); });
  hooks.subscription_out.add(std::string(kName), hooks::kPriorityDefault,
                             [this](hooks::StanzaEvent& event) { return outbound(event); });
  hooks.presence_in.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::StanzaEvent& event) { return inbound(event); });
  hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::UserEvent& event) { return say_goodbye(event); });
  if (options_.versioning) {
    hooks.session_stream_features.emplace_back("ver", std::string(ns::kRosterVersioning));
  }
  hooks.session_stream_features.emplace_back("sub", std::string(ns::kPreApproval));
}

xml::Element RosterModule::item_element(const RosterItem& item, bool removed) const {
  xml::Element element("item", std::string(ns::kRoster));
  element.add_attr_unchecked("jid", item.jid);
  if (!item.name.empty()) element.add_attr_unchecked("name", item.name);
  element.add_attr_unchecked(
      "subscription", std::string(removed ? "remove" : subscription_name(item.subscription)));
  if (removed) return element;
  if (item.pending_out) element.add_attr_unchecked("ask", "subscribe");
  if (item.approved) element.add_attr_unchecked("approved", "true");
  for (const auto& group : item.groups) {
    element.append(xml::Element("group", std::string(ns::kRoster))).append_text(group);
  }
  return element;
}

asio::awaitable<hooks::IqReply> RosterModule::handle_iq(hooks::IqRequest& request) {
  // RFC 6121 §2.1.5: only the account itself reads or changes its roster.
  if (!request.is_from_owner()) co_return forbidden("not your roster");
  if (request.is_get()) {
    auto reply = co_await get_roster(request);
    co_return reply;
  }
  auto reply = co_await set_item(request);
  co_return reply;
}

asio::awaitable<hooks::IqReply> RosterModule::get_roster(hooks::IqRequest& request) {
  auto owner = request.to.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto roster = co_await store_.roster(std::move(user), std::move(host));
  if (!roster) co_return roster.error();
  xml::Element query("query", std::string(ns::kRoster));
  if (options_.versioning) {
    auto version = std::to_string(roster->version);
    // XEP-0237 §4: the client's copy is current; the pushes that follow bring changes.
    if (request.payload().attr_or("ver", "") == version) co_return std::optional<xml::Element>{};
    query.add_attr_unchecked("ver", version);
  }
  for (const auto& item : roster->items) {
    if (item.in_roster) query.append(item_element(item, false));
  }
  co_return std::optional<xml::Element>(std::move(query));
}

asio::awaitable<hooks::IqReply> RosterModule::set_item(hooks::IqRequest& request) {
  const auto& query = request.payload();
  auto items = query.children();
  // RFC 6121 §2.3.3: a set carries exactly one item.
  if (items.empty() || std::next(items.begin()) != items.end() ||
      !items.begin()->is("item", ns::kRoster)) {
    co_return Error::bad_request("a roster set carries exactly one item");
  }
  const auto& element = *items.begin();
  auto contact = jid::Jid::parse(element.attr_or("jid", ""));
  if (!contact || !contact->is_bare()) co_return Error::bad_request("the item needs a bare JID");
  auto owner = request.to.bare();
  if (element.attr_or("subscription", "") == "remove") {
    auto reply = co_await remove_item(std::move(owner), std::move(*contact));
    co_return reply;
  }
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto jid_text = contact->to_string();
  // The subscription fields kept here must not be overwritten by a change made meanwhile.
  auto guard = co_await locks_.lock(owner.to_string());
  auto existing = co_await store_.item(std::move(user), std::move(host), std::move(jid_text));
  if (!existing) co_return existing.error();
  RosterItem item = existing->value_or(RosterItem{});
  item.jid = contact->to_string();
  item.in_roster = true;
  // §2.1.2.5: 'subscription' and 'ask' from the client are ignored; only name and groups.
  item.name = std::string(element.attr_or("name", ""));
  item.groups.clear();
  for (const auto& group : element.children()) {
    if (!group.is("group", ns::kRoster)) continue;
    auto name = group.text();
    if (name.empty()) co_return Error::bad_request("empty group name");  // §2.3.3
    if (std::find(item.groups.begin(), item.groups.end(), name) != item.groups.end()) {
      co_return Error::bad_request("duplicate group");
    }
    item.groups.push_back(std::move(name));
  }
  co_await save_and_push(owner, std::move(item));
  co_return std::optional<xml::Element>{};
}

asio::awaitable<hooks::IqReply> RosterModule::remove_item(jid::Jid owner, jid::Jid contact) {
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto jid_text = contact.to_string();
  auto guard = co_await locks_.lock(owner.to_string());
  auto lookup = store_.item(user, host, jid_text);  // copies made outside the co_await
  auto existing = co_await std::move(lookup);
  if (!existing) co_return existing.error();
  if (!*existing || !(*existing)->in_roster) {
    co_return Error{ErrorType::kCancel, Condition::kItemNotFound, {}};
  }
  auto item = std::move(**existing);
  auto version = co_await store_.remove_item(std::move(user), std::move(host), std::move(jid_text));
  if (!version) co_return version.error();
  guard.unlock();
  // RFC 6121 §2.5.2: removing a contact cancels both subscriptions.
  if (item.subscription == Subscription::kTo || item.subscription == Subscription::kBoth ||
      item.pending_out) {
    co_await send_presence(owner, contact, "unsubscribe");
  }
  if (item.subscription == Subscription::kFrom || item.subscription == Subscription::kBoth ||
      item.pending_in) {
    co_await send_presence(owner, contact, "unsubscribed");
  }
  push(owner, item, *version, true);
  co_return std::optional<xml::Element>{};
}

void RosterModule::push(const jid::Jid& owner, const RosterItem& item, std::uint64_t version,
                        bool removed) {
  xml::Element query("query", std::string(ns::kRoster));
  if (options_.versioning) query.add_attr_unchecked("ver", std::to_string(version));
  query.append(item_element(item, removed));
  auto& sessions = context_.router.sessions();
  for (const auto& session : sessions.sessions(owner)) {
    auto to = owner.to_string() + "/" + session.resource;
    auto iq = make_iq("set", stanza::make_id(), {}, std::move(to));
    iq.append(query);
    sessions.deliver(session.handle, std::move(iq));
  }
}

}  // namespace meerkat::modules::roster
