// SPDX-License-Identifier: Apache-2.0
#include "modules/presence/presence_module.hpp"

#include "core/ns.hpp"

namespace meerkat::modules::presence {

namespace asio = boost::asio;
using hooks::HookResult;
using storage::Subscription;

namespace {

bool has_to(Subscription s) { return s == Subscription::kTo || s == Subscription::kBoth; }
bool has_from(Subscription s) { return s == Subscription::kFrom || s == Subscription::kBoth; }

// Runs after mod_roster's subscription handling on the same hook.
constexpr int kProbePriority = hooks::kPriorityDefault + 10;

}  // namespace

PresenceModule::PresenceModule(ModuleContext& context) : context_(context) {
  context.hooks.user_presence.add(std::string(kName), hooks::kPriorityDefault,
                                  [this](hooks::PresenceEvent& e) { return broadcast(e); });
  context.hooks.presence_in.add(std::string(kName), kProbePriority,
                                [this](hooks::StanzaEvent& e) { return answer_probe(e); });
}

asio::awaitable<HookResult> PresenceModule::broadcast(hooks::PresenceEvent& event) {
  auto owner = event.from.bare();
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto roster = co_await context_.stores.roster->roster(std::move(user), std::move(host));
  if (!roster) co_return HookResult::kContinue;
  auto& router = context_.router;
  // RFC 6121 §4.2.2 / §4.4.2: to every contact subscribed to the user's presence …
  for (const auto& item : roster->items) {
    if (!has_from(item.subscription)) continue;
    auto contact = jid::Jid::parse(item.jid);
    if (!contact) continue;
    auto copy = event.presence;
    copy.set_attr("to", item.jid);
    auto from = event.from;  // named: GCC 12 mishandles temporaries in co_await
    co_await send_as_user(std::move(from), std::move(*contact), std::move(copy));
  }
  // … and to the user's own available resources.
  auto own = event.presence;
  own.set_attr("to", owner.to_string());
  router.deliver_to_available(owner, own);
  if (event.is_initial) {
    // §4.3.1: probe the contacts the user is subscribed to.
    for (const auto& item : roster->items) {
      if (!has_to(item.subscription)) continue;
      auto contact = jid::Jid::parse(item.jid);
      if (!contact) continue;
      xml::Element probe("presence", std::string(ns::kClient));
      probe.add_attr_unchecked("type", "probe");
      probe.add_attr_unchecked("from", owner.to_string());
      probe.add_attr_unchecked("to", item.jid);
      auto from = owner;
      co_await router.route(std::move(from), std::move(*contact), std::move(probe));
    }
    greet_new_session(event.from, *roster);
  }
  co_return HookResult::kContinue;
}

// Presence the server sends on the user's behalf passes the same checks as what the user
// sends itself (XEP-0191: nothing reaches a blocked contact).
asio::awaitable<void> PresenceModule::send_as_user(jid::Jid from, jid::Jid to,
                                                   xml::Element presence) {
  hooks::StanzaEvent event{std::move(from), std::move(to), std::move(presence)};
  auto verdict = co_await context_.hooks.user_send_packet.run(event);
  if (verdict == HookResult::kStop) co_return;
  co_await context_.router.route(std::move(event.from), std::move(event.to),
                                 std::move(event.stanza));
}

void PresenceModule::greet_new_session(const jid::Jid& session, const storage::Roster& roster) {
  auto& sessions = context_.router.sessions();
  auto handle = sessions.find(session);
  if (!handle) return;
  auto owner = session.bare();
  // The presence of the user's other available resources.
  for (const auto& other : sessions.sessions(owner)) {
    if (!other.available || !other.presence || other.handle == handle) continue;
    auto copy = *other.presence;
    copy.set_attr("to", session.to_string());
    sessions.deliver(handle, std::move(copy));
  }
  // RFC 6121 §3.1.3: subscription requests that arrived while the user was offline.
  for (const auto& item : roster.items) {
    if (!item.pending_in) continue;
    xml::Element request("presence", std::string(ns::kClient));
    request.add_attr_unchecked("type", "subscribe");
    request.add_attr_unchecked("from", item.jid);
    request.add_attr_unchecked("to", owner.to_string());
    if (!item.pending_in_status.empty()) {
      request.append(xml::Element("status", std::string(ns::kClient)))
          .append_text(item.pending_in_status);
    }
    sessions.deliver(handle, std::move(request));
  }
}

asio::awaitable<HookResult> PresenceModule::answer_probe(hooks::StanzaEvent& event) {
  if (event.stanza.attr_or("type", "") != "probe") co_return HookResult::kContinue;
  auto owner = event.to.bare();
  auto prober = event.from;
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto jid_text = prober.bare().to_string();
  auto item = co_await context_.stores.roster->item(std::move(user), std::move(host),
                                                   std::move(jid_text));
  // §4.3.2: only a subscribed contact learns the user's presence.
  if (!item || !*item || !has_from((*item)->subscription)) co_return HookResult::kStop;
  auto& router = context_.router;
  bool any = false;
  auto sessions = router.sessions().sessions(owner);
  for (const auto& session : sessions) {
    if (!session.available || !session.presence) continue;
    any = true;
    auto copy = *session.presence;
    copy.set_attr("to", prober.to_string());
    auto from = owner.with_resource(session.resource);
    if (!from) continue;
    auto to = prober;
    co_await send_as_user(std::move(*from), std::move(to), std::move(copy));
  }
  if (!any) {
    xml::Element unavailable("presence", std::string(ns::kClient));
    unavailable.add_attr_unchecked("type", "unavailable");
    unavailable.add_attr_unchecked("from", owner.to_string());
    unavailable.add_attr_unchecked("to", prober.to_string());
    co_await router.route(std::move(owner), std::move(prober), std::move(unavailable));
  }
  co_return HookResult::kStop;
}

}  // namespace meerkat::modules::presence
