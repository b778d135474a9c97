// SPDX-License-Identifier: Apache-2.0
// An outgoing server-to-server stream (RFC 6120 §4, §5, §6; XEP-0220): connects to the remote
// domain, upgrades with STARTTLS (or direct TLS), authenticates with SASL EXTERNAL when both
// sides have certificates for it, else with Server Dialback, and then writes the stanzas of
// its (local, remote) domain pair. A second use is the dialback verify round-trip: asking a
// domain's authoritative server whether a key is its own.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/xml/element.hpp"
#include "net/connection_registry.hpp"
#include "stream/engine/xml_connection.hpp"
#include "stream/s2s/s2s_resolver.hpp"
#include "stream/s2s/s2s_settings.hpp"

namespace meerkat::stream::s2s {

// The queue of one (local, remote) pair, shared by the federation table (which posts to it)
// and the stream that writes it. Touched only on `executor`, the stream's shard.
struct OutgoingLink {
  boost::asio::any_io_executor executor;
  std::string local;
  std::string remote;
  std::vector<xml::Element> queue;
  XmlConnection* connection = nullptr;  // set while established, to be woken
  bool closed = false;                  // the stream is gone: post elsewhere
};

// How establishing a stream ended; anything but kReady is what queued stanzas bounce with.
enum class Outcome {
  kReady,
  kUnreachable,  // no address, no answer, TLS or protocol failure: remote-server-not-found
  kTimedOut,     // the peer went silent during negotiation: remote-server-timeout
  kRefused,      // the peer refused our authentication or policy: remote-server-not-found
};

std::string_view to_string(Outcome outcome);

class OutgoingStream final : public net::Stoppable {
 public:
  OutgoingStream(const S2sSettings& settings, Resolver& resolver, std::string local,
                 std::string remote);
  ~OutgoingStream() override;
  OutgoingStream(const OutgoingStream&) = delete;
  OutgoingStream& operator=(const OutgoingStream&) = delete;

  // Connects, secures and authenticates (SASL EXTERNAL or dialback), ready to write stanzas.
  boost::asio::awaitable<Outcome> establish();
  // Writes what `link` queues until the stream idles out, fails or the server stops. Stanzas
  // not yet written stay in the link's queue.
  boost::asio::awaitable<void> serve(OutgoingLink& link);
  // The dialback verify round-trip (XEP-0220 §2.3): connects (with TLS when offered) and asks
  // whether `key` is the remote server's key for stream `stream_id` towards the local domain.
  boost::asio::awaitable<bool> verify(std::string stream_id, std::string key);
  boost::asio::awaitable<void> close();

  void stop() override;
  bool stopped() const { return stopping_; }
  const std::string& address() const { return address_; }

 private:
  enum class Purpose { kDeliver, kVerify };
  boost::asio::awaitable<Outcome> connect(Purpose purpose);
  boost::asio::awaitable<Outcome> negotiate(Purpose purpose);
  boost::asio::awaitable<Outcome> start_tls();
  boost::asio::awaitable<Outcome> sasl_external();
  boost::asio::awaitable<Outcome> dialback();
  // The next stream event within state_timeout; nullopt when the stream ended or timed out
  // (failure_ says which).
  boost::asio::awaitable<std::optional<StreamEvent>> next_event();
  boost::asio::awaitable<std::optional<xml::Element>> next_element();
  void open_stream();
  bool has_certificate() const;
  void apply_shaper();
  bool peer_closed();

  const S2sSettings& settings_;
  Resolver& resolver_;
  std::string local_;
  std::string remote_;
  std::string address_;
  std::unique_ptr<XmlConnection> connection_;
  std::deque<StreamEvent> pending_;
  std::string stream_id_;  // the id the remote server gave our stream
  Outcome failure_ = Outcome::kUnreachable;
  bool authenticated_ = false;  // by SASL EXTERNAL
  bool stopping_ = false;
};

}  // namespace meerkat::stream::s2s
