// SPDX-License-Identifier: Apache-2.0
// The listener core shared by every listener type (DESIGN.md "Listeners"): binding (TCP or
// unix socket), backlog, concurrent accepts, SO_REUSEPORT per shard, max_connections and the
// PROXY protocol. What to do with a connection is the caller's ConnectionHandler.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/listen_options.hpp"
#include "net/transport.hpp"

namespace meerkat::net {

class ShardPool;
class TaskGroup;

// Counters of one listener; read from any thread.
struct ListenerStats {
  std::atomic<std::uint64_t> accepted_total{0};
  std::atomic<std::uint64_t> rejected_total{0};  // over max_connections
  std::atomic<std::uint64_t> proxy_failures_total{0};
  std::atomic<std::uint64_t> live{0};
};

// Keeps a connection counted in its listener's `live` while it exists. The counters are
// shared: a stream still running when its listener is gone (a shutdown whose grace period
// expired) must not touch freed memory.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::shared_ptr<ListenerStats> stats) : stats_(std::move(stats)) {}
  // Counted nowhere: a stream with no connection of its own (a BOSH session).
  ConnectionSlot() = default;
  ConnectionSlot(ConnectionSlot&& other) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ~ConnectionSlot() { release(); }
  // The connection is gone before its stream (a session waiting to be resumed).
  void release() {
    if (stats_) stats_->live.fetch_sub(1, std::memory_order_relaxed);
    stats_.reset();
  }

 private:
  std::shared_ptr<ListenerStats> stats_;
};

struct AcceptedConnection {
  GenericSocket socket;
  PeerAddress peer;
  std::string initial_bytes;  // read past a PROXY header; the protocol's first bytes
  ConnectionSlot slot;
};

// Serves one connection, on the connection's shard, for its whole life.
using ConnectionHandler = std::function<boost::asio::awaitable<void>(AcceptedConnection)>;

// Binding failed: a start-up error that main reports.
class ListenerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Listener {
 public:
  Listener(std::string kind, config::ListenerCommon options, ShardPool& shards, TaskGroup& tasks,
           ConnectionHandler handler);
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener();

  // Binds and starts accepting; throws ListenerError when the address cannot be bound.
  void start();
  // Stops accepting; open connections are left to their owners. Thread-safe.
  void stop();

  // "c2s 127.0.0.1:5222" or "c2s unix:/run/meerkat.sock".
  std::string describe() const;
  // The bound TCP port (useful with port 0 in tests); 0 for unix sockets.
  std::uint16_t bound_port() const { return bound_port_; }
  const ListenerStats& stats() const { return *stats_; }

 private:
  void register_metrics();
  using Acceptor = boost::asio::basic_socket_acceptor<boost::asio::generic::stream_protocol>;

  std::unique_ptr<Acceptor> bind_on(boost::asio::io_context& shard) const;
  boost::asio::awaitable<void> accept_loop(Acceptor& acceptor, bool own_shard_only);
  boost::asio::awaitable<void> serve(GenericSocket socket);

  std::string kind_;
  config::ListenerCommon options_;
  ShardPool& shards_;
  TaskGroup& tasks_;
  ConnectionHandler handler_;
  std::shared_ptr<ListenerStats> stats_ = std::make_shared<ListenerStats>();
  std::vector<std::unique_ptr<Acceptor>> acceptors_;
  std::uint16_t bound_port_ = 0;
  std::vector<std::shared_ptr<void>> metrics_;  // this listener's series, while it exists
};

}  // namespace meerkat::net
