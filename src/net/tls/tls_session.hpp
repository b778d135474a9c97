// SPDX-License-Identifier: Apache-2.0
// A TLS session driven straight on a non-blocking socket (OpenSSL on the file
// descriptor, no BIO pair). Asio's ssl::stream keeps ~70 KB of buffers per connection for its
// whole life; here OpenSSL allocates its record buffers only while data is in flight and
// releases them when idle (SSL_MODE_RELEASE_BUFFERS), so an idle TLS session costs little
// more than the SSL object. Used by one coroutine at a time, on the connection's shard.
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <span>
#include <string>
#include <string_view>

namespace meerkat::net::tls {

class TlsSession {
 public:
  using Socket = boost::asio::generic::stream_protocol::socket;

  enum class Role { kServer, kClient };

  // `socket` must outlive the session and stay non-blocking.
  TlsSession(Socket& socket, SSL_CTX* context, Role role = Role::kServer);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // A client names the server it wants (SNI) and, when `check` is set, requires the
  // certificate to be valid for that name. Call before handshake().
  void expect_server(const std::string& name, bool send_sni, bool check);
  // The handshake of the session's role; false when it failed or the peer went away.
  boost::asio::awaitable<bool> handshake();

  struct ReadResult {
    std::size_t bytes = 0;
    bool would_block = false;
    bool closed = false;
  };
  // Decrypts what has arrived, never waiting.
  ReadResult read_available(std::span<char> buffer);
  // Whether decrypted bytes are waiting inside OpenSSL (socket readiness cannot show them).
  bool has_pending() const;
  // Encrypts and writes all of `data`; false when the peer is gone.
  boost::asio::awaitable<bool> write(std::string_view data);
  // Sends close_notify without waiting for the peer's.
  boost::asio::awaitable<void> shutdown();

  SSL* native_handle() const { return ssl_; }

 private:
  // Waits for what OpenSSL asked for after `result`; false for a real error.
  boost::asio::awaitable<bool> wait_for(int result);

  Socket& socket_;
  SSL* ssl_;
};

}  // namespace meerkat::net::tls
