// SPDX-License-Identifier: Apache-2.0
// A client-to-server stream (RFC 6120): stream header and features, STARTTLS (§5), SASL (§6),
// resource binding (§7) and then the IM session: stanzas from the client go to the router,
// stanzas for the client arrive through SessionSink. Split by phase: c2s_stream.cpp (stream
// and TLS), c2s_sasl.cpp (authentication), c2s_sasl2.cpp (XEP-0388 authentication with
// inline Bind 2, resumption and FAST tokens), c2s_session.cpp (binding and the bound session),
// c2s_stream_management.cpp (XEP-0198 acks, and resumption of a session by a newer stream).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <string>

#include "auth/sasl/sasl_mechanism.hpp"
#include "core/jid/jid.hpp"
#include "core/stanza/stream_error.hpp"
#include "hooks/server_hooks.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "router/session_sink.hpp"
#include "stream/c2s/c2s_settings.hpp"
#include "stream/c2s/stream_management.hpp"
#include "stream/engine/framing.hpp"

namespace meerkat::stream::c2s {

class C2sStream final : public net::Stoppable, private router::SessionSink {
 public:
  // `framing` carries the stream: XML over a socket, WebSocket or BOSH.
  C2sStream(const C2sSettings& settings, net::PeerAddress peer, net::ConnectionSlot slot,
            std::shared_ptr<Framing> framing);
  C2sStream(const C2sStream&) = delete;
  C2sStream& operator=(const C2sStream&) = delete;
  ~C2sStream() override;

  // Builds the stream for `framing` and serves it until it ends, on the connection's shard.
  // The stream lives in this coroutine's frame, so a session at rest holds no extra frame for
  // a wrapper that owns it.
  static boost::asio::awaitable<void> run(const C2sSettings& settings, net::PeerAddress peer,
                                          net::ConnectionSlot slot,
                                          std::shared_ptr<Framing> framing);
  // Server shutdown: the stream ends with <system-shutdown/>.
  void stop() override;

  // XEP-0198: a newer stream (on any shard) asks for this session; answered once this
  // stream reaches a safe point. Called on this stream's shard.
  struct Handoff;
  void request_takeover(std::shared_ptr<Handoff> handoff);

 private:
  enum class Phase { kConnected, kAuthenticated, kBound };
  struct ResumedSession;

  // c2s_stream.cpp: the read loop, stream header, features and STARTTLS.
  boost::asio::awaitable<void> serve();
  boost::asio::awaitable<bool> secure();
  // Returns false when the stream must end (an error or a close was queued).
  boost::asio::awaitable<bool> handle(StreamEvent& event);
  bool open_stream(const xml::Element& header);
  boost::asio::awaitable<bool> handle_element(xml::Element element);
  boost::asio::awaitable<bool> handle_unauthenticated(xml::Element element);
  boost::asio::awaitable<bool> answer_unauthenticated_iq(xml::Element iq);
  bool handle_starttls();
  void send_features();
  void apply_shaper();
  bool is_tls_offered() const;
  bool is_tls_required() const;
  // Queues <stream:error/> (after our header, if it was not sent yet) and </stream:stream>.
  void fail(stanza::StreamErrorCondition condition, std::string text = {});
  boost::asio::awaitable<void> close_connection();
  std::optional<std::chrono::milliseconds> read_timeout() const;

  // c2s_sasl.cpp: RFC 6120 §6.
  void add_sasl_features(xml::Element& features) const;
  void add_channel_binding_types(xml::Element& features) const;
  std::vector<config::SaslMechanism> offered_mechanisms() const;
  boost::asio::awaitable<bool> handle_sasl(xml::Element element);
  boost::asio::awaitable<bool> start_sasl(std::string_view name, std::string_view initial);
  boost::asio::awaitable<bool> token_login(std::string token);
  boost::asio::awaitable<bool> sasl_step(auth::sasl::SaslStep step);
  boost::asio::awaitable<bool> sasl_succeeded(auth::sasl::SaslStep step,
                                              std::optional<hooks::IssuedFastToken> rotated = {});
  bool sasl_failed(auth::sasl::SaslFailure failure, std::string text = {});
  // <challenge/>, <success/> … in the namespace of the SASL profile in use.
  void send_sasl(const char* name, std::string_view raw_data);
  auth::sasl::SaslContext sasl_context() const;
  // XEP-0178: the identities of a verified client certificate (none without TLS or cert).
  std::vector<std::string> client_identities() const;

  // c2s_sasl2.cpp: XEP-0388, with XEP-0386 Bind 2 and XEP-0484 FAST inline.
  void add_sasl2_features(xml::Element& features) const;
  std::vector<std::string_view> offered_fast_mechanisms() const;
  boost::asio::awaitable<bool> handle_sasl2(xml::Element element);
  boost::asio::awaitable<bool> authenticate_with_token(std::string_view name,
                                                       std::string_view initial);
  boost::asio::awaitable<bool> sasl2_succeeded(auth::sasl::SaslStep step,
                                               std::optional<hooks::IssuedFastToken> rotated);
  xml::Element bind2(const xml::Element& request, std::string_view agent_id,
                     const boost::asio::any_io_executor& executor);
  boost::asio::awaitable<std::optional<xml::Element>> fast_token_for(
      const xml::Element& request, std::string_view agent_id,
      std::optional<hooks::IssuedFastToken> rotated);

  // c2s_session.cpp: RFC 6120 §7 binding, then the bound session.
  void add_session_features(xml::Element& features) const;
  boost::asio::awaitable<bool> handle_authenticated(xml::Element element);
  boost::asio::awaitable<bool> bind(xml::Element iq);
  // Registers the session `full` of this stream's shard; the stream is bound from then on.
  void open_session(jid::Jid full, const boost::asio::any_io_executor& executor);
  boost::asio::awaitable<bool> handle_stanza(xml::Element stanza);
  boost::asio::awaitable<void> handle_broadcast_presence(xml::Element presence);
  boost::asio::awaitable<void> end_session();
  boost::asio::awaitable<void> forget_anonymous_user();
  void track_directed(const jid::Jid& to, std::string_view type);
  boost::asio::awaitable<void> send_unavailable_to_directed();
  void deliver(xml::Element stanza) override;
  void terminate(stanza::StreamErrorCondition condition, std::string text) override;
  // Writes stanzas queued by deliver(); false when the queue overflowed.
  bool drain_inbox();
  // XEP-0352 (mod_csi): <active/> and <inactive/>, and what waits while inactive.
  void set_client_state(const xml::Element& nonza);
  bool can_wait(const xml::Element& stanza) const;
  void hold_while_inactive(xml::Element stanza);
  void release_held();
  void reply_iq_error(const xml::Element& iq, Error error);
  void ping_client();
  // Writes a stanza to the client; counted (and kept until acked) under XEP-0198.
  void send_stanza(xml::Element stanza);
  // Wakes the stream for new work, whether it reads its connection or waits to be resumed.
  void wake();

  // c2s_stream_management.cpp: XEP-0198.
  const std::optional<hooks::StreamManagementPolicy>& sm_policy() const;
  bool handle_sm_nonza(const xml::Element& nonza);
  void enable_sm(const xml::Element& enable);
  xml::Element sm_enable_answer(const xml::Element& enable);  // <enabled/> or <failed/>
  static xml::Element sm_failed(std::string_view condition, std::optional<std::uint32_t> h = {});
  void acknowledge(std::uint32_t h);
  bool is_ack_window_full() const;
  void request_ack_if_due();
  void send_sm_failed(std::string_view condition, std::optional<std::uint32_t> h = {});
  boost::asio::awaitable<bool> resume(const xml::Element& request);
  // <resumed/> (the stream is bound again) or <failed/>.
  boost::asio::awaitable<xml::Element> resume_answer(const xml::Element& request);
  xml::Element adopt(ResumedSession session, std::uint32_t client_h);
  void resend_unacknowledged();
  bool can_be_resumed() const;
  bool is_detached_buffer_full() const;
  boost::asio::awaitable<void> wait_for_resumption();
  void hand_over();
  void refuse_takeover();
  void forget_resumption();

  const C2sSettings& settings_;
  net::PeerAddress peer_;
  net::ConnectionSlot slot_;
  std::shared_ptr<Framing> connection_;  // shared with a BOSH session table
  std::string host_;  // the served host the client asked for
  std::string lang_;
  Phase phase_ = Phase::kConnected;
  bool header_sent_ = false;
  bool starttls_pending_ = false;
  bool restarted_ = false;  // this read's events hit a stream restart: drop the rest
  bool closing_ = false;

  // SASL (c2s_sasl.cpp)
  std::unique_ptr<auth::sasl::SaslMechanism> sasl_;
  config::SaslMechanism mechanism_ = config::SaslMechanism::kPlain;
  int sasl_failures_ = 0;   // attempts that failed against credentials
  int sasl_attempts_ = 0;   // every failed attempt
  bool sasl_checked_credentials_ = false;
  bool sasl_unknown_user_ = false;  // the credentials lookup found no account
  // XEP-0388: the <authenticate/> in progress, whose inline requests run on success; null
  // under the RFC 6120 profile.
  std::unique_ptr<xml::Element> sasl2_request_;
  std::string user_;  // the authenticated account's localpart
  bool is_anonymous_ = false;  // its data goes when the session ends

  // The bound session (c2s_session.cpp)
  jid::Jid jid_;  // full JID once bound
  router::SessionHandlePtr handle_;
  // Delivered on this shard, not yet written. A vector, not a deque: an empty libstdc++ deque
  // still holds a 512-byte block, and most sessions are idle.
  std::vector<xml::Element> inbox_;
  std::vector<jid::Jid> directed_;  // directed available presence went to these
  bool inactive_ = false;            // XEP-0352: the client is in the background
  std::vector<xml::Element> held_;   // delivered while inactive, written when it matters
  bool is_available_ = false;
  std::optional<std::pair<stanza::StreamErrorCondition, std::string>> terminated_;
  bool overflowed_ = false;
  std::string pending_ping_;  // id of our unanswered XEP-0199 ping, if any
  std::chrono::steady_clock::time_point ping_sent_;
  std::chrono::steady_clock::time_point last_input_ = std::chrono::steady_clock::now();
  bool replaced_ = false;  // ended by a newer session of the same full JID

  // XEP-0198 (c2s_stream_management.cpp)
  std::unique_ptr<StreamManagement> sm_;  // once the client enabled it
  std::chrono::seconds resume_timeout_{0};
  bool connection_lost_ = false;    // the connection broke: the session may be resumed
  bool connection_closed_ = false;
  bool stopping_ = false;           // server shutdown
  std::unique_ptr<boost::asio::steady_timer> resume_timer_;  // while waiting to be resumed
  std::shared_ptr<Handoff> takeover_;       // a newer stream asked for this session
  router::SessionHandlePtr forward_to_;     // after a handover: where late deliveries go
};

// The listener's ConnectionHandler for c2s listeners.
boost::asio::awaitable<void> serve_c2s(const C2sSettings& settings,
                                       net::AcceptedConnection connection);

}  // namespace meerkat::stream::c2s
