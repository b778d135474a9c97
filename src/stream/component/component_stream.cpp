// SPDX-License-Identifier: Apache-2.0
#include "stream/component/component_stream.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cctype>

#include "core/encoding/hex.hpp"
#include "core/ns.hpp"
#include "core/stanza/content_namespace.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_error.hpp"
#include "net/with_timeout.hpp"
#include "observability/log.hpp"
#include "stream/engine/xml_connection.hpp"

namespace meerkat::stream::component {

namespace asio = boost::asio;
using stanza::StreamErrorCondition;

namespace {

const auto& log() {
  static const auto logger = observability::logger("component");
  return logger;
}

// How long a component may take to open its stream and shake hands.
constexpr std::chrono::seconds kHandshakeTimeout{30};

// XEP-0114 §3: hex(SHA-1(stream id + password)), lower case.
std::string handshake_digest(const std::string& id, const std::string& password) {
  auto input = id + password;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), out, &size, EVP_sha1(), nullptr);
  return encoding::hex_encode(std::string_view(reinterpret_cast<const char*>(out), size));
}

bool same_digest(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(a[i])) ^
                                       std::tolower(static_cast<unsigned char>(b[i])));
  }
  return diff == 0;
}

}  // namespace

ComponentStream::ComponentStream(const ComponentSettings& settings, net::PeerAddress peer,
                                 net::ConnectionSlot slot, std::shared_ptr<Framing> framing)
    : settings_(settings),
      peer_(std::move(peer)),
      slot_(std::move(slot)),
      connection_(std::move(framing)) {}

ComponentStream::~ComponentStream() {
  if (handle_) handle_->sink = nullptr;  // deliveries still in flight find no component
}

void ComponentStream::stop() {
  if (closing_) return;
  terminate(StreamErrorCondition::kSystemShutdown, {});
}

asio::awaitable<void> ComponentStream::run() {
  executor_ = co_await asio::this_coro::executor;
  std::optional<net::RegisteredConnection> registered;
  if (settings_.registry) registered.emplace(*settings_.registry, executor_, *this);
  try {
    co_await serve();
  } catch (const std::exception& e) {
    log()->error("component_stream_failed peer={} error=\"{}\"", peer_.to_string(), e.what());
    fail(StreamErrorCondition::kInternalServerError);
  }
  if (handle_) {
    handle_->sink = nullptr;
    settings_.router->components().unbind(domains_, handle_.get());
    log()->info("component_disconnected domain={} peer={}", domain_, peer_.to_string());
  }
  co_await connection_->flush();
  co_await connection_->close();
}

asio::awaitable<void> ComponentStream::serve() {
  if (settings_.tls) {
    auto secured = co_await net::with_timeout(connection_->start_tls(*settings_.tls),
                                              std::chrono::milliseconds(kHandshakeTimeout));
    if (!secured || !*secured) co_return;
  }
  while (!closing_) {
    std::optional<std::chrono::milliseconds> timeout;
    if (phase_ != Phase::kBound) timeout = kHandshakeTimeout;
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
    co_await drain_inbox();
    if (overflowed_) fail(StreamErrorCondition::kPolicyViolation, "too many queued stanzas");
    if (terminated_) fail(terminated_->first, std::move(terminated_->second));
    if (closing_) break;
    if (!co_await connection_->flush()) co_return;
  }
}

asio::awaitable<void> ComponentStream::handle(StreamEvent& event) {
  if (auto* opened = std::get_if<StreamOpened>(&event)) {
    if (phase_ != Phase::kConnected) {
      fail(StreamErrorCondition::kNotAuthorized, "the stream is already open");
    } else {
      open(opened->header);
    }
    co_return;
  }
  if (std::holds_alternative<StreamClosed>(event)) {
    connection_->close_stream();
    closing_ = true;
    co_return;
  }
  auto& element = std::get<StanzaReceived>(event).element;
  if (phase_ == Phase::kHandshake) {
    handshake(element);
  } else if (phase_ == Phase::kBound) {
    co_await route(std::move(element));
  } else {
    fail(StreamErrorCondition::kNotAuthorized);
  }
}

void ComponentStream::open(const xml::Element& header) {
  stream_id_ = stanza::make_id();
  domain_ = std::string(header.attr_or("to", ""));
  xml::StreamHeader reply;
  reply.xmlns = std::string(ns::kComponentAccept);
  reply.from = domain_;
  reply.id = stream_id_;
  reply.version.clear();  // XEP-0114 streams carry no version
  connection_->open_stream(reply);
  header_sent_ = true;
  if (header.attr_or("xmlns", "") != ns::kComponentAccept) {
    fail(StreamErrorCondition::kInvalidNamespace, "a component stream is jabber:component:accept");
    return;
  }
  auto domain = jid::Jid::parse(domain_);
  if (domain_.empty() || !domain || domain->has_node() || !domain->is_bare()) {
    fail(StreamErrorCondition::kImproperAddressing, "'to' must name the component's domain");
    return;
  }
  domain_ = domain->to_string();  // prepared (lower case)
  domains_ = {domain_};
  // is_subdomain='true': the name is a subdomain of every served host (MongooseIM).
  if (header.attr_or("is_subdomain", "") == "true") {
    domains_.clear();
    for (const auto& host : settings_.router->hosts()) domains_.push_back(domain_ + "." + host);
  }
  for (const auto& served : domains_) {
    if (settings_.router->is_local_host(served)) {
      fail(StreamErrorCondition::kHostUnknown, served + " is served by this server itself");
      return;
    }
  }
  phase_ = Phase::kHandshake;
}

void ComponentStream::handshake(const xml::Element& element) {
  if (element.name() != "handshake") {
    fail(StreamErrorCondition::kNotAuthorized, "the handshake comes first");
    return;
  }
  if (!same_digest(element.text(), handshake_digest(stream_id_, settings_.listener.password))) {
    log()->info("component_handshake_failed domain={} peer={}", domain_, peer_.to_string());
    fail(StreamErrorCondition::kNotAuthorized, "wrong handshake");
    return;
  }
  handle_ = std::make_shared<router::SessionHandle>(router::SessionHandle{executor_, this});
  bool replace = settings_.listener.conflict_behaviour == config::ConflictBehaviour::kKickOld;
  std::vector<router::SessionHandlePtr> replaced;
  router::ComponentTable::Binding binding{handle_, settings_.listener.hidden_components};
  if (!settings_.router->components().bind(domains_, binding, replace, replaced)) {
    handle_.reset();
    fail(StreamErrorCondition::kConflict, domain_ + " is already connected");
    return;
  }
  // conflict_behaviour = "kick_old": the component connected before leaves with <conflict/>.
  for (const auto& old : replaced) {
    asio::post(old->executor, [old, text = "another connection took over " + domain_]() mutable {
      if (old->sink) old->sink->terminate(StreamErrorCondition::kConflict, std::move(text));
    });
  }
  connection_->send(xml::Element("handshake", std::string(ns::kComponentAccept)),
                    ns::kComponentAccept);
  phase_ = Phase::kBound;
  apply_shaper();
  log()->info("component_connected domain={} peer={}", domain_, peer_.to_string());
}

asio::awaitable<void> ComponentStream::route(xml::Element stanza) {
  const auto& name = stanza.name();
  if (name != "message" && name != "presence" && name != "iq") {
    fail(StreamErrorCondition::kUnsupportedStanzaType, name);
    co_return;
  }
  stanza::to_client_namespace(stanza, ns::kComponentAccept);
  auto from = jid::Jid::parse(stanza.attr_or("from", ""));
  // check_from: the component speaks only for its own domains (XEP-0114 §3).
  bool own = from && std::find(domains_.begin(), domains_.end(), from->domain()) != domains_.end();
  if (!from || (settings_.listener.check_from && !own)) {
    fail(StreamErrorCondition::kInvalidFrom, std::string(stanza.attr_or("from", "")));
    co_return;
  }
  auto to = jid::Jid::parse(stanza.attr_or("to", ""));
  if (!to) {
    Error bad{ErrorType::kModify, Condition::kJidMalformed, "'to' is not a JID"};
    auto reply = stanza::make_error_reply(stanza, bad);
    if (stanza::may_reply_with_error(stanza)) deliver(std::move(reply));
    co_return;
  }
  co_await settings_.router->route(std::move(*from), std::move(*to), std::move(stanza));
}

void ComponentStream::deliver(xml::Element stanza) {
  if (closing_) return;
  inbox_.push_back(std::move(stanza));
  const auto& limit = settings_.listener.max_fsm_queue;
  if (limit && inbox_.size() > *limit) overflowed_ = true;
  connection_->wake();
}

void ComponentStream::terminate(StreamErrorCondition condition, std::string text) {
  terminated_.emplace(condition, std::move(text));
  connection_->wake();
}

// The listener's `access` rule says who may send to its components; others get not-allowed.
bool ComponentStream::may_send(const xml::Element& stanza) const {
  const auto& rule = settings_.listener.access;
  if (rule == "all") return true;
  auto sender = jid::Jid::parse(stanza.attr_or("from", ""));
  return sender && settings_.authenticator->access().allows(rule, *sender, domain_);
}

asio::awaitable<void> ComponentStream::drain_inbox() {
  auto stanzas = std::exchange(inbox_, {});
  for (auto& stanza : stanzas) {
    if (may_send(stanza)) {
      connection_->send(stanza, ns::kClient);
      continue;
    }
    Error refused{ErrorType::kCancel, Condition::kNotAllowed, "not allowed to reach " + domain_};
    co_await settings_.router->reply_error(stanza, std::move(refused));
  }
}

void ComponentStream::apply_shaper() {
  const auto& rule = settings_.listener.shaper_rule;
  if (!settings_.shapers || rule == "none") return;
  auto who = jid::Jid::parse(domain_);
  if (!who) return;
  auto value = settings_.authenticator->access().evaluate(rule, *who, domain_);
  auto* name = value ? std::get_if<std::string>(&*value) : nullptr;
  if (!name) return;
  if (auto shaper = settings_.shapers->find(*name); shaper != settings_.shapers->end()) {
    connection_->set_max_rate(shaper->second.max_rate);
  }
}

void ComponentStream::fail(StreamErrorCondition condition, std::string text) {
  if (closing_) return;
  if (!header_sent_) {
    xml::StreamHeader reply;
    reply.xmlns = std::string(ns::kComponentAccept);
    reply.id = stanza::make_id();
    reply.version.clear();
    connection_->open_stream(reply);
    header_sent_ = true;
  }
  log()->debug("component_stream_error peer={} condition={} text=\"{}\"", peer_.to_string(),
               stanza::to_string(condition), text);
  connection_->send(stanza::make_stream_error_element({condition, std::move(text)}),
                    ns::kComponentAccept);
  connection_->close_stream();
  closing_ = true;
}

asio::awaitable<void> serve_component(const ComponentSettings& settings,
                                      net::AcceptedConnection connection) {
  auto framing = std::make_shared<XmlConnection>(net::Transport(std::move(connection.socket)),
                                                 std::move(connection.initial_bytes),
                                                 listener_connection_options(settings.listener.common));
  ComponentStream stream(settings, std::move(connection.peer), std::move(connection.slot),
                         std::move(framing));
  co_await stream.run();
}

}  // namespace meerkat::stream::component
