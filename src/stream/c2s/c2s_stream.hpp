// SPDX-License-Identifier: Apache-2.0
// A client-to-server stream (RFC 6120): stream header, features, STARTTLS and stream errors.
// SASL, resource binding and the IM session come with the IM core; until then the stream
// negotiates up to authentication and answers everything else with the RFC's errors.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/stanza/stream_error.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "stream/c2s/c2s_settings.hpp"
#include "stream/engine/xml_connection.hpp"

namespace meerkat::stream::c2s {

class C2sStream final : public net::Stoppable {
 public:
  C2sStream(const C2sSettings& settings, net::AcceptedConnection connection);
  C2sStream(const C2sStream&) = delete;
  C2sStream& operator=(const C2sStream&) = delete;

  // Serves the stream until it ends; runs on the connection's shard.
  boost::asio::awaitable<void> run();
  // Server shutdown: the stream ends with <system-shutdown/>.
  void stop() override;

 private:
  boost::asio::awaitable<void> serve();
  // Returns false when the stream must end (an error or a close was queued).
  bool handle(StreamEvent& event);
  bool open_stream(const xml::Element& header);
  bool handle_element(const xml::Element& element);
  bool handle_starttls();
  void send_features();
  // Queues <stream:error/> (after our header, if it was not sent yet) and </stream:stream>.
  void fail(stanza::StreamErrorCondition condition, std::string text = {});
  std::optional<std::chrono::milliseconds> negotiation_timeout() const;
  bool is_tls_offered() const;

  const C2sSettings& settings_;
  net::PeerAddress peer_;
  net::ConnectionSlot slot_;
  XmlConnection connection_;
  std::string host_;  // the served host the client asked for
  std::string lang_;
  bool header_sent_ = false;
  bool starttls_pending_ = false;
  bool closing_ = false;
};

// The listener's ConnectionHandler for c2s listeners.
boost::asio::awaitable<void> serve_c2s(const C2sSettings& settings,
                                       net::AcceptedConnection connection);

}  // namespace meerkat::stream::c2s
