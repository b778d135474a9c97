// SPDX-License-Identifier: Apache-2.0
// An incoming server-to-server stream ([[listen.s2s]], RFC 6120 with XEP-0220 and XEP-0178):
// offers STARTTLS, then SASL EXTERNAL to a peer whose certificate is valid for its domain and
// Server Dialback to the others. Dialback keys are checked with the peer's authoritative
// server; <db:verify/> requests about our own streams are answered from the secret alone.
// Stanzas are accepted only from domains authenticated on this stream, and only for domains
// served here: an s2s stream is never a relay.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "stream/engine/framing.hpp"
#include "stream/s2s/federation.hpp"
#include "stream/s2s/s2s_settings.hpp"

namespace meerkat::stream::s2s {

boost::asio::awaitable<void> serve_s2s(const S2sListenerSettings& settings, Federation& federation,
                                       net::AcceptedConnection connection);

class IncomingStream final : public net::Stoppable {
 public:
  IncomingStream(const S2sListenerSettings& settings, Federation& federation, net::PeerAddress peer,
                 std::shared_ptr<Framing> framing);
  ~IncomingStream() override;
  IncomingStream(const IncomingStream&) = delete;
  IncomingStream& operator=(const IncomingStream&) = delete;

  boost::asio::awaitable<void> run();
  void stop() override;
  // The authoritative server's answer about a <db:result/> this stream received.
  void dialback_verdict(const std::string& originating, const std::string& receiving, bool valid);

  // Lets a verification that outlives the stream find out (shared with it, same shard).
  struct Alive {
    IncomingStream* stream = nullptr;
  };

 private:
  using DomainPair = std::pair<std::string, std::string>;  // (originating, receiving)

  boost::asio::awaitable<void> serve();
  boost::asio::awaitable<void> handle(StreamEvent& event);
  void open(const xml::Element& header);
  void send_features();
  boost::asio::awaitable<void> start_tls();
  void sasl_external(const xml::Element& auth);
  void dialback_result(const xml::Element& result);
  void dialback_verify(const xml::Element& request);
  boost::asio::awaitable<void> route(xml::Element stanza);
  bool certificate_valid() const;
  bool certificate_names(const std::string& domain) const;
  bool tls_missing() const;
  bool authorized(const DomainPair& pair) const;
  void apply_shaper(const std::string& domain);
  void fail(stanza::StreamErrorCondition condition, std::string text = {});

  const S2sListenerSettings& settings_;
  const S2sSettings& s2s_;
  Federation& federation_;
  net::PeerAddress peer_;
  std::shared_ptr<Framing> connection_;
  std::shared_ptr<Alive> alive_ = std::make_shared<Alive>();
  boost::asio::any_io_executor executor_;
  std::string local_;        // the stream's 'to'
  std::string peer_domain_;  // the stream's 'from', when given
  std::string stream_id_;
  bool header_sent_ = false;
  bool opened_ = false;
  bool external_done_ = false;
  bool closing_ = false;
  bool shaped_ = false;
  std::vector<DomainPair> authorized_;
  std::vector<DomainPair> pending_;  // dialback keys out for verification
  std::optional<std::pair<stanza::StreamErrorCondition, std::string>> terminated_;
};

}  // namespace meerkat::stream::s2s
