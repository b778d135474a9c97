// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/s2s_out_stream.hpp"

#include "core/ns.hpp"
#include "observability/log.hpp"
#include "stream/s2s/dialback_key.hpp"

namespace meerkat::stream::s2s {

namespace asio = boost::asio;

namespace {

const auto& log() {
  static const auto logger = observability::logger("s2s");
  return logger;
}

// Waiting for the remote server when state_timeout is "infinity" still needs a bound.
constexpr std::chrono::milliseconds kNoStateTimeout{std::chrono::hours(1)};

XmlConnectionOptions connection_options(const config::S2sOutgoingOptions& outgoing) {
  XmlConnectionOptions options;
  if (outgoing.max_stanza_size) {
    options.parser.max_stanza_size = static_cast<std::size_t>(*outgoing.max_stanza_size);
  }
  return options;
}

bool is(const xml::Element& element, std::string_view name, std::string_view xmlns) {
  return element.name() == name && element.xmlns() == xmlns;
}

bool offers_external(const xml::Element& features) {
  const auto* mechanisms = features.find_child("mechanisms", ns::kSasl);
  if (!mechanisms) return false;
  for (const auto& mechanism : mechanisms->children()) {
    if (mechanism.name() == "mechanism" && mechanism.text() == "EXTERNAL") return true;
  }
  return false;
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kReady: return "ready";
    case Outcome::kUnreachable: return "unreachable";
    case Outcome::kTimedOut: return "timed_out";
    case Outcome::kRefused: return "refused";
  }
  return "unknown";
}

OutgoingStream::OutgoingStream(const S2sSettings& settings, Resolver& resolver, std::string local,
                               std::string remote)
    : settings_(settings),
      resolver_(resolver),
      local_(std::move(local)),
      remote_(std::move(remote)) {}

OutgoingStream::~OutgoingStream() = default;

void OutgoingStream::stop() {
  stopping_ = true;
  if (connection_) connection_->cancel();
}

asio::awaitable<Outcome> OutgoingStream::establish() {
  auto outcome = co_await connect(Purpose::kDeliver);
  if (outcome != Outcome::kReady) co_return outcome;
  if (authenticated_) co_return Outcome::kReady;
  auto verdict = co_await dialback();
  co_return verdict;
}

asio::awaitable<bool> OutgoingStream::verify(std::string stream_id, std::string key) {
  auto outcome = co_await connect(Purpose::kVerify);
  if (outcome != Outcome::kReady) co_return false;
  xml::Element request("verify", std::string(ns::kDialback));
  request.set_attr("from", local_);
  request.set_attr("to", remote_);
  request.set_attr("id", stream_id);
  request.append_text(key);
  connection_->send(request, ns::kServer);
  for (;;) {
    auto answer = co_await next_element();
    if (!answer) co_return false;
    if (is(*answer, "verify", ns::kDialback) && answer->attr_or("id", "") == stream_id) {
      co_return answer->attr_or("type", "") == "valid";
    }
  }
}

asio::awaitable<Outcome> OutgoingStream::connect(Purpose purpose) {
  bool tls_configured = settings_.client_tls != nullptr;
  auto targets = co_await resolver_.targets(remote_, tls_configured);
  if (targets.empty() || stopping_) co_return Outcome::kUnreachable;
  auto connected = co_await resolver_.connect(targets);
  if (!connected || stopping_) co_return Outcome::kUnreachable;
  address_ = connected->address;
  connection_ =
      std::make_unique<XmlConnection>(net::Transport(std::move(connected->socket)), std::string{},
                                      connection_options(settings_.options.outgoing));
  apply_shaper();
  const auto& tls = settings_.options.outgoing.tls;
  bool direct = connected->target.direct_tls || (tls && tls->mode == config::TlsMode::kTls);
  if (tls_configured && direct) {
    auto secured = co_await start_tls();
    if (secured != Outcome::kReady) co_return secured;
  }
  auto negotiated = co_await negotiate(purpose);
  co_return negotiated;
}

void OutgoingStream::open_stream() {
  xml::StreamHeader header;
  header.xmlns = std::string(ns::kServer);
  header.from = local_;
  header.to = remote_;
  header.lang = settings_.language;
  header.declare_dialback = true;
  connection_->open_stream(header);
}

asio::awaitable<Outcome> OutgoingStream::negotiate(Purpose purpose) {
  const auto& tls = settings_.options.outgoing.tls;
  for (;;) {
    open_stream();
    auto opened = co_await next_event();
    auto* header = opened ? std::get_if<StreamOpened>(&*opened) : nullptr;
    if (!header) co_return failure_;
    if (header->header.attr_or("xmlns", "") != ns::kServer) co_return Outcome::kUnreachable;
    stream_id_ = std::string(header->header.attr_or("id", ""));
    if (header->header.attr_or("version", "").empty()) {
      // A pre-RFC 3920 peer: no features, no TLS; dialback is all it knows.
      bool tls_needed = tls && tls->mode != config::TlsMode::kStarttls;
      co_return tls_needed && !connection_->is_tls() ? Outcome::kRefused : Outcome::kReady;
    }
    auto features = co_await next_element();
    if (!features) co_return failure_;
    if (!is(*features, "features", ns::kStreams)) co_return Outcome::kUnreachable;
    if (tls && !connection_->is_tls() && features->find_child("starttls", ns::kTls)) {
      connection_->send(xml::Element("starttls", std::string(ns::kTls)), ns::kServer);
      auto answer = co_await next_element();
      if (!answer) co_return failure_;
      if (!is(*answer, "proceed", ns::kTls)) co_return Outcome::kUnreachable;
      auto secured = co_await start_tls();
      if (secured != Outcome::kReady) co_return secured;
      continue;  // RFC 6120 §5.4.3.3: a new stream over TLS
    }
    if (tls && tls->mode != config::TlsMode::kStarttls && !connection_->is_tls()) {
      log()->warn("s2s_out_failed local={} remote={} reason=\"no TLS offered, and it is required\"",
                  local_, remote_);
      co_return Outcome::kRefused;
    }
    if (authenticated_) co_return Outcome::kReady;
    if (purpose == Purpose::kDeliver && connection_->is_tls() && has_certificate() &&
        offers_external(*features)) {
      auto outcome = co_await sasl_external();
      if (outcome != Outcome::kReady) co_return outcome;
      if (authenticated_) continue;  // a new stream after SASL success
    }
    co_return Outcome::kReady;
  }
}

asio::awaitable<Outcome> OutgoingStream::start_tls() {
  const auto& tls = settings_.options.outgoing.tls;
  const auto& sni = tls->server_name_indication;
  bool verify = tls->verify_mode != config::VerifyMode::kNone;
  std::string name = sni.host.value_or(remote_);
  bool secured = co_await connection_->start_tls_client(*settings_.client_tls, name,
                                                        sni.enabled && verify, verify);
  if (secured) co_return Outcome::kReady;
  log()->info("s2s_out_tls_failed local={} remote={} address={}", local_, remote_, address_);
  co_return Outcome::kUnreachable;
}

// RFC 6120 §6.4 with XEP-0178: the certificate says who we are; the authorization identity
// is left empty ("=") so the peer takes the stream's 'from'.
asio::awaitable<Outcome> OutgoingStream::sasl_external() {
  xml::Element auth("auth", std::string(ns::kSasl));
  auth.set_attr("mechanism", "EXTERNAL");
  auth.append_text("=");
  connection_->send(auth, ns::kServer);
  auto answer = co_await next_element();
  if (!answer) co_return failure_;
  if (is(*answer, "success", ns::kSasl)) {
    authenticated_ = true;
    connection_->restart_stream();
    log()->debug("s2s_out_sasl_external local={} remote={}", local_, remote_);
    co_return Outcome::kReady;
  }
  // A refused certificate still leaves dialback (XEP-0220 §2.1 on a stream after TLS).
  log()->info("s2s_out_sasl_external_refused local={} remote={}", local_, remote_);
  co_return Outcome::kReady;
}

asio::awaitable<Outcome> OutgoingStream::dialback() {
  xml::Element result("result", std::string(ns::kDialback));
  result.set_attr("from", local_);
  result.set_attr("to", remote_);
  result.append_text(dialback_key(settings_.secret, remote_, local_, stream_id_));
  connection_->send(result, ns::kServer);
  for (;;) {
    auto answer = co_await next_element();
    if (!answer) co_return failure_;
    if (!is(*answer, "result", ns::kDialback)) continue;
    if (answer->attr_or("from", "") != remote_ || answer->attr_or("to", "") != local_) continue;
    auto type = answer->attr_or("type", "");
    if (type == "valid") co_return Outcome::kReady;
    log()->info("s2s_out_dialback_refused local={} remote={} type={}", local_, remote_, type);
    co_return Outcome::kRefused;
  }
}

asio::awaitable<std::optional<StreamEvent>> OutgoingStream::next_event() {
  const auto& limit = settings_.options.outgoing.state_timeout;
  // What we said must reach the peer before we wait for its answer.
  if (!co_await connection_->flush()) {
    failure_ = Outcome::kUnreachable;
    co_return std::nullopt;
  }
  while (pending_.empty()) {
    auto status = co_await connection_->read(limit.value_or(kNoStateTimeout));
    for (auto& event : connection_->events()) pending_.push_back(std::move(event));
    if (!pending_.empty()) break;
    if (status == ReadStatus::kWoken) continue;  // stanzas queued meanwhile; they wait
    failure_ = status == ReadStatus::kTimedOut ? Outcome::kTimedOut : Outcome::kUnreachable;
    co_return std::nullopt;
  }
  auto event = std::move(pending_.front());
  pending_.pop_front();
  co_return event;
}

asio::awaitable<std::optional<xml::Element>> OutgoingStream::next_element() {
  auto event = co_await next_event();
  if (!event) co_return std::nullopt;
  auto* received = std::get_if<StanzaReceived>(&*event);
  if (!received) {
    failure_ = Outcome::kUnreachable;  // the peer closed or restarted out of turn
    co_return std::nullopt;
  }
  if (is(received->element, "error", ns::kStreams)) {
    log()->info("s2s_out_stream_error local={} remote={} error=\"{}\"", local_, remote_,
                xml::to_string(received->element));
    failure_ = Outcome::kRefused;
    co_return std::nullopt;
  }
  co_return std::move(received->element);
}

// s2s.outgoing.shaper names a shaper directly (not an access rule): it limits what the
// remote server sends us on this stream.
void OutgoingStream::apply_shaper() {
  const auto& name = settings_.options.outgoing.shaper;
  if (!settings_.shapers || name == "none") return;
  if (auto shaper = settings_.shapers->find(name); shaper != settings_.shapers->end()) {
    connection_->set_max_rate(shaper->second.max_rate);
  }
}

// What the peer sends on our outgoing stream: nothing but its closing, here (we use no
// bidirectional streams); a stream error is logged for the operator.
bool OutgoingStream::peer_closed() {
  bool closed = false;
  for (auto& event : connection_->events()) {
    auto* received = std::get_if<StanzaReceived>(&event);
    if (received && received->element.is("error", ns::kStreams)) {
      log()->info("s2s_out_stream_error local={} remote={} error=\"{}\"", local_, remote_,
                  xml::to_string(received->element));
      closed = true;
    }
    closed = closed || std::holds_alternative<StreamClosed>(event);
  }
  return closed;
}

bool OutgoingStream::has_certificate() const {
  const auto& tls = settings_.options.outgoing.tls;
  return tls && tls->certfile.has_value();
}

asio::awaitable<void> OutgoingStream::serve(OutgoingLink& link) {
  link.connection = connection_.get();
  const auto& idle = settings_.options.outgoing.stream_timeout;
  while (!stopping_) {
    auto batch = std::exchange(link.queue, {});
    for (const auto& stanza : batch) connection_->send(stanza, ns::kClient);
    if (!co_await connection_->flush()) {
      // The peer is gone; what this write carried may not have arrived: try it again.
      link.queue.insert(link.queue.begin(), batch.begin(), batch.end());
      break;
    }
    auto status = co_await connection_->read(idle);
    if (status == ReadStatus::kWoken || status == ReadStatus::kEvents) {
      if (!peer_closed()) continue;
    }
    if (status == ReadStatus::kTimedOut) {
      log()->debug("s2s_out_idle local={} remote={}", local_, remote_);
    }
    break;
  }
  link.connection = nullptr;
}

asio::awaitable<void> OutgoingStream::close() {
  if (!connection_) co_return;
  connection_->close_stream();
  co_await connection_->close();
}

}  // namespace meerkat::stream::s2s
