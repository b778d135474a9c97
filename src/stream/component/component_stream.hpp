// SPDX-License-Identifier: Apache-2.0
// An external component's stream (XEP-0114, [[listen.service]]): the component names its
// domain, proves it knows the listener's password with <handshake/>, and from then on sends
// and receives stanzas for that domain (and, with is_subdomain='true', for that name below
// every served host). The router reaches it through the component table.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "config/config.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "router/router.hpp"
#include "stream/engine/framing.hpp"

namespace meerkat::stream::component {

struct ComponentSettings {
  config::ServiceListenerOptions listener;
  router::Router* router = nullptr;
  auth::Authenticator* authenticator = nullptr;  // for the access and shaper rules
  const config::ShaperMap* shapers = nullptr;    // for listener.shaper_rule
  net::ConnectionRegistry* registry = nullptr;
  std::shared_ptr<boost::asio::ssl::context> tls;  // [[listen.component]] with tls: direct TLS
};

boost::asio::awaitable<void> serve_component(const ComponentSettings& settings,
                                             net::AcceptedConnection connection);

class ComponentStream final : public router::SessionSink, public net::Stoppable {
 public:
  ComponentStream(const ComponentSettings& settings, net::PeerAddress peer,
                  net::ConnectionSlot slot, std::shared_ptr<Framing> framing);
  ~ComponentStream() override;

  boost::asio::awaitable<void> run();

  void deliver(xml::Element stanza) override;
  void terminate(stanza::StreamErrorCondition condition, std::string text) override;
  void stop() override;

 private:
  enum class Phase { kConnected, kHandshake, kBound };

  boost::asio::awaitable<void> serve();
  boost::asio::awaitable<void> handle(StreamEvent& event);
  void open(const xml::Element& header);
  void handshake(const xml::Element& element);
  boost::asio::awaitable<void> route(xml::Element stanza);
  boost::asio::awaitable<void> drain_inbox();
  bool may_send(const xml::Element& stanza) const;
  void apply_shaper();
  void fail(stanza::StreamErrorCondition condition, std::string text = {});

  const ComponentSettings& settings_;
  boost::asio::any_io_executor executor_;  // the connection's shard
  net::PeerAddress peer_;
  net::ConnectionSlot slot_;
  std::shared_ptr<Framing> connection_;
  Phase phase_ = Phase::kConnected;
  std::string domain_;                // the name the component asked for
  std::vector<std::string> domains_;  // what it serves once bound
  std::string stream_id_;
  bool header_sent_ = false;
  bool closing_ = false;
  router::SessionHandlePtr handle_;
  std::vector<xml::Element> inbox_;  // stanzas from other shards, written at the next turn
  bool overflowed_ = false;
  std::optional<std::pair<stanza::StreamErrorCondition, std::string>> terminated_;
};

}  // namespace meerkat::stream::component
