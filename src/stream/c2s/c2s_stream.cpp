// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/c2s_stream.hpp"

#include <algorithm>
#include <charconv>

#include "core/jid/jid.hpp"
#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_error.hpp"
#include "core/xml/writer.hpp"
#include "net/with_timeout.hpp"
#include "observability/log.hpp"
#include "stream/engine/xml_connection.hpp"

namespace meerkat::stream::c2s {

namespace asio = boost::asio;
using stanza::StreamErrorCondition;

namespace {

const auto& log() {
  static const auto logger = observability::logger("c2s");
  return logger;
}

StreamErrorCondition condition_of(xml::ParseError error) {
  switch (error) {
    case xml::ParseError::kRestrictedXml: return StreamErrorCondition::kRestrictedXml;
    case xml::ParseError::kPolicyViolation: return StreamErrorCondition::kPolicyViolation;
    case xml::ParseError::kUnsupportedEncoding: return StreamErrorCondition::kUnsupportedEncoding;
    case xml::ParseError::kBadFormat: return StreamErrorCondition::kBadFormat;
    case xml::ParseError::kNone:
    case xml::ParseError::kNotWellFormed: break;
  }
  return StreamErrorCondition::kNotWellFormed;
}

// RFC 6120 §4.7.5: "major.minor"; we speak 1.x, and a stream without a version is pre-1.0.
bool is_supported_version(std::optional<std::string_view> version) {
  if (!version) return false;
  int major = 0;
  auto [end, ec] = std::from_chars(version->data(), version->data() + version->size(), major);
  return ec == std::errc{} && end != version->data() && *end == '.' && major == 1;
}

}  // namespace

C2sStream::C2sStream(const C2sSettings& settings, net::PeerAddress peer, net::ConnectionSlot slot,
                     std::shared_ptr<Framing> framing)
    : settings_(settings),
      peer_(std::move(peer)),
      slot_(std::move(slot)),
      connection_(std::move(framing)),
      lang_(settings.language) {}

C2sStream::~C2sStream() {
  if (handle_) handle_->sink = nullptr;  // deliveries still in flight find no session
}

void C2sStream::stop() {
  stopping_ = true;
  if (resume_timer_) {
    resume_timer_->cancel();  // a detached session ends at once
    return;
  }
  if (closing_) return;
  connection_->cancel();
}

// RFC 6120 §4 "c2s_state_timeout": negotiation is bounded; a bound session waits for ever
// (idle clients are mod_ping's business).
std::optional<std::chrono::milliseconds> C2sStream::read_timeout() const {
  if (phase_ == Phase::kBound) {
    const auto& ping = settings_.router->hooks().client_ping;
    if (!ping) return std::nullopt;
    // Measured from the client's last input (or our ping), not from this read: deliveries
    // wake the reader often, and must not keep postponing the check on a dead client.
    auto deadline = pending_ping_.empty() ? last_input_ + ping->interval : ping_sent_ + ping->timeout;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return std::max(left, std::chrono::milliseconds{0});
  }
  return settings_.listener.c2s_state_timeout;
}

bool C2sStream::is_tls_offered() const {
  return settings_.tls && connection_->can_start_tls() &&
         settings_.listener.tls->mode != config::TlsMode::kTls;
}

bool C2sStream::is_tls_required() const {
  return settings_.tls && connection_->can_start_tls() &&
         settings_.listener.tls->mode == config::TlsMode::kStarttlsRequired;
}

asio::awaitable<void> C2sStream::run(const C2sSettings& settings, net::PeerAddress peer,
                                     net::ConnectionSlot slot, std::shared_ptr<Framing> framing) {
  C2sStream stream(settings, std::move(peer), std::move(slot), std::move(framing));
  auto executor = co_await asio::this_coro::executor;
  std::optional<net::RegisteredConnection> registered;
  if (settings.registry) registered.emplace(*settings.registry, executor, stream);
  try {
    co_await stream.serve();
  } catch (const std::exception& e) {
    // The session boundary (STYLE.md "Errors"): this stream ends, the server goes on.
    log()->error("c2s_stream_failed peer={} error=\"{}\"", stream.peer_.to_string(), e.what());
    stream.fail(StreamErrorCondition::kInternalServerError);
  }
  log()->debug("c2s_connection_ended peer={} lost={} resumable={}", stream.peer_.to_string(),
               stream.connection_lost_, stream.can_be_resumed());
  if (!stream.takeover_ && stream.can_be_resumed()) co_await stream.wait_for_resumption();
  if (stream.takeover_) stream.hand_over();
  if (!stream.forward_to_) co_await stream.end_session();  // not handed over to a resuming stream
  co_await stream.close_connection();
  stream.refuse_takeover();  // asked for while the session was ending
}

asio::awaitable<void> C2sStream::close_connection() {
  if (connection_closed_) co_return;
  connection_closed_ = true;
  co_await connection_->close();
}

// The TLS handshake, bounded by c2s_state_timeout like every step of negotiation.
asio::awaitable<bool> C2sStream::secure() {
  bool secured = false;
  if (auto timeout = read_timeout()) {
    auto done = co_await net::with_timeout(connection_->start_tls(*settings_.tls), *timeout);
    secured = done && *done;
  } else {
    secured = co_await connection_->start_tls(*settings_.tls);
  }
  if (!secured) log()->debug("c2s_tls_failed peer={}", peer_.to_string());
  co_return secured;
}

asio::awaitable<void> C2sStream::serve() {
  if (settings_.tls && settings_.listener.tls->mode == config::TlsMode::kTls) {
    bool secured = co_await secure();  // direct TLS (XEP-0368): before any XML
    if (!secured) co_return;
  }
  while (!closing_) {
    auto status = co_await connection_->read(read_timeout());
    restarted_ = false;
    for (auto& event : connection_->events()) {
      bool go_on = co_await handle(event);
      // After <proceed/> or <success/> the old stream is over: whatever the client sent
      // behind it in the same read is discarded (RFC 6120 §5.4.3.3, §6.4.6), never acted on,
      // so a man in the middle cannot inject plaintext commands into the secured stream.
      if (!go_on || restarted_) break;
    }
    if (status == ReadStatus::kEvents) last_input_ = std::chrono::steady_clock::now();
    if (takeover_) {
      // XEP-0198: a newer stream resumed this session; this connection only says goodbye.
      fail(StreamErrorCondition::kConflict, "the session was resumed by another stream");
      break;
    }
    if (closing_) break;
    switch (status) {
      case ReadStatus::kEvents:
      case ReadStatus::kWoken: break;
      case ReadStatus::kPeerClosed:
        connection_lost_ = true;  // no </stream:stream>: the session may be resumed
        co_return;
      case ReadStatus::kTimedOut:
        if (phase_ == Phase::kBound) {
          ping_client();
        } else {
          fail(StreamErrorCondition::kConnectionTimeout);
        }
        break;
      case ReadStatus::kCancelled: fail(StreamErrorCondition::kSystemShutdown); break;
      case ReadStatus::kInactive:
        connection_lost_ = true;
        fail(StreamErrorCondition::kConnectionTimeout);
        break;
      case ReadStatus::kParseError:
        fail(condition_of(connection_->parse_error()), connection_->parse_error_text());
        break;
    }
    // Stanzas delivered before a termination are written before its stream error.
    if (!drain_inbox()) fail(StreamErrorCondition::kPolicyViolation, "too many queued stanzas");
    if (terminated_) fail(terminated_->first, std::move(terminated_->second));
    request_ack_if_due();
    if (closing_) break;
    bool flushed = co_await connection_->flush();
    if (!flushed) {
      connection_lost_ = true;
      co_return;
    }
    if (starttls_pending_) {
      starttls_pending_ = false;
      bool secured = co_await secure();
      if (!secured) co_return;
    }
  }
}

asio::awaitable<bool> C2sStream::handle(StreamEvent& event) {
  if (auto* opened = std::get_if<StreamOpened>(&event)) co_return open_stream(opened->header);
  if (auto* received = std::get_if<StanzaReceived>(&event)) {
    bool go_on = co_await handle_element(std::move(received->element));
    co_return go_on;
  }
  // RFC 6120 §4.4: the peer closed its stream; we close ours and the connection.
  connection_->close_stream();
  closing_ = true;
  co_return false;
}

bool C2sStream::open_stream(const xml::Element& header) {
  lang_ = std::string(header.attr_or("xml:lang", settings_.language));
  // RFC 6120 §4.9.3.10 / §4.8.1: the root must be <stream> in the streams namespace, and the
  // content namespace must be jabber:client.
  if (header.name() != "stream" || header.xmlns() != ns::kStreams) {
    fail(StreamErrorCondition::kInvalidNamespace, "the root element must be <stream:stream>");
    return false;
  }
  if (header.attr_or("xmlns", "") != ns::kClient) {
    fail(StreamErrorCondition::kInvalidNamespace, "the content namespace must be jabber:client");
    return false;
  }
  auto to = header.attr("to");
  auto host = to ? jid::Jid::nameprep(*to) : Result<std::string>(Error::bad_request("no 'to'"));
  if (!host || !settings_.router->is_local_host(*host)) {
    fail(StreamErrorCondition::kHostUnknown,
         to ? "this server does not serve that host" : "the stream header has no 'to'");
    return false;
  }
  if (phase_ != Phase::kConnected && *host != host_) {
    // RFC 6120 §6.4.6: the restarted stream is to the same host the client authenticated with.
    fail(StreamErrorCondition::kHostUnknown, "the restarted stream names another host");
    return false;
  }
  host_ = *host;
  apply_shaper();
  log()->debug("c2s_stream_opened peer={} host={} tls={}", peer_.to_string(), host_,
               connection_->is_tls());
  if (!is_supported_version(header.attr("version"))) {
    fail(StreamErrorCondition::kUnsupportedVersion, "only XMPP 1.0 streams are supported");
    return false;
  }
  xml::StreamHeader reply;
  reply.from = host_;
  reply.id = stanza::make_id();
  reply.lang = lang_;
  connection_->open_stream(reply);
  header_sent_ = true;
  send_features();
  return true;
}


// listen.c2s.shaper names an access rule whose value is a shaper (MongooseIM shaper.md):
// evaluated for the host at stream start and again for the user once authenticated.
void C2sStream::apply_shaper() {
  const auto& rule = settings_.listener.shaper;
  if (!settings_.shapers || rule == "none") return;
  auto who = user_.empty() ? jid::Jid::parse(host_) : jid::Jid::make(user_, host_);
  if (!who) return;
  auto value = settings_.authenticator->access().evaluate(rule, *who, host_);
  auto* name = value ? std::get_if<std::string>(&*value) : nullptr;
  auto shaper = name ? settings_.shapers->find(*name) : settings_.shapers->end();
  if (shaper == settings_.shapers->end()) {
    connection_->set_max_rate(std::nullopt);  // "none", or a rule without a shaper value
    return;
  }
  connection_->set_max_rate(shaper->second.max_rate);
}

void C2sStream::send_features() {
  xml::Element features("features", std::string(ns::kStreams));
  // RFC 6120 §5.3.1: TLS before authentication, never after.
  if (phase_ == Phase::kConnected && is_tls_offered()) {
    auto& starttls = features.append(xml::Element("starttls", std::string(ns::kTls)));
    if (is_tls_required()) starttls.append(xml::Element("required", std::string(ns::kTls)));
  }
  if (phase_ == Phase::kConnected) {
    add_sasl_features(features);
  } else {
    add_session_features(features);
  }
  connection_->send(features, ns::kClient);
}

asio::awaitable<bool> C2sStream::handle_element(xml::Element element) {
  if (phase_ == Phase::kBound) {
    bool go_on = co_await handle_stanza(std::move(element));
    co_return go_on;
  }
  if (phase_ == Phase::kAuthenticated) {
    bool go_on = co_await handle_authenticated(std::move(element));
    co_return go_on;
  }
  bool go_on = co_await handle_unauthenticated(std::move(element));
  co_return go_on;
}

asio::awaitable<bool> C2sStream::handle_unauthenticated(xml::Element element) {
  if (element.is("starttls", ns::kTls)) co_return handle_starttls();
  if (is_tls_required()) {
    fail(StreamErrorCondition::kPolicyViolation, "use of STARTTLS is required");
    co_return false;
  }
  if (element.xmlns() == ns::kSasl) {
    bool go_on = co_await handle_sasl(std::move(element));
    co_return go_on;
  }
  if (element.xmlns() == ns::kSasl2 && settings_.router->hooks().sasl2) {
    bool go_on = co_await handle_sasl2(std::move(element));
    co_return go_on;
  }
  if (element.is("iq", ns::kClient)) {
    bool answered = co_await answer_unauthenticated_iq(std::move(element));
    if (answered) co_return true;
    fail(StreamErrorCondition::kNotAuthorized, "authenticate first");
    co_return false;
  }
  bool is_stanza =
      element.xmlns() == ns::kClient && (element.name() == "message" || element.name() == "presence");
  if (is_stanza) {
    // RFC 6120 §4.9.3.12: stanzas before authentication.
    fail(StreamErrorCondition::kNotAuthorized, "authenticate first");
  } else {
    fail(StreamErrorCondition::kUnsupportedStanzaType);
  }
  co_return false;
}

// XEP-0077 §3: in-band registration before authentication, when a module serves it.
asio::awaitable<bool> C2sStream::answer_unauthenticated_iq(xml::Element iq) {
  auto type = iq.attr_or("type", "");
  if (type != "get" && type != "set") co_return false;
  const auto* payload = iq.children().empty() ? nullptr : &*iq.children().begin();
  const auto* handler =
      payload ? settings_.router->hooks().iq.find(hooks::IqScope::kUnauthenticated,
                                                  payload->xmlns())
              : nullptr;
  if (!handler) co_return false;
  auto host = jid::Jid::parse(host_);
  if (!host) co_return false;
  hooks::IqRequest request{jid::Jid{}, std::move(*host), std::move(iq), std::nullopt, {}};
  if (peer_.remote) request.peer = peer_.remote->address();
  hooks::IqReply reply = co_await (*handler)(request);
  if (!reply) {
    connection_->send(stanza::make_error_reply(request.iq, reply.error()), ns::kClient);
    co_return true;
  }
  xml::Element result("iq", std::string(ns::kClient));
  result.add_attr_unchecked("type", "result");
  result.add_attr_unchecked("id", std::string(request.iq.attr_or("id", "")));
  if (*reply) result.append(std::move(**reply));
  connection_->send(result, ns::kClient);
  co_return true;
}

bool C2sStream::handle_starttls() {
  if (!is_tls_offered()) {
    // RFC 6120 §5.4.2.2: <failure/>, then the stream is closed.
    connection_->send(xml::Element("failure", std::string(ns::kTls)), ns::kClient);
    connection_->close_stream();
    closing_ = true;
    return false;
  }
  connection_->send(xml::Element("proceed", std::string(ns::kTls)), ns::kClient);
  connection_->restart_stream();  // RFC 6120 §5.4.3.3: the next bytes are the TLS handshake
  header_sent_ = false;
  starttls_pending_ = true;
  restarted_ = true;
  return true;
}

void C2sStream::fail(StreamErrorCondition condition, std::string text) {
  if (closing_) return;
  if (!header_sent_ && host_.empty() && settings_.hide_service_name) {
    log()->debug("c2s_stream_dropped peer={} condition={}", peer_.to_string(),
                 stanza::to_string(condition));
    closing_ = true;
    return;
  }
  if (!header_sent_) {
    // RFC 6120 §4.9.1.2: an error before our header still needs our header first.
    xml::StreamHeader reply;
    reply.from = host_.empty() && !settings_.hosts.empty() ? settings_.hosts.front() : host_;
    reply.id = stanza::make_id();
    reply.lang = lang_;
    connection_->open_stream(reply);
    header_sent_ = true;
  }
  log()->debug("c2s_stream_error peer={} condition={} text=\"{}\"", peer_.to_string(),
               stanza::to_string(condition), text);
  connection_->send(stanza::make_stream_error_element({condition, std::move(text)}), ns::kClient);
  connection_->close_stream();
  closing_ = true;
}

asio::awaitable<void> serve_c2s(const C2sSettings& settings, net::AcceptedConnection connection) {
  auto framing = std::make_shared<XmlConnection>(net::Transport(std::move(connection.socket)),
                                                 std::move(connection.initial_bytes),
                                                 listener_connection_options(settings.listener.common));
  return C2sStream::run(settings, std::move(connection.peer), std::move(connection.slot),
                        std::move(framing));
}

}  // namespace meerkat::stream::c2s
