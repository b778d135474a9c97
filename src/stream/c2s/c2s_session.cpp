// SPDX-License-Identifier: Apache-2.0
// The bound phase of a client stream: resource binding (RFC 6120 §7), the legacy session IQ
// (RFC 3921 §3), stamping and routing of the client's stanzas (RFC 6120 §8.1.2.1), presence
// broadcasts (RFC 6121 §4.2, §4.4) and delivery of routed stanzas to the client.
#include <boost/asio/post.hpp>
#include <charconv>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_error.hpp"
#include "observability/log.hpp"
#include "stream/c2s/c2s_metrics.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::stream::c2s {

namespace asio = boost::asio;
using stanza::StreamErrorCondition;

namespace {

const auto& log() {
  static const auto logger = observability::logger("c2s");
  return logger;
}

bool is_subscription(std::string_view type) {
  return type == "subscribe" || type == "subscribed" || type == "unsubscribe" ||
         type == "unsubscribed";
}

bool is_request(const xml::Element& stanza) {
  auto type = stanza.attr_or("type", "");
  return stanza.name() == "iq" && (type == "get" || type == "set");
}

// A copy the server made for this session only: a carbon (XEP-0280) or an archive result
// (XEP-0313). The original is delivered or archived already; another resource or offline
// storage must not get the copy.
bool is_session_copy(const xml::Element& message) {
  for (const auto& child : message.children()) {
    if (child.xmlns() == ns::kCarbons && (child.name() == "sent" || child.name() == "received")) {
      return true;
    }
    if (child.name() == "result" && child.xmlns().starts_with("urn:xmpp:mam:")) return true;
  }
  return false;
}

// RFC 6121 §4.7.2.3: -128..127, 0 when absent or unreadable.
int priority_of(const xml::Element& presence) {
  auto text = presence.child_text("priority", ns::kClient);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return 0;
  return std::clamp(value, -128, 127);
}

xml::Element iq_result(const xml::Element& request) {
  xml::Element result("iq", std::string(ns::kClient));
  result.add_attr_unchecked("type", "result");
  result.add_attr_unchecked("id", std::string(request.attr_or("id", "")));
  return result;
}

}  // namespace

void C2sStream::add_session_features(xml::Element& features) const {
  features.append(xml::Element("bind", std::string(ns::kBind)));
  if (settings_.listener.backwards_compatible_session) {
    // RFC 6121 Appendix E: advertised as optional so old clients may still send it.
    auto& session = features.append(xml::Element("session", std::string(ns::kSession)));
    session.append(xml::Element("optional", std::string(ns::kSession)));
  }
  for (const auto& feature : settings_.router->hooks().session_stream_features) {
    features.append(feature);
  }
}

void C2sStream::reply_iq_error(const xml::Element& iq, Error error) {
  send_stanza(stanza::make_error_reply(iq, error));
}

void C2sStream::send_stanza(xml::Element stanza) {
  connection_->send(stanza, ns::kClient);
  if (auto kind = C2sMetrics::kind_of(stanza.name()); kind < 3) C2sMetrics::get().sent[kind]->inc();
  if (sm_) sm_->count_sent(std::move(stanza));
}

asio::awaitable<bool> C2sStream::handle_authenticated(xml::Element element) {
  bool is_bind = element.is("iq", ns::kClient) && element.attr_or("type", "") == "set" &&
                 element.find_child("bind", ns::kBind);
  if (is_bind) {
    bool go_on = co_await bind(std::move(element));
    co_return go_on;
  }
  if (element.xmlns() == ns::kStreamManagement && sm_policy()) {
    if (element.name() == "resume") {
      bool go_on = co_await resume(element);
      co_return go_on;
    }
    send_sm_failed("unexpected-request");  // XEP-0198 §4: enable after binding
    co_return true;
  }
  // RFC 6120 §7.1: no stanzas before a resource is bound.
  fail(StreamErrorCondition::kNotAuthorized, "bind a resource first");
  co_return false;
}

asio::awaitable<bool> C2sStream::bind(xml::Element iq) {
  auto requested = iq.find_child("bind", ns::kBind)->child_text("resource", ns::kBind);
  // RFC 6120 §7.6: the server generates a resource when the client asks for none.
  auto resource = requested.empty() ? stanza::make_id() : requested;
  auto full = jid::Jid::make(user_, host_, resource);
  if (!full) {
    reply_iq_error(iq, Error::bad_request("the resource is not valid"));  // §7.7.2.1
    co_return true;
  }
  auto executor = co_await asio::this_coro::executor;
  open_session(std::move(*full), executor);
  auto result = iq_result(iq);
  auto& bind = result.append(xml::Element("bind", std::string(ns::kBind)));
  bind.append(xml::Element("jid", std::string(ns::kBind))).append_text(jid_.to_string());
  connection_->send(result, ns::kClient);
  log()->debug("c2s_session_bound peer={} jid={}", peer_.to_string(), jid_.to_string());
  co_return true;
}

void C2sStream::open_session(jid::Jid full, const asio::any_io_executor& executor) {
  jid_ = std::move(full);
  handle_ = std::make_shared<router::SessionHandle>(router::SessionHandle{executor, this});
  if (peer_.remote) {
    handle_->origin.ip = peer_.remote->address().to_string();
    handle_->origin.port = peer_.remote->port();
  }
  auto replaced = settings_.router->sessions().open(jid_, handle_);
  if (replaced) {
    // RFC 6120 §7.7.2.2: the newer session wins; the older one ends with <conflict/>.
    asio::post(replaced->executor, [replaced] {
      if (replaced->sink) {
        replaced->sink->terminate(StreamErrorCondition::kConflict, "replaced by a new session");
      }
    });
  }
  phase_ = Phase::kBound;
}

asio::awaitable<bool> C2sStream::handle_stanza(xml::Element stanza) {
  if (stanza.xmlns() == ns::kStreamManagement && sm_policy()) co_return handle_sm_nonza(stanza);
  if (stanza.xmlns() == ns::kCsi && settings_.router->hooks().client_state) {
    set_client_state(stanza);
    co_return true;
  }
  const std::string name = stanza.name();  // a copy: the stanza moves into the hook event
  bool is_stanza = stanza.xmlns() == ns::kClient &&
                   (name == "message" || name == "presence" || name == "iq");
  if (!is_stanza) {
    fail(StreamErrorCondition::kUnsupportedStanzaType);
    co_return false;
  }
  if (sm_) sm_->count_received();
  C2sMetrics::get().received[C2sMetrics::kind_of(name)]->inc();
  if (name == "iq" && !pending_ping_.empty() && stanza.attr_or("id", "") == pending_ping_ &&
      stanza.attr_or("type", "") != "get" && stanza.attr_or("type", "") != "set") {
    pending_ping_.clear();  // the pong (or an error: the client is alive either way)
    co_return true;
  }
  if (name == "iq" && stanza.find_child("session", ns::kSession) &&
      settings_.listener.backwards_compatible_session) {
    send_stanza(iq_result(stanza));
    co_return true;
  }
  jid::Jid to = jid_.bare();
  if (auto to_attr = stanza.attr("to")) {
    auto parsed = jid::Jid::parse(*to_attr);
    if (!parsed) {
      reply_iq_error(stanza, Error::jid_malformed("the 'to' address is not a valid JID"));
      co_return true;
    }
    to = std::move(*parsed);
  } else if (name == "presence") {
    co_await handle_broadcast_presence(std::move(stanza));
    co_return true;
  }
  // RFC 6120 §8.1.2.1: the server stamps the sender's full JID, whatever the client wrote.
  stanza.set_attr("from", jid_.to_string());
  auto type = std::string(stanza.attr_or("type", ""));
  if (name == "presence" && is_subscription(type)) to = to.bare();  // RFC 6121 §3.1.1
  stanza.set_attr("to", to.to_string());
  if (name == "presence" && (type.empty() || type == "unavailable")) track_directed(to, type);
  hooks::StanzaEvent event{jid_, to, std::move(stanza)};
  auto& hooks = settings_.router->hooks();
  auto sent = co_await hooks.user_send_packet.run(event);
  if (sent == hooks::HookResult::kStop) co_return true;
  if (name == "presence" && is_subscription(event.stanza.attr_or("type", ""))) {
    auto handled = co_await hooks.subscription_out.run(event);
    if (handled == hooks::HookResult::kStop) co_return true;
  }
  co_await settings_.router->route(std::move(event.from), std::move(event.to),
                                   std::move(event.stanza));
  co_return true;
}

// RFC 6121 §4.6: whom this session sent available presence to directly; they learn of its
// unavailability too, when it broadcasts unavailable presence or vanishes.
void C2sStream::track_directed(const jid::Jid& to, std::string_view type) {
  auto known = std::find(directed_.begin(), directed_.end(), to);
  if (type.empty() && known == directed_.end()) directed_.push_back(to);
  if (type == "unavailable" && known != directed_.end()) directed_.erase(known);
}

asio::awaitable<void> C2sStream::send_unavailable_to_directed() {
  auto targets = std::exchange(directed_, {});
  for (auto& target : targets) {
    xml::Element gone("presence", std::string(ns::kClient));
    gone.add_attr_unchecked("type", "unavailable");
    gone.add_attr_unchecked("from", jid_.to_string());
    gone.add_attr_unchecked("to", target.to_string());
    auto from = jid_;
    co_await settings_.router->route(std::move(from), std::move(target), std::move(gone));
  }
}

asio::awaitable<void> C2sStream::handle_broadcast_presence(xml::Element presence) {
  auto type = presence.attr_or("type", "");
  if (!type.empty() && type != "unavailable") co_return;  // RFC 6121 §4.7.1: nothing to do
  bool available = type.empty();
  bool initial = available && !is_available_;
  presence.set_attr("from", jid_.to_string());
  auto recorded = std::make_shared<const xml::Element>(presence);
  settings_.router->sessions().set_presence(jid_, handle_.get(), priority_of(presence), available,
                                            available ? std::move(recorded) : nullptr);
  is_available_ = available;
  hooks::PresenceEvent event{jid_, std::move(presence), initial, available};
  auto& hooks = settings_.router->hooks();
  co_await hooks.user_presence.run(event);
  if (initial) {
    hooks::SessionEvent session{jid_};
    co_await hooks.user_available.run(session);
  }
  if (!available) co_await send_unavailable_to_directed();
}

asio::awaitable<void> C2sStream::end_session() {
  if (phase_ != Phase::kBound) co_return;
  auto& router = *settings_.router;
  forget_resumption();
  // Unregistered first: nothing is routed to this session while its goodbyes are sent, and
  // what was already posted to it finds no sink and goes back to the bare JID.
  handle_->sink = nullptr;
  router.sessions().close(jid_, handle_.get());
  // A replaced session says no goodbye: its full JID already belongs to its successor.
  if (replaced_) {
    is_available_ = false;
    directed_.clear();
  }
  if (is_available_) {
    // RFC 6121 §4.5.2: the server broadcasts unavailable presence for a vanished client.
    xml::Element gone("presence", std::string(ns::kClient));
    gone.add_attr_unchecked("type", "unavailable");
    gone.add_attr_unchecked("from", jid_.to_string());
    is_available_ = false;
    hooks::PresenceEvent event{jid_, std::move(gone), false, false};
    co_await router.hooks().user_presence.run(event);
  }
  co_await send_unavailable_to_directed();
  hooks::SessionEvent closed{jid_};
  co_await router.hooks().session_closed.run(closed);
  if (is_anonymous_) co_await forget_anonymous_user();
  // Messages the client did not acknowledge (XEP-0198) or that reached this session but were
  // never written go back to the bare JID (another resource or offline storage): an
  // accepted message is not lost.
  auto undelivered = sm_ ? sm_->take_unacknowledged() : std::vector<xml::Element>{};
  for (auto& stanza : held_) undelivered.push_back(std::move(stanza));
  std::vector<xml::Element>().swap(held_);
  for (auto& stanza : inbox_) undelivered.push_back(std::move(stanza));
  std::vector<xml::Element>().swap(inbox_);
  for (auto& stanza : undelivered) {
    if (stanza.name() == "message" && !is_session_copy(stanza)) {
      co_await router.route(std::move(stanza));
    } else if (is_request(stanza)) {
      // RFC 6120 §8.2.3: a request always gets an answer, even from a vanished recipient.
      Error gone{ErrorType::kCancel, Condition::kServiceUnavailable, {}};
      co_await router.reply_error(stanza, std::move(gone));
    }
  }
  log()->debug("c2s_session_closed peer={} jid={}", peer_.to_string(), jid_.to_string());
}

// XEP-0199 §4.2: a silent client is pinged; a second silence ends the stream when mod_ping's
// timeout_action is "kill", and otherwise only the ping is forgotten.
void C2sStream::ping_client() {
  const auto& ping = settings_.router->hooks().client_ping;
  if (!ping) return;
  if (!pending_ping_.empty()) {
    pending_ping_.clear();
    if (ping->kill_on_timeout) {
      log()->debug("c2s_ping_timeout jid={}", jid_.to_string());
      connection_lost_ = true;  // a resumable session may still come back
      fail(StreamErrorCondition::kConnectionTimeout, "no answer to ping");
    }
    return;
  }
  pending_ping_ = "ping-" + stanza::make_id();
  ping_sent_ = std::chrono::steady_clock::now();
  xml::Element iq("iq", std::string(ns::kClient));
  iq.add_attr_unchecked("type", "get");
  iq.add_attr_unchecked("id", pending_ping_);
  iq.add_attr_unchecked("from", host_);
  iq.add_attr_unchecked("to", jid_.to_string());
  iq.append(xml::Element("ping", std::string(ns::kPing)));
  send_stanza(std::move(iq));
}

// An anonymous user exists for one session only: what it stored (roster, offline messages…)
// goes with it, as in MongooseIM.
asio::awaitable<void> C2sStream::forget_anonymous_user() {
  auto* accounts = settings_.authenticator->accounts();
  if (!accounts) co_return;
  hooks::UserEvent event{user_, host_};
  co_await settings_.router->hooks().remove_user.run(event);
  auto user = user_;
  auto host = host_;
  auto removed = co_await accounts->remove(std::move(user), std::move(host));
  if (!removed) {
    log()->warn("anonymous_cleanup_failed jid={} error=\"{}\"", jid_.to_string(),
                removed.error().text);
  }
}

void C2sStream::deliver(xml::Element stanza) {
  if (forward_to_) {
    // Handed over to a resuming stream: late deliveries follow the session.
    settings_.router->sessions().deliver(forward_to_, std::move(stanza));
    return;
  }
  inbox_.push_back(std::move(stanza));
  const auto& limit = settings_.max_fsm_queue;
  if (limit && inbox_.size() > *limit && !overflowed_) {
    overflowed_ = true;
    C2sMetrics::get().queue_overflows->inc();
  }
  if (!resume_timer_ || !can_be_resumed()) {
    wake();
  } else if (inbox_.back().name() == "message") {
    // A detached session just collects; the device may be asleep and is told (push).
    hooks::HeldMessageEvent held{jid_, inbox_.back(), handle_->executor};
    settings_.router->hooks().message_held.run(held);
  }
}

void C2sStream::terminate(StreamErrorCondition condition, std::string text) {
  if (auto next = forward_to_) {
    asio::post(next->executor, [next, condition, text = std::move(text)]() mutable {
      if (next->sink) next->sink->terminate(condition, std::move(text));
    });
    return;
  }
  replaced_ = condition == StreamErrorCondition::kConflict;
  terminated_.emplace(condition, std::move(text));
  wake();
}

void C2sStream::wake() {
  if (resume_timer_) {
    resume_timer_->cancel();
  } else {
    connection_->wake();
  }
}

bool C2sStream::drain_inbox() {
  if (overflowed_) return false;
  if (inbox_.empty()) return true;
  std::size_t taken = 0;
  // XEP-0198: no more than buffer_max unacknowledged; the rest waits for the client's <a/>.
  for (; taken < inbox_.size() && !is_ack_window_full(); ++taken) {
    auto& stanza = inbox_[taken];
    if (inactive_ && can_wait(stanza)) {
      hold_while_inactive(std::move(stanza));
      continue;
    }
    release_held();  // what waited goes first: the client sees everything in order
    send_stanza(std::move(stanza));
  }
  if (taken == inbox_.size()) {
    std::vector<xml::Element>().swap(inbox_);  // an idle session keeps no queue capacity
  } else {
    inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(taken));
  }
  const auto& policy = settings_.router->hooks().client_state;
  auto limit = policy && policy->buffer_max ? policy->buffer_max : settings_.max_fsm_queue;
  if (limit && held_.size() > *limit) release_held();
  return true;
}

// XEP-0352 §4: the client's state, after binding.
void C2sStream::set_client_state(const xml::Element& nonza) {
  if (nonza.name() == "inactive") {
    inactive_ = true;
  } else if (nonza.name() == "active") {
    inactive_ = false;
    release_held();
  }
}

// Presence and messages without a body (chat states, receipts) can wait for the client to
// come back; a message with a body or an IQ (someone waits for the answer) cannot, and takes
// what waited along.
bool C2sStream::can_wait(const xml::Element& stanza) const {
  if (stanza.name() == "presence") return true;
  return stanza.name() == "message" && !stanza.find_child("body", ns::kClient);
}

namespace {

// Available or unavailable presence: a newer one from the same address replaces it.
bool is_availability(const xml::Element& stanza) {
  auto type = stanza.attr_or("type", "");
  return stanza.name() == "presence" && (type.empty() || type == "unavailable");
}

}  // namespace

void C2sStream::hold_while_inactive(xml::Element stanza) {
  if (is_availability(stanza)) {
    auto from = stanza.attr_or("from", "");
    std::erase_if(held_, [&](const xml::Element& held) {
      return is_availability(held) && held.attr_or("from", "") == from;
    });
  }
  held_.push_back(std::move(stanza));
}

void C2sStream::release_held() {
  if (held_.empty()) return;
  for (auto& stanza : held_) send_stanza(std::move(stanza));
  std::vector<xml::Element>().swap(held_);
}

}  // namespace meerkat::stream::c2s
