// SPDX-License-Identifier: Apache-2.0
// The live connections of each shard, so that shutdown can reach every stream. Each shard's
// set is touched only on that shard: registering and stopping need no lock.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace meerkat::net {

class ShardPool;

// Implemented by every stream; called on the stream's own shard.
class Stoppable {
 public:
  virtual ~Stoppable() = default;
  // Begin closing: an XMPP stream sends <system-shutdown/> and closes.
  virtual void stop() = 0;
};

class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(ShardPool& shards);

  // Both run on `shard`, the connection's own.
  void add(boost::asio::io_context& shard, Stoppable& connection);
  void remove(boost::asio::io_context& shard, Stoppable& connection);

  // Posts stop() to every registered connection on every shard.
  void stop_all();
  // Number of registered connections on `shard`; call on that shard.
  std::size_t size(boost::asio::io_context& shard) const;

 private:
  using Set = std::unordered_set<Stoppable*>;
  // Built once in the constructor, read-only afterwards, so lookups from any shard are safe.
  std::unordered_map<boost::asio::io_context*, std::unique_ptr<Set>> shards_;
};

// Registers a connection for its lifetime (RAII).
class RegisteredConnection {
 public:
  RegisteredConnection(ConnectionRegistry& registry, boost::asio::io_context& shard,
                       Stoppable& connection)
      : registry_(registry), shard_(shard), connection_(connection) {
    registry_.add(shard_, connection_);
  }
  // `executor` is the connection's: its io_context is the shard.
  RegisteredConnection(ConnectionRegistry& registry, const boost::asio::any_io_executor& executor,
                       Stoppable& connection)
      : RegisteredConnection(registry,
                             static_cast<boost::asio::io_context&>(boost::asio::query(
                                 executor, boost::asio::execution::context)),
                             connection) {}
  RegisteredConnection(const RegisteredConnection&) = delete;
  RegisteredConnection& operator=(const RegisteredConnection&) = delete;
  ~RegisteredConnection() { registry_.remove(shard_, connection_); }

 private:
  ConnectionRegistry& registry_;
  boost::asio::io_context& shard_;
  Stoppable& connection_;
};

}  // namespace meerkat::net
