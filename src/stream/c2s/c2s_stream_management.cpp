// SPDX-License-Identifier: Apache-2.0
// XEP-0198 Stream Management in the client stream: <enable/>, acks (<r/>, <a/>), and
// resumption. A session whose connection breaks waits up to the resume timeout; a newer stream
// of the same account that presents its id takes the session over, whatever shard either runs
// on: the old stream hands its state (counters, unacknowledged and undelivered stanzas,
// presence) to the new one at a safe point, and the session table moves to the new stream
// without a presence change. When nobody resumes, the session ends and every stanza the
// client did not acknowledge goes back through the router (another resource or offline
// storage): accepted messages are not lost.
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>

#include "core/ns.hpp"
#include "core/stanza/id.hpp"
#include "observability/log.hpp"
#include "router/session_manager.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::stream::c2s {

namespace asio = boost::asio;
using stanza::StreamErrorCondition;

namespace {

const auto& log() {
  static const auto logger = observability::logger("c2s");
  return logger;
}

std::optional<std::uint32_t> parse_h(std::string_view text) {
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

bool is_true(std::string_view value) { return value == "true" || value == "1"; }

xml::Element sm_element(std::string_view name) {
  return xml::Element(std::string(name), std::string(ns::kStreamManagement));
}

}  // namespace

// What a resumed session takes from the stream it replaces.
struct C2sStream::ResumedSession {
  jid::Jid jid;
  std::unique_ptr<StreamManagement> sm;
  std::chrono::seconds resume_timeout;
  std::vector<xml::Element> undelivered;  // reached the old stream, never written
  std::vector<jid::Jid> directed;
  bool is_available = false;
};

// Shared by the new stream, which waits on `signal`, and the old one, which fills `session`
// (on its shard) and then posts the wake-up to the new stream's shard.
struct C2sStream::Handoff {
  explicit Handoff(asio::any_io_executor on)
      : executor(on), signal(on, asio::steady_timer::time_point::max()) {}
  asio::any_io_executor executor;  // the new stream's shard
  asio::steady_timer signal;
  router::SessionHandlePtr handle;  // the new stream's session handle
  C2sStream* stream = nullptr;
  std::optional<ResumedSession> session;  // empty: refused
  bool answered = false;                  // touched on `executor` only
};

namespace {

void answer(const std::shared_ptr<C2sStream::Handoff>& handoff) {
  asio::post(handoff->executor, [handoff] {
    handoff->answered = true;
    handoff->signal.cancel();
  });
}

}  // namespace

const std::optional<hooks::StreamManagementPolicy>& C2sStream::sm_policy() const {
  return settings_.router->hooks().stream_management;
}

// <enable/>, <r/>, <a/> and a misplaced <resume/> in a bound session. False: the stream ends.
bool C2sStream::handle_sm_nonza(const xml::Element& nonza) {
  if (nonza.name() == "enable") {
    enable_sm(nonza);
  } else if (nonza.name() == "r" && sm_) {
    auto answer = sm_element("a");
    answer.add_attr_unchecked("h", std::to_string(sm_->received()));
    connection_->send(answer, ns::kClient);
  } else if (nonza.name() == "a" && sm_) {
    auto h = parse_h(nonza.attr_or("h", ""));
    if (!h) {
      fail(StreamErrorCondition::kInvalidXml, "<a/> needs a numeric 'h'");
      return false;
    }
    acknowledge(*h);
  } else if (nonza.name() == "resume" || nonza.name() == "r" || nonza.name() == "a") {
    send_sm_failed("unexpected-request");  // §5: resume only before binding; acks once enabled
  } else {
    fail(StreamErrorCondition::kUnsupportedStanzaType);
  }
  return !closing_;
}

void C2sStream::enable_sm(const xml::Element& enable) {
  connection_->send(sm_enable_answer(enable), ns::kClient);
}

xml::Element C2sStream::sm_enable_answer(const xml::Element& enable) {
  if (sm_) return sm_failed("unexpected-request");  // §4: enabled once per session
  const auto& policy = *sm_policy();
  bool resumable = is_true(enable.attr_or("resume", "")) && settings_.resumption;
  resume_timeout_ = policy.resume_timeout;
  if (auto max = parse_h(enable.attr_or("max", "")); max && *max > 0) {
    resume_timeout_ = std::min(resume_timeout_, std::chrono::seconds{*max});
  }
  auto id = resumable ? stanza::make_id() + stanza::make_id() : std::string();
  sm_ = std::make_unique<StreamManagement>(id, policy.buffer);
  auto enabled = sm_element("enabled");
  if (resumable) {
    settings_.resumption->add(id, {handle_->executor, this, jid_});
    enabled.add_attr_unchecked("id", id);
    enabled.add_attr_unchecked("resume", "true");
    enabled.add_attr_unchecked("max", std::to_string(resume_timeout_.count()));
  }
  log()->debug("c2s_sm_enabled jid={} resume={}", jid_.to_string(), resumable);
  return enabled;
}

// The client's 'h'. One claiming more than we sent breaks XEP-0198 §4, but real clients do
// it (xmpp.js counts a stanza that reached it just before <enabled/>), and ending their
// streams would make them reconnect over and over. As ejabberd and Prosody do, it is logged
// and taken as "everything so far".
void C2sStream::acknowledge(std::uint32_t h) {
  if (sm_->acknowledge(h) == StreamManagement::Ack::kAccepted) return;
  log()->info("c2s_sm_ack_too_high jid={} h={} acknowledged={} sent={}", jid_.to_string(), h,
              sm_->acknowledged(), sm_->sent());
  sm_->acknowledge(sm_->sent());
}

// `buffer_max` is a window: with that many stanzas unacknowledged, delivery pauses until the
// client acknowledges (a burst such as the offline messages at login goes through in
// rounds, and is never cut off); MongooseIM instead ends the stream at once.
bool C2sStream::is_ack_window_full() const {
  if (!sm_) return false;
  const auto& policy = *sm_policy();
  return policy.buffer && policy.buffer_max && sm_->unacknowledged_count() >= *policy.buffer_max;
}

// mod_stream_management's `ack`/`ack_freq`. A client that leaves our <r/> unanswered for
// mod_ping's ping_req_timeout (30 s without server pings) while its window is full and more
// than buffer_max stanzas wait behind it is cut off (resource-constraint); what it did not
// acknowledge goes to offline storage.
void C2sStream::request_ack_if_due() {
  if (!sm_ || closing_) return;
  const auto& policy = *sm_policy();
  auto now = std::chrono::steady_clock::now();
  if (is_ack_window_full() && inbox_.size() > *policy.buffer_max) {
    const auto& ping = settings_.router->hooks().client_ping;
    auto grace = ping ? ping->timeout : std::chrono::milliseconds{std::chrono::seconds{30}};
    auto asked = sm_->unanswered_since();
    if (asked && now - *asked > grace) {
      fail(StreamErrorCondition::kResourceConstraint, "too many unacknowledged stanzas");
      return;
    }
  }
  // With the window full the client is asked even if the frequency says not yet.
  if ((policy.ack && sm_->is_ack_request_due(policy.ack_freq)) ||
      (is_ack_window_full() && sm_->is_ack_request_due(1))) {
    connection_->send(sm_element("r"), ns::kClient);
    sm_->ack_requested(now);
  }
}

xml::Element C2sStream::sm_failed(std::string_view condition, std::optional<std::uint32_t> h) {
  auto failed = sm_element("failed");
  if (h) failed.add_attr_unchecked("h", std::to_string(*h));
  failed.append(xml::Element(std::string(condition), std::string(ns::kStanzas)));
  return failed;
}

void C2sStream::send_sm_failed(std::string_view condition, std::optional<std::uint32_t> h) {
  connection_->send(sm_failed(condition, h), ns::kClient);
}

asio::awaitable<bool> C2sStream::resume(const xml::Element& request) {
  auto answer = co_await resume_answer(request);
  connection_->send(answer, ns::kClient);
  if (phase_ == Phase::kBound) resend_unacknowledged();
  co_return true;
}

// §5: <resume/> after authentication, instead of binding. The session must belong to the
// account that just authenticated; an unknown id gets <failed/> (with the last 'h' when
// stale_h remembers it) and the client may bind a new session on this stream.
asio::awaitable<xml::Element> C2sStream::resume_answer(const xml::Element& request) {
  auto previd = std::string(request.attr_or("previd", ""));
  auto h = parse_h(request.attr_or("h", ""));
  if (previd.empty() || !h) co_return sm_failed("bad-request");
  auto entry = settings_.resumption ? settings_.resumption->find(previd) : std::nullopt;
  if (!entry || entry->jid.node() != user_ || entry->jid.domain() != host_) {
    auto stale = settings_.resumption ? settings_.resumption->stale_h(previd) : std::nullopt;
    co_return sm_failed("item-not-found", stale);
  }
  auto executor = co_await asio::this_coro::executor;
  auto handoff = std::make_shared<Handoff>(executor);
  handoff->handle = std::make_shared<router::SessionHandle>(router::SessionHandle{executor, this});
  if (peer_.remote) {
    handoff->handle->origin.ip = peer_.remote->address().to_string();
    handoff->handle->origin.port = peer_.remote->port();
  }
  handoff->stream = this;
  handle_ = handoff->handle;  // from now on our destructor detaches it
  auto* table = settings_.resumption;
  asio::post(entry->executor, [table, previd, handoff, at = entry->executor] {
    // On the old stream's shard: the entry still naming a stream of this shard proves it alive.
    auto current = table->find(previd);
    if (!current || current->executor != at) return answer(handoff);
    current->stream->request_takeover(handoff);
  });
  while (!handoff->answered) {
    boost::system::error_code ignored;
    co_await handoff->signal.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  if (!handoff->session) {
    handle_.reset();
    co_return sm_failed("item-not-found");
  }
  co_return adopt(std::move(*handoff->session), *h);
}

// The session is ours: the answer tells the client how far we got; resend_unacknowledged()
// then repeats what it missed.
xml::Element C2sStream::adopt(ResumedSession session, std::uint32_t client_h) {
  jid_ = std::move(session.jid);
  sm_ = std::move(session.sm);
  resume_timeout_ = session.resume_timeout;
  directed_ = std::move(session.directed);
  is_available_ = session.is_available;
  phase_ = Phase::kBound;
  // Stanzas the old stream never wrote go before those that reached us meanwhile.
  for (auto& stanza : inbox_) session.undelivered.push_back(std::move(stanza));
  inbox_ = std::move(session.undelivered);
  acknowledge(client_h);
  auto resumed = sm_element("resumed");
  resumed.add_attr_unchecked("h", std::to_string(sm_->received()));
  resumed.add_attr_unchecked("previd", sm_->id());
  log()->debug("c2s_session_resumed peer={} jid={} resent={}", peer_.to_string(), jid_.to_string(),
               sm_->unacknowledged().size());
  return resumed;
}

void C2sStream::resend_unacknowledged() {
  for (const auto& stanza : sm_->unacknowledged()) connection_->send(stanza, ns::kClient);
}

// A broken connection (not a close, not a stream error of ours) leaves a resumable session.
bool C2sStream::can_be_resumed() const {
  return connection_lost_ && phase_ == Phase::kBound && sm_ && sm_->is_resumable() &&
         !terminated_ && !stopping_ && !overflowed_ && !is_detached_buffer_full();
}

// While detached, what waits besides the unacknowledged window is bounded by buffer_max, as
// on a connected stream whose client does not acknowledge.
bool C2sStream::is_detached_buffer_full() const {
  const auto& policy = sm_policy();
  if (!sm_ || !policy || !policy->buffer_max) return false;
  return inbox_.size() + held_.size() > *policy->buffer_max;
}

asio::awaitable<void> C2sStream::wait_for_resumption() {
  co_await close_connection();
  slot_.release();  // the connection is gone; max_connections counts connections
  auto executor = co_await asio::this_coro::executor;
  resume_timer_ = std::make_unique<asio::steady_timer>(executor);
  auto deadline = std::chrono::steady_clock::now() + resume_timeout_;
  log()->debug("c2s_session_detached jid={} timeout={}s", jid_.to_string(),
               resume_timeout_.count());
  while (!takeover_ && can_be_resumed() && std::chrono::steady_clock::now() < deadline) {
    resume_timer_->expires_at(deadline);
    boost::system::error_code ignored;
    co_await resume_timer_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  resume_timer_.reset();
  if (!takeover_) log()->debug("c2s_session_not_resumed jid={}", jid_.to_string());
}

void C2sStream::request_takeover(std::shared_ptr<Handoff> handoff) {
  if (takeover_ || forward_to_ || phase_ != Phase::kBound || !sm_) return answer(handoff);
  takeover_ = std::move(handoff);
  wake();
}

// Runs on this (the old) stream's shard once it stopped serving: the session moves to the
// new stream. Deliveries that still reach this stream are forwarded to it.
void C2sStream::hand_over() {
  auto& handoff = *takeover_;
  if (!settings_.router->sessions().transfer(jid_, handle_.get(), handoff.handle)) {
    return refuse_takeover();  // the binding went to a newer session meanwhile
  }
  settings_.resumption->move(sm_->id(), this, {handoff.executor, handoff.stream, jid_});
  forward_to_ = handoff.handle;
  auto undelivered = std::exchange(held_, {});
  for (auto& stanza : inbox_) undelivered.push_back(std::move(stanza));
  std::vector<xml::Element>().swap(inbox_);
  handoff.session.emplace(ResumedSession{jid_, std::move(sm_), resume_timeout_,
                                         std::move(undelivered), std::exchange(directed_, {}),
                                         std::exchange(is_available_, false)});
  answer(std::exchange(takeover_, nullptr));
  log()->debug("c2s_session_handed_over peer={} jid={}", peer_.to_string(), jid_.to_string());
}

void C2sStream::refuse_takeover() {
  if (takeover_) answer(std::exchange(takeover_, nullptr));
}

// The session ends for good: its id no longer resumes it (stale_h may remember its 'h').
void C2sStream::forget_resumption() {
  if (!sm_ || !sm_->is_resumable()) return;
  settings_.resumption->remove(sm_->id(), this);
  const auto& policy = sm_policy();
  if (policy && policy->stale_h) {
    settings_.resumption->remember_h(sm_->id(), sm_->received(),
                                     {policy->stale_h_repeat_after, policy->stale_h_geriatric});
  }
}

}  // namespace meerkat::stream::c2s
