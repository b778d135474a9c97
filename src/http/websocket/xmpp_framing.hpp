// SPDX-License-Identifier: Apache-2.0
// XMPP over WebSocket (RFC 7395) as a stream framing: each text message holds whole XML
// elements; <open/> and <close/> in the framing namespace stand for the stream header and
// footer; every element we send is a message of its own with its namespaces declared. The
// c2s state machine runs on top unchanged.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "core/xml/stream_parser.hpp"
#include "http/websocket/frame_codec.hpp"
#include "net/transport.hpp"
#include "stream/engine/framing.hpp"

namespace meerkat::http::websocket {

struct XmppFramingOptions {
  xml::StreamParserOptions parser;  // max_stanza_size applies per element
  // mod_websockets `timeout`: no frame at all from the client for this long ends the stream.
  std::optional<std::chrono::milliseconds> inactivity_timeout;
  // mod_websockets `ping_rate`: we send a WebSocket ping this often.
  std::optional<std::chrono::milliseconds> ping_rate;
  // Free the XML parser whenever the client is idle between messages (hibernate_after = 0).
  bool release_when_idle = true;
};

class XmppFraming final : public stream::Framing,
                          private xml::StreamHandler,
                          private FrameDecoder::Handler {
 public:
  // `transport` belongs to the HTTP connection, which outlives this framing.
  XmppFraming(net::Transport& transport, std::string leftover, XmppFramingOptions options);
  XmppFraming(const XmppFraming&) = delete;
  XmppFraming& operator=(const XmppFraming&) = delete;
  ~XmppFraming() override;

  boost::asio::awaitable<stream::ReadStatus> read(
      std::optional<std::chrono::milliseconds> timeout) override;
  xml::ParseError parse_error() const override;
  const std::string& parse_error_text() const override;
  // The restarted stream begins with the client's next <open/> message: nothing to reset.
  void restart_stream() override {}
  // No shaper on WebSocket handlers (mod_websockets has no such option).
  void set_max_rate(std::optional<std::uint64_t>) override {}

  void open_stream(const xml::StreamHeader& header) override;
  void close_stream() override;
  void send(const xml::Element& element, std::string_view stream_xmlns) override;
  boost::asio::awaitable<bool> flush() override;

  bool is_tls() const override { return transport_.is_tls(); }
  SSL* tls_handle() const override { return transport_.tls_handle(); }

  void cancel() override;
  void wake() override;
  boost::asio::awaitable<void> close() override;

 private:
  using Clock = std::chrono::steady_clock;
  stream::ReadStatus consume(std::span<char> bytes);
  stream::ReadStatus drain_socket();
  // How long the next wait may last, or nullopt for ever; sends a due ping.
  std::optional<Clock::duration> next_wait(std::optional<Clock::time_point> deadline);
  void release_if_idle();
  void send_frame(Opcode opcode, std::string_view payload) { append_frame(control_output_, opcode, payload); }

  void on_stream_open(xml::Element) override {}  // our own wrapper around the messages
  void on_element(xml::Element element) override;
  void on_stream_close() override {}
  void on_message_data(std::string_view bytes) override;
  void on_message_end() override;
  void on_control(Opcode opcode, std::string_view payload) override;

  net::Transport& transport_;
  XmppFramingOptions options_;
  xml::StreamParser parser_;
  FrameDecoder decoder_;
  std::string pending_input_;   // read with the upgrade request
  std::string output_;          // XMPP messages, written by flush()
  std::string control_output_;  // pongs, pings and close frames, written at once
  xml::ParseError framing_error_ = xml::ParseError::kNone;
  std::string framing_error_text_;
  bool close_received_ = false;
  bool close_sent_ = false;
  bool cancelled_ = false;
  bool woken_ = false;
  bool waiting_ = false;
  Clock::time_point last_activity_ = Clock::now();
  Clock::time_point next_ping_;
};

}  // namespace meerkat::http::websocket
