// SPDX-License-Identifier: Apache-2.0
#include "http/bosh/bosh_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/ns.hpp"
#include "http/bosh/bosh_registry.hpp"

namespace meerkat::http::bosh {

namespace asio = boost::asio;
using stream::ReadStatus;

namespace {

constexpr std::chrono::seconds kDefaultWait{60};
constexpr std::uint64_t kMaxHold = 5;
// Output for a client that stopped polling is dropped with the session past this size.
constexpr std::size_t kMaxBufferedOutput = 4 * 1024 * 1024;
// Answers kept beyond the `requests` window, for retransmissions (§14.3).
constexpr std::size_t kExtraKeptAnswers = 2;

std::chrono::seconds wait_of(const ClientBody& creation, const BoshLimits& limits) {
  auto wait = creation.wait ? std::chrono::seconds(*creation.wait) : kDefaultWait;
  if (limits.max_wait) wait = std::min(wait, *limits.max_wait);
  return std::max(wait, std::chrono::seconds{1});
}

}  // namespace

BoshSession::BoshSession(asio::any_io_executor shard, std::string sid, const ClientBody& creation,
                         const BoshLimits& limits, bool secure, BoshRegistry& registry)
    : shard_(shard),
      sid_(std::move(sid)),
      registry_(registry),
      host_(creation.to),
      lang_(creation.lang.value_or("")),
      wait_(wait_of(creation, limits)),
      hold_(std::min(creation.hold.value_or(1), kMaxHold)),
      inactivity_(limits.inactivity),
      max_pause_(limits.max_pause),
      acks_(limits.server_acks && creation.wants_acks),
      secure_(secure),
      last_rid_(creation.rid - 1),  // the creation request is the first one processed
      signal_(shard) {}

BoshSession::~BoshSession() = default;

stream::StreamOpened BoshSession::restart_header() const {
  xml::Element header("stream", std::string(ns::kStreams));
  header.add_attr_unchecked("to", host_);
  header.add_attr_unchecked("version", "1.0");
  if (!lang_.empty()) header.add_attr_unchecked("xml:lang", lang_);
  header.add_attr_unchecked("xmlns", std::string(ns::kClient));
  return {std::move(header)};
}

// ---- requests -------------------------------------------------------------------------------

void BoshSession::on_request(BoshRequestPtr request) {
  if (ended_) {
    post_answer(std::move(request), final_answer_.empty() ? render_terminate("item-not-found")
                                                          : final_answer_);
    return;
  }
  idle_since_ = Clock::now();
  const auto rid = request->body.rid;
  const auto ahead = static_cast<std::int64_t>(rid - last_rid_);
  if (ahead <= 0 && retransmit(request)) return;
  // §14.1, §14.3: an old rid we no longer have an answer for, or one more than `requests`
  // (hold + 1) ahead of the last processed, ends the session.
  if (ahead <= 0 || static_cast<std::uint64_t>(ahead) > hold_ + 1) {
    answer(std::move(request), render_terminate("item-not-found"));
    end_with("item-not-found");
    return;
  }
  if (ahead > 1) {
    // Processed once the missing rids have arrived; a second copy takes the first one's place.
    auto& waiting = early_[rid];
    if (waiting) post_answer(std::move(waiting), render_body({}, {}));
    waiting = std::move(request);
    return;
  }
  accept_in_order(std::move(request));
}

// §14.3: a request we have seen again, because its answer was lost or is still on its way.
bool BoshSession::retransmit(const BoshRequestPtr& request) {
  const auto rid = request->body.rid;
  for (auto& held : held_) {
    if (held.request->body.rid != rid) continue;
    // The first copy's connection is most likely gone: the new one waits in its place.
    post_answer(std::exchange(held.request, request), render_body({}, {}));
    return true;
  }
  // Newest first: a rid answered twice (its first copy was replaced) counts by its last answer.
  for (auto sent = sent_.rbegin(); sent != sent_.rend(); ++sent) {
    if (sent->first != rid) continue;
    auto copy = sent->second;
    post_answer(request, std::move(copy));
    return true;
  }
  return false;
}

void BoshSession::accept_in_order(BoshRequestPtr request) {
  for (;;) {
    last_rid_ = request->body.rid;
    process(std::move(request));
    if (ended_) return;
    auto next = early_.find(last_rid_ + 1);
    if (next == early_.end()) return;
    request = std::move(next->second);
    early_.erase(next);
  }
}

void BoshSession::process(BoshRequestPtr request) {
  auto& body = request->body;
  if (acks_ && body.ack) {
    // §9.2: the client has these answers; they need not be kept for retransmission.
    while (!sent_.empty() && sent_.front().first <= *body.ack) sent_.erase(sent_.begin());
  }
  if (!body.sid || body.restart) incoming_.push_back(restart_header());
  for (auto& stanza : body.payload) incoming_.push_back(stream::StanzaReceived{std::move(stanza)});
  body.payload.clear();
  if (body.terminate) incoming_.push_back(stream::StreamClosed{});
  signal();  // new events, or a held request whose `wait` the reader must now time

  if (body.pause && !body.terminate) {
    // §10: the client will be away; every held request is answered now.
    held_.push_back({std::move(request), Clock::now()});
    if (std::chrono::seconds(*body.pause) > max_pause_) {
      end_with("policy-violation");
      return;
    }
    while (!held_.empty()) answer_oldest({});
    paused_until_ = Clock::now() + std::chrono::seconds(*body.pause);
    return;
  }
  held_.push_back({std::move(request), Clock::now() + wait_});
  if (!output_.empty()) {
    answer_oldest(std::exchange(output_, {}));
  } else if (held_.size() > hold_) {
    answer_oldest({});  // §11: never more than `hold` waiting
  }
}

// ---- answers --------------------------------------------------------------------------------

std::string BoshSession::response_for(std::uint64_t rid, std::string_view content) {
  Attributes attributes;
  if (!creation_answered_) {
    // §7.1 and XEP-0206 §5: the session's parameters, in the first answer.
    creation_answered_ = true;
    attributes = {{"sid", sid_},
                  {"wait", std::to_string(wait_.count())},
                  {"requests", std::to_string(hold_ + 1)},
                  {"hold", std::to_string(hold_)},
                  {"polling", "2"},
                  {"maxpause", std::to_string(max_pause_.count())},
                  {"ver", "1.11"},
                  {"from", host_},
                  {"secure", secure_ ? "true" : "false"},
                  {"xmlns:xmpp", std::string(kXbosh)},
                  {"xmpp:version", "1.0"},
                  {"xmpp:restartlogic", "true"}};
    if (inactivity_) attributes.emplace_back("inactivity", std::to_string(inactivity_->count()));
    if (!stream_id_.empty()) attributes.emplace_back("authid", stream_id_);
    if (acks_) attributes.emplace_back("ack", std::to_string(rid));
  } else if (acks_ && rid != last_rid_) {
    attributes.emplace_back("ack", std::to_string(last_rid_));  // §9.1
  }
  return render_body(attributes, content);
}

void BoshSession::answer_oldest(std::string_view content) {
  auto held = std::move(held_.front());
  held_.erase(held_.begin());
  if (held_.empty()) idle_since_ = Clock::now();
  auto rid = held.request->body.rid;
  answer(std::move(held.request), response_for(rid, content));
}

void BoshSession::answer(BoshRequestPtr request, std::string body) {
  sent_.emplace_back(request->body.rid, body);
  while (sent_.size() > hold_ + 1 + kExtraKeptAnswers) sent_.erase(sent_.begin());
  post_answer(std::move(request), std::move(body));
}

// Hands `body` to the request's HTTP connection, on that connection's shard.
void BoshSession::post_answer(BoshRequestPtr request, std::string body) {
  auto executor = request->executor;
  asio::post(executor, [request = std::move(request), body = std::move(body)]() mutable {
    request->answer = std::move(body);
    request->answered.cancel();
  });
}

// A terminal binding error (XEP-0124 §17.2): every waiting request learns it, and the stream
// behind the session ends.
void BoshSession::end_with(std::string_view condition) {
  final_answer_ = render_terminate(condition);
  finish();
  peer_gone_ = true;
  signal();
}

void BoshSession::finish() {
  ended_ = true;
  registry_.remove(sid_);
  while (!held_.empty()) {
    auto held = std::move(held_.front());
    held_.erase(held_.begin());
    answer(std::move(held.request), final_answer_);
  }
  for (auto& [rid, request] : early_) answer(std::move(request), final_answer_);
  early_.clear();
}

void BoshSession::expire_held() {
  auto now = Clock::now();
  while (!held_.empty() && held_.front().deadline <= now) answer_oldest({});
}

std::optional<BoshSession::Clock::time_point> BoshSession::next_deadline(
    std::optional<Clock::time_point> c2s) const {
  std::optional<Clock::time_point> until = c2s;
  auto earliest = [&](Clock::time_point t) { until = until ? std::min(*until, t) : t; };
  if (!held_.empty()) earliest(held_.front().deadline);
  if (held_.empty() && inactivity_) earliest(inactive_at());
  return until;
}

BoshSession::Clock::time_point BoshSession::inactive_at() const {
  return std::max(idle_since_ + *inactivity_, paused_until_);
}

// ---- stream::Framing ------------------------------------------------------------------------

asio::awaitable<ReadStatus> BoshSession::read(std::optional<std::chrono::milliseconds> timeout) {
  events_.clear();
  auto deadline = timeout ? std::optional(Clock::now() + *timeout) : std::nullopt;
  for (;;) {
    expire_held();
    if (!incoming_.empty()) {
      events_.swap(incoming_);
      co_return ReadStatus::kEvents;
    }
    if (peer_gone_) co_return ReadStatus::kPeerClosed;
    if (cancelled_) co_return ReadStatus::kCancelled;
    if (std::exchange(woken_, false)) co_return ReadStatus::kWoken;
    auto now = Clock::now();
    if (deadline && now >= *deadline) co_return ReadStatus::kTimedOut;
    if (held_.empty() && inactivity_ && now >= inactive_at()) co_return ReadStatus::kInactive;
    auto until = next_deadline(deadline);
    signal_.expires_at(until ? *until : Clock::time_point::max());
    co_await signal_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

void BoshSession::open_stream(const xml::StreamHeader& header) {
  if (stream_id_.empty()) stream_id_ = header.id;
}

void BoshSession::send(const xml::Element& element, std::string_view) {
  if (element.xmlns() == ns::kStreams && element.name() == "error") stream_error_ = true;
  append_payload(element, output_);
}

asio::awaitable<bool> BoshSession::flush() {
  // The last answer (type='terminate') is written by close(), which always follows.
  if (terminating_ || output_.empty()) co_return true;
  if (!held_.empty()) {
    answer_oldest(std::exchange(output_, {}));
  } else if (output_.size() > kMaxBufferedOutput) {
    co_return false;  // nobody has polled for a long while
  }
  co_return true;
}

void BoshSession::cancel() {
  cancelled_ = true;
  signal();
}

void BoshSession::wake() {
  woken_ = true;
  signal();
}

asio::awaitable<void> BoshSession::close() {
  if (ended_) co_return;
  // XEP-0206 §6: a stream error travels inside the terminating body.
  auto content = std::exchange(output_, {});
  if (held_.empty()) {
    final_answer_ = render_terminate(stream_error_ ? "remote-stream-error" : "", content);
  } else {
    Attributes attributes{{"type", "terminate"}};
    if (stream_error_) attributes.emplace_back("condition", "remote-stream-error");
    auto last = held_.front().request;
    held_.erase(held_.begin());
    answer(std::move(last), render_body(attributes, content));
    final_answer_ = render_terminate("");
  }
  finish();
  co_return;
}

}  // namespace meerkat::http::bosh
