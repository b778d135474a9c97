// SPDX-License-Identifier: Apache-2.0
#include "http/server/http_connection.hpp"

#include <boost/beast/http/parser.hpp>
#include <ctime>

#include "http/server/compression.hpp"
#include "net/read_buffer.hpp"
#include "net/with_timeout.hpp"
#include "observability/log.hpp"

namespace meerkat::http {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using Field = beast_http::field;

namespace {

const auto& log() {
  static const auto logger = observability::logger("http");
  return logger;
}

// Bodies smaller than this are not worth compressing.
constexpr std::size_t kMinCompressedSize = 256;

// RFC 9110 §5.6.7 IMF-fixdate.
std::string http_date() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[40];
  auto size = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return std::string(text, size);
}

std::string serialize(const Response& response, bool with_body) {
  std::string out;
  out.reserve(256 + (with_body ? response.body().size() : 0));
  out += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.result_int());
  out += ' ';
  out += response.reason();
  out += "\r\n";
  for (const auto& field : response) {
    out += field.name_string();
    out += ": ";
    out += field.value();
    out += "\r\n";
  }
  out += "\r\n";
  if (with_body) out += response.body();
  return out;
}

Status status_for(const boost::beast::error_code& error) {
  if (error == beast_http::error::body_limit) return Status::payload_too_large;
  if (error == beast_http::error::header_limit) return Status::request_header_fields_too_large;
  return Status::bad_request;
}

}  // namespace

HttpConnection::HttpConnection(const HttpSettings& settings, net::AcceptedConnection connection)
    : settings_(settings),
      peer_(std::move(connection.peer)),
      slot_(std::move(connection.slot)),
      transport_(std::move(connection.socket)),
      input_(std::move(connection.initial_bytes)) {}

void HttpConnection::stop() {
  stopping_ = true;
  if (!taken_) transport_.cancel();
  if (on_stop_) std::exchange(on_stop_, {})();
}

asio::awaitable<void> HttpConnection::run() {
  auto executor = co_await asio::this_coro::executor;
  std::optional<net::RegisteredConnection> registered;
  if (settings_.registry) registered.emplace(*settings_.registry, executor, *this);
  try {
    co_await serve();
  } catch (const std::exception& e) {
    // The connection boundary (STYLE.md "Errors"): this connection ends, the server goes on.
    log()->error("http_connection_failed peer={} error=\"{}\"", peer_.to_string(), e.what());
  }
  if (taken_) {
    transport_.close();  // the handler has ended its protocol already
    co_return;
  }
  if (linger_) co_await discard_input();
  co_await transport_.shutdown();
}

asio::awaitable<void> HttpConnection::serve() {
  if (settings_.tls) {
    auto secured = co_await net::with_timeout(transport_.start_tls(*settings_.tls), kRequestTimeout);
    if (!secured || !*secured) {
      log()->debug("http_tls_failed peer={}", peer_.to_string());
      co_return;
    }
  }
  while (!stopping_) {
    Request request;
    const Route* route = nullptr;
    auto received = co_await receive(request, route);
    if (received != Received::kRequest) co_return;
    if (!route) {
      bool keep = co_await respond(request, make_error(request, Status::not_found));
      if (!keep) co_return;
      continue;
    }
    auto response = co_await route->handler->handle(request, *this);
    if (taken_ || !response) co_return;
    bool keep = co_await respond(request, std::move(*response));
    if (!keep) co_return;
  }
}

asio::awaitable<HttpConnection::Received> HttpConnection::receive(Request& request,
                                                                   const Route*& route) {
  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kDefaultMaxBodySize);
  bool routed = false;
  auto deadline = Clock::now() + (input_.empty() ? Clock::duration(kIdleTimeout) : Clock::duration(kRequestTimeout));
  bool started = !input_.empty();
  for (;;) {
    if (!input_.empty()) {
      boost::beast::error_code error;
      auto used = parser.put(asio::buffer(input_), error);
      input_.erase(0, used);
      if (error && error != beast_http::error::need_more) {
        log()->debug("http_bad_request peer={} error=\"{}\"", peer_.to_string(), error.message());
        Request header = parser.is_header_done() ? Request(parser.get().base()) : Request();
        co_await reject(header, status_for(error));
        co_return Received::kRejected;
      }
      if (parser.is_header_done() && !routed) {
        routed = true;
        const auto& header = parser.get();
        route = settings_.find_route(header[Field::host], header.target());
        if (route) {
          parser.body_limit(route->handler->max_body_size());
          deadline = std::max(deadline, Clock::now() + route->handler->request_timeout());
        }
        // RFC 9110 §10.1.1: a client waiting for 100 Continue gets it once we want the body.
        if (header[Field::expect] == "100-continue" && !parser.is_done()) {
          bool written = co_await transport_.write("HTTP/1.1 100 Continue\r\n\r\n");
          if (!written) co_return Received::kClosed;
        }
      }
      if (parser.is_done()) {
        request = parser.release();
        co_return Received::kRequest;
      }
      if (!error && used > 0) continue;
    }
    bool got = co_await read_more(deadline);
    if (!got) co_return Received::kClosed;
    if (!started) {
      started = true;
      deadline = Clock::now() + kRequestTimeout;
    }
  }
}

asio::awaitable<bool> HttpConnection::read_more(Clock::time_point deadline) {
  auto buffer = net::shard_read_buffer();
  for (;;) {
    auto got = transport_.read_available(buffer);
    if (got.bytes > 0) {
      input_.append(buffer.data(), got.bytes);
      co_return true;
    }
    if (got.closed || stopping_) co_return false;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) co_return false;
    auto ready = co_await net::with_timeout(transport_.wait_readable(), left);
    if (!ready || !*ready || stopping_) co_return false;
  }
}

// After an error answer the client may still be sending (a body over the limit). Closing with
// its bytes unread would make the kernel reset the connection, and the client could lose our
// answer; so its input is read and dropped for a little while first.
asio::awaitable<void> HttpConnection::discard_input() {
  constexpr std::size_t kMaxDiscarded = 16 * 1024 * 1024;
  constexpr auto kMaxLinger = std::chrono::seconds(2);
  auto deadline = Clock::now() + kMaxLinger;
  std::size_t discarded = 0;
  while (discarded < kMaxDiscarded) {
    input_.clear();
    bool got = co_await read_more(deadline);
    if (!got) co_return;
    discarded += input_.size();
  }
}

asio::awaitable<bool> HttpConnection::reject(const Request& request, Status status) {
  linger_ = true;
  auto response = make_error(request, status);
  response.keep_alive(false);  // what follows the bad request cannot be trusted to parse
  prepare(request, response);
  response.keep_alive(false);
  bool written = co_await transport_.write(serialize(response, true));
  co_return written;
}

void HttpConnection::prepare(const Request& request, Response& response) const {
  response.set(Field::server, settings_.server_name);
  response.set(Field::date, http_date());
  response.keep_alive(request.keep_alive() && !stopping_);
  if (settings_.listener.protocol.compress && response.body().size() >= kMinCompressedSize &&
      response.find(Field::content_encoding) == response.end()) {
    if (auto coding = choose_coding(request[Field::accept_encoding])) {
      if (auto compressed = compress(response.body(), *coding)) {
        response.body() = std::move(*compressed);
        response.set(Field::content_encoding, coding_name(*coding));
      }
    }
    response.set(Field::vary, "Accept-Encoding");
  }
  response.prepare_payload();
}

asio::awaitable<bool> HttpConnection::respond(const Request& request, Response response) {
  prepare(request, response);
  bool keep = response.keep_alive();
  bool written =
      co_await transport_.write(serialize(response, request.method() != beast_http::verb::head));
  if (log()->should_log(spdlog::level::debug)) {  // no formatting work per request otherwise
    log()->debug("http_request peer={} method={} target={} status={}", peer_.to_string(),
                 std::string(request.method_string()), std::string(request.target()),
                 response.result_int());
  }
  co_return written && keep;
}

asio::awaitable<std::optional<TakenConnection>> HttpConnection::take_over(Response response) {
  response.set(Field::server, settings_.server_name);
  bool written = co_await transport_.write(serialize(response, false));
  if (!written) co_return std::nullopt;
  taken_ = true;
  co_return TakenConnection{transport_, std::exchange(input_, {}), peer_, std::move(slot_)};
}

asio::awaitable<void> serve_http(const HttpSettings& settings, net::AcceptedConnection connection) {
  HttpConnection http(settings, std::move(connection));
  co_await http.run();
}

}  // namespace meerkat::http
