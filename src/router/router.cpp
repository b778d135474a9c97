// SPDX-License-Identifier: Apache-2.0
#include "router/router.hpp"

#include <algorithm>
#include <chrono>

#include "core/stanza/stanza_error.hpp"
#include "observability/log.hpp"

namespace meerkat::router {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = observability::logger("router");
  return logger;
}

Error service_unavailable() {
  return {ErrorType::kCancel, Condition::kServiceUnavailable, {}};
}

std::string_view type_of(const xml::Element& stanza) { return stanza.attr_or("type", ""); }

bool is_request(const xml::Element& iq) {
  auto type = type_of(iq);
  return type == "get" || type == "set";
}

bool is_subscription(std::string_view type) {
  return type == "subscribe" || type == "subscribed" || type == "unsubscribe" ||
         type == "unsubscribed";
}

}  // namespace

Router::Router(DomainRegistry& domains, SessionManager& sessions, hooks::ServerHooks& hooks,
               net::TaskGroup& tasks, auth::Authenticator* accounts)
    : domains_(domains), sessions_(sessions), hooks_(hooks), tasks_(tasks), accounts_(accounts) {
  sessions_.set_orphan_handler([this](asio::any_io_executor executor, xml::Element stanza) {
    handle_orphan(std::move(executor), std::move(stanza));
  });
}

asio::awaitable<void> Router::route(xml::Element stanza) {
  auto from = jid::Jid::parse(stanza.attr_or("from", ""));
  auto to = jid::Jid::parse(stanza.attr_or("to", ""));
  if (!from || !to) {
    log()->warn("route_unaddressed name={}", stanza.name());
    co_return;
  }
  co_await route(std::move(*from), std::move(*to), std::move(stanza));
}

asio::awaitable<void> Router::route(jid::Jid from, jid::Jid to, xml::Element stanza) {
  // Observed when the frame ends, whichever way the stanza went.
  struct Timer {
    observability::Histogram& histogram;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    ~Timer() { histogram.observe(std::chrono::steady_clock::now() - started); }
  } timer{routing_time_};
  // Local users and the server first: nearly every stanza goes there.
  if (is_local_host(to.domain())) {
    if (!to.has_node()) {
      co_await route_to_server(std::move(from), std::move(to), std::move(stanza));
    } else {
      co_await route_to_user(std::move(from), std::move(to), std::move(stanza));
    }
    co_return;
  }
  if (const auto* service = find_service(to.domain())) {
    co_await route_to_service(*service, std::move(from), std::move(to), std::move(stanza));
    co_return;
  }
  // XEP-0114: a connected component serves the domain.
  if (auto component = components_.find(to.domain())) {
    sessions_.deliver(component, std::move(stanza));
    co_return;
  }
  if (remote_) {
    remote_->send(from, to, std::move(stanza));
    co_return;
  }
  Error unreachable{ErrorType::kCancel, Condition::kRemoteServerNotFound, {}};
  co_await reply_error(stanza, std::move(unreachable));
}

bool Router::serves(std::string_view domain) const {
  return is_local_host(domain) || find_service(domain) || components_.find(domain) != nullptr;
}

const hooks::Service* Router::find_service(std::string_view domain) const {
  if (auto service = hooks_.services.find(domain); service != hooks_.services.end()) {
    return &service->second;
  }
  for (const auto& pattern : hooks_.service_templates) {
    auto host = pattern.domain_of(domain);
    if (host && is_local_host(*host)) return &pattern.service;
  }
  return nullptr;
}

asio::awaitable<void> Router::reply_error(const xml::Element& request, Error error) {
  if (!stanza::may_reply_with_error(request)) co_return;
  auto reply = stanza::make_error_reply(request, error);
  co_await route(std::move(reply));
}

void Router::deliver_to_available(const jid::Jid& bare, const xml::Element& stanza) {
  for (auto& session : sessions_.sessions(bare)) {
    if (session.available) sessions_.deliver(session.handle, stanza);
  }
}

void Router::deliver_to_all(const jid::Jid& bare, const xml::Element& stanza) {
  for (auto& session : sessions_.sessions(bare)) sessions_.deliver(session.handle, stanza);
}

asio::awaitable<void> Router::route_to_server(jid::Jid from, jid::Jid to, xml::Element stanza) {
  // RFC 6120 §10.5.3 / RFC 6121 §8.5.1: the server handles stanzas to its own domain. Only
  // IQs have a meaning here; messages and presence to the server are dropped.
  if (stanza.name() == "iq") {
    co_await route_iq(hooks::IqScope::kServer, std::move(from), std::move(to), std::move(stanza));
  }
}

asio::awaitable<void> Router::route_to_service(const hooks::Service& service, jid::Jid from,
                                               jid::Jid to, xml::Element stanza) {
  if (stanza.name() == "iq" && !to.has_node() && to.is_bare()) {
    co_await route_iq(hooks::IqScope::kService, std::move(from), std::move(to), std::move(stanza),
                      &service.iq);
    co_return;
  }
  // A service has no users or resources and takes no messages or presence.
  if (stanza.name() == "message" || is_request(stanza)) {
    auto error = service_unavailable();
    co_await reply_error(stanza, std::move(error));
  }
}

asio::awaitable<void> Router::route_to_user(jid::Jid from, jid::Jid to, xml::Element stanza) {
  hooks::StanzaEvent event{from, to, std::move(stanza)};
  auto filtered = co_await hooks_.filter_local_packet.run(event);
  if (filtered == hooks::HookResult::kStop) co_return;
  const auto& name = event.stanza.name();
  if (name == "message") {
    co_await route_message(std::move(from), std::move(to), std::move(event.stanza));
  } else if (name == "presence") {
    co_await route_presence(std::move(from), std::move(to), std::move(event.stanza));
  } else if (name == "iq") {
    if (to.is_bare()) {
      co_await route_iq(hooks::IqScope::kUser, std::move(from), std::move(to),
                        std::move(event.stanza));
      co_return;
    }
    // RFC 6121 §8.5.3.2.1: an IQ for a full JID goes to that resource or fails.
    if (auto handle = sessions_.find(to)) {
      sessions_.deliver(handle, std::move(event.stanza));
    } else if (is_request(event.stanza)) {
      auto error = service_unavailable();
      co_await reply_error(event.stanza, std::move(error));
    }
  }
}

asio::awaitable<void> Router::route_iq(hooks::IqScope scope, jid::Jid from, jid::Jid to,
                                       xml::Element iq, const hooks::IqHandlers* handlers) {
  if (!is_request(iq)) {
    // Answers to requests the server sent itself or on a user's behalf (XEP-0357 publishes
    // from the user's bare JID); any other result or error ends here.
    bool answerable = scope == hooks::IqScope::kServer || scope == hooks::IqScope::kUser;
    if (answerable && !hooks_.iq_response.empty()) {
      hooks::StanzaEvent event{std::move(from), std::move(to), std::move(iq)};
      co_await hooks_.iq_response.run(event);
    }
    co_return;
  }
  auto children = iq.children();
  if (children.empty() || std::next(children.begin()) != children.end()) {
    // RFC 6120 §8.2.3: a get or set carries exactly one payload element.
    auto error = Error::bad_request("an IQ get or set carries exactly one child element");
    co_await reply_error(iq, std::move(error));
    co_return;
  }
  if (scope == hooks::IqScope::kUser && accounts_ && from.bare() != to.bare()) {
    // RFC 6121 §8.5.1: no account, no answer on its behalf (and no hint that it might exist).
    auto user = std::string(to.node());
    auto host = std::string(to.domain());
    auto exists = co_await accounts_->account_exists(std::move(user), std::move(host));
    if (!exists || !*exists) {
      auto error = service_unavailable();
      co_await reply_error(iq, std::move(error));
      co_return;
    }
  }
  hooks::IqRequest request{std::move(from), std::move(to), std::move(iq), std::nullopt, {}};
  const auto& payload = request.payload();
  const auto* handler = (handlers ? *handlers : hooks_.iq).find(scope, payload.xmlns());
  if (!handler) {
    // RFC 6120 §8.4: a namespace nobody serves.
    auto error = service_unavailable();
    co_await reply_error(request.iq, std::move(error));
    co_return;
  }
  hooks::IqReply reply = co_await (*handler)(request);
  if (!reply) {
    auto error = reply.error();
    co_await reply_error(request.iq, std::move(error));
    co_return;
  }
  xml::Element result("iq", request.iq.xmlns());
  result.add_attr_unchecked("type", "result");
  result.add_attr_unchecked("id", std::string(request.iq.attr_or("id", "")));
  result.add_attr_unchecked("from", request.to.to_string());
  result.add_attr_unchecked("to", request.from.to_string());
  if (*reply) result.append(std::move(**reply));
  auto after_reply = std::move(request.after_reply);
  co_await route(std::move(request.to), std::move(request.from), std::move(result));
  if (after_reply) after_reply();
}

asio::awaitable<void> Router::route_message(jid::Jid from, jid::Jid to, xml::Element message) {
  auto type = type_of(message);
  if (!to.is_bare()) {
    if (auto handle = sessions_.find(to)) {
      if (!hooks_.message_delivered.empty()) {
        hooks::DeliveredResources resources{to.resource()};
        hooks::DeliveryEvent event{from, to, message, resources};
        hooks_.message_delivered.run(event);
      }
      sessions_.deliver(handle, std::move(message));
      co_return;
    }
    // RFC 6121 §8.5.3.2.1: no such resource.
    if (type == "groupchat") {
      auto error = service_unavailable();
      co_await reply_error(message, std::move(error));
      co_return;
    }
    if (type == "headline" || type == "error") co_return;
  }
  auto bare = to.bare();  // a named local: GCC 12 mishandles temporaries in co_await
  co_await message_to_bare(std::move(from), std::move(bare), std::move(message));
}

asio::awaitable<void> Router::message_to_bare(jid::Jid from, jid::Jid to, xml::Element message) {
  auto type = type_of(message);
  // RFC 6121 §8.5.2.1.1: the available resources with the highest non-negative priority.
  auto sessions = sessions_.sessions(to);
  int best = -1;
  for (const auto& s : sessions) {
    if (s.available && s.priority >= 0) best = std::max(best, s.priority);
  }
  if (best >= 0 && type != "groupchat") {
    const bool tracked = !hooks_.message_delivered.empty();
    hooks::DeliveredResources resources;
    for (const auto& s : sessions) {
      bool wanted = s.available && (type == "headline" ? s.priority >= 0 : s.priority == best);
      if (!wanted) continue;
      sessions_.deliver(s.handle, message);
      if (tracked) resources.push_back(s.resource);
    }
    if (tracked) {
      hooks::DeliveryEvent event{from, to, message, resources};
      hooks_.message_delivered.run(event);
    }
    co_return;
  }
  if (type == "headline" || type == "error") co_return;  // §8.5.2.2.1: silently dropped
  if (type != "groupchat") {
    hooks::StanzaEvent event{from, to, std::move(message)};
    auto stored = co_await hooks_.offline_message.run(event);
    if (stored == hooks::HookResult::kStop) co_return;
    message = std::move(event.stanza);
  }
  auto error = service_unavailable();
  co_await reply_error(message, std::move(error));
}

asio::awaitable<void> Router::route_presence(jid::Jid from, jid::Jid to, xml::Element presence) {
  auto type = type_of(presence);
  if (is_subscription(type) || type == "probe") {
    hooks::StanzaEvent event{std::move(from), to.bare(), std::move(presence)};
    auto handled = co_await hooks_.presence_in.run(event);
    if (handled == hooks::HookResult::kStop || type == "probe") co_return;
    deliver_to_available(event.to, event.stanza);
    co_return;
  }
  if (to.is_bare()) {
    deliver_to_available(to, presence);
  } else if (auto handle = sessions_.find(to)) {
    // Directed presence (RFC 6121 §4.6) and presence errors go to the resource itself.
    sessions_.deliver(handle, std::move(presence));
  }
}

// Also for messages to a component that disconnected while they were on their way.
asio::awaitable<void> Router::answer_orphan_request(xml::Element request) {
  auto error = service_unavailable();
  co_await reply_error(request, std::move(error));
}

void Router::handle_orphan(asio::any_io_executor executor, xml::Element stanza) {
  // The session ended while a message was posted to it: messages try the bare JID again
  // (another resource, or offline storage) rather than being lost.
  if (is_request(stanza)) {
    // RFC 6120 §8.2.3: the requester still gets an answer.
    net::spawn_owned(tasks_, executor, answer_orphan_request(std::move(stanza)),
                     "router_orphan");
    return;
  }
  if (stanza.name() != "message") return;
  auto to = jid::Jid::parse(stanza.attr_or("to", ""));
  auto from = jid::Jid::parse(stanza.attr_or("from", ""));
  if (!to || !from) return;
  if (!is_local_host(to->domain())) {
    // A component that went away: the sender learns the message did not arrive.
    net::spawn_owned(tasks_, executor, answer_orphan_request(std::move(stanza)), "router_orphan");
    return;
  }
  net::spawn_owned(tasks_, executor,
                   message_to_bare(std::move(*from), to->bare(), std::move(stanza)),
                   "router_orphan");
}

}  // namespace meerkat::router
