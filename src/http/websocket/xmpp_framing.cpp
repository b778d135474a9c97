// SPDX-License-Identifier: Apache-2.0
#include "http/websocket/xmpp_framing.hpp"

#include "core/ns.hpp"
#include "core/xml/writer.hpp"
#include "net/read_buffer.hpp"
#include "net/with_timeout.hpp"

namespace meerkat::http::websocket {

namespace asio = boost::asio;
using stream::ReadStatus;

namespace {

// Messages are parsed as the children of this root, which the client never sends: it gives
// them jabber:client as their default namespace and the stream: prefix, as a stream would.
constexpr std::string_view kWrapper =
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

// The client's <open/> as the <stream:stream> header the c2s state machine expects.
xml::Element stream_header_from(const xml::Element& open) {
  xml::Element header("stream", std::string(ns::kStreams));
  for (const auto& attribute : open.attrs()) {
    if (attribute.name != "xmlns") header.add_attr_unchecked(attribute.name, attribute.value);
  }
  header.add_attr_unchecked("xmlns", std::string(ns::kClient));
  return header;
}

// The parser refuses an oversize stanza with a stream error (policy-violation) within 16 KiB
// past the limit; the frame limit is only the backstop behind it.
std::optional<std::size_t> max_message_size(std::optional<std::size_t> max_stanza_size) {
  if (!max_stanza_size) return std::nullopt;
  return *max_stanza_size * 2 + 64 * 1024;
}

std::string& scratch() {
  thread_local std::string buffer;
  buffer.clear();
  return buffer;
}

}  // namespace

XmppFraming::XmppFraming(net::Transport& transport, std::string leftover,
                         XmppFramingOptions options)
    : transport_(transport),
      options_(std::move(options)),
      parser_(*this, options_.parser),
      decoder_(max_message_size(options_.parser.max_stanza_size)),
      pending_input_(std::move(leftover)) {
  parser_.feed(kWrapper);
  if (options_.ping_rate) next_ping_ = Clock::now() + *options_.ping_rate;
}

XmppFraming::~XmppFraming() = default;

xml::ParseError XmppFraming::parse_error() const {
  return framing_error_ != xml::ParseError::kNone ? framing_error_ : parser_.error();
}

const std::string& XmppFraming::parse_error_text() const {
  return framing_error_ != xml::ParseError::kNone ? framing_error_text_ : parser_.error_text();
}

void XmppFraming::on_element(xml::Element element) {
  if (element.xmlns() == ns::kFraming && element.name() == "open") {
    events_.emplace_back(stream::StreamOpened{stream_header_from(element)});
  } else if (element.xmlns() == ns::kFraming && element.name() == "close") {
    events_.emplace_back(stream::StreamClosed{});
  } else {
    events_.emplace_back(stream::StanzaReceived{std::move(element)});
  }
}

void XmppFraming::on_message_data(std::string_view bytes) {
  if (parse_error() != xml::ParseError::kNone) return;
  parser_.feed(bytes);
}

// RFC 7395 §3.3.3: a message is whole elements; nothing may carry over into the next one.
void XmppFraming::on_message_end() {
  if (parse_error() != xml::ParseError::kNone || parser_.can_release()) return;
  framing_error_ = xml::ParseError::kNotWellFormed;
  framing_error_text_ = "each WebSocket message must hold whole XML elements";
}

void XmppFraming::on_control(Opcode opcode, std::string_view payload) {
  if (opcode == Opcode::kPing) {
    send_frame(Opcode::kPong, payload);
  } else if (opcode == Opcode::kClose) {
    close_received_ = true;
    if (!close_sent_) {
      // RFC 6455 §5.5.1: answer with the code we were sent.
      send_frame(Opcode::kClose, payload.substr(0, 2));
      close_sent_ = true;
    }
  }
}

ReadStatus XmppFraming::consume(std::span<char> bytes) {
  last_activity_ = Clock::now();
  if (auto error = decoder_.feed(bytes, *this)) {
    if (!close_sent_) {
      send_frame(Opcode::kClose, close_payload(*error, decoder_.error_text()));
      close_sent_ = true;
    }
    return ReadStatus::kPeerClosed;
  }
  if (parse_error() != xml::ParseError::kNone) return ReadStatus::kParseError;
  if (close_received_ && events_.empty()) return ReadStatus::kPeerClosed;
  return ReadStatus::kEvents;
}

ReadStatus XmppFraming::drain_socket() {
  auto buffer = net::shard_read_buffer();
  for (;;) {
    auto got = transport_.read_available(buffer);
    if (got.bytes > 0) {
      auto status = consume(buffer.first(got.bytes));
      if (status != ReadStatus::kEvents || !events_.empty()) return status;
      continue;
    }
    return got.closed ? ReadStatus::kPeerClosed : ReadStatus::kEvents;
  }
}

std::optional<XmppFraming::Clock::duration> XmppFraming::next_wait(
    std::optional<Clock::time_point> deadline) {
  auto now = Clock::now();
  if (options_.ping_rate && now >= next_ping_) {
    send_frame(Opcode::kPing, {});
    next_ping_ = now + *options_.ping_rate;
  }
  std::optional<Clock::time_point> until = deadline;
  auto earliest = [&](Clock::time_point t) { until = until ? std::min(*until, t) : t; };
  if (options_.ping_rate) earliest(next_ping_);
  if (options_.inactivity_timeout) earliest(last_activity_ + *options_.inactivity_timeout);
  if (!until) return std::nullopt;
  return std::max(*until - now, Clock::duration::zero());
}

void XmppFraming::release_if_idle() {
  if (!options_.release_when_idle || !decoder_.is_idle() || !parser_.can_release()) return;
  parser_.release();
  std::string().swap(output_);
  std::string().swap(control_output_);
  std::vector<stream::StreamEvent>().swap(events_);
}

asio::awaitable<ReadStatus> XmppFraming::read(std::optional<std::chrono::milliseconds> timeout) {
  events_.clear();
  auto deadline = timeout ? std::optional(Clock::now() + *timeout) : std::nullopt;
  auto status = ReadStatus::kEvents;
  if (!pending_input_.empty()) {
    auto input = std::exchange(pending_input_, {});
    status = consume(input);
  }
  for (;;) {
    if (status == ReadStatus::kEvents && events_.empty()) status = drain_socket();
    if (!control_output_.empty()) {
      bool written = co_await transport_.write(control_output_);
      control_output_.clear();
      if (!written) co_return ReadStatus::kPeerClosed;
    }
    if (status != ReadStatus::kEvents || !events_.empty()) co_return status;
    if (cancelled_) co_return ReadStatus::kCancelled;
    if (std::exchange(woken_, false)) co_return ReadStatus::kWoken;
    auto now = Clock::now();
    if (deadline && now >= *deadline) co_return ReadStatus::kTimedOut;
    if (options_.inactivity_timeout && now >= last_activity_ + *options_.inactivity_timeout) {
      co_return ReadStatus::kInactive;
    }
    auto wait = next_wait(deadline);
    if (!control_output_.empty()) continue;  // a ping is due first
    release_if_idle();
    waiting_ = true;
    std::optional<bool> ready;
    if (wait) {
      ready = co_await net::with_timeout(transport_.wait_readable(), *wait);
    } else {
      ready = co_await transport_.wait_readable();
    }
    waiting_ = false;
    if (cancelled_) co_return ReadStatus::kCancelled;
    // A wake cancels the socket wait, which then looks like a failure: input is still there.
    if (std::exchange(woken_, false)) co_return ReadStatus::kWoken;
    if (ready && !*ready) co_return ReadStatus::kPeerClosed;
    // Ready, or one of the timers is due: the loop looks again.
  }
}

void XmppFraming::open_stream(const xml::StreamHeader& header) {
  xml::Element open("open", std::string(ns::kFraming));
  if (!header.from.empty()) open.add_attr_unchecked("from", header.from);
  if (!header.id.empty()) open.add_attr_unchecked("id", header.id);
  if (!header.version.empty()) open.add_attr_unchecked("version", header.version);
  if (!header.lang.empty()) open.add_attr_unchecked("xml:lang", header.lang);
  send(open, {});
}

void XmppFraming::close_stream() { send(xml::Element("close", std::string(ns::kFraming)), {}); }

void XmppFraming::send(const xml::Element& element, std::string_view) {
  auto& message = scratch();
  xml::write_standalone(element, message);
  append_frame(output_, Opcode::kText, message);
}

asio::awaitable<bool> XmppFraming::flush() {
  if (output_.empty()) co_return true;
  if (close_sent_) {  // the WebSocket is closing: nothing more may be sent on it
    output_.clear();
    co_return false;
  }
  bool written = co_await transport_.write(output_);
  output_.clear();
  if (output_.capacity() > 4096) output_.shrink_to_fit();  // big bursts do not pin memory
  co_return written;
}

void XmppFraming::cancel() {
  cancelled_ = true;
  transport_.cancel();
}

void XmppFraming::wake() {
  woken_ = true;
  if (waiting_) transport_.cancel();
}

asio::awaitable<void> XmppFraming::close() {
  co_await flush();
  if (!close_sent_) {
    send_frame(Opcode::kClose, close_payload(CloseCode::kNormal));
    close_sent_ = true;
  }
  if (!control_output_.empty()) co_await transport_.write(control_output_);
  co_await transport_.shutdown();
}

}  // namespace meerkat::http::websocket
