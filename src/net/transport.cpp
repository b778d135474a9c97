// SPDX-License-Identifier: Apache-2.0
#include "net/transport.hpp"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <tuple>

#include "net/with_timeout.hpp"

namespace meerkat::net {

namespace asio = boost::asio;
namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kTlsShutdownTimeout = std::chrono::seconds(2);
}  // namespace

std::string PeerAddress::to_string() const {
  if (!remote) return "unix";
  return remote->address().to_string() + ":" + std::to_string(remote->port());
}

bool Transport::has_buffered_input() const { return tls_ && tls_->has_pending(); }

asio::awaitable<bool> Transport::wait_readable() {
  if (has_buffered_input()) co_return true;
  auto [ec] = co_await socket_.async_wait(GenericSocket::wait_read, kNoThrow);
  co_return !ec;
}

Transport::Transport(GenericSocket socket) : socket_(std::move(socket)) {
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);  // read_available() must never block the shard
}

Transport::ReadResult Transport::read_available(std::span<char> buffer) {
  if (tls_) {
    auto got = tls_->read_available(buffer);
    return {got.bytes, got.would_block, got.closed};
  }
  auto target = asio::buffer(buffer.data(), buffer.size());
  boost::system::error_code ec;
  std::size_t n = socket_.read_some(target, ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return {n, true, false};
  if (ec) return {n, false, true};
  return {n, false, false};
}

asio::awaitable<bool> Transport::write(std::string_view data) {
  if (tls_) {
    bool written = co_await tls_->write(data);
    co_return written;
  }
  auto source = asio::buffer(data.data(), data.size());
  auto [ec, n] = co_await asio::async_write(socket_, source, kNoThrow);
  co_return !ec;
}

asio::awaitable<bool> Transport::start_tls(asio::ssl::context& context) {
  tls_ = std::make_unique<tls::TlsSession>(socket_, context.native_handle());
  bool secured = co_await tls_->handshake();
  co_return secured;
}

asio::awaitable<bool> Transport::start_tls_client(asio::ssl::context& context,
                                                  const std::string& server_name, bool send_sni,
                                                  bool check_name) {
  tls_ = std::make_unique<tls::TlsSession>(socket_, context.native_handle(),
                                           tls::TlsSession::Role::kClient);
  tls_->expect_server(server_name, send_sni, check_name);
  bool secured = co_await tls_->handshake();
  co_return secured;
}

asio::awaitable<void> Transport::shutdown() {
  if (tls_ && socket_.is_open()) {
    // Send close_notify, but do not let a silent peer hold the connection open.
    auto notify = [this]() -> asio::awaitable<void> { co_await tls_->shutdown(); };
    co_await with_timeout(notify(), kTlsShutdownTimeout);
  }
  close();
}

void Transport::cancel() {
  boost::system::error_code ignored;
  socket_.cancel(ignored);
}

void Transport::close() {
  boost::system::error_code ignored;
  socket_.shutdown(GenericSocket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace meerkat::net
