// SPDX-License-Identifier: Apache-2.0
// What an HTTP handler is (DESIGN.md "HTTP"): BOSH, WebSocket, host-meta, and later GraphQL,
// REST and metrics each implement Handler, and the listener routes requests to them by host
// and path. Adding a handler type is a new Handler and one line in the routing table.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "net/listener.hpp"
#include "net/transport.hpp"

namespace meerkat::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;

// The connection under a request, handed to a handler that switches protocols on it (a
// WebSocket upgrade). The transport stays owned by the HTTP connection, which waits for the
// handler to return.
struct TakenConnection {
  net::Transport& transport;
  std::string leftover;  // bytes read past the request: the new protocol's first
  net::PeerAddress peer;
  net::ConnectionSlot slot;
};

// What a handler may ask of the connection serving its request.
class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual const net::PeerAddress& peer() const = 0;
  virtual bool is_tls() const = 0;
  // Writes `response` (101 Switching Protocols) and hands the connection over; nullopt when
  // the write failed. HTTP ends on this connection once the handler returns.
  virtual boost::asio::awaitable<std::optional<TakenConnection>> take_over(Response response) = 0;
  // `callback` runs (on the connection's shard) if the server stops while the handler waits
  // for something outside the connection, such as a held BOSH request; {} clears it.
  virtual void on_stop(std::function<void()> callback) = 0;
};

// Request bodies above this get 413 unless the handler allows more.
inline constexpr std::size_t kDefaultMaxBodySize = 64 * 1024;

class Handler {
 public:
  virtual ~Handler() = default;
  // Request bodies above this get 413 before they are read.
  virtual std::size_t max_body_size() const { return kDefaultMaxBodySize; }
  // How long one request (headers and body) may take to arrive.
  virtual std::chrono::seconds request_timeout() const { return std::chrono::seconds(30); }
  // Whether the handler also serves paths below its own (".../path/anything").
  virtual bool serves_subpaths() const { return false; }
  // Serves one request; nullopt once the handler has taken the connection over.
  virtual boost::asio::awaitable<std::optional<Response>> handle(Request& request,
                                                                 Exchange& exchange) = 0;
};

// A response to `request` (same HTTP version) with a body of `content_type`.
Response make_response(const Request& request, Status status, std::string body = {},
                       std::string_view content_type = "text/plain; charset=utf-8");
// The error page for `status` ("404 Not Found").
Response make_error(const Request& request, Status status);

}  // namespace meerkat::http
