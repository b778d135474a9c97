// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/s2s_in_stream.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "core/encoding/base64.hpp"
#include "core/ns.hpp"
#include "core/stanza/content_namespace.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_error.hpp"
#include "net/with_timeout.hpp"
#include "observability/log.hpp"
#include "stream/engine/xml_connection.hpp"
#include "stream/s2s/dialback_key.hpp"

namespace meerkat::stream::s2s {

namespace asio = boost::asio;
using stanza::StreamErrorCondition;

namespace {

const auto& log() {
  static const auto logger = observability::logger("s2s");
  return logger;
}

// How long a peer may take to authenticate; after that only the idle limit applies.
constexpr std::chrono::seconds kNegotiationTimeout{60};
constexpr std::chrono::seconds kTlsHandshakeTimeout{30};

asio::awaitable<void> ask_authoritative(Federation& federation,
                                        std::shared_ptr<IncomingStream::Alive> alive,
                                        std::string receiving, std::string originating,
                                        std::string stream_id, std::string key) {
  bool valid = co_await federation.verify(receiving, originating, stream_id, key);
  if (alive->stream) alive->stream->dialback_verdict(originating, receiving, valid);
}

xml::Element dialback_answer(std::string name, const std::string& from, const std::string& to,
                             std::string_view type) {
  xml::Element answer(std::move(name), std::string(ns::kDialback));
  answer.set_attr("from", from);
  answer.set_attr("to", to);
  answer.set_attr("type", std::string(type));
  return answer;
}

xml::Element sasl_failure(std::string_view condition) {
  xml::Element failure("failure", std::string(ns::kSasl));
  failure.append(xml::Element(std::string(condition), std::string(ns::kSasl)));
  return failure;
}

}  // namespace

IncomingStream::IncomingStream(const S2sListenerSettings& settings, Federation& federation,
                               net::PeerAddress peer, std::shared_ptr<Framing> framing)
    : settings_(settings),
      s2s_(*settings.s2s),
      federation_(federation),
      peer_(std::move(peer)),
      connection_(std::move(framing)) {
  alive_->stream = this;
}

IncomingStream::~IncomingStream() { alive_->stream = nullptr; }

void IncomingStream::stop() {
  terminated_.emplace(StreamErrorCondition::kSystemShutdown, std::string{});
  connection_->wake();
}

asio::awaitable<void> IncomingStream::run() {
  executor_ = co_await asio::this_coro::executor;
  std::optional<net::RegisteredConnection> registered;
  if (s2s_.registry) registered.emplace(*s2s_.registry, executor_, *this);
  try {
    co_await serve();
  } catch (const std::exception& e) {
    log()->error("s2s_in_failed peer={} error=\"{}\"", peer_.to_string(), e.what());
    fail(StreamErrorCondition::kInternalServerError);
  }
  if (!authorized_.empty()) {
    log()->info("s2s_in_closed local={} remote={} peer={}", local_, authorized_.front().first,
                peer_.to_string());
  }
  co_await connection_->flush();
  co_await connection_->close();
}

asio::awaitable<void> IncomingStream::serve() {
  const auto& idle = s2s_.options.outgoing.stream_timeout;
  while (!closing_) {
    std::optional<std::chrono::milliseconds> timeout = idle;
    if (authorized_.empty()) timeout = kNegotiationTimeout;
    auto status = co_await connection_->read(timeout);
    for (auto& event : connection_->events()) {
      co_await handle(event);
      if (closing_) break;
    }
    if (closing_) break;
    switch (status) {
      case ReadStatus::kEvents:
      case ReadStatus::kWoken: break;
      case ReadStatus::kPeerClosed: co_return;
      case ReadStatus::kTimedOut:
      case ReadStatus::kInactive: fail(StreamErrorCondition::kConnectionTimeout); break;
      case ReadStatus::kCancelled: fail(StreamErrorCondition::kSystemShutdown); break;
      case ReadStatus::kParseError:
        fail(stanza::to_stream_error(connection_->parse_error(), connection_->parse_error_text())
                 .condition,
             connection_->parse_error_text());
        break;
    }
    if (terminated_) fail(terminated_->first, std::move(terminated_->second));
    if (closing_) break;
    if (!co_await connection_->flush()) co_return;
  }
}

asio::awaitable<void> IncomingStream::handle(StreamEvent& event) {
  if (auto* opened = std::get_if<StreamOpened>(&event)) {
    open(opened->header);
    co_return;
  }
  if (std::holds_alternative<StreamClosed>(event)) {
    connection_->close_stream();
    closing_ = true;
    co_return;
  }
  auto& element = std::get<StanzaReceived>(event).element;
  if (element.is("error", ns::kStreams)) {  // the peer gives up on the stream (RFC 6120 §4.9)
    log()->info("s2s_in_peer_error local={} peer={} error=\"{}\"", local_, peer_.to_string(),
                xml::to_string(element));
    connection_->close_stream();
    closing_ = true;
    co_return;
  }
  if (!opened_) {
    fail(StreamErrorCondition::kNotAuthorized);
  } else if (element.is("starttls", ns::kTls)) {
    co_await start_tls();
  } else if (element.is("auth", ns::kSasl)) {
    sasl_external(element);
  } else if (element.is("result", ns::kDialback)) {
    dialback_result(element);
  } else if (element.is("verify", ns::kDialback)) {
    dialback_verify(element);
  } else if (element.xmlns() == ns::kServer) {
    co_await route(std::move(element));
  } else {
    fail(StreamErrorCondition::kUnsupportedStanzaType, element.name());
  }
}

void IncomingStream::open(const xml::Element& header) {
  bool restart = opened_;
  stream_id_ = stanza::make_id();
  auto to = jid::Jid::parse(header.attr_or("to", ""));
  std::string from(header.attr_or("from", ""));
  xml::StreamHeader reply;
  reply.xmlns = std::string(ns::kServer);
  reply.id = stream_id_;
  reply.lang = s2s_.language;
  reply.declare_dialback = true;
  if (header.attr_or("version", "").empty()) reply.version.clear();
  // A stream without 'to' (an old dialback-only server) is taken as meant for the first host.
  if (!restart) local_ = to ? to->to_string() : (s2s_.hosts.empty() ? "" : s2s_.hosts.front());
  reply.from = local_;
  if (!from.empty()) reply.to = from;
  connection_->open_stream(reply);
  header_sent_ = true;
  opened_ = true;
  if (header.attr_or("xmlns", "") != ns::kServer) {
    fail(StreamErrorCondition::kInvalidNamespace, "a server stream is jabber:server");
    return;
  }
  // Any domain served here may be federated with: hosts, and the services and components
  // under them (a remote user joining a room here opens a stream to the MUC service).
  if ((!header.attr_or("to", "").empty() && !to) || !s2s_.router->serves(local_)) {
    fail(StreamErrorCondition::kHostUnknown, std::string(header.attr_or("to", "")));
    return;
  }
  if (!restart) peer_domain_ = from;
  if (!reply.version.empty()) send_features();
}

void IncomingStream::send_features() {
  xml::Element features("features", std::string(ns::kStreams));
  if (settings_.tls && connection_->can_start_tls()) {
    auto& starttls = features.append(xml::Element("starttls", std::string(ns::kTls)));
    if (s2s_.tls_required()) {
      starttls.append(xml::Element("required", std::string(ns::kTls)));
    }
  }
  if (!external_done_ && connection_->is_tls() && !peer_domain_.empty() &&
      certificate_names(peer_domain_)) {
    auto& mechanisms = features.append(xml::Element("mechanisms", std::string(ns::kSasl)));
    mechanisms.append(xml::Element("mechanism", std::string(ns::kSasl))).append_text("EXTERNAL");
  }
  if (!external_done_ && !tls_missing() && (!s2s_.trusted_only || certificate_valid())) {
    auto& dialback = features.append(xml::Element("dialback", std::string(ns::kDialbackFeatures)));
    dialback.append(xml::Element("errors", std::string(ns::kDialbackFeatures)));
  }
  connection_->send(features, ns::kServer);
}

asio::awaitable<void> IncomingStream::start_tls() {
  if (!settings_.tls || !connection_->can_start_tls()) {
    connection_->send(xml::Element("failure", std::string(ns::kTls)), ns::kServer);
    connection_->close_stream();
    closing_ = true;
    co_return;
  }
  connection_->send(xml::Element("proceed", std::string(ns::kTls)), ns::kServer);
  auto secured = co_await net::with_timeout(connection_->start_tls(*settings_.tls),
                                            std::chrono::milliseconds(kTlsHandshakeTimeout));
  if (!secured || !*secured) {
    log()->info("s2s_in_tls_failed peer={}", peer_.to_string());
    closing_ = true;
  }
}

bool IncomingStream::certificate_valid() const {
  SSL* ssl = connection_->tls_handle();
  return ssl && SSL_get0_peer_certificate(ssl) && SSL_get_verify_result(ssl) == X509_V_OK;
}

// XEP-0178 §3: a certificate, verified against the listener's CAs, that names the domain.
bool IncomingStream::certificate_names(const std::string& domain) const {
  if (!certificate_valid()) return false;
  X509* cert = SSL_get0_peer_certificate(connection_->tls_handle());
  return X509_check_host(cert, domain.data(), domain.size(), 0, nullptr) == 1;
}

void IncomingStream::sasl_external(const xml::Element& auth) {
  if (auth.attr_or("mechanism", "") != "EXTERNAL" || external_done_ || peer_domain_.empty() ||
      !certificate_names(peer_domain_)) {
    connection_->send(sasl_failure("invalid-mechanism"), ns::kServer);
    return;
  }
  // The authorization identity, if any, must be the domain the certificate was checked for.
  auto text = auth.text();
  if (!text.empty() && text != "=") {
    auto authzid = encoding::base64_decode(text);
    if (!authzid || *authzid != peer_domain_) {
      connection_->send(sasl_failure("invalid-authzid"), ns::kServer);
      return;
    }
  }
  if (!s2s_.allows(peer_domain_)) {
    connection_->send(sasl_failure("not-authorized"), ns::kServer);
    return;
  }
  connection_->send(xml::Element("success", std::string(ns::kSasl)), ns::kServer);
  connection_->restart_stream();
  external_done_ = true;
  authorized_.emplace_back(peer_domain_, local_);
  apply_shaper(peer_domain_);
  log()->info("s2s_in_authenticated local={} remote={} method=external peer={}", local_,
              peer_domain_, peer_.to_string());
}

bool IncomingStream::tls_missing() const {
  return settings_.tls && s2s_.tls_required() && !connection_->is_tls();
}

void IncomingStream::dialback_result(const xml::Element& result) {
  std::string originating(result.attr_or("from", ""));
  std::string receiving(result.attr_or("to", ""));
  auto key = result.text();
  if (result.attr("type") || key.empty()) return;  // answers belong on outgoing streams
  DomainPair pair{originating, receiving};
  if (tls_missing()) {
    fail(StreamErrorCondition::kPolicyViolation, "STARTTLS is required first");
    return;
  }
  auto from = jid::Jid::parse(originating);
  if (!from || from->has_node() || !from->is_bare()) {
    fail(StreamErrorCondition::kInvalidFrom, originating);
    return;
  }
  if (!s2s_.router->serves(receiving) || (s2s_.trusted_only && !certificate_names(originating))) {
    connection_->send(dialback_answer("result", receiving, originating, "invalid"), ns::kServer);
    return;
  }
  if (!s2s_.allows(originating)) {
    log()->info("s2s_in_denied local={} remote={} peer={}", receiving, originating,
                peer_.to_string());
    connection_->send(dialback_answer("result", receiving, originating, "invalid"), ns::kServer);
    return;
  }
  if (authorized(pair) || std::find(pending_.begin(), pending_.end(), pair) != pending_.end()) {
    return;
  }
  pending_.push_back(pair);
  net::spawn_owned(
      *s2s_.tasks, executor_,
      ask_authoritative(federation_, alive_, receiving, originating, stream_id_, std::move(key)),
      "s2s dialback verify");
}

void IncomingStream::dialback_verdict(const std::string& originating, const std::string& receiving,
                                      bool valid) {
  DomainPair pair{originating, receiving};
  std::erase(pending_, pair);
  auto type = valid ? "valid" : "invalid";
  connection_->send(dialback_answer("result", receiving, originating, type), ns::kServer);
  if (valid) {
    authorized_.push_back(pair);
    apply_shaper(originating);
  }
  log()->info("s2s_in_dialback local={} remote={} result={} peer={}", receiving, originating, type,
              peer_.to_string());
  connection_->wake();
}

// XEP-0220 §2.3: we are the authoritative server; the key is ours if the secret makes it.
void IncomingStream::dialback_verify(const xml::Element& request) {
  std::string receiving(request.attr_or("from", ""));
  std::string originating(request.attr_or("to", ""));
  std::string id(request.attr_or("id", ""));
  bool valid = s2s_.router->serves(originating) &&
               same_key(request.text(), dialback_key(s2s_.secret, receiving, originating, id));
  auto answer = dialback_answer("verify", originating, receiving, valid ? "valid" : "invalid");
  answer.set_attr("id", id);
  connection_->send(answer, ns::kServer);
}

bool IncomingStream::authorized(const DomainPair& pair) const {
  return std::find(authorized_.begin(), authorized_.end(), pair) != authorized_.end();
}

asio::awaitable<void> IncomingStream::route(xml::Element stanza) {
  const auto& name = stanza.name();
  if (name != "message" && name != "presence" && name != "iq") {
    fail(StreamErrorCondition::kUnsupportedStanzaType, name);
    co_return;
  }
  stanza::to_client_namespace(stanza, ns::kServer);
  auto from = jid::Jid::parse(stanza.attr_or("from", ""));
  auto to = jid::Jid::parse(stanza.attr_or("to", ""));
  if (!from || !to) {
    fail(StreamErrorCondition::kImproperAddressing, "'from' and 'to' must be JIDs");
    co_return;
  }
  // RFC 6120 §4.9.3.9 / §4.9.3.6: a domain not authenticated here, or not served here.
  DomainPair pair{std::string(from->domain()), std::string(to->domain())};
  if (!authorized(pair)) {
    bool known_sender = std::any_of(authorized_.begin(), authorized_.end(),
                                    [&](const DomainPair& p) { return p.first == pair.first; });
    if (!known_sender || !s2s_.router->serves(pair.second)) {
      fail(known_sender ? StreamErrorCondition::kHostUnknown : StreamErrorCondition::kInvalidFrom,
           known_sender ? pair.second : pair.first);
      co_return;
    }
  }
  co_await s2s_.router->route(std::move(*from), std::move(*to), std::move(stanza));
}

void IncomingStream::apply_shaper(const std::string& domain) {
  const auto& rule = settings_.listener.shaper;
  if (shaped_ || !s2s_.shapers || rule == "none") return;
  auto who = jid::Jid::parse(domain);
  if (!who) return;
  auto value = s2s_.authenticator->access().evaluate(rule, *who, local_);
  auto* name = value ? std::get_if<std::string>(&*value) : nullptr;
  if (!name) return;
  if (auto shaper = s2s_.shapers->find(*name); shaper != s2s_.shapers->end()) {
    connection_->set_max_rate(shaper->second.max_rate);
    shaped_ = true;
  }
}

void IncomingStream::fail(StreamErrorCondition condition, std::string text) {
  if (closing_) return;
  if (!header_sent_) {
    xml::StreamHeader reply;
    reply.xmlns = std::string(ns::kServer);
    reply.id = stanza::make_id();
    reply.declare_dialback = true;
    connection_->open_stream(reply);
    header_sent_ = true;
  }
  log()->info("s2s_in_stream_error peer={} condition={} text=\"{}\"", peer_.to_string(),
              stanza::to_string(condition), text);
  connection_->send(stanza::make_stream_error_element({condition, std::move(text)}), ns::kServer);
  connection_->close_stream();
  closing_ = true;
}

asio::awaitable<void> serve_s2s(const S2sListenerSettings& settings, Federation& federation,
                                net::AcceptedConnection connection) {
  auto framing = std::make_shared<XmlConnection>(net::Transport(std::move(connection.socket)),
                                                 std::move(connection.initial_bytes),
                                                 listener_connection_options(settings.listener.common));
  IncomingStream stream(settings, federation, std::move(connection.peer), std::move(framing));
  co_await stream.run();
}

}  // namespace meerkat::stream::s2s
