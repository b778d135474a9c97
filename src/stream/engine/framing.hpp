// SPDX-License-Identifier: Apache-2.0
// How a stream state machine meets its peer (DESIGN.md "Transport / framing"): the same c2s
// state machine runs over an XML stream on a socket (XmlConnection), over WebSocket messages
// (RFC 7395) and over BOSH request bodies (XEP-0206). A framing turns the peer's input into
// stream events and renders the machine's output in its own wire format.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <openssl/ssl.h>

#include "core/xml/element.hpp"
#include "core/xml/stream_parser.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::stream {

// The peer opened (or restarted) its stream. `header` is always a <stream:stream> element
// with the peer's attributes (to, version, xml:lang, and xmlns for the content namespace),
// whatever the framing's own opening element looks like.
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
  kInactive,    // the framing's own inactivity limit passed (WebSocket `timeout`, BOSH
                // `inactivity`): the stream ends with <connection-timeout/>
};

class Framing {
 public:
  virtual ~Framing() = default;

  // Waits for input and parses all that is available. `timeout` bounds the wait for the first
  // complete event (nullopt = wait for ever). Events are cleared at the start of every call.
  virtual boost::asio::awaitable<ReadStatus> read(
      std::optional<std::chrono::milliseconds> timeout) = 0;
  std::vector<StreamEvent>& events() { return events_; }
  virtual xml::ParseError parse_error() const = 0;
  virtual const std::string& parse_error_text() const = 0;

  // Call from inside event handling when the peer's next input starts a new stream (STARTTLS
  // <proceed/>, SASL success).
  virtual void restart_stream() = 0;
  // Limits reading to `bytes_per_second` (a shaper); nullopt removes the limit.
  virtual void set_max_rate(std::optional<std::uint64_t> bytes_per_second) = 0;

  // Output is queued; flush() writes (or, for BOSH, hands over) what is queued.
  virtual void open_stream(const xml::StreamHeader& header) = 0;
  virtual void close_stream() = 0;
  // A top-level element in the content namespace `stream_xmlns` (jabber:client for c2s).
  virtual void send(const xml::Element& element, std::string_view stream_xmlns) = 0;
  virtual boost::asio::awaitable<bool> flush() = 0;

  // STARTTLS exists only where XML runs straight over the socket.
  virtual bool can_start_tls() const { return false; }
  // Flushes, then upgrades the transport to TLS (server side).
  virtual boost::asio::awaitable<bool> start_tls(boost::asio::ssl::context& context);
  // Whether the peer's input reached us encrypted.
  virtual bool is_tls() const = 0;
  // The OpenSSL session for channel binding and client certificates; nullptr when there is
  // no single TLS connection under the stream (no TLS, or BOSH's many requests).
  virtual SSL* tls_handle() const { return nullptr; }

  // Wakes a pending read() with kCancelled; used on the stream's shard only.
  virtual void cancel() = 0;
  // Makes the pending (or next) read() return kWoken once, without losing input; used on the
  // stream's shard only, while the owner's coroutine is suspended in read().
  virtual void wake() = 0;
  // Flushes and ends the transport.
  virtual boost::asio::awaitable<void> close() = 0;

 protected:
  std::vector<StreamEvent> events_;
};

}  // namespace meerkat::stream
