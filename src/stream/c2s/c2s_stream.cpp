// SPDX-License-Identifier: Apache-2.0
#include "stream/c2s/c2s_stream.hpp"

#include <algorithm>
#include <charconv>

#include "core/jid/jid.hpp"
#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/xml/writer.hpp"
#include "net/with_timeout.hpp"
#include "observability/log.hpp"

namespace meerkat::stream::c2s {

namespace asio = boost::asio;
using stanza::StreamErrorCondition;

namespace {

const auto& log() {
  static const auto logger = observability::logger("c2s");
  return logger;
}

XmlConnectionOptions connection_options(const config::C2sListenerOptions& listener) {
  XmlConnectionOptions options;
  if (listener.common.max_stanza_size) {
    options.parser.max_stanza_size = static_cast<std::size_t>(*listener.common.max_stanza_size);
  }
  options.hibernate_after = listener.common.hibernate_after;
  return options;
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

C2sStream::C2sStream(const C2sSettings& settings, net::AcceptedConnection connection)
    : settings_(settings),
      peer_(connection.peer),
      slot_(std::move(connection.slot)),
      connection_(net::Transport(std::move(connection.socket)), std::move(connection.initial_bytes),
                  connection_options(settings.listener)),
      lang_(settings.language) {}

void C2sStream::stop() {
  if (closing_) return;
  connection_.cancel();
}

std::optional<std::chrono::milliseconds> C2sStream::negotiation_timeout() const {
  return settings_.listener.c2s_state_timeout;
}

bool C2sStream::is_tls_offered() const {
  return settings_.tls && !connection_.is_tls() &&
         settings_.listener.tls->mode != config::TlsMode::kTls;
}

asio::awaitable<void> C2sStream::run() {
  auto executor = co_await asio::this_coro::executor;
  auto& shard = static_cast<asio::io_context&>(asio::query(executor, asio::execution::context));
  std::optional<net::RegisteredConnection> registered;
  if (settings_.registry) registered.emplace(*settings_.registry, shard, *this);
  try {
    co_await serve();
  } catch (const std::exception& e) {
    // The session boundary (STYLE.md "Errors"): this stream ends, the server goes on.
    log()->error("c2s_stream_failed peer={} error=\"{}\"", peer_.to_string(), e.what());
    fail(StreamErrorCondition::kInternalServerError);
  }
  co_await connection_.close();
}

asio::awaitable<void> C2sStream::serve() {
  const auto& tls = settings_.listener.tls;
  if (settings_.tls && tls->mode == config::TlsMode::kTls) {
    // Direct TLS (XEP-0368): the handshake comes before any XML.
    bool secured = false;
    if (auto timeout = negotiation_timeout()) {
      auto done = co_await net::with_timeout(connection_.start_tls(*settings_.tls), *timeout);
      secured = done && *done;
    } else {
      secured = co_await connection_.start_tls(*settings_.tls);
    }
    if (!secured) {
      log()->debug("c2s_tls_failed peer={}", peer_.to_string());
      co_return;
    }
  }
  while (!closing_) {
    auto status = co_await connection_.read(negotiation_timeout());
    for (auto& event : connection_.events()) {
      if (!handle(event)) break;
    }
    if (closing_) break;
    switch (status) {
      case ReadStatus::kEvents: break;
      case ReadStatus::kPeerClosed: co_return;
      case ReadStatus::kTimedOut: fail(StreamErrorCondition::kConnectionTimeout); break;
      case ReadStatus::kCancelled: fail(StreamErrorCondition::kSystemShutdown); break;
      case ReadStatus::kParseError:
        fail(condition_of(connection_.parse_error()), connection_.parse_error_text());
        break;
    }
    if (closing_) break;
    bool flushed = co_await connection_.flush();
    if (!flushed) co_return;
    if (starttls_pending_) {
      starttls_pending_ = false;
      bool secured = co_await connection_.start_tls(*settings_.tls);
      if (!secured) {
        log()->debug("c2s_tls_failed peer={}", peer_.to_string());
        co_return;
      }
    }
  }
}

bool C2sStream::handle(StreamEvent& event) {
  if (auto* opened = std::get_if<StreamOpened>(&event)) return open_stream(opened->header);
  if (auto* received = std::get_if<StanzaReceived>(&event))
    return handle_element(received->element);
  // RFC 6120 §4.4: the peer closed its stream; we close ours and the connection.
  connection_.send(xml::kStreamClose);
  closing_ = true;
  return false;
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
  if (!host ||
      std::find(settings_.hosts.begin(), settings_.hosts.end(), *host) == settings_.hosts.end()) {
    fail(StreamErrorCondition::kHostUnknown,
         to ? "this server does not serve that host" : "the stream header has no 'to'");
    return false;
  }
  host_ = *host;
  log()->debug("c2s_stream_opened peer={} host={} tls={}", peer_.to_string(), host_,
               connection_.is_tls());
  if (!is_supported_version(header.attr("version"))) {
    fail(StreamErrorCondition::kUnsupportedVersion, "only XMPP 1.0 streams are supported");
    return false;
  }
  xml::StreamHeader reply;
  reply.from = host_;
  reply.id = stanza::make_id();
  reply.lang = lang_;
  connection_.send(xml::stream_header(reply));
  header_sent_ = true;
  send_features();
  return true;
}

void C2sStream::send_features() {
  xml::Element features("features", std::string(ns::kStreams));
  if (is_tls_offered()) {
    auto& starttls = features.append(xml::Element("starttls", std::string(ns::kTls)));
    if (settings_.listener.tls->mode == config::TlsMode::kStarttlsRequired) {
      starttls.append(xml::Element("required", std::string(ns::kTls)));
    }
  }
  // TODO(#3): SASL mechanisms, then bind and session features after authentication.
  connection_.send(features, ns::kClient);
}

bool C2sStream::handle_element(const xml::Element& element) {
  if (element.is("starttls", ns::kTls)) return handle_starttls();
  bool tls_required = settings_.tls && !connection_.is_tls() &&
                      settings_.listener.tls->mode == config::TlsMode::kStarttlsRequired;
  if (tls_required) {
    fail(StreamErrorCondition::kPolicyViolation, "use of STARTTLS is required");
    return false;
  }
  if (element.is("auth", ns::kSasl)) {
    // RFC 6120 §6.5.?: no mechanism is offered yet, so none can be chosen.
    xml::Element failure("failure", std::string(ns::kSasl));
    failure.append(xml::Element("invalid-mechanism", std::string(ns::kSasl)));
    connection_.send(failure, ns::kClient);
    return true;
  }
  bool is_stanza =
      element.xmlns() == ns::kClient &&
      (element.name() == "message" || element.name() == "presence" || element.name() == "iq");
  if (is_stanza) {
    // RFC 6120 §4.9.3.12: stanzas before authentication.
    fail(StreamErrorCondition::kNotAuthorized, "authenticate first");
  } else {
    fail(StreamErrorCondition::kUnsupportedStanzaType);
  }
  return false;
}

bool C2sStream::handle_starttls() {
  if (!is_tls_offered()) {
    // RFC 6120 §5.4.2.2: <failure/>, then the stream is closed.
    connection_.send(xml::to_string(xml::Element("failure", std::string(ns::kTls)), ns::kClient));
    connection_.send(xml::kStreamClose);
    closing_ = true;
    return false;
  }
  connection_.send(xml::to_string(xml::Element("proceed", std::string(ns::kTls)), ns::kClient));
  connection_.restart_stream();  // RFC 6120 §5.4.3.3: the next bytes are the TLS handshake
  header_sent_ = false;
  starttls_pending_ = true;
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
    connection_.send(xml::stream_header(reply));
    header_sent_ = true;
  }
  log()->debug("c2s_stream_error peer={} condition={} text=\"{}\"", peer_.to_string(),
               stanza::to_string(condition), text);
  connection_.send(stanza::make_stream_error_element({condition, std::move(text)}), ns::kClient);
  connection_.send(xml::kStreamClose);
  closing_ = true;
}

asio::awaitable<void> serve_c2s(const C2sSettings& settings, net::AcceptedConnection connection) {
  C2sStream stream(settings, std::move(connection));
  co_await stream.run();
}

}  // namespace meerkat::stream::c2s
