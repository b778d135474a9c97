// SPDX-License-Identifier: Apache-2.0
#include "net/tls/tls_session.hpp"

#include <openssl/err.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

namespace meerkat::net::tls {

namespace asio = boost::asio;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

}  // namespace

TlsSession::TlsSession(Socket& socket, SSL_CTX* context, Role role)
    : socket_(socket), ssl_(SSL_new(context)) {
  if (!ssl_) throw std::runtime_error("SSL_new failed");
  SSL_set_fd(ssl_, socket_.native_handle());
  // Writes may complete in parts and resume with the same data at a new address.
  SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                         SSL_MODE_RELEASE_BUFFERS);
  if (role == Role::kServer) {
    SSL_set_accept_state(ssl_);
  } else {
    SSL_set_connect_state(ssl_);
  }
}

void TlsSession::expect_server(const std::string& name, bool send_sni, bool check) {
  if (send_sni) SSL_set_tlsext_host_name(ssl_, name.c_str());
  // RFC 6125 name matching of the peer's certificate (dNSName, then CN); the chain itself is
  // verified by the context's SSL_VERIFY_PEER.
  if (check) SSL_set1_host(ssl_, name.c_str());
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

asio::awaitable<bool> TlsSession::wait_for(int result) {
  int error = SSL_get_error(ssl_, result);
  if (error == SSL_ERROR_WANT_READ) {
    auto [ec] = co_await socket_.async_wait(Socket::wait_read, kNoThrow);
    co_return !ec;
  }
  if (error == SSL_ERROR_WANT_WRITE) {
    auto [ec] = co_await socket_.async_wait(Socket::wait_write, kNoThrow);
    co_return !ec;
  }
  ERR_clear_error();  // the error queue is per thread, shared by every session of the shard
  co_return false;
}

asio::awaitable<bool> TlsSession::handshake() {
  for (;;) {
    ERR_clear_error();  // the queue is per thread: another session's leftovers must not count
    int result = SSL_do_handshake(ssl_);
    if (result == 1) co_return true;
    bool go_on = co_await wait_for(result);
    if (!go_on) co_return false;
  }
}

TlsSession::ReadResult TlsSession::read_available(std::span<char> buffer) {
  std::size_t got = 0;
  ERR_clear_error();
  if (SSL_read_ex(ssl_, buffer.data(), buffer.size(), &got) == 1) return {got, false, false};
  switch (SSL_get_error(ssl_, 0)) {
    // WANT_WRITE: a key update wants to answer; the next write or wait carries it out.
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE: return {0, true, false};
    default: ERR_clear_error(); return {0, false, true};  // close_notify, reset or TLS error
  }
}

// SSL_pending, not SSL_has_pending: the latter also counts a partial record, which cannot be
// read until more bytes arrive; answering "ready" for it would spin the shard.
bool TlsSession::has_pending() const { return SSL_pending(ssl_) > 0; }

asio::awaitable<bool> TlsSession::write(std::string_view data) {
  while (!data.empty()) {
    std::size_t written = 0;
    ERR_clear_error();
    int result = SSL_write_ex(ssl_, data.data(), data.size(), &written);
    if (result == 1) {
      data.remove_prefix(written);
      continue;
    }
    bool go_on = co_await wait_for(result);
    if (!go_on) co_return false;
  }
  co_return true;
}

asio::awaitable<void> TlsSession::shutdown() {
  // One close_notify; the peer's answer is not awaited (RFC 8446 §6.1 allows that).
  for (int attempts = 0; attempts < 2; ++attempts) {
    ERR_clear_error();
    int result = SSL_shutdown(ssl_);
    if (result >= 0) co_return;
    if (SSL_get_error(ssl_, result) != SSL_ERROR_WANT_WRITE) break;
    bool go_on = co_await wait_for(result);
    if (!go_on) break;
  }
  ERR_clear_error();
}

}  // namespace meerkat::net::tls
