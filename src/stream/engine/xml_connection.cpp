// SPDX-License-Identifier: Apache-2.0
#include "stream/engine/xml_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/xml/writer.hpp"
#include "net/read_buffer.hpp"
#include "net/with_timeout.hpp"

namespace meerkat::stream {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

XmlConnectionOptions listener_connection_options(const config::ListenerCommon& common) {
  XmlConnectionOptions options;
  if (common.max_stanza_size) {
    options.parser.max_stanza_size = static_cast<std::size_t>(*common.max_stanza_size);
  }
  options.hibernate_after = common.hibernate_after;
  return options;
}

XmlConnection::XmlConnection(net::Transport transport, std::string initial_bytes,
                             XmlConnectionOptions options)
    : transport_(std::move(transport)),
      options_(std::move(options)),
      parser_(*this, options_.parser),
      pending_input_(std::move(initial_bytes)) {}

XmlConnection::~XmlConnection() = default;

void XmlConnection::on_stream_open(xml::Element header) {
  events_.emplace_back(StreamOpened{std::move(header)});
}
void XmlConnection::on_element(xml::Element stanza) {
  events_.emplace_back(StanzaReceived{std::move(stanza)});
}
void XmlConnection::on_stream_close() { events_.emplace_back(StreamClosed{}); }

ReadStatus XmlConnection::parse(std::string_view bytes) {
  if (parser_.feed(bytes) != xml::ParseError::kNone) return ReadStatus::kParseError;
  return ReadStatus::kEvents;
}

ReadStatus XmlConnection::drain_socket() {
  auto buffer = net::shard_read_buffer();
  for (;;) {
    auto got = transport_.read_available(buffer);
    if (got.bytes > 0) {
      if (shaper_) shaper_->consume(got.bytes);
      if (parse({buffer.data(), got.bytes}) == ReadStatus::kParseError) {
        return ReadStatus::kParseError;
      }
      // Stop at the first complete event: it may restart the stream (STARTTLS), and the
      // bytes after it must then not be read as XML.
      if (!events_.empty()) return ReadStatus::kEvents;
      continue;
    }
    if (got.closed) return ReadStatus::kPeerClosed;
    return ReadStatus::kEvents;  // would block; events_ may still be empty
  }
}

// Idle long enough: give back the parser's memory and the buffers' capacity (an idle session
// should hold no buffer at all; the next burst allocates afresh).
void XmlConnection::release_buffers() {
  parser_.release();
  std::string().swap(output_);
  std::string().swap(pending_input_);
  std::vector<StreamEvent>().swap(events_);
}

bool XmlConnection::prepare_untimed_wait(std::optional<std::chrono::milliseconds> timeout) {
  if (timeout) return false;
  const auto& hibernate = options_.hibernate_after;
  if (hibernate && parser_.can_release()) {
    if (hibernate->count() > 0) return false;
    release_buffers();
  }
  return true;
}

asio::awaitable<XmlConnection::WaitResult> XmlConnection::wait_at_most(Clock::duration limit) {
  auto ready = co_await net::with_timeout(transport_.wait_readable(), limit);
  if (!ready) co_return WaitResult::kTimedOut;
  co_return *ready ? WaitResult::kReady : WaitResult::kFailed;
}

asio::awaitable<XmlConnection::WaitResult> XmlConnection::wait_for_input(
    std::optional<std::chrono::milliseconds> timeout) {
  auto start = Clock::now();
  const auto& hibernate = options_.hibernate_after;
  if (hibernate && parser_.can_release()) {
    if (hibernate->count() > 0 && (!timeout || *hibernate < *timeout)) {
      auto first = co_await wait_at_most(*hibernate);
      if (first != WaitResult::kTimedOut || cancelled_) co_return first;
    }
    release_buffers();
  }
  if (timeout) {
    auto left = *timeout - (Clock::now() - start);
    if (left <= Clock::duration::zero()) co_return WaitResult::kTimedOut;
    auto result = co_await wait_at_most(left);
    co_return result;
  }
  if (transport_.has_buffered_input()) co_return WaitResult::kReady;
  auto [error] = co_await transport_.async_wait_readable();
  co_return error ? WaitResult::kFailed : WaitResult::kReady;
}

asio::awaitable<ReadStatus> XmlConnection::read(std::optional<std::chrono::milliseconds> timeout) {
  events_.clear();
  if (!pending_input_.empty()) {
    if (parse(std::exchange(pending_input_, {})) == ReadStatus::kParseError) {
      co_return ReadStatus::kParseError;
    }
    if (!events_.empty()) co_return ReadStatus::kEvents;
  }
  // The timeout bounds the whole wait for a complete event, so a peer trickling one byte at
  // a time cannot hold a negotiating connection open for ever.
  auto deadline = timeout ? std::optional(Clock::now() + *timeout) : std::nullopt;
  for (;;) {
    auto status = drain_socket();
    if (status != ReadStatus::kEvents || !events_.empty()) co_return status;
    if (cancelled_) co_return ReadStatus::kCancelled;
    if (std::exchange(woken_, false)) co_return ReadStatus::kWoken;
    std::optional<std::chrono::milliseconds> left;
    if (deadline) {
      left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left->count() <= 0) co_return ReadStatus::kTimedOut;
    }
    if (shaper_) {
      // Over its rate: stop reading until the bucket has refilled (the peer's TCP window
      // fills meanwhile, which is the point).
      if (auto pause = shaper_->pause(); pause.count() > 0) {
        asio::steady_timer timer(co_await asio::this_coro::executor, pause);
        pause_timer_ = &timer;
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        pause_timer_ = nullptr;
        if (cancelled_) co_return ReadStatus::kCancelled;
        if (std::exchange(woken_, false)) co_return ReadStatus::kWoken;
      }
    }
    waiting_ = true;
    auto waited = WaitResult::kReady;
    if (!prepare_untimed_wait(left)) {
      waited = co_await wait_for_input(left);
    } else if (!transport_.has_buffered_input()) {
      // A session at rest waits here, possibly for days, straight on the socket: no frame of
      // a helper coroutine stays allocated for it.
      auto [error] = co_await transport_.async_wait_readable();
      if (error) waited = WaitResult::kFailed;
    }
    waiting_ = false;
    if (cancelled_) co_return ReadStatus::kCancelled;
    // A wake cancels the socket wait, which then looks like a failure: input is still there.
    if (std::exchange(woken_, false)) co_return ReadStatus::kWoken;
    if (waited == WaitResult::kTimedOut) co_return ReadStatus::kTimedOut;
    if (waited == WaitResult::kFailed) co_return ReadStatus::kPeerClosed;
  }
}

void XmlConnection::send(const xml::Element& element, std::string_view stream_xmlns) {
  xml::write(element, output_, stream_xmlns);
}

asio::awaitable<bool> XmlConnection::flush() {
  if (output_.empty()) co_return true;
  bool ok = co_await transport_.write(output_);
  output_.clear();
  if (output_.capacity() > 4096) output_.shrink_to_fit();  // big bursts do not pin memory
  co_return ok;
}

asio::awaitable<bool> XmlConnection::start_tls(asio::ssl::context& context) {
  bool flushed = co_await flush();
  if (!flushed) co_return false;
  parser_.reset();
  bool secured = co_await transport_.start_tls(context);
  co_return secured;
}

asio::awaitable<bool> XmlConnection::start_tls_client(asio::ssl::context& context,
                                                      const std::string& server_name, bool send_sni,
                                                      bool check_name) {
  bool flushed = co_await flush();
  if (!flushed) co_return false;
  parser_.reset();
  bool secured = co_await transport_.start_tls_client(context, server_name, send_sni, check_name);
  co_return secured;
}

void XmlConnection::cancel() {
  cancelled_ = true;
  transport_.cancel();
  if (pause_timer_) pause_timer_->cancel();
}

void XmlConnection::set_max_rate(std::optional<std::uint64_t> bytes_per_second) {
  if (bytes_per_second) {
    shaper_.emplace(*bytes_per_second);
  } else {
    shaper_.reset();
  }
}

void XmlConnection::wake() {
  woken_ = true;
  // Only the readiness wait is cancelled: a write in progress (flush) must not be aborted,
  // and the owner checks its work before the next wait anyway.
  if (waiting_) transport_.cancel();
  if (pause_timer_) pause_timer_->cancel();
}

asio::awaitable<void> XmlConnection::close() {
  co_await flush();
  co_await transport_.shutdown();
}

}  // namespace meerkat::stream
