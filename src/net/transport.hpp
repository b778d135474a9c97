// SPDX-License-Identifier: Apache-2.0
// A byte stream to one peer: a TCP or unix-domain socket, optionally wrapped in TLS after
// STARTTLS or from the start (direct TLS, XEP-0368). Lives on one shard, never shared.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "net/tls/tls_session.hpp"

namespace meerkat::net {

using GenericSocket = boost::asio::generic::stream_protocol::socket;

// Who is at the other end, as the rest of the server sees it (after a PROXY header).
struct PeerAddress {
  std::optional<boost::asio::ip::tcp::endpoint> remote;  // unset for unix-domain sockets
  std::optional<boost::asio::ip::tcp::endpoint> local;
  std::string to_string() const;
};

class Transport {
 public:
  explicit Transport(GenericSocket socket);

  // Waits until the peer has sent something, without holding a buffer meanwhile (an idle
  // session costs no read buffer). Returns false when the wait failed or was cancelled.
  boost::asio::awaitable<bool> wait_readable();
  // The same in two steps, for a session at rest: no coroutine frame of the transport's own
  // stays allocated while it waits. has_buffered_input(): TLS holds decrypted bytes already.
  bool has_buffered_input() const;
  auto async_wait_readable() {
    return socket_.async_wait(GenericSocket::wait_read,
                              boost::asio::as_tuple(boost::asio::use_awaitable));
  }
  struct ReadResult {
    std::size_t bytes = 0;
    bool would_block = false;  // nothing more for now: wait_readable() again
    bool closed = false;       // EOF or a transport error
  };
  // Reads what is ready without ever waiting, so `buffer` may be shared by every connection
  // of a shard: it is never held across a suspension. With TLS it also drains records already
  // buffered inside the TLS layer, which socket readability cannot show.
  ReadResult read_available(std::span<char> buffer);
  // Writes all of `data`; false when the peer is gone.
  boost::asio::awaitable<bool> write(std::string_view data);
  // TLS server handshake over the current socket; false on failure (the stream is dead then).
  boost::asio::awaitable<bool> start_tls(boost::asio::ssl::context& context);
  // TLS client handshake (outgoing s2s) towards `server_name`; with `check_name` the
  // certificate must be valid for it.
  boost::asio::awaitable<bool> start_tls_client(boost::asio::ssl::context& context,
                                                const std::string& server_name, bool send_sni,
                                                bool check_name);
  bool is_tls() const { return tls_ != nullptr; }
  SSL* tls_handle() const { return tls_ ? tls_->native_handle() : nullptr; }
  // Sends TLS close_notify if any, then closes the socket. Safe to call twice.
  boost::asio::awaitable<void> shutdown();
  // Aborts every pending operation (used by timeouts and server shutdown).
  void cancel();
  void close();

  auto get_executor() { return socket_.get_executor(); }

 private:
  GenericSocket socket_;
  std::unique_ptr<tls::TlsSession> tls_;  // on the heap: only TLS connections pay for it
};

}  // namespace meerkat::net
