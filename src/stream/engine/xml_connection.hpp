// SPDX-License-Identifier: Apache-2.0
// The XML-stream framing over a byte transport (DESIGN.md "Transport / framing"): reads,
// parses into stream events, writes, restarts after STARTTLS, and releases its buffers when
// idle. The c2s, s2s and component state machines sit on top of it; it knows none of them.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/xml/element.hpp"
#include "core/xml/stream_parser.hpp"
#include "net/shaper.hpp"
#include "net/transport.hpp"

namespace meerkat::stream {

struct StreamOpened {
  xml::Element header;
};
struct StanzaReceived {
  xml::Element element;
};
struct StreamClosed {};
using StreamEvent = std::variant<StreamOpened, StanzaReceived, StreamClosed>;

enum class ReadStatus {
  kEvents,      // events() holds at least one event
  kPeerClosed,  // EOF or a transport error
  kTimedOut,    // nothing arrived within the timeout
  kParseError,  // parse_error() says what; events before the error are in events()
  kCancelled,   // cancel() was called (server shutdown)
  kWoken,       // wake() was called: the owner has other work (e.g. stanzas to deliver)
};

struct XmlConnectionOptions {
  xml::StreamParserOptions parser;
  // hibernate_after: idle time before the parser's memory is released; 0 = whenever idle,
  // nullopt = never.
  std::optional<std::chrono::milliseconds> hibernate_after = std::chrono::milliseconds{0};
};

class XmlConnection : private xml::StreamHandler {
 public:
  XmlConnection(net::Transport transport, std::string initial_bytes, XmlConnectionOptions options);
  XmlConnection(const XmlConnection&) = delete;
  XmlConnection& operator=(const XmlConnection&) = delete;
  ~XmlConnection() override;

  // Waits for input and parses all that is available. `timeout` bounds the wait for the first
  // byte (nullopt = wait for ever). Events are cleared at the start of every call.
  boost::asio::awaitable<ReadStatus> read(std::optional<std::chrono::milliseconds> timeout);
  std::vector<StreamEvent>& events() { return events_; }
  xml::ParseError parse_error() const { return parser_.error(); }
  const std::string& parse_error_text() const { return parser_.error_text(); }

  // Call from inside event handling when the peer's next bytes start a new stream (STARTTLS
  // <proceed/>, SASL success): input after the current event is discarded, as RFC 6120
  // §5.4.3.3 and §6.4.6 require.
  void restart_stream() { parser_.reset(); }

  // Limits reading to `bytes_per_second` (a shaper); nullopt removes the limit.
  void set_max_rate(std::optional<std::uint64_t> bytes_per_second);

  // Appends serialized XML to the output buffer; flush() writes it.
  void send(std::string_view xml) { output_ += xml; }
  void send(const xml::Element& element, std::string_view stream_xmlns);
  boost::asio::awaitable<bool> flush();

  // Flushes, then upgrades the transport to TLS (server side).
  boost::asio::awaitable<bool> start_tls(boost::asio::ssl::context& context);
  bool is_tls() const { return transport_.is_tls(); }
  // The OpenSSL session for channel binding and client certificates; nullptr without TLS.
  SSL* tls_handle() const { return transport_.tls_handle(); }

  // Wakes a pending read() with kCancelled; used on this connection's shard only.
  void cancel();
  // Makes the pending (or next) read() return kWoken once, without losing input; used on this
  // connection's shard only, while the owner's coroutine is suspended in read().
  void wake();
  boost::asio::awaitable<void> close();

 private:
  enum class WaitResult { kReady, kTimedOut, kFailed };
  boost::asio::awaitable<WaitResult> wait_for_input(
      std::optional<std::chrono::milliseconds> timeout);
  ReadStatus parse(std::string_view bytes);
  ReadStatus drain_socket();

  void on_stream_open(xml::Element header) override;
  void on_element(xml::Element stanza) override;
  void on_stream_close() override;

  net::Transport transport_;
  XmlConnectionOptions options_;
  xml::StreamParser parser_;
  std::string pending_input_;  // PROXY-header leftovers, parsed before reading the socket
  std::string output_;
  std::vector<StreamEvent> events_;
  std::optional<net::Shaper> shaper_;
  boost::asio::steady_timer* pause_timer_ = nullptr;  // set while a shaper pause is running
  bool cancelled_ = false;
  bool woken_ = false;
  bool waiting_ = false;  // suspended in wait_for_input(): a wake must cancel the socket wait
};

}  // namespace meerkat::stream
