// SPDX-License-Identifier: Apache-2.0
#include "modules/blocking/blocking_module.hpp"

#include <algorithm>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_error.hpp"

namespace meerkat::modules::blocking {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

constexpr std::string_view kBlocking = "urn:xmpp:blocking";
constexpr std::string_view kBlockingErrors = "urn:xmpp:blocking:errors";

// XEP-0191 §3.2 with XEP-0016 matching: a blocked JID covers the full JID, the bare JID,
// the domain, or domain/resource, whichever the item names.
bool is_blocked(const std::vector<std::string>& list, const jid::Jid& who) {
  auto bare = who.bare().to_string();
  auto domain = std::string(who.domain());
  auto domain_resource = domain + "/" + std::string(who.resource());
  return std::any_of(list.begin(), list.end(), [&](const std::string& item) {
    return item == who.to_string() || item == bare || item == domain ||
           (!who.resource().empty() && item == domain_resource);
  });
}

bool is_request(const xml::Element& stanza) {
  auto type = stanza.attr_or("type", "");
  return stanza.name() == "iq" && (type == "get" || type == "set");
}

}  // namespace

BlockingModule::BlockingModule(ModuleContext& context, config::modules::BlockingOptions)
    : context_(context) {
  auto& hooks = context.hooks;
  hooks.iq.add(hooks::IqScope::kUser, std::string(kBlocking),
               [this](hooks::IqRequest& request) { return handle(request); });
  hooks.filter_local_packet.add(std::string(kName), hooks::kPriorityDefault,
                                [this](hooks::StanzaEvent& e) { return filter_incoming(e); });
  hooks.user_send_packet.add(std::string(kName), hooks::kPriorityDefault,
                             [this](hooks::StanzaEvent& e) { return filter_outgoing(e); });
  hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                        [this](hooks::UserEvent& event) -> asio::awaitable<HookResult> {
                          if (auto owner = jid::Jid::make(event.user, event.host)) forget(*owner);
                          co_return HookResult::kContinue;
                        });
  hooks.user_features.emplace_back(kBlocking);
  hooks.server_features.emplace_back(kBlocking);
}

BlockingModule::Bucket& BlockingModule::bucket_of(const jid::Jid& owner) {
  return cache_[owner.hash() % cache_.size()];
}

asio::awaitable<Result<Blocklist>> BlockingModule::blocklist(jid::Jid owner) {
  auto& bucket = bucket_of(owner);
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(bucket.mutex);
    auto it = bucket.lists.find(owner.to_string());
    if (it != bucket.lists.end()) co_return it->second;
    generation = bucket.generation;
  }
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto stored = co_await context_.stores.blocking->list(std::move(user), std::move(host));
  if (!stored) co_return stored.error();
  auto list = std::make_shared<const std::vector<std::string>>(std::move(*stored));
  std::lock_guard lock(bucket.mutex);
  // A change committed while we read (another shard's <block/>) may make this list stale:
  // use it this once, but cache only what was read after the last change.
  if (bucket.generation == generation) bucket.lists.insert_or_assign(owner.to_string(), list);
  co_return list;
}

void BlockingModule::forget(const jid::Jid& owner) {
  auto& bucket = bucket_of(owner);
  std::lock_guard lock(bucket.mutex);
  bucket.lists.erase(owner.to_string());
  ++bucket.generation;
}

asio::awaitable<hooks::IqReply> BlockingModule::handle(hooks::IqRequest& request) {
  if (!request.is_from_owner()) co_return Error{ErrorType::kCancel, Condition::kForbidden, {}};
  const auto& payload = request.payload();
  auto owner = request.to.bare();
  if (request.is_get()) {
    if (!payload.is("blocklist", kBlocking)) co_return Error::bad_request("expected <blocklist/>");
    auto lookup = blocklist(owner);
    auto list = co_await std::move(lookup);
    if (!list) co_return list.error();
    xml::Element result("blocklist", std::string(kBlocking));
    for (const auto& jid : **list) {
      result.append(xml::Element("item", std::string(kBlocking))).add_attr_unchecked("jid", jid);
    }
    co_return std::optional<xml::Element>(std::move(result));
  }
  auto command = payload;
  auto reply = co_await change(std::move(owner), std::move(command));
  co_return reply;
}

asio::awaitable<hooks::IqReply> BlockingModule::change(jid::Jid owner, xml::Element command) {
  bool block = command.is("block", kBlocking);
  if (!block && !command.is("unblock", kBlocking)) {
    co_return Error::bad_request("expected <block/> or <unblock/>");
  }
  std::vector<std::string> jids;
  for (const auto& item : command.children()) {
    auto jid = jid::Jid::parse(item.attr_or("jid", ""));
    if (!jid) co_return Error::jid_malformed("an item's JID is not valid");  // §3.3
    jids.push_back(jid->to_string());
  }
  // §3.3: <block/> needs items; an empty <unblock/> clears the list.
  if (block && jids.empty()) co_return Error::bad_request("<block/> needs at least one item");
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto& store = *context_.stores.blocking;
  Result<void> done;
  if (block) {
    auto blocked = jids;
    done = co_await store.add(std::move(user), std::move(host), std::move(blocked));
  } else if (jids.empty()) {
    auto lookup = blocklist(owner);  // unblock-all reveals presence to all of them
    auto previous = co_await std::move(lookup);
    if (previous) jids = **previous;
    done = co_await store.clear(std::move(user), std::move(host));
  } else {
    auto unblocked = jids;
    done = co_await store.remove(std::move(user), std::move(host), std::move(unblocked));
  }
  if (!done) co_return done.error();
  forget(owner);
  push(owner, command);
  if (block) {
    co_await hide_presence(std::move(owner), std::move(jids));
  } else {
    co_await reveal_presence(std::move(owner), std::move(jids));
  }
  co_return std::optional<xml::Element>{};
}

void BlockingModule::push(const jid::Jid& owner, const xml::Element& command) {
  // §3.3: every resource of the user learns about the change.
  auto& sessions = context_.router.sessions();
  for (const auto& session : sessions.sessions(owner)) {
    auto iq = make_iq("set", stanza::make_id(), {}, owner.to_string() + "/" + session.resource);
    iq.append(command);
    sessions.deliver(session.handle, std::move(iq));
  }
}

asio::awaitable<void> BlockingModule::hide_presence(jid::Jid owner,
                                                    std::vector<std::string> blocked) {
  // §3.3: the blocked contacts see the user go unavailable.
  auto sessions = context_.router.sessions().sessions(owner);  // the body suspends
  for (const auto& session : sessions) {
    if (!session.available) continue;
    for (const auto& target : blocked) {
      auto from = owner.with_resource(session.resource);
      auto to = jid::Jid::parse(target);
      if (!from || !to) continue;
      xml::Element gone("presence", std::string(ns::kClient));
      gone.add_attr_unchecked("type", "unavailable");
      gone.add_attr_unchecked("from", from->to_string());
      gone.add_attr_unchecked("to", target);
      co_await context_.router.route(std::move(*from), std::move(*to), std::move(gone));
    }
  }
}

asio::awaitable<void> BlockingModule::reveal_presence(jid::Jid owner,
                                                      std::vector<std::string> unblocked) {
  // XEP-0191 §3.4: contacts subscribed to the user's presence see it again.
  auto user = std::string(owner.node());
  auto host = std::string(owner.domain());
  auto roster = co_await context_.stores.roster->roster(std::move(user), std::move(host));
  if (!roster) co_return;
  for (const auto& item : roster->items) {
    bool subscribed = item.subscription == storage::Subscription::kFrom ||
                      item.subscription == storage::Subscription::kBoth;
    if (!subscribed || std::find(unblocked.begin(), unblocked.end(), item.jid) == unblocked.end()) {
      continue;
    }
    auto sessions = context_.router.sessions().sessions(owner);  // the body suspends
    for (const auto& session : sessions) {
      if (!session.available || !session.presence) continue;
      auto from = owner.with_resource(session.resource);
      auto to = jid::Jid::parse(item.jid);
      if (!from || !to) continue;
      auto presence = *session.presence;
      presence.set_attr("to", item.jid);
      co_await context_.router.route(std::move(*from), std::move(*to), std::move(presence));
    }
  }
}

asio::awaitable<HookResult> BlockingModule::filter_incoming(hooks::StanzaEvent& event) {
  auto owner = event.to.bare();
  auto list = co_await blocklist(std::move(owner));
  if (!list || !is_blocked(**list, event.from)) co_return HookResult::kContinue;
  // §3.3: nothing reaches the user; requests and messages get service-unavailable.
  if (is_request(event.stanza) || event.stanza.name() == "message") {
    Error error{ErrorType::kCancel, Condition::kServiceUnavailable, {}};
    co_await context_.router.reply_error(event.stanza, std::move(error));
  }
  co_return HookResult::kStop;
}

asio::awaitable<HookResult> BlockingModule::filter_outgoing(hooks::StanzaEvent& event) {
  if (!context_.router.is_local_host(event.from.domain())) co_return HookResult::kContinue;
  auto owner = event.from.bare();
  auto list = co_await blocklist(std::move(owner));
  if (!list || !is_blocked(**list, event.to)) co_return HookResult::kContinue;
  if (event.stanza.name() == "presence") co_return HookResult::kStop;
  // §3.3: the user is told that the contact is blocked.
  auto reply = stanza::make_error_reply(
      event.stanza, {ErrorType::kCancel, Condition::kNotAcceptable, {}});
  if (auto* error = reply.find_child("error", ns::kClient)) {
    error->append(xml::Element("blocked", std::string(kBlockingErrors)));
  }
  auto& sessions = context_.router.sessions();
  if (auto handle = sessions.find(event.from)) sessions.deliver(handle, std::move(reply));
  co_return HookResult::kStop;
}

}  // namespace meerkat::modules::blocking
