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
#include <vector>

#include "config/listen_options.hpp"
#include "core/xml/element.hpp"
#include "core/xml/stream_parser.hpp"
#include "net/shaper.hpp"
#include "net/transport.hpp"
#include "stream/engine/framing.hpp"

namespace meerkat::stream {

struct XmlConnectionOptions {
  xml::StreamParserOptions parser;
  // hibernate_after: idle time before the parser's memory is released; 0 = whenever idle,
  // nullopt = never.
  std::optional<std::chrono::milliseconds> hibernate_after = std::chrono::milliseconds{0};
};

// What a listener's common options (max_stanza_size, hibernate_after) ask of its streams.
XmlConnectionOptions listener_connection_options(const config::ListenerCommon& common);

class XmlConnection final : public Framing, private xml::StreamHandler {
 public:
  XmlConnection(net::Transport transport, std::string initial_bytes, XmlConnectionOptions options);
  XmlConnection(const XmlConnection&) = delete;
  XmlConnection& operator=(const XmlConnection&) = delete;
  ~XmlConnection() override;

  boost::asio::awaitable<ReadStatus> read(
      std::optional<std::chrono::milliseconds> timeout) override;
  xml::ParseError parse_error() const override { return parser_.error(); }
  const std::string& parse_error_text() const override { return parser_.error_text(); }

  // Input after the current event is discarded, as RFC 6120 §5.4.3.3 and §6.4.6 require.
  void restart_stream() override { parser_.reset(); }
  void set_max_rate(std::optional<std::uint64_t> bytes_per_second) override;

  void open_stream(const xml::StreamHeader& header) override { output_ += xml::stream_header(header); }
  void close_stream() override { output_ += xml::kStreamClose; }
  void send(const xml::Element& element, std::string_view stream_xmlns) override;
  boost::asio::awaitable<bool> flush() override;

  bool can_start_tls() const override { return !transport_.is_tls(); }
  boost::asio::awaitable<bool> start_tls(boost::asio::ssl::context& context) override;
  // The client side of STARTTLS or direct TLS (outgoing s2s); the parser starts afresh.
  boost::asio::awaitable<bool> start_tls_client(boost::asio::ssl::context& context,
                                                const std::string& server_name, bool send_sni,
                                                bool check_name);
  bool is_tls() const override { return transport_.is_tls(); }
  SSL* tls_handle() const override { return transport_.tls_handle(); }

  void cancel() override;
  void wake() override;
  boost::asio::awaitable<void> close() override;

 private:
  enum class WaitResult { kReady, kTimedOut, kFailed };
  void release_buffers();
  // True when the next wait needs no timer (no timeout, no hibernation delay); releases the
  // buffers first when hibernate_after is 0.
  bool prepare_untimed_wait(std::optional<std::chrono::milliseconds> timeout);
  boost::asio::awaitable<WaitResult> wait_at_most(std::chrono::steady_clock::duration limit);
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
  std::optional<net::Shaper> shaper_;
  boost::asio::steady_timer* pause_timer_ = nullptr;  // set while a shaper pause is running
  bool cancelled_ = false;
  bool woken_ = false;
  bool waiting_ = false;  // suspended in wait_for_input(): a wake must cancel the socket wait
};

}  // namespace meerkat::stream
