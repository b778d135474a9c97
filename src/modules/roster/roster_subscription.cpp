// SPDX-License-Identifier: Apache-2.0
// RFC 6121 §3: presence subscriptions. Outbound requests change the user's roster before they
// are routed with the user's bare JID; inbound ones change the contact's roster, are answered
// by the server where the state says so (§3.1.3 auto-reply, §3.4 pre-approval) and reach the
// user's available resources otherwise.
#include "core/ns.hpp"
#include "observability/log.hpp"
#include "modules/roster/roster_module.hpp"

namespace meerkat::modules::roster {

namespace asio = boost::asio;
using hooks::HookResult;
using storage::RosterItem;
using storage::Subscription;

namespace {

const auto& log() {
  static const auto logger = observability::logger("mod_roster");
  return logger;
}

bool has_to(Subscription s) { return s == Subscription::kTo || s == Subscription::kBoth; }
bool has_from(Subscription s) { return s == Subscription::kFrom || s == Subscription::kBoth; }

Subscription with_to(Subscription s, bool on) {
  if (on) return has_from(s) ? Subscription::kBoth : Subscription::kTo;
  return has_from(s) ? Subscription::kFrom : Subscription::kNone;
}
Subscription with_from(Subscription s, bool on) {
  if (on) return has_to(s) ? Subscription::kBoth : Subscription::kFrom;
  return has_to(s) ? Subscription::kTo : Subscription::kNone;
}

}  // namespace

asio::awaitable<void> RosterModule::send_presence(const jid::Jid& from, const jid::Jid& to,
                                                  const char* type) {
  xml::Element presence("presence", std::string(ns::kClient));
  presence.add_attr_unchecked("type", type);
  presence.add_attr_unchecked("from", from.to_string());
  presence.add_attr_unchecked("to", to.to_string());
  return context_.router.route(from, to, std::move(presence));
}

asio::awaitable<void> RosterModule::send_current_presence(const jid::Jid& owner,
                                                          const jid::Jid& contact,
                                                          bool available) {
  return current_presence(context_.router, owner, contact, available);
}

asio::awaitable<void> RosterModule::current_presence(router::Router& router, jid::Jid owner,
                                                     jid::Jid contact, bool available) {
  auto sessions = router.sessions().sessions(owner);  // named: the loop body suspends
  for (const auto& session : sessions) {
    if (!session.available) continue;
    auto from = owner.with_resource(session.resource);
    if (!from) continue;
    xml::Element presence("presence", std::string(ns::kClient));
    if (available && session.presence) {
      presence = *session.presence;
    } else {
      presence.add_attr_unchecked("type", "unavailable");
    }
    presence.set_attr("from", from->to_string());
    presence.set_attr("to", contact.to_string());
    auto to = contact;
    co_await router.route(std::move(*from), std::move(to), std::move(presence));
  }
}

asio::awaitable<void> RosterModule::save_and_push(const jid::Jid& owner, const RosterItem& item) {
  return save(owner, item);
}

asio::awaitable<void> RosterModule::save(jid::Jid owner, RosterItem item) {
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto saved = item;
  auto version = co_await store_.put(std::move(user), std::move(host), std::move(saved));
  if (!version) {
    log()->warn("roster_store_failed jid={} error=\"{}\"", owner.to_string(),
                version.error().text);
    co_return;
  }
  if (item.in_roster) push(owner, item, *version);
}

// The user (event.from) sends a subscription stanza to a contact (event.to, bare).
asio::awaitable<HookResult> RosterModule::outbound(hooks::StanzaEvent& event) {
  auto owner = event.from.bare();
  auto contact = event.to;
  auto type = std::string(event.stanza.attr_or("type", ""));
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto jid_text = contact.to_string();
  // The item is read, changed and written with the user's key held, so a subscription
  // stanza handled on another shard at the same time cannot undo this change; the key is
  // released before anything is routed (routing may come back to this user).
  auto guard = co_await locks_.lock(owner.to_string());
  auto existing = co_await store_.item(std::move(user), std::move(host), std::move(jid_text));
  if (!existing) co_return HookResult::kStop;
  RosterItem item = existing->value_or(RosterItem{});
  bool known = existing->has_value();
  if (!known) item.in_roster = false;  // only a subscribe puts a new contact in the roster
  item.jid = contact.to_string();
  bool route = true;
  bool changed = false;
  bool now_unavailable = false;
  if (type == "subscribe") {
    // §3.1.2: a roster item with ask="subscribe", unless already subscribed.
    if (!has_to(item.subscription) && !item.pending_out) {
      item.pending_out = true;
      item.in_roster = true;
      changed = true;
    }
  } else if (type == "subscribed") {
    if (item.pending_in) {
      // §3.1.5: approving a pending request; our presence follows.
      item.pending_in = false;
      item.pending_in_status.clear();
      item.subscription = with_from(item.subscription, true);
      item.in_roster = true;
      changed = true;
    } else if (!has_from(item.subscription)) {
      // §3.4: pre-approval, remembered until the contact asks.
      route = false;
      if (!item.approved) {
        item.approved = true;
        item.in_roster = true;
        changed = true;
      }
    } else {
      route = false;  // already subscribed: nothing to say
    }
  } else if (type == "unsubscribe") {
    changed = has_to(item.subscription) || item.pending_out;
    item.subscription = with_to(item.subscription, false);
    item.pending_out = false;
  } else if (type == "unsubscribed") {
    changed = has_from(item.subscription) || item.pending_in || item.approved;
    now_unavailable = has_from(item.subscription);  // §3.2.3
    item.subscription = with_from(item.subscription, false);
    item.pending_in = false;
    item.pending_in_status.clear();
    item.approved = false;
  }
  if (changed && (known || item.in_roster)) co_await save_and_push(owner, item);
  guard.unlock();
  if (now_unavailable) co_await send_current_presence(owner, contact, false);
  if (route) {
    // §3.1.2: the user's server stamps the bare JID on outbound subscription stanzas.
    event.stanza.set_attr("from", owner.to_string());
    auto stanza = std::move(event.stanza);
    auto from = owner;
    auto to = contact;
    co_await context_.router.route(std::move(from), std::move(to), std::move(stanza));
  }
  if (type == "subscribed" && changed && route) {
    co_await send_current_presence(owner, contact, true);
  }
  co_return HookResult::kStop;
}

// A contact (event.from) sends a subscription stanza or probe to the user (event.to, bare).
asio::awaitable<HookResult> RosterModule::inbound(hooks::StanzaEvent& event) {
  auto type = std::string(event.stanza.attr_or("type", ""));
  if (type == "probe") co_return HookResult::kContinue;  // presence's business
  auto owner = event.to.bare();
  auto contact = event.from.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto lookup = context_.authenticator.account_exists(user, host);  // copies made here
  auto exists = co_await std::move(lookup);
  if (!exists || !*exists) {
    // §3.1.3: no such user; a subscription request is answered with unsubscribed.
    if (type == "subscribe") co_await send_presence(owner, contact, "unsubscribed");
    co_return HookResult::kStop;
  }
  auto jid_text = contact.to_string();
  // As in outbound(): the user's key is held from the read to the write, not while routing.
  auto guard = co_await locks_.lock(owner.to_string());
  auto existing = co_await store_.item(std::move(user), std::move(host), std::move(jid_text));
  if (!existing) co_return HookResult::kStop;
  RosterItem item = existing->value_or(RosterItem{});
  if (!existing->has_value()) item.in_roster = false;  // §3.1.3: not in the roster yet
  item.jid = contact.to_string();
  event.stanza.set_attr("from", contact.to_string());
  bool deliver = false;
  bool changed = false;
  if (type == "subscribe") {
    if (has_from(item.subscription)) {
      guard.unlock();
      co_await send_presence(owner, contact, "subscribed");  // §3.1.3: already approved
      co_return HookResult::kStop;
    }
    if (item.approved) {
      // §3.4: pre-approved: subscribed at once, and our presence follows.
      item.approved = false;
      item.subscription = with_from(item.subscription, true);
      co_await save_and_push(owner, item);
      guard.unlock();
      co_await send_presence(owner, contact, "subscribed");
      co_await send_current_presence(owner, contact, true);
      co_return HookResult::kStop;
    }
    // §3.1.3: pending-in, remembered until the user answers (also across logins).
    item.pending_in = true;
    item.pending_in_status = event.stanza.child_text("status", ns::kClient);
    changed = true;
    deliver = true;
  } else if (type == "subscribed") {
    // §3.1.6: only meaningful when we asked.
    if (!item.pending_out) co_return HookResult::kStop;
    item.pending_out = false;
    item.subscription = with_to(item.subscription, true);
    changed = deliver = true;
  } else if (type == "unsubscribe") {
    if (!has_from(item.subscription) && !item.pending_in) co_return HookResult::kStop;
    item.subscription = with_from(item.subscription, false);
    item.pending_in = false;
    item.pending_in_status.clear();
    changed = deliver = true;
  } else if (type == "unsubscribed") {
    if (!has_to(item.subscription) && !item.pending_out) co_return HookResult::kStop;
    item.subscription = with_to(item.subscription, false);
    item.pending_out = false;
    changed = deliver = true;
  }
  if (changed) co_await save_and_push(owner, item);
  guard.unlock();
  if (deliver) context_.router.deliver_to_available(owner, event.stanza);
  co_return HookResult::kStop;
}

}  // namespace meerkat::modules::roster

namespace meerkat::modules::roster {

// An account is going away (it runs before the account's data is deleted): every contact is
// told, as if the user had cancelled both subscriptions (RFC 6121 §3.2, §3.3), and those that
// saw the user's presence see it go unavailable.
asio::awaitable<HookResult> RosterModule::say_goodbye(hooks::UserEvent& event) {
  auto owner = jid::Jid::make(event.user, event.host);
  if (!owner) co_return HookResult::kContinue;
  auto user = event.user;
  auto host = event.host;
  auto roster = co_await store_.roster(std::move(user), std::move(host));
  if (!roster) co_return HookResult::kContinue;
  for (const auto& item : roster->items) {
    auto contact = jid::Jid::parse(item.jid);
    if (!contact) continue;
    if (has_to(item.subscription) || item.pending_out) {
      co_await send_presence(*owner, *contact, "unsubscribe");
    }
    if (has_from(item.subscription) || item.pending_in) {
      co_await send_current_presence(*owner, *contact, false);
      co_await send_presence(*owner, *contact, "unsubscribed");
    }
  }
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::roster
