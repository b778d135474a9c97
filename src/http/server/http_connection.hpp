// SPDX-License-Identifier: Apache-2.0
// One HTTP/1.1 connection of a [[listen.http]] listener: reads requests with Beast's parser
// over our Transport, routes each to its handler, writes the responses, keeps the connection
// alive between requests, and hands it over when a handler switches protocols (WebSocket).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "http/server/handler.hpp"
#include "http/server/http_settings.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"

namespace meerkat::http {

// Bounds on what a client may send (RFC 9110 leaves them to the server).
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
inline constexpr auto kIdleTimeout = std::chrono::seconds(60);     // between requests
inline constexpr auto kRequestTimeout = std::chrono::seconds(30);  // to receive one request

class HttpConnection final : public net::Stoppable, private Exchange {
 public:
  HttpConnection(const HttpSettings& settings, net::AcceptedConnection connection);
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  boost::asio::awaitable<void> run();
  void stop() override;

 private:
  enum class Received { kRequest, kClosed, kRejected };
  boost::asio::awaitable<void> serve();
  // Reads one request into `request`; kRejected after an error answer was written.
  boost::asio::awaitable<Received> receive(Request& request, const Route*& route);
  boost::asio::awaitable<bool> read_more(std::chrono::steady_clock::time_point deadline);
  boost::asio::awaitable<bool> reject(const Request& request, Status status);
  boost::asio::awaitable<void> discard_input();
  boost::asio::awaitable<bool> respond(const Request& request, Response response);
  void prepare(const Request& request, Response& response) const;

  const net::PeerAddress& peer() const override { return peer_; }
  bool is_tls() const override { return transport_.is_tls(); }
  boost::asio::awaitable<std::optional<TakenConnection>> take_over(Response response) override;
  void on_stop(std::function<void()> callback) override { on_stop_ = std::move(callback); }

  const HttpSettings& settings_;
  net::PeerAddress peer_;
  net::ConnectionSlot slot_;
  net::Transport transport_;
  std::string input_;  // received, not yet parsed
  std::function<void()> on_stop_;
  bool taken_ = false;
  bool linger_ = false;  // an error answer went out: read what follows before closing
  bool stopping_ = false;
};

// The listener's ConnectionHandler for HTTP listeners.
boost::asio::awaitable<void> serve_http(const HttpSettings& settings,
                                        net::AcceptedConnection connection);

}  // namespace meerkat::http
