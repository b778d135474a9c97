// SPDX-License-Identifier: Apache-2.0
// The router (DESIGN.md "Router"): takes a stanza with verified 'from' and 'to' and brings it
// to its destination: a local session (RFC 6121 §8 delivery rules), a server or account IQ
// handler, offline storage, or an error back to the sender. Runs on the sender's shard.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "core/error/error.hpp"
#include "core/jid/jid.hpp"
#include "core/xml/element.hpp"
#include "hooks/server_hooks.hpp"
#include "net/spawn.hpp"
#include "observability/metrics.hpp"
#include "router/component_table.hpp"
#include "router/domain_registry.hpp"
#include "router/remote_route.hpp"
#include "router/session_manager.hpp"

namespace meerkat::router {

class Router {
 public:
  // `accounts` answers whether a local account exists (IQs to an unknown account's bare JID
  // are service-unavailable, RFC 6121 §8.5.1); null: every account exists.
  Router(DomainRegistry& domains, SessionManager& sessions, hooks::ServerHooks& hooks,
         net::TaskGroup& tasks, auth::Authenticator* accounts = nullptr);
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // A served domain (DomainRegistry::serves): its users' sessions and accounts are here.
  bool is_local_host(std::string_view domain) const { return domains_.serves(domain); }
  // A served host, a module's service or a connected component: stanzas to it stay here.
  bool serves(std::string_view domain) const;
  // The module service at `domain`: one registered for it, or a template's for a served
  // dynamic domain; null when there is none.
  const hooks::Service* find_service(std::string_view domain) const;
  // Federation, once it exists; without it remote domains are unreachable.
  void set_remote(RemoteRoute* remote) { remote_ = remote; }
  // The served domains now; dynamic ones come and go (DomainRegistry).
  std::vector<std::string> hosts() const { return domains_.served(); }
  DomainRegistry& domains() { return domains_; }
  SessionManager& sessions() { return sessions_; }
  ComponentTable& components() { return components_; }
  hooks::ServerHooks& hooks() { return hooks_; }

  // Routes `stanza`; its 'from' and 'to' attributes must be `from` and `to`.
  boost::asio::awaitable<void> route(jid::Jid from, jid::Jid to, xml::Element stanza);
  // Parses 'from' and 'to' (set by the server, so valid) and routes.
  boost::asio::awaitable<void> route(xml::Element stanza);
  // Answers `request` with `error`, unless it is itself an error (RFC 6120 §8.3.1).
  boost::asio::awaitable<void> reply_error(const xml::Element& request, Error error);
  // Delivers to every available resource of `bare` (presence broadcasts, headlines).
  void deliver_to_available(const jid::Jid& bare, const xml::Element& stanza);
  // Delivers to every bound resource of `bare`, available or not (roster pushes).
  void deliver_to_all(const jid::Jid& bare, const xml::Element& stanza);

 private:
  boost::asio::awaitable<void> route_to_server(jid::Jid from, jid::Jid to, xml::Element stanza);
  boost::asio::awaitable<void> route_to_user(jid::Jid from, jid::Jid to, xml::Element stanza);
  // `handlers`: a service's own (scope kService); the hook catalog's otherwise.
  boost::asio::awaitable<void> route_iq(hooks::IqScope scope, jid::Jid from, jid::Jid to,
                                        xml::Element iq,
                                        const hooks::IqHandlers* handlers = nullptr);
  boost::asio::awaitable<void> route_to_service(const hooks::Service& service, jid::Jid from,
                                                jid::Jid to, xml::Element stanza);
  boost::asio::awaitable<void> route_message(jid::Jid from, jid::Jid to, xml::Element message);
  boost::asio::awaitable<void> route_presence(jid::Jid from, jid::Jid to, xml::Element presence);
  boost::asio::awaitable<void> message_to_bare(jid::Jid from, jid::Jid to, xml::Element message);
  void handle_orphan(boost::asio::any_io_executor executor, xml::Element stanza);
  boost::asio::awaitable<void> answer_orphan_request(xml::Element request);

  DomainRegistry& domains_;
  SessionManager& sessions_;
  hooks::ServerHooks& hooks_;
  net::TaskGroup& tasks_;
  auth::Authenticator* accounts_;
  // How long route() takes per stanza, delivery or storage included (DESIGN.md "Observability").
  observability::Histogram& routing_time_ = observability::Registry::global().histogram(
      "meerkat_routing_duration_seconds", "Time to route one stanza to its destination");
  ComponentTable components_;
  RemoteRoute* remote_ = nullptr;
};

}  // namespace meerkat::router
